"""What each open-data file holds: its records, field by field, read from the archive's objects.

Ids are the archive's own and never change: meeting ids, item ids, `<meeting id>#<item id>`
for a recommendation anywhere in the archive, ISO 3166 alpha-3 codes for countries, and
vocabulary ids for themes, processes, organisations, kinds and roles. URLs are relative to
the site's root (`meetings/<id>/#<item id>`); the `about.site_url` of each file, when the
site has one, turns them into absolute addresses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from tiparchive import urls
from tiparchive.archive.indexes import Appearance, Archive, Mention
from tiparchive.records.model import (
    ORIGIN_KINDS,
    Country,
    CountryParticipation,
    Facet,
    Item,
    Meeting,
    Organisation,
    OrganisationParticipation,
    Person,
    Process,
    Source,
    Term,
    Theme,
    ThemeGroup,
)
from tiparchive.records.vocabularies import Vocabularies
from tiparchive.render.opendata.fields import (
    BOOLEAN,
    DATE,
    ID,
    IDS,
    INTEGER,
    OBJECT,
    OBJECTS,
    TEXT,
    TEXTS,
    URL,
    Field,
    Record,
)

SLUG = urls.ID_PATTERN.pattern
CODE = r"^[A-Z]{3}$"
CODE_OR_EMPTY = r"^(?:[A-Z]{3})?$"
SLUG_OR_EMPTY = r"^(?:" + SLUG[1:-1] + r")?$"
GLOBAL_ID = SLUG[:-1] + "#" + SLUG[1:]
ADDRESS = r"^" + SLUG[1:-1] + r"(?:/" + SLUG[1:-1] + r")?$"  # an instrument, or instrument/provision


def global_id(meeting: Meeting, item: Item) -> str:
    """A recommendation's id across the archive: '<meeting id>#<item id>', also its URL's tail."""
    return f"{meeting.id}#{item.id}"


def _ids(terms: Iterable[Term]) -> list[str]:
    return list(dict.fromkeys(term.id for term in terms))


def _roles(vocabularies: Vocabularies) -> Iterable[str]:
    return vocabularies.roles


# -- meetings.json -------------------------------------------------------------------------------

VENUE: Record[Meeting] = Record("venue", (
    Field("city", TEXT, "The city, as the report writes it.", lambda m: m.venue.city),
    Field("detail", TEXT, "The building or room, as the report gives it; empty when it does not.",
          lambda m: m.venue.detail),
    Field("country", ID, "The country's ISO 3166 alpha-3 code (see countries.json).",
          lambda m: m.venue.country.country.code, pattern=CODE),
    Field("country_name", TEXT, "The country's name as the archive shows it.", lambda m: m.venue.country.country.name),
    Field("country_as_written", TEXT, "The country's name as the report writes it.",
          lambda m: m.venue.country.written),
))

COUNTRY_TAKING_PART: Record[CountryParticipation] = Record("country", (
    Field("code", ID, "ISO 3166 alpha-3 code (see countries.json).", lambda c: c.mention.country.code, pattern=CODE),
    Field("name", TEXT, "The country's name as the archive shows it.", lambda c: c.mention.country.name),
    Field("as_written", TEXT, "The name as the report writes it.", lambda c: c.mention.written),
    Field("capacity", TEXT, "The capacity the report notes after the name, e.g. 'EU Presidency'; often empty.",
          lambda c: c.mention.capacity),
    Field("roles", IDS, "What it did at the meeting.", lambda c: _ids(c.roles), allowed=_roles),
    Field("agency", TEXT, "The ministry or agency it acted through, as the report writes it; often empty.",
          lambda c: c.agency),
))

ORGANISATION_TAKING_PART: Record[OrganisationParticipation] = Record("organisation", (
    Field("id", ID, "Organisation id (see organisations.json).", lambda o: o.mention.organisation.id, pattern=SLUG),
    Field("name", TEXT, "The organisation's full name as the archive gives it.", lambda o: o.mention.organisation.name),
    Field("as_written", TEXT, "The name as the report writes it.", lambda o: o.mention.written),
    Field("roles", IDS, "What it did at the meeting.", lambda o: _ids(o.roles), allowed=_roles),
))

