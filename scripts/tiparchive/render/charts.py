"""Charts as inline SVG: the timeline of meetings, and a theme's items per year.

Static SVG built with the site, readable without JavaScript. Colours and type come from CSS
classes and the theme's variables (docs/assets/archive.css), so both colour schemes work.
Every mark has a `<title>`, and every chart is followed or preceded by the same numbers as text.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from datetime import date

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.labels import date_range
from tiparchive.records.model import Meeting, Process
from tiparchive.render import markup

MAX_MARKS = 400  # above this many meeting marks, the timeline shows counts per process and year


@dataclass(frozen=True, slots=True)
class Axis:
    """Years along x, from the archive's first to its last."""

    first: int
    last: int
    left: float
    right: float

    @property
    def per_year(self) -> float:
        return (self.right - self.left) / (self.last - self.first + 1)

    def x(self, day: date) -> float:
        within = (day.timetuple().tm_yday - 0.5) / 366
        return self.left + (day.year - self.first + within) * self.per_year

    def year_x(self, year: int) -> float:
        return self.left + (year - self.first) * self.per_year

    def labelled(self, room: float) -> list[int]:
        """The years to label: every one, or every 2nd, 5th or 10th when they would crowd."""
        step = next((s for s in (1, 2, 5, 10, 20) if s * self.per_year >= room), 50)
        return [y for y in range(self.first, self.last + 1) if (y - self.first) % step == 0]


def _svg(css: str, width: int, height: int, role: str, label: str, body: list[str]) -> str:
    return (f'<svg class="tip-chart {css}" viewBox="0 0 {width} {height}" role="{role}" '
            f'aria-label="{html.escape(label)}">' + "".join(body) + "</svg>")


def _year_axis(axis: Axis, top: float, bottom: float, room: float) -> list[str]:
    parts = [f'<line class="tip-chart__grid" x1="{axis.year_x(y):.1f}" x2="{axis.year_x(y):.1f}" '
             f'y1="{top}" y2="{bottom}"/>' for y in range(axis.first, axis.last + 2)]
    parts += [f'<text x="{axis.year_x(y) + axis.per_year / 2:.1f}" y="{top - 6}" text-anchor="middle">{y}</text>'
              for y in axis.labelled(room)]
    return parts


def _rows(archive: Archive) -> list[tuple[Process, list[Meeting]]]:
    """Processes with meetings, in vocabulary order, each with its meetings oldest first."""
    return [(process, sorted(archive.by_process[pid], key=lambda m: (m.start, m.id)))
            for pid, process in archive.vocabularies.processes.items() if archive.by_process.get(pid)]


@dataclass(frozen=True, slots=True)
class Layout:
    """One drawing of a chart. Labels are drawn in the viewBox's units, so a chart drawn wide for a
    desktop would shrink them to 6 px on a phone: each chart is drawn twice, and CSS shows the
    narrow drawing below 720 px, where its labels are at least 12 px (tests/site/test_phone.py)."""

    css: str
    width: int
    names_above: bool  # a row's name above its marks, across the width, not in a column on the left


WIDE = Layout("tip-chart--wide", 720, names_above=False)
NARROW = Layout("tip-chart--narrow", 320, names_above=True)


def timeline(archive: Archive, source: str) -> str:
    """Meetings by year (x) and process (rows); one linked mark per meeting, or counts when there are many."""
    return _timeline(archive, source, WIDE) + _timeline(archive, source, NARROW)


