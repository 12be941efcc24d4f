"""Indexes over all meetings: who took part where, what was said on each theme, and when.

Built once from the validated meetings; every page that lists meetings or items reads
from here, so a country page and a meeting page can never disagree about a link.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from tiparchive.records.check import check_records
from tiparchive.records.model import Country, Item, Meeting, Organisation, Term, Theme
from tiparchive.records.problems import RecordsInvalid
from tiparchive.records.vocabularies import Vocabularies, load_vocabularies


@dataclass(frozen=True, slots=True)
class Appearance:
    """One meeting as seen from a country or organisation page."""

    meeting: Meeting
    roles: tuple[Term, ...]  # empty when the meeting only names it
    written: tuple[str, ...]  # how the report wrote the name
    items: tuple[Item, ...]  # items that name it
    venue: bool = False  # the meeting took place in this country


@dataclass(frozen=True, slots=True)
class Mention:
    meeting: Meeting
    item: Item


@dataclass(frozen=True, slots=True)
class InstrumentLinks:
    """The two kinds of link to one instrument, newest meeting first, kept apart."""

    named: list[Mention]  # the item's text names it (found from the aliases, checked)
    addressed: list[Mention]  # an editor's reading: the item addresses it or one of its provisions

    @property
    def all(self) -> list[Mention]:
        """Each item once, whichever way it is linked, in the order of `named` then `addressed`."""
        seen: dict[tuple[str, str], Mention] = {}
        for mention in [*self.named, *self.addressed]:
            seen.setdefault((mention.meeting.id, mention.item.id), mention)
        return sorted(seen.values(), key=lambda m: (m.meeting.start, m.meeting.id), reverse=True)


def _newest_first(meetings: Iterable[Meeting]) -> list[Meeting]:
    return sorted(meetings, key=lambda m: (m.start, m.id), reverse=True)


class Archive:
    """All meetings, oldest first, with the indexes the pages need."""

    def __init__(self, meetings: Iterable[Meeting], vocabularies: Vocabularies) -> None:
        self.meetings = tuple(sorted(meetings, key=lambda m: (m.start, m.id)))
        self.vocabularies = vocabularies

    @property
    def items(self) -> Iterable[Mention]:
        for meeting in self.meetings:
            for item in meeting.items:
                yield Mention(meeting, item)

    @cached_property
    def by_year(self) -> dict[int, list[Meeting]]:
        years: dict[int, list[Meeting]] = defaultdict(list)
        for meeting in self.meetings:
            years[meeting.year].append(meeting)
        return dict(sorted(years.items()))

    @cached_property
    def by_theme(self) -> dict[str, list[Mention]]:
        """Theme id -> items on it, newest meeting first, in report order within a meeting."""
        themes: dict[str, list[Mention]] = {theme: [] for theme in self.vocabularies.themes}
        for meeting in _newest_first(self.meetings):
            for item in meeting.items:
                for theme in item.themes:
                    themes[theme.id].append(Mention(meeting, item))
        return themes

    @cached_property
    def by_instrument(self) -> dict[str, InstrumentLinks]:
        """Instrument id -> the items that name it and those an editor reads as addressing it."""
        links = {i: InstrumentLinks([], []) for i in self.vocabularies.instruments.by_id}
        for meeting in _newest_first(self.meetings):
            for item in meeting.items:
                for naming in item.names:
                    links[naming.instrument.id].named.append(Mention(meeting, item))
                for instrument_id in dict.fromkeys(a.instrument.id for a in item.addresses):
                    links[instrument_id].addressed.append(Mention(meeting, item))
        return links

    @cached_property
    def by_provision(self) -> dict[str, list[Mention]]:
        """'un-tip-protocol/art-6' -> items an editor reads as addressing that provision, newest first."""
        provisions: dict[str, list[Mention]] = {
            f"{i.id}/{p.id}": [] for i in self.vocabularies.instruments.all for p in i.provisions}
        for meeting in _newest_first(self.meetings):
            for item in meeting.items:
                for address in item.addresses:
                    if address.provision:
                        provisions[address.key].append(Mention(meeting, item))
        return provisions

    @cached_property
    def by_process(self) -> dict[str, list[Meeting]]:
        processes: dict[str, list[Meeting]] = defaultdict(list)
        for meeting in _newest_first(self.meetings):
            for process in meeting.processes:
                processes[process.id].append(meeting)
        return dict(processes)

    @cached_property
    def countries(self) -> dict[str, Country]:
        """Every country any meeting touches (participants, venues, people, items), by code, by name."""
        lookup = self.vocabularies.countries.by_code
        found = {code: lookup(code) for code in self.by_country}
        # A former state's page links to its successors, so they need pages too.
        for country in list(found.values()):
            for code in country.successors:
                found.setdefault(code, lookup(code))
        return dict(sorted(found.items(), key=lambda pair: pair[1].name))

    def _appearances(
        self,
        participations: Callable[[Meeting], Iterable[tuple[str, str, tuple[Term, ...]]]],
        named: Callable[[Item], Iterable[str]],
        people: Callable[[Meeting], Iterable[str]],
        venue: Callable[[Meeting], str],
    ) -> dict[str, list[Appearance]]:
        """Key -> every meeting it took part in, hosted, is named by or had someone at, newest first."""
        pages: dict[str, list[Appearance]] = defaultdict(list)
        for meeting in _newest_first(self.meetings):
            roles: dict[str, list[Term]] = defaultdict(list)
            written: dict[str, list[str]] = defaultdict(list)
            items: dict[str, list[Item]] = defaultdict(list)
            for key, text, terms in participations(meeting):
                roles[key].extend(terms)
                written[key].append(text)
            for item in meeting.items:
                for key in dict.fromkeys(named(item)):
                    items[key].append(item)
            here = venue(meeting)
            for key in {*roles, *items, *people(meeting), *([here] if here else [])}:
                pages[key].append(Appearance(meeting, tuple(roles[key]), tuple(written[key]),
                                             tuple(items[key]), venue=key == here))
        return dict(pages)

    @cached_property
    def by_country(self) -> dict[str, list[Appearance]]:
        return self._appearances(
            lambda m: ((p.mention.country.code, p.mention.written, p.roles) for p in m.countries),
            lambda item: (c.country.code for c in item.countries),
            lambda m: (p.country.country.code for p in m.people if p.country),
            lambda m: m.venue.country.country.code,
        )

    @cached_property
    def organisations(self) -> dict[str, Organisation]:
        """Every organisation any meeting touches, by id, sorted by name."""
        lookup = self.vocabularies.organisations.by_id
        return dict(sorted(((org_id, lookup[org_id]) for org_id in self.by_organisation),
                           key=lambda pair: pair[1].name.casefold()))

    @cached_property
    def by_organisation(self) -> dict[str, list[Appearance]]:
        return self._appearances(
            lambda m: ((p.mention.organisation.id, p.mention.written, p.roles) for p in m.organisations),
            lambda item: (o.organisation.id for o in item.organisations),
            lambda m: (p.organisation.organisation.id for p in m.people if p.organisation),
            lambda m: "",
        )

    def theme(self, theme_id: str) -> Theme:
        return self.vocabularies.themes[theme_id]

    @property
    def years(self) -> tuple[int, int]:
        return (self.meetings[0].year, self.meetings[-1].year) if self.meetings else (0, 0)


def load_archive(root: Path, today: date | None = None) -> Archive:
    """The validated, indexed archive; raises `RecordsInvalid` listing every problem."""
    meetings, problems = check_records(root, today)
    if problems:
        raise RecordsInvalid(problems)
    return Archive(meetings, load_vocabularies(root))