PERSON: Record[Person] = Record("person", (
    Field("name", TEXT, "The person's name as the report writes it.", lambda p: p.name),
    Field("honorific", TEXT, "'H.E.', 'Dr' and the like, as the report writes it; often empty.",
          lambda p: p.honorific),
    Field("position", TEXT, "Their position as the report gives it; often empty.", lambda p: p.position),
    Field("role", ID, "The first of their roles (see roles).", lambda p: p.role.id, allowed=_roles),
    Field("roles", IDS, "Everything they did at the meeting: 'opened and co-chaired' is two roles.",
          lambda p: _ids(p.roles), allowed=_roles),
    Field("country", ID, "ISO 3166 alpha-3 code of the country they represented; empty when none is named.",
          lambda p: p.country.country.code if p.country else "", pattern=CODE_OR_EMPTY),
    Field("organisation", ID, "Id of the organisation they represented; empty when none is named.",
          lambda p: p.organisation.organisation.id if p.organisation else "", pattern=SLUG_OR_EMPTY),
))

SOURCE: Record[Source] = Record("source", (
    Field("id", ID, "The source's id within its meeting; items name their source by it.", lambda s: s.id,
          pattern=SLUG),
    Field("kind", ID, "What kind of document it is.", lambda s: s.kind.id, allowed=lambda v: v.source_kinds),
    Field("title", TEXT, "The document's own title.", lambda s: s.title),
    Field("publisher", TEXT, "Who published it, when the record names them; else empty.", lambda s: s.publisher),
    Field("date", TEXT, "Its date as precisely as it gives it (YYYY, YYYY-MM or YYYY-MM-DD); empty when unknown.",
          lambda s: s.issued),
    Field("language", TEXT, "Its language as an ISO 639-1 code; empty when the record does not say.",
          lambda s: s.language),
    Field("url", TEXT, "The original document online (https); empty when the record gives no address.",
          lambda s: s.url),
    Field("retrieved", TEXT, "The day the url was read (YYYY-MM-DD); empty without a url.",
          lambda s: s.retrieved.isoformat() if s.retrieved else ""),
    Field("coverage", ID, "'complete' when the text file holds the whole document, 'excerpt' when it holds part.",
          lambda s: "excerpt" if s.is_excerpt else "complete", allowed=lambda v: ("complete", "excerpt")),
    Field("missing", TEXT, "For an excerpt, what the text file leaves out; else empty.", lambda s: s.missing),
    Field("text_url", URL, "The document's text as plain UTF-8 text, as converted from the original document.",
          lambda s: urls.source_text(s)),
))

CITATIONS: Record[Meeting] = Record("citations", (
    Field("bibtex", URL, "A BibTeX entry for the meeting's report (key: the meeting id).",
          lambda m: urls.citations(m, "bib")),
    Field("csl_json", URL, "The same reference as CSL-JSON, the format Zotero, Pandoc and citeproc read.",
          lambda m: urls.citations(m, "csl.json")),
    Field("ris", URL, "The same reference as RIS, the format EndNote, Mendeley and RefWorks read.",
          lambda m: urls.citations(m, "ris")),
))

