"""The archive's data model: what a meeting record means once it has been checked.

Everything here is immutable and fully resolved: a country is an ISO entry, not a string,
and a theme is a vocabulary entry, not an id. Renderers and indexes only ever see these
objects, so no page can be built from a record that failed validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Facet:
    """One question a theme answers about an item: which measure, which form of exploitation, which group."""

    id: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class ThemeGroup:
    id: str
    label: str
    description: str
    facet: Facet


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    label: str
    description: str
    group: ThemeGroup
    use_when: str = ""
    not_when: str = ""

    @property
    def facet(self) -> Facet:
        return self.group.facet

    @property
    def place(self) -> str:
        """Where it sits: 'Measures › Protection', or just 'Forms of exploitation' for a one-group facet."""
        facet, group = self.group.facet.label, self.group.label
        return facet if facet == group else f"{facet} › {group}"


@dataclass(frozen=True, slots=True)
class Frame:
    """A document the theme vocabulary follows, cited where the vocabulary is shown."""

    id: str
    citation: str
    used_for: str


@dataclass(frozen=True, slots=True)
class Term:
    """An entry of one of the small fixed lists (meeting kinds, item kinds, roles, ...)."""

    id: str
    label: str
    description: str = ""
    applies_to: tuple[str, ...] = ()  # roles only: countries, organisations, people; empty: anyone


@dataclass(frozen=True, slots=True)
class Provision:
    """An article, chapter or target of an instrument; `id` is unique within its instrument."""

    id: str
    label: str  # as the instrument numbers it: "Article 6", "Target 8.7"
    title: str


@dataclass(frozen=True, slots=True)
class Instrument:
    """A treaty, plan, set of goals or declaration that items name or address."""

    id: str
    short_name: str
    name: str
    kind: str
    body: str
    adopted: str  # YYYY, YYYY-MM or YYYY-MM-DD; empty when the vocabulary does not give it
    aliases: tuple[str, ...]
    provisions: tuple[Provision, ...] = ()

    def provision(self, provision_id: str) -> Provision | None:
        return next((p for p in self.provisions if p.id == provision_id), None)


@dataclass(frozen=True, slots=True)
class Address:
    """An editor's reading that an item addresses an instrument, or one of its provisions."""

    instrument: Instrument
    provision: Provision | None = None

    @property
    def key(self) -> str:
        """As records write it: 'un-tip-protocol/art-6', or the instrument id alone."""
        return f"{self.instrument.id}/{self.provision.id}" if self.provision else self.instrument.id

    @property
    def label(self) -> str:
        return f"{self.instrument.short_name}, {self.provision.label}" if self.provision else self.instrument.short_name


@dataclass(frozen=True, slots=True)
class Naming:
    """An instrument an item's text names, found from its aliases: `alias` is the text's own words."""

    instrument: Instrument
    alias: str


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A term of the field: its name, its acronym and the other ways reports write the same thing."""

    term: str
    definition: str
    acronym: str = ""
    also: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way of writing it, the term first: a search for any one finds the others."""
        return (self.term, *((self.acronym,) if self.acronym else ()), *self.also)


@dataclass(frozen=True, slots=True)
class Glossary:
    """How researchers write words the records write otherwise (glossary.yml): one search finds both."""

    spellings: tuple[tuple[str, str], ...] = ()  # (British, American), whole words: labour, labor
    endings: tuple[tuple[str, str], ...] = ()  # (British, American) endings of any word: isation, ization
    forms: tuple[tuple[str, ...], ...] = ()  # forms of one word that the stemmer keeps apart: child, children
    terms: tuple[GlossaryTerm, ...] = ()


@dataclass(frozen=True, slots=True)
class Process:
    id: str
    name: str
    short_name: str
    since: str
    region: str
    description: str


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    acronym: str
    name: str
    kind: str
    variants: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name if self.acronym == self.name else f"{self.name} ({self.acronym})"


@dataclass(frozen=True, slots=True)
class Country:
    """A country as ISO 3166 knows it, or a state that no longer exists (ISO 3166-3)."""

    code: str  # ISO 3166-1 alpha-3, or the ISO 3166-3 alpha-3 of a former state
    name: str
    slug: str
    alpha_2: str = ""
    historic_note: str = ""
    existed: str = ""
    successors: tuple[str, ...] = ()

    @property
    def is_historic(self) -> bool:
        return bool(self.existed)


@dataclass(frozen=True, slots=True)
class CountryMention:
    """A country as one report writes it, with its normalised entry."""

    written: str
    country: Country
    capacity: str = ""  # "EU Presidency" in "United Kingdom (EU Presidency)"

    @property
    def shown(self) -> str:
        """What readers see: the canonical name, never a code or an old spelling ("AUS", "Turkey")."""
        return f"{self.country.name} ({self.capacity})" if self.capacity else self.country.name


@dataclass(frozen=True, slots=True)
class OrganisationMention:
    written: str
    organisation: Organisation

    @property
    def shown(self) -> str:
        """What readers see: the organisation's own name, whatever variant the report wrote; its
        own acronym stays short where the report used it."""
        org = self.organisation
        return org.acronym if self.written.strip() == org.acronym else org.label


