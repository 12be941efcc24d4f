"""Country and organisation pages: where each took part, in what role, and what names it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from tiparchive import urls
from tiparchive.archive.indexes import Appearance, Archive, Mention
from tiparchive.records.model import Country, Organisation
from tiparchive.render import markup
from tiparchive.render.common import (
    LISTED_ITEMS,
    LISTED_MEETINGS,
    item_card,
    meeting_link,
    roles,
    search_link,
    shown_of,
)
from tiparchive.render.maps import participation_map, venue_map


def _participation_table(source: str, appearances: list[Appearance], facet: dict[str, str],
                         period: Callable[[Appearance], str] | None = None) -> list[str]:
    """The latest meetings it appears in, oldest of them first; the rest are left to the search.
    With `period`, a column says which state of a succession took part (Serbia and Montenegro, ...)."""
    lines = shown_of(source, LISTED_MEETINGS, len(appearances), "meeting", facet)
    lines += ["| Year | Meeting | " + ("As | " if period else "")
              + "Role | Written in the report as | Items naming it |",
              "|---|---|" + ("---|" if period else "") + "---|---|--:|"]
    latest = appearances[:LISTED_MEETINGS]  # appearances come newest first
    for appearance in sorted(latest, key=lambda a: (a.meeting.start, a.meeting.id)):
        meeting = appearance.meeting
        role = ", ".join(part for part in (roles(appearance.roles), "venue" if appearance.venue else "") if part)
        role = role or "named"
        written = "; ".join(dict.fromkeys(appearance.written)) or "—"
        state = f"{markup.text(period(appearance))} | " if period else ""
        lines.append(f"| {meeting.year} | {meeting_link(source, meeting)} | {state}{markup.text(role)} | "
                     f"{markup.text(written)} | {len(appearance.items)} |")
    return lines


def _over_time(appearances: list[Appearance], archive_years: dict[int, int]) -> list[str]:
    """Participation in each year the archive has meetings for, beside how many it has."""
    took_part = Counter(a.meeting.year for a in appearances if a.roles)
    named = Counter(a.meeting.year for a in appearances if a.items)
    lines = ["| Year | Meetings in the archive | Took part in | Meetings whose items name it |", "|---|--:|--:|--:|"]
    lines += [f"| {year} | {count} | {took_part.get(year, 0)} | {named.get(year, 0)} |"
              for year, count in archive_years.items()]
    return lines


def _named_items(source: str, appearances: list[Appearance], name: str, facet: dict[str, str]) -> list[str]:
    mentions = [Mention(a.meeting, item) for a in appearances for item in a.items]
    if not mentions:
        return []
    lines = [f"## Items that name {markup.text(name)} {{#items}}", "",
             f"{markup.plural(len(mentions), 'item')}, newest meeting first.", ""]
    lines += shown_of(source, LISTED_ITEMS, len(mentions), "item", facet)
    lines += [item_card(source, mention) for mention in mentions[:LISTED_ITEMS]]
    return lines


def _tally(appearances: list[Appearance]) -> tuple[int, int]:
    """(meetings taken part in, items naming it)."""
    return sum(1 for a in appearances if a.roles), sum(len(a.items) for a in appearances)


def _appearance_summary(appearances: list[Appearance]) -> str:
    took_part, named = _tally(appearances)
    venues = sum(1 for a in appearances if a.venue)
    where = f"; venue of {markup.plural(venues, 'meeting')}" if venues else ""
    return (f"Taking part in {markup.plural(took_part, 'meeting')} of the archive, as their reports name "
            f"it{where}; named in {markup.plural(named, 'item')}.")


def _since(former: Country) -> str:
    """The year a former state ended ('2003–2006' -> '2006'), when its successor's own period began."""
    return former.existed.replace("-", "–").rsplit("–", 1)[-1].strip()


