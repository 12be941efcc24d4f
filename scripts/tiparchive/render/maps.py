"""World maps as inline SVG: who took part how often, and where a country's meetings were held.

The SVG is built here, at build time: no script, no tiles, no reference to any file or host.
Each shaded country is a link with a `<title>`, which screen readers announce as its name;
the numbers are also given as a table, so nothing is only in the picture. Colours come from
CSS classes (docs/assets/archive.css), so the light and dark schemes each get their own palette.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Country, Meeting
from tiparchive.render import markup
from tiparchive.render.worldmap import Shape, World, world

DETAIL = (0.8, 1.5)  # thinning tolerance and smallest island kept, in map units (1000 across the world)
MARKER_AREA = 6.0  # shapes smaller than this (square map units) also get a dot that can be seen and clicked
CLASSES = 5
MARGIN = 12  # map units around a cropped map


@dataclass(frozen=True, slots=True)
class Region:
    """A shape drawn in colour, with its link and accessible name."""

    title: str
    css: str
    link: str = ""


def shape_codes(country: Country, shapes: World) -> tuple[str, ...]:
    """The shapes a country is drawn as: its own, or for a former state its successors'."""
    if country.code in shapes.shapes:
        return (country.code,)
    return tuple(code for code in country.successors if code in shapes.shapes)


def took_part(archive: Archive) -> dict[str, set[str]]:
    """Country code -> ids of the meetings it took part in (as countries index counts them)."""
    return {code: {a.meeting.id for a in appearances if a.roles}
            for code, appearances in archive.by_country.items()}


def classes(maximum: int) -> list[tuple[int, int]]:
    """Count ranges for the colour classes: one per count up to 5, then growing geometrically."""
    uppers = sorted({round(maximum ** (k / CLASSES)) for k in range(1, CLASSES + 1)} | {maximum})
    ranges, lower = [], 1
    for upper in uppers:
        if upper >= lower:
            ranges.append((lower, upper))
            lower = upper + 1
    return ranges


def _palette(index: int, count: int) -> str:
    """Spread fewer classes over the whole palette, so three classes still differ clearly."""
    step = 0 if count == 1 else round(index * (CLASSES - 1) / (count - 1))
    return f"tip-map__c{step + 1}"


def _range_label(lower: int, upper: int) -> str:
    return str(lower) if lower == upper else f"{lower}–{upper}"


def _shape(shape: Shape, region: Region | None) -> str:
    if region is None:
        return shape.path
    dot = (f'<circle cx="{shape.centre[0]}" cy="{shape.centre[1]}" r="3"/>'
           if shape.area < MARKER_AREA else "")
    body = f"<title>{html.escape(region.title)}</title>" + (f'<path d="{shape.path}"/>' if shape.path else "") + dot
    if region.link:
        return f'<a href="{region.link}" class="{region.css}">{body}</a>'
    return f'<g class="{region.css}">{body}</g>'


