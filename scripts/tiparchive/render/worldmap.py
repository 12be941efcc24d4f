"""Country outlines for the site's maps: Natural Earth shapes, projected and simplified once per build.

The shapes are Natural Earth's Admin 0 countries at 1:10m (public domain), as shipped inside
the PyPI package `geo_intel_offline` (MIT), which the project pins. Only its data files are
read; none of its code is imported. Natural Earth writes -99 as the ISO code of France and
Norway (their overseas parts make the code ambiguous to it); `_NAMED` gives them their codes.

Coordinates are projected with the Equal Earth projection (Šavrič, Patterson and Jenny, 2018),
an equal-area world projection, so a country's shaded area is in proportion to its size.
Each ring is then thinned to a tolerance in map units, rounded to whole units and written
as a relative SVG path, which keeps the map small enough to inline in a page.
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SHAPES_PACKAGE = "geo_intel_offline"
WIDTH = 1000  # map units across the whole world, 180°W to 180°E
_NAMED = {"France": "FRA", "Norway": "NOR"}
_LEFT_OUT = {"ATA"}  # Antarctica: a fifth of the height for no participant

# Equal Earth constants.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_X_MAX = 2 * math.sqrt(3) * math.pi / (3 * _A1)  # x at 180° on the equator
_SCALE = WIDTH / (2 * _X_MAX)

Point = tuple[float, float]
Ring = list[Point]


class ShapesMissing(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Shape:
    """One country's outline in map units."""

    code: str  # ISO 3166-1 alpha-3
    path: str  # SVG path data
    area: float  # of its largest ring, in square map units
    box: tuple[int, int, int, int]  # left, top, right, bottom
    centre: tuple[int, int]  # of its largest ring: where a marker goes when the shape is too small to see


@dataclass(frozen=True, slots=True)
class World:
    width: int
    height: int
    shapes: dict[str, Shape]  # by code, largest first, so enclaves are drawn over their surroundings


def project(lon: float, lat: float) -> Point:
    """Equal Earth: degrees -> map units, x to the east, y downwards from the top of the map frame."""
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (2 * math.sqrt(3) * math.radians(lon) * math.cos(theta)
         / (3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1)))
    y = theta * (_A4 * t6 * t2 + _A3 * t6 + _A2 * t2 + _A1)
    return (x + _X_MAX) * _SCALE, -y * _SCALE


def _data_folder() -> Path:
    spec = importlib.util.find_spec(SHAPES_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ShapesMissing(f"the map shapes come from the Python package {SHAPES_PACKAGE!r}, which is not "
                            "installed: run `python3 scripts/dev.py test` or `pip install -r requirements.lock`")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _read(name: str) -> dict[str, dict[str, object]]:
    with gzip.open(_data_folder() / name, "rt", encoding="utf-8") as stream:
        data: dict[str, dict[str, object]] = json.load(stream)
    return data


def _area(ring: Ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _centre(ring: Ring) -> Point:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _thin(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, after dropping points nearer than the tolerance to the last one kept."""
    near = tolerance * tolerance
    kept = [ring[0]]
    for point in ring[1:]:
        if (point[0] - kept[-1][0]) ** 2 + (point[1] - kept[-1][1]) ** 2 >= near:
            kept.append(point)
    if len(kept) < 4:
        return kept
    keep = [False] * len(kept)
    keep[0] = keep[-1] = True
    stack = [(0, len(kept) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = kept[first], kept[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        worst, where = 0.0, 0
        for index in range(first + 1, last):
            x, y = kept[index]
            distance = abs(dy * (x - x1) - dx * (y - y1)) / length
            if distance > worst:
                worst, where = distance, index
        if worst > tolerance:
            keep[where] = True
            stack += [(first, where), (where, last)]
    return [point for point, wanted in zip(kept, keep, strict=True) if wanted]


def _path(rings: list[list[tuple[int, int]]]) -> str:
    """Relative path data, one subpath per ring: 'M12 40l3-2 4 5z'."""
    parts = []
    for ring in rings:
        steps = [f"{x - px} {y - py}" for (px, py), (x, y) in itertools.pairwise(ring)]
        parts.append(f"M{ring[0][0]} {ring[0][1]}l{' '.join(steps)}z")
    return "".join(parts).replace(" -", "-")


def _coarse(ring: list[list[float]], step: float = 0.05) -> list[list[float]]:
    """Drops points nearer than `step` degrees to the last kept: far below what any map here shows."""
    kept = [ring[0]]
    for point in ring[1:]:
        if abs(point[0] - kept[-1][0]) >= step or abs(point[1] - kept[-1][1]) >= step:
            kept.append(point)
    return kept


@lru_cache(maxsize=1)
def _projected() -> tuple[dict[str, list[Ring]], float]:
    """Every country's rings in map units with the top of the map at 0, and the map's height."""
    polygons = _read("polygons.json.gz")
    metadata = _read("metadata.json.gz")
    projected: dict[str, list[Ring]] = {}
    for key, meta in sorted(metadata.items(), key=lambda pair: int(pair[0])):
        code = _NAMED.get(str(meta.get("name", "")), str(meta.get("iso3", "")))
        if len(code) != 3 or not code.isalpha() or code in _LEFT_OUT or key not in polygons:
            continue
        polygon = polygons[key]
        rings = polygon.get("exteriors") if polygon.get("multi") else [polygon.get("exterior")]
        for ring in [*(rings or []), *(polygon.get("holes") or [])]:  # type: ignore[misc]
            if isinstance(ring, list) and len(ring) >= 3:
                projected.setdefault(code, []).append([project(lon, lat) for lat, lon in _coarse(ring)])
    top = min(y for rings in projected.values() for ring in rings for _, y in ring)
    bottom = max(y for rings in projected.values() for ring in rings for _, y in ring)
    shifted = {code: [[(x, y - top) for x, y in ring] for ring in rings] for code, rings in projected.items()}
    return shifted, bottom - top


@lru_cache(maxsize=4)
def world(tolerance: float = 0.8, smallest: float = 1.5) -> World:
    """Every country's outline, thinned to `tolerance` map units.

    Islands smaller than `smallest` square units are left out, except a country's largest
    ring, so that every state keeps at least its main shape (or, when even that is too small
    to see, the marker drawn at its centre).
    """
    projected, height = _projected()
    shapes = []
    for code, rings in projected.items():
        largest = max(rings, key=_area)
        kept = []
        for ring in rings:
            if ring is not largest and _area(ring) < smallest:
                continue
            thinned = [(round(x), round(y)) for x, y in _thin(ring, tolerance)]
            thinned = [p for i, p in enumerate(thinned) if i == 0 or p != thinned[i - 1]]
            if len(thinned) >= 3:
                kept.append(thinned)
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        cx, cy = _centre(largest)
        shapes.append(Shape(code, _path(kept), _area(largest),
                            (math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))),
                            (round(cx), round(cy))))
    shapes.sort(key=lambda shape: (-shape.area, shape.code))
    return World(WIDTH, math.ceil(height), {shape.code: shape for shape in shapes})