def _timeline(archive: Archive, source: str, layout: Layout) -> str:
    rows = _rows(archive)
    first, last = archive.years
    width = layout.width
    above = layout.names_above
    left, top, row = (8, 26, 44) if above else (170, 26, 26)
    height = top + row * len(rows) + 8
    axis = Axis(first, last, left, width - 8)
    body = _year_axis(axis, top - 2, height - 4, 44)
    marks = sum(len(meetings) for _, meetings in rows)
    for index, (process, meetings) in enumerate(rows):
        y = top + row * index + (row - 9 if above else row / 2)
        name = html.escape(process.short_name)
        body.append(f'<text x="{left}" y="{top + row * index + 16}">{name}</text>' if above else
                    f'<text x="{left - 10}" y="{y + 5:.1f}" text-anchor="end">{name}</text>')
        if marks <= MAX_MARKS:
            for meeting in meetings:
                name = f"{meeting.name}, {meeting.venue.city}, {date_range(meeting.start, meeting.end)}"
                body.append(f'<a href="{markup.href(source, urls.meeting(meeting))}"><title>{html.escape(name)}'
                            f'</title><circle class="tip-chart__mark" cx="{axis.x(meeting.start):.1f}" '
                            f'cy="{y:.1f}" r="6"/></a>')
        else:
            for year, count in sorted(Counter(m.year for m in meetings).items()):
                name = f"{process.short_name}, {year}: {markup.plural(count, 'meeting')}"
                size = min((20 if above else row) - 6, 8 + count ** 0.5 * 3)
                body.append(f'<a href="{markup.href(source, urls.year(year))}"><title>'
                            f'{html.escape(name)}</title><rect class="tip-chart__mark" '
                            f'x="{axis.year_x(year) + (axis.per_year - size) / 2:.1f}" y="{y - size / 2:.1f}" '
                            f'width="{size:.1f}" height="{size:.1f}" rx="2"/></a>')
    label = (f"Timeline of the {markup.plural(marks, 'meeting')} in the archive, {first} to {last}, "
             "one row per process; the table below lists the same")
    return _svg(f"tip-chart--timeline {layout.css}", width, height, "group", label, body)


def timeline_table(archive: Archive, source: str) -> list[str]:
    """The timeline as text: every meeting, or with many meetings, counts per year and process."""
    rows = _rows(archive)
    if sum(len(meetings) for _, meetings in rows) > MAX_MARKS:
        years = sorted(archive.by_year)
        lines = ["| Year | " + " | ".join(markup.text(p.short_name) for p, _ in rows) + " |",
                 "|---|" + "--:|" * len(rows)]
        counts = [Counter(m.year for m in meetings) for _, meetings in rows]
        lines += [f"| {markup.link(source, urls.year(year), str(year))} | "
                  + " | ".join(str(c[year]) for c in counts) + " |" for year in years]
        return lines
    lines = ["| Date | Meeting | Process | Place |", "|---|---|---|---|"]
    for meeting in archive.meetings:
        processes = ", ".join(markup.link(source, urls.process(p), p.short_name) for p in meeting.processes)
        place = f"{meeting.venue.city}, {meeting.venue.country.shown}"
        lines.append(f"| {markup.text(date_range(meeting.start, meeting.end))} | "
                     f"{markup.link(source, urls.meeting(meeting), meeting.name)} | {processes} | "
                     f"{markup.text(place)} |")
    return lines


def per_year_bars(archive: Archive, counts: Counter[int], what: str) -> str:
    """A small bar chart of `counts` for every year of the archive; years with none show an empty slot."""
    return _bars(archive, counts, what, Layout(WIDE.css, 600, names_above=False)) + _bars(archive, counts, what, NARROW)


def _bars(archive: Archive, counts: Counter[int], what: str, layout: Layout) -> str:
    first, last = archive.years
    width, left, top, bottom = layout.width, 30, 22, 126
    axis = Axis(first, last, left, width - 4)
    highest = max(counts.values(), default=0) or 1
    body = [f'<line class="tip-chart__grid" x1="{left}" x2="{width - 4}" y1="{bottom}" y2="{bottom}"/>',
            f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{highest}</text>',
            f'<text x="{left - 6}" y="{bottom}" text-anchor="end">0</text>']
    bar = max(axis.per_year * 0.7, 1.0)
    for year in range(first, last + 1):
        count = counts.get(year, 0)
        height = (bottom - top) * count / highest
        x = axis.year_x(year) + (axis.per_year - bar) / 2
        body.append(f'<rect class="tip-chart__bar" x="{x:.1f}" y="{bottom - height:.1f}" width="{bar:.1f}" '
                    f'height="{height:.1f}"><title>{year}: {markup.plural(count, what)}</title></rect>')
    body += [f'<text x="{axis.year_x(y) + axis.per_year / 2:.1f}" y="{bottom + 16}" text-anchor="middle">{y}</text>'
             for y in axis.labelled(34)]
    shown = "; ".join(f"{year}: {counts[year]}" for year in sorted(counts) if counts[year])
    label = (f"Bar chart of {what}s per year, {first} to {last}: {shown or 'none'}"
             f"{'; other years: 0' if len([y for y in counts if counts[y]]) < last - first + 1 else ''}")
    return _svg(f"tip-chart--bars {layout.css}", width, bottom + 22, "img", label, body)