MEETING: Record[Meeting] = Record("meeting", (
    Field("id", ID, "The meeting's permanent id: start date, city and a short name.", lambda m: m.id, pattern=SLUG),
    Field("url", URL, "The meeting's page.", lambda m: urls.at(urls.meeting(m))),
    Field("permalink", URL, "The meeting's page as a full address when the site's address is configured "
          "(else the same as url).", lambda m: urls.at(urls.meeting(m)), absolute=True),
    Field("title", TEXT, "The meeting's title as the report gives it.", lambda m: m.title),
    Field("short_title", TEXT, "A short name for lists; empty when the title is short enough.",
          lambda m: m.short_title),
    Field("kind", ID, "What kind of meeting it was.", lambda m: m.kind.id, allowed=lambda v: v.meeting_kinds),
    Field("kind_label", TEXT, "The kind's name.", lambda m: m.kind.label),
    Field("start", DATE, "First day of the meeting.", lambda m: m.start.isoformat()),
    Field("end", DATE, "Last day of the meeting; the same as start for a one-day meeting.",
          lambda m: m.end.isoformat()),
    Field("year", INTEGER, "The year the meeting started.", lambda m: m.year),
    Field("venue", OBJECT, "Where the meeting took place.", lambda m: m, record=VENUE),
    Field("processes", IDS, "The intergovernmental processes the meeting belongs to (see processes.json).",
          lambda m: [p.id for p in m.processes], pattern=SLUG),
    Field("process_names", TEXTS, "Their short names, in the same order.",
          lambda m: [p.short_name for p in m.processes]),
    Field("summary", TEXT, "Who met, about what, and what came out of it, in the archive editors' words.",
          lambda m: m.summary),
    Field("participant_count", TEXT, "The number of participants as the report states it ('79', 'Over two "
          "hundred'); empty when it does not.", lambda m: m.participant_count),
    Field("participation_note", TEXT, "The report's own words on who took part, when it gives no full list; "
          "else empty.", lambda m: m.participation_note),
    Field("states_taking_part", TEXT, "How many states took part, in digits, where the report counts more "
          "states than it names (countries lists only those named); else empty.",
          lambda m: str(m.participation.states) if m.participation else ""),
    Field("states_described_as", TEXT, "The report's words for the states that took part, where it counts "
          "them ('the 57 OSCE participating States and 11 Partners for Co-operation'); else empty.",
          lambda m: m.participation.described_as if m.participation else ""),
    Field("countries", OBJECTS, "Every country the report says took part, hosted, chaired or presented, "
          "in the record's order.", lambda m: m.countries, record=COUNTRY_TAKING_PART),
    Field("organisations", OBJECTS, "Every organisation the report says took part, organised or presented.",
          lambda m: m.organisations, record=ORGANISATION_TAKING_PART),
    Field("people", OBJECTS, "People the report names, with what they did at the meeting.",
          lambda m: m.people, record=PERSON),
    Field("sources", OBJECTS, "The documents the meeting is known from, the main one first; each item names "
          "the one it is quoted from.", lambda m: m.sources, record=SOURCE),
    Field("items", IDS, "The meeting's items in report order, by global id (see recommendations.json).",
          lambda m: [global_id(m, item) for item in m.items], pattern=GLOBAL_ID),
    Field("citations", OBJECT, "Files to cite the report and its items with.", lambda m: m, record=CITATIONS),
))

# -- recommendations.json and .csv: flat, one row per item ----------------------------------------


def _of_facet(item: Item, facet: str) -> list[str]:
    return [t.id for t in item.themes if t.facet.id == facet]


