"""How a record's values are written for readers: the same words on pages, in search results and data files."""

from __future__ import annotations

from datetime import date

from tiparchive.records.model import Item, Meeting, Origin

#: Roles that make a country or organisation one of a meeting's convenors: listed first on its
#: page and offered as its organiser in the search.
CONVENING_ROLES = ("host", "co-host", "chair", "co-chair", "organiser")
#: Roles a meeting page's facts name beside the convenors, each on its own row, so that the chair of
#: the process is never read as the chair of the meeting.
FACT_ROLES = (*CONVENING_ROLES, "process-chair", "process-co-chair", "side-event-organiser", "funder", "moderator")


def plural_label(label: str, count: int) -> str:
    """'Chair' -> 'Chairs', 'Chair of the process' -> 'Chairs of the process'."""
    if count == 1:
        return label
    head, sep, tail = label.partition(" of ")
    return f"{head}s{sep}{tail}"


def date_range(start: date, end: date) -> str:
    """'24–25 October 2005', '28 May – 2 June 2012', '7 June 2004'."""
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


def item_label(meeting: Meeting, item: Item) -> str:
    """How an item is named in headings and links: 'Conclusion 7', 'Finding · item 5 of 24'.

    Readers see the report's own numbering, or else where the item stands in the meeting's list;
    the id is the author's handle for the anchor and means nothing to a reader.
    """
    if item.number:
        return f"{item.kind.label} {item.number}"
    # By id, which is unique in a meeting: a copy of the item with other words stands where it does.
    position = next(index for index, other in enumerate(meeting.items, start=1) if other.id == item.id)
    return f"{item.kind.label} · item {position} of {len(meeting.items)}"


def partial_date(value: str) -> str:
    """'2003' -> '2003', '2003-12' -> 'December 2003', '2003-12-10' -> '10 December 2003'."""
    parts = [int(part) for part in value.split("-")] if value else []
    if len(parts) == 3:
        return f"{parts[2]} {date(*parts):%B %Y}"
    if len(parts) == 2:
        return f"{date(parts[0], parts[1], 1):%B %Y}"
    return value


def origin_words(origin: Origin) -> str:
    """'Quoted from an earlier meeting: Ministerial Forum, Sofia (December 2003)', 'Added after the meeting'."""
    if origin.kind != "earlier-meeting":
        return origin.label
    when = partial_date(origin.date)
    return f"{origin.label}: {origin.name or origin.meeting}" + (f" ({when})" if when else "")
