"""The meeting page: facts, participants, every item at its permalink, and the source text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import quote

from tiparchive import urls
from tiparchive.archive.echoes import ECHO, RELATED, Echoes
from tiparchive.archive.indexes import Mention
from tiparchive.records.labels import FACT_ROLES, date_range, item_label, origin_words, partial_date, plural_label
from tiparchive.records.model import CountryParticipation, Item, Meeting, OrganisationParticipation, Person, Source
from tiparchive.records.sourcetext import paragraphs
from tiparchive.render import cite, markup
from tiparchive.render.citation import flat
from tiparchive.render.common import instrument_parts, roles, theme_html_links
from tiparchive.siteconfig import SiteConfig

_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


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


def _facts(meeting: Meeting, source: str) -> list[str]:
    venue = meeting.venue
    place = ", ".join(markup.text(p) for p in (venue.detail, venue.city) if p)
    place += ", " + markup.link(source, urls.country(venue.country.country), venue.country.shown)
    rows = [
        ("Date", markup.text(date_range(meeting.start, meeting.end))),
        ("Venue", place),
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
    rows.append(("Taking part", markup.text(
        f"{markup.plural(len(meeting.countries), 'country', 'countries')}, "
        f"{markup.plural(len(meeting.organisations), 'organisation')}")))
    documents = "; ".join(f"{markup.text(s.title)} ({markup.text(s.kind.label)})" for s in meeting.sources)
    rows.append(("Sources" if len(meeting.sources) > 1 else "Source",
                 f"{documents}, [details below](#{urls.SOURCES_ANCHOR})"))
    table = ["| Fact | Detail |", "|---|---|", *(f"| {label} | {value} |" for label, value in rows)]
    return ['<div class="tip-facts" markdown>', "", *table, "", "</div>", ""]


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


def _items(meeting: Meeting, source: str, config: SiteConfig, echoes: Echoes | None) -> list[str]:
    from_where = "the report" if len(meeting.sources) == 1 else "its sources"
    lines = ["## Outcomes {#outcomes}", "",
             f"{markup.plural(len(meeting.items), 'item')} from {from_where}, word for word. "
             "Each has a permanent link.", ""]
    for index, (section, items) in enumerate(meeting.sections, start=1):
        if section:
            lines += [f"### {markup.text(section)} {{#section-{index}}}", ""]
        for item in items:
            lines += [
                f"#### {markup.text(item_label(meeting, item))} {{#{item.id} .tip-item}}",
                "",
                markup.text(item.text),
                "",
            ]
            lines += _provenance(meeting, item, source)
            # Raw HTML, not Markdown links: see markup.html_link.
            meta = [f"Themes: {theme_html_links(source, item)}", *instrument_parts(source, item, markup.html_link)]
            if item.countries:
                meta.append("Countries named: " + ", ".join(
                    markup.html_link(source, urls.country(c.country), c.shown) for c in item.countries))
            if item.organisations:
                meta.append("Organisations named: " + ", ".join(
                    markup.html_link(source, urls.organisation(o.organisation), o.shown)
                    for o in item.organisations))
            meta.append(markup.html_link(source, source, "Permalink", item.id))
            lines += ['<p class="tip-item__meta">' + " · ".join(meta) + "</p>", ""]
            lines += cite.item_block(meeting, item, config)
            lines += _echoes(meeting, item, source, echoes)
    return lines


def _provenance(meeting: Meeting, item: Item, page: str) -> list[str]:
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
    return ['<p class="tip-item__origin">' + " · ".join(parts) + "</p>", ""]


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
        # Percent-encoded: quotes and angle brackets are valid in a record's https address but not in an href.
        original = ET.SubElement(entry, "a", href=quote(source.url, safe=_URL_SAFE), rel="external noopener")
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


def _source_text(meeting: Meeting) -> list[str]:
    lines = [f"## Source text {{#{urls.SOURCE_TEXT_ANCHOR}}}", ""]
    for source in meeting.sources:
        if len(meeting.sources) > 1:
            lines += [f"### {markup.text(source.title)} {{#{_text_anchor(meeting, source)}}}", ""]
        whole = (f"An excerpt of *{markup.text(source.title)}* (missing: {markup.text(source.missing)})"
                 if source.is_excerpt else f"The full text of *{markup.text(source.title)}*")
        lines += [f"{whole}, as converted from the original document.", "",
                  '<div class="tip-source">']
        # Raw HTML, passed through in one piece: the whole report as Markdown paragraphs cost
        # Python-Markdown a tenth of its time on the page, for text that must stay plain anyway.
        lines += [f"<p>{markup.text(paragraph)}</p>" for paragraph in paragraphs(source.text)]
        lines += ["</div>", ""]
    return lines


def render_meeting(meeting: Meeting, config: SiteConfig | None = None, echoes: Echoes | None = None) -> str:
    config = config or SiteConfig()
    source = urls.meeting(meeting)
    body = [f"# {markup.text(meeting.title)}", "", markup.text(meeting.summary), ""]
    body += _facts(meeting, source)
    body += cite.meeting_block(meeting, config)
    body += ["## Participants {#participants}", ""]
    if meeting.participation_note:
        body += [f"The report: “{markup.text(meeting.participation_note)}”", ""]
    if meeting.countries:
        body += [f"### Countries ({len(meeting.countries)}) {{#countries}}", "",
                 ", ".join(_country(source, c) for c in meeting.countries), ""]
    if meeting.organisations:
        body += [f"### Organisations ({len(meeting.organisations)}) {{#organisations}}", "",
                 ", ".join(_organisation(source, o) for o in meeting.organisations), ""]
    if meeting.people:
        body += [f"### People ({len(meeting.people)}) {{#people}}", "",
                 *(_person(source, p) for p in meeting.people), ""]
    body += _items(meeting, source, config, echoes)
    body += _sources(meeting, source)
    body += _source_text(meeting)
    return markup.page(meeting.name, "\n".join(body), description=meeting.summary)