RECOMMENDATION: Record[Mention] = Record("recommendation", (
    Field("id", ID, "Global id, '<meeting id>#<item id>': unique across the archive, and the tail of its URL.",
          lambda r: global_id(r.meeting, r.item), pattern=GLOBAL_ID),
    Field("meeting", ID, "The meeting's id (see meetings.json).", lambda r: r.meeting.id, pattern=SLUG),
    Field("item", ID, "The item's id within its meeting: its anchor on the meeting page.",
          lambda r: r.item.id, pattern=SLUG),
    Field("url", URL, "The item's permanent link, relative to the site.",
          lambda r: urls.at(urls.meeting(r.meeting), r.item.id)),
    Field("permalink", URL, "The item's permanent link as a full address when the site's address is configured "
          "(else the same as url).", lambda r: urls.at(urls.meeting(r.meeting), r.item.id), absolute=True),
    Field("kind", ID, "Recommendation, conclusion, commitment, finding, next step or statement.",
          lambda r: r.item.kind.id, allowed=lambda v: v.item_kinds),
    Field("kind_label", TEXT, "The kind's name.", lambda r: r.item.kind.label),
    Field("number", TEXT, "The paragraph number the source gives it; empty when the source does not number it.",
          lambda r: r.item.number),
    Field("page", TEXT, "The page of the source it is on, where the record gives it; else empty.",
          lambda r: r.item.page),
    Field("source", ID, "The id of the source it is quoted from (see sources in meetings.json).",
          lambda r: r.meeting.source_of(r.item).id, pattern=SLUG),
    Field("source_title", TEXT, "That source's own title.", lambda r: r.meeting.source_of(r.item).title),
    Field("source_url", TEXT, "That source online (https); empty when the record gives no address.",
          lambda r: r.meeting.source_of(r.item).url),
    Field("origin", ID, "Where its words come from: 'this-meeting', 'earlier-meeting' (the source quotes an "
          "earlier meeting) or 'after-meeting' (the source added it after the meeting).",
          lambda r: r.item.origin.kind if r.item.origin else "this-meeting",
          allowed=lambda v: ("this-meeting", *ORIGIN_KINDS)),
    Field("origin_meeting", TEXT, "For an earlier meeting in the archive, its id; else empty.",
          lambda r: r.item.origin.meeting if r.item.origin else ""),
    Field("origin_name", TEXT, "For an earlier meeting, its name (as the source gives it, or as the archive does); "
          "else empty.", lambda r: r.item.origin.name if r.item.origin else ""),
    Field("origin_date", TEXT, "For an earlier meeting, its date (YYYY, YYYY-MM or YYYY-MM-DD); else empty.",
          lambda r: r.item.origin.date if r.item.origin else ""),
    Field("origin_note", TEXT, "The editors' note on the origin; often empty.",
          lambda r: r.item.origin.note if r.item.origin else ""),
    Field("section", TEXT, "The heading or panel it sits under in the report; empty when none.",
          lambda r: r.item.section),
    Field("text", TEXT, "The item, word for word from the report.", lambda r: r.item.text),
    Field("themes", IDS, "The themes it is tagged with, of every facet (see themes.json).",
          lambda r: [t.id for t in r.item.themes], pattern=SLUG),
    Field("theme_labels", TEXTS, "Their names, in the same order.", lambda r: [t.label for t in r.item.themes]),
    Field("measures", IDS, "Of its themes, the measures (prevention, protection, prosecution, partnership).",
          lambda r: _of_facet(r.item, "measure"), pattern=SLUG),
    Field("exploitation", IDS, "Of its themes, the forms of exploitation it is about.",
          lambda r: _of_facet(r.item, "exploitation"), pattern=SLUG),
    Field("groups", IDS, "Of its themes, the groups of people it is about.",
          lambda r: _of_facet(r.item, "group"), pattern=SLUG),
    Field("lead", TEXT, "The report's words introducing the list it belongs to ('Concrete findings of the "
          "panel included:'); empty when none.", lambda r: r.item.lead),
    Field("next_steps", TEXTS, "Sentences of its text that agree a follow-up, when its kind is another: "
          "a conclusion that also proposes a working group.", lambda r: list(r.item.next_steps)),
    Field("instruments_named", IDS, "Ids of the instruments its text names, found from their names word for word "
          "(see instruments on the site).", lambda r: [n.instrument.id for n in r.item.names], pattern=SLUG),
    Field("instruments_addressed", IDS, "The provisions ('instrument/provision') or instruments an editor reads it "
          "as addressing: an editorial reading, not the report's.",
          lambda r: [a.key for a in r.item.addresses], pattern=ADDRESS),
    Field("countries", IDS, "ISO 3166 alpha-3 codes of the countries its text names.",
          lambda r: list(dict.fromkeys(c.country.code for c in r.item.countries)), pattern=CODE),
    Field("country_names", TEXTS, "Their names as the archive shows them, in the same order.",
          lambda r: list(dict.fromkeys(c.country.name for c in r.item.countries))),
    Field("organisations", IDS, "Ids of the organisations its text names.",
          lambda r: list(dict.fromkeys(o.organisation.id for o in r.item.organisations)), pattern=SLUG),
    Field("organisation_names", TEXTS, "Their full names, in the same order.",
          lambda r: list(dict.fromkeys(o.organisation.name for o in r.item.organisations))),
    Field("meeting_title", TEXT, "The meeting's title, repeated here for spreadsheets.", lambda r: r.meeting.title),
    Field("venue_city", TEXT, "The city the meeting took place in.", lambda r: r.meeting.venue.city),
    Field("venue_country", ID, "The ISO 3166 alpha-3 code of the country it took place in.",
          lambda r: r.meeting.venue.country.country.code, pattern=CODE),
    Field("venue_country_name", TEXT, "That country's name as the archive shows it.",
          lambda r: r.meeting.venue.country.country.name),
    Field("date", DATE, "The meeting's first day.", lambda r: r.meeting.start.isoformat()),
    Field("year", INTEGER, "The year the meeting started.", lambda r: r.meeting.year),
    Field("processes", IDS, "The meeting's processes (see processes.json).",
          lambda r: [p.id for p in r.meeting.processes], pattern=SLUG),
    Field("process_names", TEXTS, "Their short names, in the same order.",
          lambda r: [p.short_name for p in r.meeting.processes]),
))