def _crop(shapes: World, codes: Iterable[str]) -> tuple[int, int, int, int]:
    """A view box around some shapes, with a margin, at least a fifth of the world wide."""
    boxes = [shapes.shapes[code].box for code in codes]
    left = min(b[0] for b in boxes) - MARGIN
    top = min(b[1] for b in boxes) - MARGIN
    right = max(b[2] for b in boxes) + MARGIN
    bottom = max(b[3] for b in boxes) + MARGIN
    least = shapes.width // 5
    if right - left < least:
        left, right = (left + right - least) // 2, (left + right + least) // 2
    if bottom - top < least // 2:
        top, bottom = (top + bottom - least // 2) // 2, (top + bottom + least // 2) // 2
    return max(left, 0), max(top, 0), min(right, shapes.width) - max(left, 0), min(bottom, shapes.height) - max(top, 0)


def svg(shapes: World, regions: dict[str, Region], label: str, view: tuple[int, int, int, int] | None = None) -> str:
    """The map: uncoloured land as one path, then each region; shapes outside the view are left out."""
    x, y, width, height = view or (0, 0, shapes.width, shapes.height)
    land, drawn = [], []
    for code, shape in shapes.shapes.items():
        left, top, right, bottom = shape.box
        if right < x or left > x + width or bottom < y or top > y + height:
            continue
        if code in regions:
            drawn.append(_shape(shape, regions[code]))
        elif shape.path:
            land.append(shape.path)
    return "".join([
        f'<svg class="tip-map__svg" viewBox="{x} {y} {width} {height}" role="group" '
        f'aria-label="{html.escape(label)}">',
        f'<path class="tip-map__land" aria-hidden="true" d="{"".join(land)}"/>',
        *drawn,
        "</svg>",
    ])


def _legend(ranges: list[tuple[int, int]], unit: str) -> str:
    keys = "".join(f'<span class="tip-map__key"><span class="tip-map__swatch {_palette(i, len(ranges))}">'
                   f"</span>{_range_label(lower, upper)}</span>"
                   for i, (lower, upper) in enumerate(ranges))
    return f'<span class="tip-map__legend">{html.escape(unit)}: {keys}</span>'


def counted_as_named(archive: Archive, source: str) -> list[str]:
    """What a count of participation counts: the countries each report names. Said under every such
    count, with the meetings whose reports count more states than they name."""
    fewer = [m for m in archive.meetings if m.participation and m.participation.states > m.states_named]
    line = "Counted from the countries each meeting's report names as taking part."
    if fewer:
        line += " Some reports count more states than they name, and the others are not in these counts: " + "; ".join(
            markup.link(source, urls.meeting(m), m.name, "participants")
            + f" ({m.participation.states} states, {m.states_named} named)" for m in fewer if m.participation) + "."
    return [line, "{: .tip-muted }", ""]


def participation_map(archive: Archive, source: str, table: bool) -> list[str]:
    """Every country shaded by the meetings it took part in, each linked to its page.

    A former state's meetings count for each of its successors (Serbia and Montenegro for
    Serbia and for Montenegro), as the map has no outline for a state that no longer exists.
    With `table`, the same numbers follow as a table; the countries index has its own.
    """
    shapes = world(*DETAIL)
    meetings: dict[str, set[str]] = {}
    via: dict[str, list[str]] = {}
    counts = took_part(archive)
    for code, ids in counts.items():
        country = archive.countries[code]
        for drawn in shape_codes(country, shapes) if ids else ():
            meetings.setdefault(drawn, set()).update(ids)
            if drawn != code:
                via.setdefault(drawn, []).append(f"{len(ids)} as {country.name}")
    if not meetings:
        return []
    ranges = classes(max(len(ids) for ids in meetings.values()))
    regions = {}
    lookup = archive.vocabularies.countries.by_code
    for code, ids in meetings.items():
        country = lookup(code)
        index = next(i for i, (low, high) in enumerate(ranges) if low <= len(ids) <= high)
        note = f" ({'; '.join(via[code])})" if code in via else ""
        regions[code] = Region(f"{country.name}: {markup.plural(len(ids), 'meeting')}{note}",
                               _palette(index, len(ranges)), markup.href(source, urls.country(country)))
    label = "World map: countries shaded by the number of meetings whose report names them taking part"
    lines = ['<figure class="tip-map">', svg(shapes, regions, label),
             f"<figcaption>{_legend(ranges, 'Meetings named taking part in')}</figcaption>", "</figure>", ""]
    lines += counted_as_named(archive, source)
    missing = sorted(archive.countries[code].name for code, ids in counts.items()
                     if ids and not shape_codes(archive.countries[code], shapes))
    if missing:
        lines += [f"Not on the map: {markup.text(', '.join(missing))}.", "{: .tip-muted }", ""]
    if table:
        lines += _table(archive, source, counts)
    return lines


def _table(archive: Archive, source: str, counts: dict[str, set[str]]) -> list[str]:
    rows = sorted(((len(ids), archive.countries[code]) for code, ids in counts.items() if ids),
                  key=lambda pair: (-pair[0], pair[1].name))
    lines = ['<details class="tip-map__data" markdown>', "<summary>The map as a table</summary>", "",
             "| Country | Meetings named taking part in |", "|---|--:|"]
    lines += [f"| {markup.link(source, urls.country(country), country.name)} | {count} |" for count, country in rows]
    return [*lines, "", "</details>", ""]


def venue_map(archive: Archive, country: Country, source: str) -> list[str]:
    """Where the meetings a country took part in or hosted were held, on a map cropped to them.

    The map has countries, not cities: it shades the countries the venues are in, and says so;
    the venue cities are listed beside it.
    """
    shapes = world(*DETAIL)
    held = sorted({a.meeting.id: a.meeting for a in archive.by_country.get(country.code, [])
                   if a.roles or a.venue}.values(), key=lambda m: (m.start, m.id))
    if not held:
        return []
    venues: dict[str, list[Meeting]] = {}
    for meeting in held:
        venues.setdefault(meeting.venue.country.country.code, []).append(meeting)
    regions: dict[str, Region] = {}
    own = set(shape_codes(country, shapes))
    lookup = archive.vocabularies.countries.by_code
    for code, meetings in venues.items():
        host = lookup(code)
        cities = ", ".join(Counter(m.venue.city for m in meetings))
        for drawn in shape_codes(host, shapes):
            css = "tip-map__venue" + (" tip-map__self" if drawn in own else "")
            link = "" if host.code == country.code else markup.href(source, urls.country(host))
            regions[drawn] = Region(f"{host.name}: venue of {markup.plural(len(meetings), 'meeting')} ({cities})",
                                    css, link)
    for code in own - set(regions):
        regions[code] = Region(country.name, "tip-map__self")
    view = _crop(shapes, regions)
    label = f"Map of the countries where the meetings {country.name} took part in were held"
    lines = ['<figure class="tip-map tip-map--small">', svg(shapes, regions, label, view),
             '<figcaption><span class="tip-map__legend"><span class="tip-map__key"><span class="tip-map__swatch '
             'tip-map__venue"></span>venue country</span><span class="tip-map__key"><span class="tip-map__swatch '
             f'tip-map__self"></span>{html.escape(country.name)}</span></span></figcaption>', "</figure>", ""]
    places = []
    for code, meetings in sorted(venues.items(), key=lambda pair: lookup(pair[0]).name):
        where = ", ".join(f"{markup.text(city)} ({count})"
                          for city, count in Counter(m.venue.city for m in meetings).items())
        places.append(f"{markup.link(source, urls.country(lookup(code)), lookup(code).name)}: {where}")
    lines += [f"Venues of the {markup.plural(len(held), 'meeting')} it took part in or hosted: "
              + "; ".join(places) + ". The map shades the venue countries; it does not place the cities.", ""]
    return lines
