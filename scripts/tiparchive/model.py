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
class ThemeGroup:
    id: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    label: str
    description: str
    group: ThemeGroup


@dataclass(frozen=True, slots=True)
class Term:
    """An entry of one of the small fixed lists (meeting kinds, item kinds, roles, ...)."""

    id: str
    label: str
    description: str = ""


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


@dataclass(frozen=True, slots=True)
class OrganisationParticipation:
    mention: OrganisationMention
    roles: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    position: str
    role: Term
    honorific: str = ""
    country: CountryMention | None = None
    organisation: OrganisationMention | None = None


@dataclass(frozen=True, slots=True)
class Venue:
    city: str
    country: CountryMention
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    kind: Term
    file: str  # relative to the meetings folder
    text: str
    publisher: str = ""


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
    source: Source
    items: tuple[Item, ...]
    short_title: str = ""
    participant_count: str = ""
    participation_note: str = ""
    countries: tuple[CountryParticipation, ...] = ()
    organisations: tuple[OrganisationParticipation, ...] = ()
    people: tuple[Person, ...] = field(default=())

    @property
    def name(self) -> str:
        """The name menus and lists show: the short title where there is one."""
        return self.short_title or self.title

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
