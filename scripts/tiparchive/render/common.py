"""Pieces shared by several page types: dates, item cards, meeting lines, role lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urlencode

from tiparchive import urls
from tiparchive.archive.indexes import Mention
from tiparchive.records.labels import date_range, item_label, origin_words
from tiparchive.records.model import Item, Meeting, Term
from tiparchive.render import markup


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


def instrument_parts(source: str, item: Item, link: Callable[[str, str, str], str]) -> list[str]:
    """'Names: ...' and 'Addresses (editors' reading): ...', kept apart, for an item's metadata line."""
    parts = []
    if item.names:
        parts.append("Names: " + ", ".join(link(source, urls.instrument(n.instrument), n.instrument.short_name)
                                           for n in item.names))
    if item.addresses:
        parts.append("Addresses (editors' reading): " + ", ".join(
            link(source, urls.provision(a.instrument, a.provision) if a.provision else urls.instrument(a.instrument),
                 a.label) for a in item.addresses))
    return parts


def item_card(source: str, mention: Mention) -> str:
    """An item as listed on theme, country and organisation pages, linking to its permalink.

    Excluded from search: the same text is indexed once, on the meeting page, where the
    result opens at the item's own anchor.
    """
    meeting, item = mention.meeting, mention.item
    permalink = markup.link(source, urls.meeting(meeting), item_label(meeting, item), item.id)
    return "\n".join([
        '<div class="tip-card" markdown>',
        "",
        f"{permalink} · {meeting_link(source, meeting)} · {date_range(meeting.start, meeting.end)}"
        + (f" · {markup.text(origin_words(item.origin))}" if item.origin else ""),
        "{: .tip-card__meta }",
        "",
        markup.text(item.text),
        "",
        " · ".join([f"Themes: {theme_links(source, item)}", *instrument_parts(source, item, markup.link)]),
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
