"""The meeting page: facts, participants, every item at its permalink, and the source text."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from tiparchive import urls
from tiparchive.archive.echoes import ECHO, RELATED, Echoes
from tiparchive.archive.indexes import Mention
from tiparchive.records.labels import FACT_ROLES, date_range, item_label, origin_words, partial_date, plural_label
from tiparchive.records.model import (
    CountryParticipation,
    Item,
    Meeting,
    OrganisationParticipation,
    Participation,
    Person,
    Source,
)
from tiparchive.records.sourcetext import normalise, paragraphs
from tiparchive.render import cite, markup
from tiparchive.render.citation import flat
from tiparchive.render.common import instrument_parts, roles, theme_html_links
from tiparchive.siteconfig import SiteConfig

_SPACE = re.compile(r"\s+")


def _country(source: str, participation: CountryParticipation) -> str:
    mention = participation.mention
    label = markup.link(source, urls.country(mention.country), mention.shown)
    shown = markup.text(roles([r for r in participation.roles if r.id != "participant"]))
    if participation.agency:
        shown = ", ".join(part for part in (shown, f"through the {markup.text(participation.agency)}") if part)
    return f"{label} ({shown})" if shown else label


def _organisation(source: str, participation: OrganisationParticipation) -> str:
    mention = participation.mention
    label = markup.link(source, urls.organisation(mention.organisation), mention.shown)
    shown = [r for r in participation.roles if r.id != "participant"]
    return f"{label} ({markup.text(roles(shown))})" if shown else label


def _person(source: str, person: Person) -> str:
    name = " ".join(part for part in (person.honorific, person.name) if part)
    parts = [f"**{markup.text(name)}**"]
    if person.position:
        parts.append(markup.text(person.position))
    if person.organisation:
        org = person.organisation
        parts.append(markup.link(source, urls.organisation(org.organisation), org.shown))
    if person.country:
        parts.append(markup.link(source, urls.country(person.country.country), person.country.shown))
    return f"- {', '.join(parts)} — {markup.text(roles(person.roles))}"


def _place(meeting: Meeting, source: str, link: Callable[[str, str, str], str] = markup.link) -> str:
    venue = meeting.venue
    place = ", ".join(markup.text(p) for p in (venue.detail, venue.city) if p)
    return place + ", " + link(source, urls.country(venue.country.country), venue.country.shown)


def _facts_line(meeting: Meeting, source: str) -> list[str]:
    """The one line under the title: when, where, what kind, which process, how many came.

    Raw HTML, so the links are written for the page's address (markup.html_link).
    """
    parts = [markup.text(date_range(meeting.start, meeting.end)), _place(meeting, source, markup.html_link),
             markup.text(meeting.kind.label)]
    parts += [markup.html_link(source, urls.process(p), p.short_name) for p in meeting.processes]
    if meeting.participant_count:
        parts.append(markup.text(f"participants: {meeting.participant_count}"))
    if meeting.participation:
        parts.append(markup.text(f"{meeting.participation.states} states took part"))
    return ['<p class="tip-facts-line">' + " · ".join(parts) + "</p>", ""]


def _facts(meeting: Meeting, source: str) -> list[str]:
    rows = [
        ("Date", markup.text(date_range(meeting.start, meeting.end))),
        ("Venue", _place(meeting, source)),
        ("Kind", markup.text(meeting.kind.label)),
        ("Process", ", ".join(markup.link(source, urls.process(p), p.short_name) for p in meeting.processes)),
    ]
    for role in FACT_ROLES:
        terms = [r for c in meeting.countries for r in c.roles if r.id == role]
        terms += [r for o in meeting.organisations for r in o.roles if r.id == role]
        terms += [r for p in meeting.people for r in p.roles if r.id == role]
        holders = [markup.link(source, urls.country(c.mention.country), c.mention.shown)
                   for c in meeting.countries if any(r.id == role for r in c.roles)]
        holders += [markup.link(source, urls.organisation(o.mention.organisation), o.mention.shown)
                    for o in meeting.organisations if any(r.id == role for r in o.roles)]
        holders += [markup.text(p.name) for p in meeting.people if any(r.id == role for r in p.roles)]
        if holders:
            rows.append((markup.text(plural_label(terms[0].label, len(holders))), ", ".join(holders)))
    if meeting.participant_count:
        rows.append(("Participants", markup.text(f"{meeting.participant_count} (as the report states)")))
    if meeting.participation:
        rows.append(("States taking part", _took_part(meeting.participation)))
    rows.append(("Named in the report", markup.text(_named(meeting)) + " ([list](#participants))"))
    documents = "; ".join(f"{markup.text(s.title)} ({markup.text(s.kind.label)})" for s in meeting.sources)
    rows.append(("Sources" if len(meeting.sources) > 1 else "Source",
                 f"{documents}, [details below](#{urls.SOURCES_ANCHOR})"))
    table = ["| Fact | Detail |", "|---|---|", *(f"| {label} | {value} |" for label, value in rows)]
    return ['<div class="tip-facts" markdown>', "", *table, "", "</div>", ""]


def _took_part(participation: Participation) -> str:
    """'68, as the report counts them: “the 57 OSCE participating States and 11 Partners ...”'."""
    return markup.text(f"{participation.states}, as the report counts them: “{participation.described_as}”")


def _named(meeting: Meeting) -> str:
    """'30 countries, 6 organisations': what the report names, which may be fewer than took part."""
    return (f"{markup.plural(len(meeting.countries), 'country', 'countries')}, "
            f"{markup.plural(len(meeting.organisations), 'organisation')}")


# How each tier is introduced under an item: what a reader may expect of the link.
ECHO_TIERS = {ECHO: ("Echo", "the same point at another meeting"),
              RELATED: ("Related", "the same subject at another meeting")}


def _echoes(meeting: Meeting, item: Item, source: str, echoes: Echoes | None) -> list[str]:
    """Echoes, then related items of other meetings, each quoting its closest sentence with the shared
    words marked; left out of search."""
    found = echoes.of(Mention(meeting, item)) if echoes else ()
    lines = []
    for echo in sorted(found, key=lambda echo: echo.tier != ECHO):  # echoes first, each tier best first
        other = echo.mention
        name, meaning = ECHO_TIERS[echo.tier]
        lines.append(f'<p class="tip-item__echoes tip-item__echoes--{echo.tier}"><strong>{name}</strong> '
                     f"({meaning}): "
                     + markup.html_link(source, urls.meeting(other.meeting), item_label(other.meeting, other.item),
                                        other.item.id)
                     + f" ({markup.text(other.meeting.name)}, {other.meeting.year}): "
                     f"“{markup.marked(echo.quote)}”</p>")
    return [*lines, ""] if lines else []


#: How many kinds of item one page can filter by: archive.css has a "show only" rule for each.
FILTERABLE_KINDS = 8


def _kinds(meeting: Meeting) -> dict[str, int]:
    """Kind id -> its filter number on this page (1, 2, ...): the most frequent kind first, then in
    the order the kinds first appear.

    Numbers, not kind ids, tie a "show only" link to its items in archive.css, so a kind added to
    the vocabulary can be filtered without a new style rule.
    """
    counts = Counter(item.kind.id for item in meeting.items)
    order = sorted(counts, key=lambda kind: -counts[kind])  # stable: ties keep their first appearance
    return {kind: number for number, kind in enumerate(order, start=1)}


def _same_lead(items: tuple[Item, ...]) -> list[Item]:
    """The first item and those after it under the same list label of the report."""
    return list(itertools.takewhile(lambda other: other.lead == items[0].lead, items))


def _kind_classes(item: Item, kinds: dict[str, int]) -> str:
    return f"tip-entry tip-kind--{item.kind.id} tip-f-{kinds[item.kind.id]}"


def _filters(meeting: Meeting, kinds: dict[str, int]) -> list[str]:
    """'Show only: Recommendations (16) · Findings (9) · ... · All (33)': in-page links that work
    without JavaScript. Each points at an empty target before the list; while it is the :target,
    archive.css hides the items of every other kind and the section headings with none left."""
    if len(kinds) < 2:
        return []
    counts = Counter(item.kind.id for item in meeting.items)
    labels = {item.kind.id: item.kind.label for item in meeting.items}
    shown = [kind for kind, number in kinds.items() if number <= FILTERABLE_KINDS]
    targets = "".join(f'<div id="{urls.kind_anchor(kind)}" class="tip-only tip-only-{kinds[kind]}"></div>'
                      for kind in shown)
    links = [f'<a href="#{urls.kind_anchor(kind)}" class="tip-kinds__link tip-kind--{kind} '
             f'tip-kinds__link-{kinds[kind]}">{markup.text(labels[kind])}s ({counts[kind]})</a>' for kind in shown]
    links.append(f'<a href="#outcomes" class="tip-kinds__link tip-kinds__all">All ({len(meeting.items)})</a>')
    return [targets, "",
            '<nav class="tip-kinds" aria-label="Show one kind of outcome">Show only: '
            + " · ".join(links) + "</nav>", ""]


def _items(meeting: Meeting, source: str, config: SiteConfig, echoes: Echoes | None, marked: set[str]) -> list[str]:
    from_where = "the report" if len(meeting.sources) == 1 else "its sources"
    kinds = _kinds(meeting)
    lines = ["## Outcomes {#outcomes}", "",
             f"{markup.plural(len(meeting.items), 'item')} from {from_where}, word for word. "
             "Each has a permanent link.", ""]
    lines += _filters(meeting, kinds)
    for index, (section, items) in enumerate(meeting.sections, start=1):
        if section:
            has = " ".join(f".tip-has-{kinds[kind]}" for kind in dict.fromkeys(item.kind.id for item in items))
            lines += [f"### {markup.text(section)} {{#section-{index} .tip-section {has}}}", ""]
        lead = ""
        for position, item in enumerate(items):
            if item.lead and item.lead != lead:  # the report's own words for the list that follows
                under = _same_lead(items[position:])
                has = " ".join(f".tip-has-{kinds[k]}" for k in dict.fromkeys(other.kind.id for other in under))
                lines += [markup.text(item.lead), f"{{: .tip-lead .tip-section {has} }}", ""]
            lead = item.lead
            classes = _kind_classes(item, kinds)
            lines += [
                f"#### {markup.text(item_label(meeting, item))} {{#{item.id} .tip-item "
                + " ".join(f".{name}" for name in classes.split()) + "}",
                "",
                # Raw HTML, so the text's paragraph carries its kind, for the "show only" rules.
                f'<p class="{classes}">{markup.text(item.text)}</p>',
                "",
            ]
            lines += _provenance(meeting, item, source, classes)
            # Raw HTML, not Markdown links: see markup.html_link.
            meta = [f"Themes: {theme_html_links(source, item)}", *instrument_parts(source, item, markup.html_link)]
            meta += [f"Next step agreed here: “{markup.text(step)}”" for step in item.next_steps]
            if item.countries:
                meta.append("Countries named: " + ", ".join(
                    markup.html_link(source, urls.country(c.country), c.shown) for c in item.countries))
            if item.organisations:
                meta.append("Organisations named: " + ", ".join(
                    markup.html_link(source, urls.organisation(o.organisation), o.shown)
                    for o in item.organisations))
            meta.append(markup.html_link(source, source, "Permalink", item.id))
            if item.id in marked:
                where = "the report" if meeting.source_of(item).kind.id == "report" else "the source text"
                meta.append(markup.html_link(source, source, f"See in {where}", urls.passage_anchor(item.id)))
            lines += [f'<p class="tip-item__meta {classes}">' + " · ".join(meta) + "</p>", ""]
            # The citation and the echoes in one block that carries the kind (they are written elsewhere).
            lines += [f'<div class="{classes}">', *cite.item_block(meeting, item, config),
                      *_echoes(meeting, item, source, echoes), "</div>", ""]
    return lines


def _provenance(meeting: Meeting, item: Item, page: str, classes: str) -> list[str]:
    """Where the item's words come from, when it is not simply the meeting's own, from its only source."""
    parts = []
    if item.origin:
        words = markup.text(origin_words(item.origin))
        if item.origin.meeting:
            words = f"{markup.text(item.origin.label)}: " + markup.html_link(
                page, urls.meeting_by_id(item.origin.meeting), item.origin.name or item.origin.meeting)
            if item.origin.date:
                words += f" ({markup.text(partial_date(item.origin.date))})"
        parts.append(words + (f". {markup.text(item.origin.note)}" if item.origin.note else ""))
    if len(meeting.sources) > 1 or item.page:
        where = meeting.source_of(item)
        place = f", page {markup.text(item.page)}" if item.page else ""
        parts.append(f'Source: <a href="#{urls.source_anchor(where.id)}">{markup.text(where.title)}</a>{place}')
    if not parts:
        return []
    return [f'<p class="tip-item__origin {classes}">' + " · ".join(parts) + "</p>", ""]


def _text_anchor(meeting: Meeting, source: Source) -> str:
    return urls.source_text_anchor("" if len(meeting.sources) == 1 else source.id)


def _source_entry(meeting: Meeting, source: Source, page: str) -> ET.Element:
    """One source as a list entry; a tree, so the serializer escapes every value from the record.

    Values are flattened to one line: the whole list is one raw HTML line, and a line break in a
    title could otherwise start a line that a Markdown preprocessor (snippets) acts on.
    """
    entry = ET.Element("li", id=urls.source_anchor(source.id))
    title = ET.SubElement(entry, "strong")
    title.text = flat(source.title)
    facts = [source.kind.label]
    facts += [value for value in (source.publisher, partial_date(source.issued), source.language_name) if value]
    facts.append(f"excerpt; missing: {source.missing}" if source.is_excerpt else "complete")
    title.tail = " · " + " · ".join(flat(fact) for fact in facts) + " · "
    here = ET.SubElement(entry, "a", href=f"#{_text_anchor(meeting, source)}")
    here.text = "text below"
    here.tail = " · "
    plain = ET.SubElement(entry, "a", href=urls.relative_url(page, urls.source_text(source)))
    plain.text = "plain text file"
    if source.url:
        plain.tail = " · "
        original = ET.SubElement(entry, "a", href=urls.external(source.url), rel="external noopener")
        original.text = "original"
        if source.retrieved:
            original.tail = f" (retrieved {date_range(source.retrieved, source.retrieved)})"
    return entry


def _sources(meeting: Meeting, page: str) -> list[str]:
    listing = ET.Element("ul", {"class": "tip-sources"})
    listing.extend(_source_entry(meeting, source, page) for source in meeting.sources)
    return [f"## Sources {{#{urls.SOURCES_ANCHOR}}}", "",
            "The documents this meeting is known from; every item names the one it is copied from.", "",
            ET.tostring(listing, encoding="unicode"), ""]


@dataclass(frozen=True, slots=True)
class _Passage:
    """Where an item's words are in its source's text, in the text as the page shows it."""

    item: Item
    start: int
    end: int


def _shown(paragraph: str) -> str:
    return _SPACE.sub(" ", paragraph).strip()


def _passages(meeting: Meeting, source: Source, texts: list[str]) -> list[_Passage]:
    """Each item's passage in `texts` (the source's paragraphs, joined by one space), in text order.

    Items are quotations, so each is found word for word; one that is not (it cannot pass
    validation) simply has no passage. Passages that overlap an earlier one are left out.
    """
    joined = " ".join(texts)
    found = []
    for item in meeting.items:
        if meeting.source_of(item) is source:
            wanted = normalise(item.text)
            start = joined.find(wanted) if wanted else -1
            if start >= 0:
                found.append(_Passage(item, start, start + len(wanted)))
    found.sort(key=lambda passage: passage.start)
    kept: list[_Passage] = []
    for passage in found:
        if not kept or passage.start >= kept[-1].end:
            kept.append(passage)
    return kept


def _marked(meeting: Meeting, texts: list[str], passages: list[_Passage]) -> list[str]:
    """The paragraphs as raw HTML, each passage a <mark> that the item's "See in the report" link
    targets (its first piece carries the anchor); the paragraph where it ends links back to the item.

    A passage may run over several paragraphs: it is marked in each and anchored in the first.
    Every piece of text goes through markup.run: it is data.
    """
    lines = []
    offset = 0
    for paragraph in texts:
        end = offset + len(paragraph)
        pieces, backs, at = [], [], offset
        for passage in passages:
            if passage.end <= offset or passage.start >= end:
                continue
            begin, stop = max(passage.start, offset), min(passage.end, end)
            pieces.append(markup.run(paragraph[at - offset: begin - offset]))
            anchor = f' id="{urls.passage_anchor(passage.item.id)}"' if passage.start >= offset else ""
            pieces.append(f'<mark class="tip-passage"{anchor}>{markup.run(paragraph[begin - offset: stop - offset])}'
                          "</mark>")
            if passage.end <= end:
                label = markup.text(item_label(meeting, passage.item))
                backs.append(f' <a href="#{passage.item.id}" class="tip-passage__back">back to {label}</a>')
            at = stop
        pieces.append(markup.run(paragraph[at - offset:]))
        pieces += backs
        lines.append(f"<p>{''.join(pieces)}</p>")
        offset = end + 1  # the space that joins two paragraphs
    return lines


def _source_text(meeting: Meeting) -> tuple[list[str], set[str]]:
    """Each source's whole text, collapsed: it is a third of the page, there to check an item
    against; with the ids of the items whose passage it marks."""
    lines = [f"## Source text {{#{urls.SOURCE_TEXT_ANCHOR}}}", ""]
    marked: set[str] = set()
    for source in meeting.sources:
        if len(meeting.sources) > 1:
            lines += [f"### {markup.text(source.title)} {{#{_text_anchor(meeting, source)}}}", ""]
        whole = (f"An excerpt of *{markup.text(source.title)}* (missing: {markup.text(source.missing)})"
                 if source.is_excerpt else f"The full text of *{markup.text(source.title)}*")
        texts = [_shown(paragraph) for paragraph in paragraphs(source.text)]
        passages = _passages(meeting, source, texts)
        marked |= {passage.item.id for passage in passages}
        words = sum(len(paragraph.split()) for paragraph in texts)
        lines += [f"{whole}, as converted from the original document. Each item's words are marked, "
                  "with a link back to the item.", "",
                  '<details class="tip-fold tip-fold--source">',
                  f"<summary>Show the text ({words:,} words)</summary>",
                  # Raw HTML, passed through in one piece: the whole report as Markdown paragraphs cost
                  # Python-Markdown a tenth of its time on the page, for text that must stay plain anyway.
                  '<div class="tip-source">', *_marked(meeting, texts, passages), "</div>", "</details>", ""]
    return lines, marked


def _participants(meeting: Meeting, source: str) -> list[str]:
    """One line of counts, then each list folded: on a conference page they run to screens."""
    lines = ["## Participants {#participants}", ""]
    named = [markup.plural(len(meeting.countries), "country", "countries"),
             markup.plural(len(meeting.organisations), "organisation")]
    if meeting.people:
        named.append(markup.plural(len(meeting.people), "person", "people"))
    if meeting.participation:
        lines += [f"States taking part: {_took_part(meeting.participation)}. The lists below hold only those "
                  "the report names.", ""]
    lines += [f"Named in the report: {', '.join(named)}.", ""]
    if meeting.participation_note:
        lines += [f"The report: “{markup.text(meeting.participation_note)}”", ""]
    folds = [("countries", "Countries", len(meeting.countries),
              [", ".join(_country(source, c) for c in meeting.countries)]),
             ("organisations", "Organisations", len(meeting.organisations),
              [", ".join(_organisation(source, o) for o in meeting.organisations)]),
             ("people", "People", len(meeting.people), [_person(source, p) for p in meeting.people])]
    for anchor, label, count, body in folds:
        if count:
            lines += [f'<details id="{anchor}" class="tip-fold" markdown>',
                      f"<summary>{label} ({count})</summary>", "", *body, "", "</details>", ""]
    return lines


def render_meeting(meeting: Meeting, config: SiteConfig | None = None, echoes: Echoes | None = None) -> str:
    """Outcomes first: the title, one line of facts, then the items; what a reader checks them by
    (the meeting's summary and facts, who took part, the sources and their text) follows."""
    config = config or SiteConfig()
    source = urls.meeting(meeting)
    text, marked = _source_text(meeting)
    body = [f"# {markup.text(meeting.title)}", ""]
    body += _facts_line(meeting, source)
    body += _items(meeting, source, config, echoes, marked)
    body += [f"## About this meeting {{#{urls.ABOUT_ANCHOR}}}", "",
             f'<p class="tip-summary">{markup.text(meeting.summary)}</p>', ""]
    body += _facts(meeting, source)
    body += cite.meeting_block(meeting, config)
    body += _participants(meeting, source)
    body += _sources(meeting, source)
    body += text
    return markup.page(meeting.name, "\n".join(body), description=meeting.summary)