# -- countries.json and organisations.json -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CountryEntry:
    country: Country
    appearances: tuple[Appearance, ...]  # oldest first


@dataclass(frozen=True, slots=True)
class OrganisationEntry:
    organisation: Organisation
    appearances: tuple[Appearance, ...]  # oldest first


APPEARANCE: Record[Appearance] = Record("appearance", (
    Field("meeting", ID, "The meeting's id.", lambda a: a.meeting.id, pattern=SLUG),
    Field("roles", IDS, "What it did at the meeting; empty when the meeting only names it.",
          lambda a: _ids(a.roles), allowed=_roles),
    Field("as_written", TEXTS, "How the report writes its name in the list of those taking part.",
          lambda a: list(dict.fromkeys(a.written))),
    Field("venue", BOOLEAN, "Whether the meeting took place in it (countries only; always false for organisations).",
          lambda a: a.venue),
    Field("items", IDS, "Global ids of the items whose text names it.",
          lambda a: [global_id(a.meeting, item) for item in a.items], pattern=GLOBAL_ID),
))

COUNTRY: Record[CountryEntry] = Record("country", (
    Field("code", ID, "ISO 3166-1 alpha-3 code; for a state that no longer exists, its former alpha-3 code.",
          lambda c: c.country.code, pattern=CODE),
    Field("alpha_2", TEXT, "ISO 3166-1 alpha-2 code; empty for a state that no longer exists.",
          lambda c: c.country.alpha_2),
    Field("name", TEXT, "The name the archive shows.", lambda c: c.country.name),
    Field("url", URL, "The country's page.", lambda c: urls.at(urls.country(c.country))),
    Field("existed", TEXT, "For a state that no longer exists, the years it existed ('2003–2006'); else empty.",
          lambda c: c.country.existed),
    Field("successors", IDS, "For a state that no longer exists, the codes of its successor states.",
          lambda c: list(c.country.successors), pattern=CODE),
    Field("note", TEXT, "For a state that no longer exists, a note on what it was; else empty.",
          lambda c: c.country.historic_note),
    Field("meetings", OBJECTS, "Every meeting it took part in, hosted, or is named by, oldest first.",
          lambda c: c.appearances, record=APPEARANCE),
))

ORGANISATION: Record[OrganisationEntry] = Record("organisation", (
    Field("id", ID, "The organisation's id.", lambda o: o.organisation.id, pattern=SLUG),
    Field("acronym", TEXT, "Its acronym, or its name when it has none.", lambda o: o.organisation.acronym),
    Field("name", TEXT, "Its full name.", lambda o: o.organisation.name),
    Field("kind", TEXT, "What kind of body it is, as the organisations vocabulary classes it.",
          lambda o: o.organisation.kind),
    Field("variants", TEXTS, "Other names reports use for it.", lambda o: list(o.organisation.variants)),
    Field("url", URL, "The organisation's page.", lambda o: urls.at(urls.organisation(o.organisation))),
    Field("meetings", OBJECTS, "Every meeting it took part in or is named by, oldest first.",
          lambda o: o.appearances, record=APPEARANCE),
))

# -- themes.json and processes.json --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ThemeEntry:
    theme: Theme
    mentions: tuple[Mention, ...]  # oldest meeting first, report order within a meeting


@dataclass(frozen=True, slots=True)
class ProcessEntry:
    process: Process
    meetings: tuple[Meeting, ...]  # oldest first


FACET: Record[Facet] = Record("facet", (
    Field("id", ID, "The facet's id: measure, exploitation or group.", lambda f: f.id, pattern=SLUG),
    Field("label", TEXT, "The facet's name.", lambda f: f.label),
))

GROUP: Record[ThemeGroup] = Record("group", (
    Field("id", ID, "The group's id: prevention, protection, prosecution or partnership for measures; "
          "one group for each other facet.", lambda g: g.id, pattern=SLUG),
    Field("label", TEXT, "The group's name.", lambda g: g.label),
    Field("description", TEXT, "What the group covers.", lambda g: g.description),
    Field("facet", OBJECT, "The facet the group belongs to.", lambda g: g.facet, record=FACET),
))

