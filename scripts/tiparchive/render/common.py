"""Pieces shared by several page types: dates, item cards, meeting lines, role lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import urlencode

from tiparchive import urls
from tiparchive.archive.indexes import Mention
from tiparchive.records.model import Item, Meeting, Origin, Term
from tiparchive.render import markup


def date_range(start: date, end: date) -> str:
    """'24–25 October 2005', '28 May – 2 June 2012', '7 June 2004'."""
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


def item_label(item: Item) -> str:
    """How an item is named in headings and links: 'Conclusion 7', 'Recommendation panel-1-3'."""
    return f"{item.kind.label} {item.number}" if item.number else f"{item.kind.label} · {item.id}"


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


def roles(terms: Iterable[Term]) -> str:
    """'host, chair' as plain text: labels come from kinds.yml, so callers escape it where they write it."""
    unique = list(dict.fromkeys(term.label.lower() for term in terms))
    return ", ".join(unique)


def meeting_link(source: str, meeting: Meeting, anchor: str = "") -> str:
    return markup.link(source, urls.meeting(meeting), meeting.name, anchor)


def theme_links(source: str, item: Item) -> str:
    return ", ".join(markup.link(source, urls.theme(theme), theme.label) for theme in item.themes)


def theme_html_links(source: str, item: Item) -> str:
    return ", ".join(markup.html_link(source, urls.theme(theme), theme.label) for theme in item.themes)


def item_card(source: str, mention: Mention) -> str:
    """An item as listed on theme, country and organisation pages, linking to its permalink.

    Excluded from search: the same text is indexed once, on the meeting page, where the
    result opens at the item's own anchor.
    """
    meeting, item = mention.meeting, mention.item
    permalink = markup.link(source, urls.meeting(meeting), item_label(item), item.id)
    return "\n".join([
        '<div class="tip-card" data-search-exclude markdown>',
        "",
        f"{permalink} · {meeting_link(source, meeting)} · {date_range(meeting.start, meeting.end)}"
        + (f" · {markup.text(origin_words(item.origin))}" if item.origin else ""),
        "{: .tip-card__meta }",
        "",
        markup.text(item.text),
        "",
        f"Themes: {theme_links(source, item)}",
        "{: .tip-card__themes }",
        "",
        "</div>",
        "",
    ])


def meeting_row(source: str, meeting: Meeting) -> str:
    """A table row: date, meeting, place, items."""
    place = f"{meeting.venue.city}, {meeting.venue.country.shown}"
    return (f"| {markup.text(date_range(meeting.start, meeting.end))} | {meeting_link(source, meeting)} | "
            f"{markup.text(place)} | {len(meeting.items)} |")


MEETING_TABLE_HEAD = "| Date | Meeting | Place | Items |\n|---|---|---|--:|"


# Listing pages show this many entries and hand the reader on for the rest, so that a page
# stays readable and well under 1 MB of HTML however large the archive grows.
LISTED_ITEMS = 50
LISTED_MEETINGS = 100


def search_link(source: str, label: str, filters: Mapping[str, str]) -> str:
    """A link to the Recommendations page with filters already chosen."""
    return markup.link(source, urls.SEARCH, label, query=urlencode(filters))


def shown_of(source: str, shown: int, total: int, noun: str, filters: Mapping[str, str]) -> list[str]:
    """'Showing the latest 50 of 1,234 items; all of them in the search.' when the list is cut."""
    if shown >= total:
        return []
    return [f"Showing the latest {shown:,} of {markup.plural(total, noun)}. "
            f"{search_link(source, f'All {total:,} in the search', filters)}, where they can be narrowed "
            f"further; every meeting is also listed {markup.link(source, urls.MEETINGS, 'by year')}.",
            "{: .tip-more }", ""]
