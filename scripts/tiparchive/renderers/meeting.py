"""The meeting page: facts, participants, every item at its permalink, and the source text."""

from __future__ import annotations

from .. import markup
from ..echoes import Echoes
from ..indexes import Mention
from ..model import CountryParticipation, Item, Meeting, OrganisationParticipation, Person
from ..siteconfig import SiteConfig
from ..sourcetext import paragraphs
from . import cite, paths
from .common import date_range, item_label, roles, theme_html_links

_LEADING_ROLES = ("host", "co-host", "chair", "co-chair", "organiser")


def _country(source: str, participation: CountryParticipation) -> str:
    mention = participation.mention
    label = markup.link(source, paths.country(mention.country), mention.shown)
    shown = [r for r in participation.roles if r.id != "participant"]
    return f"{label} ({roles(shown)})" if shown else label


def _organisation(source: str, participation: OrganisationParticipation) -> str:
    mention = participation.mention
    label = markup.link(source, paths.organisation(mention.organisation), mention.shown)
    shown = [r for r in participation.roles if r.id != "participant"]
    return f"{label} ({roles(shown)})" if shown else label


def _person(source: str, person: Person) -> str:
    name = " ".join(part for part in (person.honorific, person.name) if part)
    parts = [f"**{markup.text(name)}**"]
    if person.position:
        parts.append(markup.text(person.position))
    if person.organisation:
        org = person.organisation
        parts.append(markup.link(source, paths.organisation(org.organisation), org.shown))
    if person.country:
        parts.append(markup.link(source, paths.country(person.country.country), person.country.shown))
    return f"- {', '.join(parts)} — {markup.text(person.role.label.lower())}"


def _facts(meeting: Meeting, source: str) -> list[str]:
    venue = meeting.venue
    place = ", ".join(markup.text(p) for p in (venue.detail, venue.city) if p)
    place += ", " + markup.link(source, paths.country(venue.country.country), venue.country.shown)
    rows = [
        ("Date", markup.text(date_range(meeting.start, meeting.end))),
        ("Venue", place),
        ("Kind", markup.text(meeting.kind.label)),
        ("Process", ", ".join(markup.link(source, paths.process(p), p.short_name) for p in meeting.processes)),
    ]
    for role in _LEADING_ROLES:
        terms = [r for c in meeting.countries for r in c.roles if r.id == role]
        terms += [r for o in meeting.organisations for r in o.roles if r.id == role]
        terms += [p.role for p in meeting.people if p.role.id == role]
        holders = [markup.link(source, paths.country(c.mention.country), c.mention.shown)
                   for c in meeting.countries if any(r.id == role for r in c.roles)]
        holders += [markup.link(source, paths.organisation(o.mention.organisation), o.mention.shown)
                    for o in meeting.organisations if any(r.id == role for r in o.roles)]
        holders += [markup.text(p.name) for p in meeting.people if p.role.id == role]
        if holders:
            rows.append((terms[0].label + ("s" if len(holders) > 1 else ""), ", ".join(holders)))
    if meeting.participant_count:
        rows.append(("Participants", markup.text(f"{meeting.participant_count} (as the report states)")))
    rows.append(("Taking part", markup.text(
        f"{markup.plural(len(meeting.countries), 'country', 'countries')}, "
        f"{markup.plural(len(meeting.organisations), 'organisation')}")))
    rows.append(("Source", f"{markup.text(meeting.source.title)} ({markup.text(meeting.source.kind.label)}), "
                           "[full text below](#source-text)"))
    if meeting.source.publisher:
        rows.append(("Publisher", markup.text(meeting.source.publisher)))
    table = ["| Fact | Detail |", "|---|---|", *(f"| {label} | {value} |" for label, value in rows)]
    return ['<div class="tip-facts" markdown>', "", *table, "", "</div>", ""]


def _echoes(meeting: Meeting, item: Item, source: str, echoes: Echoes | None) -> list[str]:
    """'Echoed in' with links to the most similar items of other meetings; left out of search."""
    found = echoes.of(Mention(meeting, item)) if echoes else ()
    if not found:
        return []
    links = [markup.html_link(source, paths.meeting(e.mention.meeting), item_label(e.mention.item), e.mention.item.id)
             + f" ({markup.text(e.mention.meeting.name)}, {e.mention.meeting.year})" for e in found]
    return ['<p class="tip-item__echoes" data-pagefind-ignore data-search-exclude>Echoed in: '
            + " · ".join(links) + "</p>", ""]


def _items(meeting: Meeting, source: str, config: SiteConfig, echoes: Echoes | None) -> list[str]:
    lines = ["## Outcomes {#outcomes}", "",
             f"{markup.plural(len(meeting.items), 'item')} from the report, word for word. "
             "Each has a permanent link.", ""]
    for index, (section, items) in enumerate(meeting.sections, start=1):
        if section:
            lines += [f"### {markup.text(section)} {{#section-{index}}}", ""]
        for item in items:
            lines += [
                f"#### {markup.text(item_label(item))} {{#{item.id} .tip-item}}",
                "",
                markup.text(item.text),
                "",
            ]
            # Raw HTML, not Markdown links: see markup.html_link.
            meta = [f"Themes: {theme_html_links(source, item)}"]
            if item.countries:
                meta.append("Countries named: " + ", ".join(
                    markup.html_link(source, paths.country(c.country), c.shown) for c in item.countries))
            if item.organisations:
                meta.append("Organisations named: " + ", ".join(
                    markup.html_link(source, paths.organisation(o.organisation), o.shown)
                    for o in item.organisations))
            meta.append(markup.html_link(source, source, "Permalink", item.id))
            lines += ['<p class="tip-item__meta">' + " · ".join(meta) + "</p>", ""]
            lines += cite.item_block(meeting, item, config)
            lines += _echoes(meeting, item, source, echoes)
    return lines


def _source_text(meeting: Meeting) -> list[str]:
    lines = ["## Source text {#source-text}", "",
             f"The full text of the report, *{markup.text(meeting.source.title)}*, as converted from the "
             "original document.", "",
             '<div class="tip-source" data-search-exclude>']
    # Raw HTML, passed through in one piece: the whole report as Markdown paragraphs cost
    # Python-Markdown a tenth of its time on the page, for text that must stay plain anyway.
    lines += [f"<p>{markup.text(paragraph)}</p>" for paragraph in paragraphs(meeting.source.text)]
    lines += ["</div>", ""]
    return lines


def render_meeting(meeting: Meeting, config: SiteConfig | None = None, echoes: Echoes | None = None) -> str:
    config = config or SiteConfig()
    source = paths.meeting(meeting)
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
    body += _source_text(meeting)
    return markup.page(meeting.name, "\n".join(body), description=meeting.summary)
