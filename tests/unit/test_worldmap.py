"""worldmap: Natural Earth outlines from the pinned package, projected and thinned."""

from __future__ import annotations

import re

import pytest

from tiparchive.render.worldmap import WIDTH, _thin, project, world

PATH = re.compile(r"(M-?\d+ -?\d+l(-?\d+[ -]?)*z)+")


def test_the_projection_is_centred_symmetric_and_world_wide() -> None:
    x0, y0 = project(0, 0)
    assert x0 == pytest.approx(WIDTH / 2)
    east, west = project(180, 0), project(-180, 0)
    assert east[0] == pytest.approx(WIDTH) and west[0] == pytest.approx(0)
    north, south = project(10, 60), project(10, -60)
    assert north[0] == pytest.approx(south[0]) and north[1] - y0 == pytest.approx(y0 - south[1])
    assert project(0, 89)[1] < project(0, 45)[1] < y0  # north is up


def test_every_country_the_archive_needs_has_a_shape() -> None:
    shapes = world().shapes
    # France and Norway carry the code -99 in Natural Earth; Serbia and Montenegro, the successors of
    # a former state in the records; Malta and Liechtenstein, too small to draw without a marker.
    for code in ("AUT", "HUN", "IDN", "FRA", "NOR", "SRB", "MNE", "USA", "TUR", "MLT", "LIE", "VAT"):
        assert code in shapes, code
    assert "ATA" not in shapes
    assert len(shapes) > 200


def test_shapes_are_compact_relative_paths_inside_the_map() -> None:
    shaped = world()
    for code, shape in shaped.shapes.items():
        assert shape.path == "" or PATH.fullmatch(shape.path), code
        left, top, right, bottom = shape.box
        assert 0 <= left <= right <= shaped.width and 0 <= top <= bottom <= shaped.height, code
    assert sum(len(s.path) for s in shaped.shapes.values()) < 40_000
    areas = [s.area for s in shaped.shapes.values()]
    assert areas == sorted(areas, reverse=True)  # enclaves are drawn after what surrounds them


def test_shapes_are_cached_per_detail() -> None:
    assert world() is world()
    coarse = world(3.0, 5.0)
    assert sum(map(len, (s.path for s in coarse.shapes.values()))) < sum(
        map(len, (s.path for s in world().shapes.values())))


def test_thinning_keeps_the_ends_and_drops_what_is_within_tolerance() -> None:
    line = [(float(x), 0.01 * (x % 2)) for x in range(50)] + [(50.0, 10.0)]
    thinned = _thin(line, 0.5)
    assert thinned[0] == line[0] and thinned[-1] == line[-1]
    assert len(thinned) <= 4