def _dossier(archive: Archive, country: Country) -> tuple[list[Appearance], dict[int, Country], list[str]]:
    """A country's meetings across state succession: its own and those of the former states it
    succeeded (Serbia: as Serbia and Montenegro, as Yugoslavia), newest first; which state each
    appearance is of; and the sentence that marks the periods."""
    formers = archive.vocabularies.countries.predecessors(country.code)
    states = {id(a): country for a in archive.by_country.get(country.code, [])}
    for former in formers:
        states.update((id(a), former) for a in archive.by_country.get(former.code, []))
    appearances = [a for code in (country.code, *(f.code for f in formers)) for a in archive.by_country.get(code, [])]
    appearances.sort(key=lambda a: (a.meeting.start, a.meeting.id), reverse=True)
    if not formers:
        return appearances, states, []
    source = urls.country(country)
    periods = [markup.link(source, urls.country(f), f.name) if f.code in archive.countries else markup.text(f.name)
               for f in formers]
    periods = [f"{period} ({markup.text(f.existed)})" for period, f in zip(periods, formers, strict=True)]
    own = markup.text(country.name) + (f" ({markup.text(country.existed)})" if country.is_historic
                                       else f" since {markup.text(_since(formers[0]))}")
    counts = Counter(states[id(a)].code for a in appearances)
    held = [f"{markup.plural(counts[f.code], 'meeting')} as {markup.text(f.name)}" for f in formers if counts[f.code]]
    return appearances, states, [
        f"One dossier across state succession: {own}; before that {', and before that '.join(periods)}. "
        "Each meeting below is marked with the state of its time"
        + (f" ({'; '.join(held)})." if held else "; the archive has no meeting of the former states yet."), ""]


def render_country(archive: Archive, country: Country) -> str:
    source = urls.country(country)
    appearances, states, succession = _dossier(archive, country)
    body = [f"# {markup.text(country.name)}", ""]
    if country.is_historic:
        successors = ", ".join(
            markup.link(source, urls.country(archive.vocabularies.countries.by_code(code)),
                        archive.vocabularies.countries.by_code(code).name)
            for code in country.successors
        )
        body += [f"A state that no longer exists ({markup.text(country.existed)}). "
                 f"{markup.text(country.historic_note)}", "",
                 f"Successor states: {successors}.", ""]
    body += succession
    code = f"ISO 3166 code: {country.code}" + (" (former country, ISO 3166-3)" if country.is_historic else "")
    facet = {"country": country.code}
    body += [markup.text(code), "{: .tip-muted }", "", _appearance_summary(appearances) + " "
             + search_link(source, "Search the items of its meetings", facet) + ".", ""]
    body += venue_map(archive, country, source)
    period = (lambda a: states[id(a)].name) if succession else None
    body += ["## Meetings {#meetings}", "", *_participation_table(source, appearances, facet, period), ""]
    archive_years = {year: len(meetings) for year, meetings in archive.by_year.items()}
    body += ["## Participation over time {#over-time}", "", *_over_time(appearances, archive_years), ""]
    body += _named_items(source, appearances, country.name, facet)
    return markup.page(country.name, "\n".join(body))


def render_organisation(archive: Archive, organisation: Organisation) -> str:
    source = urls.organisation(organisation)
    appearances = archive.by_organisation.get(organisation.id, [])
    body = [f"# {markup.text(organisation.label)}", ""]
    if organisation.variants:
        body += ["Also written as: " + "; ".join(markup.text(v) for v in organisation.variants) + ".", ""]
    facet = {"organiser": f"org:{organisation.id}"}
    body += [_appearance_summary(appearances), ""]
    body += ["## Meetings {#meetings}", "", *_participation_table(source, appearances, facet), ""]
    body += _named_items(source, appearances, organisation.acronym, facet)
    return markup.page(organisation.label, "\n".join(body))


def render_countries_index(archive: Archive) -> str:
    source = urls.COUNTRIES
    lines = ["# Countries", "",
             f"{markup.plural(len(archive.countries), 'country', 'countries')} that took part in, hosted "
             "or are named by the meetings in the archive. Names are normalised to ISO 3166; each page "
             "also shows how the reports wrote them.", "",
             *participation_map(archive, source, table=False),
             "| Country | Code | Meetings named taking part in | Items naming it |", "|---|---|--:|--:|"]
    for code, country in archive.countries.items():
        took_part, named = _tally(archive.by_country.get(code, []))
        lines.append(f"| {markup.link(source, urls.country(country), country.name)} | {code} | "
                     f"{took_part} | {named} |")
    return markup.page("Countries", "\n".join(lines))


def render_organisations_index(archive: Archive) -> str:
    source = urls.ORGANISATIONS
    lines = ["# Organisations", "",
             f"{markup.plural(len(archive.organisations), 'organisation')} that took part in or are named "
             "by the meetings in the archive.", "",
             "| Organisation | Acronym | Meetings named taking part in | Items naming it |", "|---|---|--:|--:|"]
    for org_id, organisation in archive.organisations.items():
        took_part, named = _tally(archive.by_organisation.get(org_id, []))
        lines.append(f"| {markup.link(source, urls.organisation(organisation), organisation.name)} | "
                     f"{markup.text(organisation.acronym)} | {took_part} | {named} |")
    return markup.page("Organisations", "\n".join(lines))