@dataclass(frozen=True, slots=True)
class CountryParticipation:
    mention: CountryMention
    roles: tuple[Term, ...]
    agency: str = ""  # the ministry or agency it acted through, as the report writes it


@dataclass(frozen=True, slots=True)
class OrganisationParticipation:
    mention: OrganisationMention
    roles: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    position: str
    roles: tuple[Term, ...]  # at least one; "opened and co-chaired" is two
    honorific: str = ""
    country: CountryMention | None = None
    organisation: OrganisationMention | None = None

    @property
    def role(self) -> Term:
        """The first role the record gives: what one-role lists and tables show."""
        return self.roles[0]


@dataclass(frozen=True, slots=True)
class Venue:
    city: str
    country: CountryMention
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """One document a meeting is known from: a report, a statement, a press release, ..."""

    id: str  # unique within its meeting; items name their source by it
    title: str
    kind: Term
    file: str  # relative to the meetings folder
    text: str
    publisher: str = ""
    issued: str = ""  # its date: YYYY, YYYY-MM or YYYY-MM-DD, as precisely as it gives it
    language: str = ""  # ISO 639-1 code
    language_name: str = ""  # 'English', for readers who do not know the codes
    url: str = ""  # the original online (https), when the editor knows it
    retrieved: date | None = None  # when the url was read
    missing: str = ""  # for an excerpt: what the file leaves out; empty when the file is complete

    @property
    def is_excerpt(self) -> bool:
        return bool(self.missing)


# Where an item's words come from, when not from the meeting itself. "this meeting" is the default
# and has no entry: the item then carries no origin.
ORIGIN_KINDS = {
    "earlier-meeting": "Quoted from an earlier meeting",
    "after-meeting": "Added after the meeting",
}


@dataclass(frozen=True, slots=True)
class Origin:
    """An item that the source reports but that is not this meeting's own outcome."""

    kind: str  # a key of ORIGIN_KINDS
    meeting: str = ""  # for earlier-meeting: a meeting id in the archive, or else
    name: str = ""  # the earlier meeting's name as the source gives it,
    date: str = ""  # and its date, YYYY, YYYY-MM or YYYY-MM-DD
    note: str = ""  # the editor's note on how the source presents it

    @property
    def label(self) -> str:
        return ORIGIN_KINDS[self.kind]


@dataclass(frozen=True, slots=True)
class Item:
    """One recommendation, conclusion, commitment, finding, next step or statement."""

    id: str
    kind: Term
    text: str
    themes: tuple[Theme, ...]
    number: str = ""
    section: str = ""
    countries: tuple[CountryMention, ...] = ()
    organisations: tuple[OrganisationMention, ...] = ()
    source: str = ""  # the id of its source; empty for the meeting's first source
    page: str = ""  # the page of the source it is on, where the source numbers pages
    origin: Origin | None = None  # None: the meeting's own words
    names: tuple[Naming, ...] = ()  # instruments its text names, found automatically
    addresses: tuple[Address, ...] = ()  # provisions an editor judges it to address
    next_steps: tuple[str, ...] = ()  # sentences of its text that agree a follow-up, word for word
    lead: str = ""  # the report's words introducing the list it belongs to: "Concrete findings ... included:"


def taking_part(countries: tuple[CountryParticipation, ...]) -> int:
    """How many of a meeting's listed countries took part: an observer did not."""
    return sum(1 for c in countries if any(role.id != "observer" for role in c.roles))


@dataclass(frozen=True, slots=True)
class Participation:
    """How many states took part, as the report counts them, where it names fewer of them (or none):
    'the 57 OSCE participating States and 11 Partners for Co-operation' is 68 states, four named."""

    states: int
    described_as: str  # the report's words for them as a group, word for word from the main source


@dataclass(frozen=True, slots=True)
class Meeting:
    id: str
    path: Path
    title: str
    kind: Term
    processes: tuple[Process, ...]
    start: date
    end: date
    venue: Venue
    summary: str
    sources: tuple[Source, ...]  # at least one; the first is the main one
    items: tuple[Item, ...]
    short_title: str = ""
    participant_count: str = ""
    participation_note: str = ""
    participation: Participation | None = None
    countries: tuple[CountryParticipation, ...] = ()
    organisations: tuple[OrganisationParticipation, ...] = ()
    people: tuple[Person, ...] = field(default=())

    @property
    def name(self) -> str:
        """The name menus and lists show: the short title where there is one."""
        return self.short_title or self.title

    @property
    def states_named(self) -> int:
        """The countries the report names as taking part: fewer than took part, where it gives a count."""
        return taking_part(self.countries)

    @property
    def source(self) -> Source:
        """The main source: the one citations name and items default to."""
        return self.sources[0]

    def source_of(self, item: Item) -> Source:
        return next((s for s in self.sources if s.id == item.source), self.sources[0])

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def sections(self) -> tuple[tuple[str, tuple[Item, ...]], ...]:
        """Items grouped by the heading they sit under, in report order."""
        order: dict[str, list[Item]] = {}
        for item in self.items:
            order.setdefault(item.section, []).append(item)
        return tuple((name, tuple(items)) for name, items in order.items())