THEME: Record[ThemeEntry] = Record("theme", (
    Field("id", ID, "The theme's id.", lambda t: t.theme.id, pattern=SLUG),
    Field("label", TEXT, "The theme's name.", lambda t: t.theme.label),
    Field("description", TEXT, "What the theme covers.", lambda t: t.theme.description),
    Field("use_when", TEXT, "When an editor tags an item with it.", lambda t: t.theme.use_when),
    Field("not_when", TEXT, "Where its edge lies: when another theme is meant.", lambda t: t.theme.not_when),
    Field("group", OBJECT, "The group the theme belongs to.", lambda t: t.theme.group, record=GROUP),
    Field("url", URL, "The theme's page.", lambda t: urls.at(urls.theme(t.theme))),
    Field("items", IDS, "Global ids of the items tagged with it, oldest meeting first.",
          lambda t: [global_id(m.meeting, m.item) for m in t.mentions], pattern=GLOBAL_ID),
))

PROCESS: Record[ProcessEntry] = Record("process", (
    Field("id", ID, "The process's id.", lambda p: p.process.id, pattern=SLUG),
    Field("name", TEXT, "Its full name.", lambda p: p.process.name),
    Field("short_name", TEXT, "Its short name.", lambda p: p.process.short_name),
    Field("since", TEXT, "When it began, as the vocabulary gives it; may be empty.", lambda p: p.process.since),
    Field("region", TEXT, "The region it covers; may be empty.", lambda p: p.process.region),
    Field("description", TEXT, "What it is.", lambda p: p.process.description),
    Field("url", URL, "The process's page.", lambda p: urls.at(urls.process(p.process))),
    Field("meetings", IDS, "Ids of its meetings in the archive, oldest first.",
          lambda p: [m.id for m in p.meetings], pattern=SLUG),
))


# -- the files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One data file: its name, what it holds, its record and the rows in file order."""

    name: str  # 'meetings': the file is data/meetings.json, its records under "meetings"
    title: str
    description: str
    record: Record[Any]
    rows: Callable[[Archive], Iterable[Any]]  # the objects `record` reads, in file order


def _countries(archive: Archive) -> list[CountryEntry]:
    return [CountryEntry(country, tuple(reversed(archive.by_country.get(code, []))))
            for code, country in sorted(archive.countries.items())]


def _organisations(archive: Archive) -> list[OrganisationEntry]:
    return [OrganisationEntry(org, tuple(reversed(archive.by_organisation.get(org_id, []))))
            for org_id, org in sorted(archive.organisations.items())]


def _themes(archive: Archive) -> list[ThemeEntry]:
    """Each theme's items, oldest meeting first, in report order: one pass over the items."""
    on: dict[str, list[Mention]] = {theme_id: [] for theme_id in archive.vocabularies.themes}
    for mention in archive.items:
        for theme_id in dict.fromkeys(theme.id for theme in mention.item.themes):
            on[theme_id].append(mention)
    return [ThemeEntry(theme, tuple(on[theme_id])) for theme_id, theme in sorted(archive.vocabularies.themes.items())]


def _processes(archive: Archive) -> list[ProcessEntry]:
    return [ProcessEntry(process, tuple(m for m in archive.meetings if process in m.processes))
            for _, process in sorted(archive.vocabularies.processes.items())]


TABLES: tuple[Table, ...] = (
    Table("meetings", "Meetings", "Every meeting: when and where, who took part, the source report, and the "
          "ids of its items. Oldest first.", MEETING, lambda a: a.meetings),
    Table("recommendations", "Recommendations and other items", "Every item of every meeting, word for word: "
          "recommendations, conclusions, commitments, findings, next steps and statements. Oldest meeting "
          "first, in report order. The same rows as recommendations.csv.", RECOMMENDATION,
          lambda a: list(a.items)),
    Table("countries", "Countries", "Every country a meeting touches: as participant, host, venue, or named in "
          "an item, with the states that succeeded a former one. By code.", COUNTRY, _countries),
    Table("organisations", "Organisations", "Every organisation a meeting touches, by id.", ORGANISATION,
          _organisations),
    Table("themes", "Themes", "The theme vocabulary, with the items tagged with each theme. By id.", THEME,
          _themes),
    Table("processes", "Processes", "The intergovernmental processes, with their meetings. By id.", PROCESS,
          _processes),
)
