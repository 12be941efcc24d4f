"""What the search engine indexes: one record per item and one per page, built from the archive.

Records are made from the validated objects, not scraped from built HTML, so the search index
is the same whichever site generator renders the pages (MkDocs, ProperDocs or Zensical), and a
facet count always agrees with the records.

Facets are ids (theme id, ISO alpha-3, organiser id, year, kind id) so that a search URL stays
short and stable when a label is reworded; `facet_labels` gives the words to show for them.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from tiparchive import urls
from tiparchive.archive.facets import Facets
from tiparchive.archive.indexes import Archive
from tiparchive.records.labels import CONVENING_ROLES, date_range, item_label, origin_words
from tiparchive.records.model import Item, Meeting, Organisation
from tiparchive.search import terms as searchterms
from tiparchive.search.index import CONTEXT, NAMED
from tiparchive.search.terms import fold
from tiparchive.search.words import Words

__all__ = ["FACETS", "ITEM", "PAGE", "SearchRecord", "SearchRecords", "fold"]

# Facet names as they appear in URLs and in the index. The page (render/search.py) lays them out in
# its own reading order, checkboxes first and the year range apart.
FACETS = ("theme", "country", "organiser", "year", "kind", "instrument")


ITEM = "item"
PAGE = "page"


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One entry of the search index: what is matched, what is shown, and how it is filtered."""

    url: str  # site-relative, e.g. "meetings/2005-10-vienna/#conclusion-3"
    content: str  # the words the engine matches
    meta: dict[str, str]
    filters: dict[str, list[str]]
    # (meeting, position): meetings in date order, then the report's order of items within each.
    order: tuple[str, int] = ("", 0)
    kind: str = ITEM  # items and pages go to separate indexes: a facet never has to leave pages out
    # Words it should also answer to, one phrase a line, each with its weight (index.NAMED, CONTEXT ...).
    context: tuple[tuple[str, int], ...] = ()
    # The names of its meeting's participants, the same object for every item of a meeting (the index
    # counts it once per meeting), at the weight index.CONTEXT.
    shared: MeetingNames | None = None


@dataclass(frozen=True, slots=True)
class MeetingNames:
    """Names an item is found by because its meeting had them: `words`, one a line, and `pairs`, terms of
    two neighbouring stems ("bali process"), so that a name's common words find nothing alone."""

    words: tuple[str, ...]
    pairs: tuple[str, ...]


_WORD = re.compile(r"\w+")


def _meeting_order(meeting: Meeting) -> str:
    return f"{meeting.start.isoformat()} {meeting.id}"


class _Acronyms:
    """Finds organisations written in a text by name, variant or acronym, as whole words.

    Spellings are compared word by word from each word of the text, longest first: one regex
    alternating over every spelling took most of the time of making 256,000 item records.
    """

    def __init__(self, organisations: Iterable[Organisation]) -> None:
        self._starting: dict[str, list[tuple[tuple[str, ...], Organisation]]] = {}
        for org in organisations:
            for spelling in (org.name, org.acronym, *org.variants):
                words = tuple(_WORD.findall(spelling.casefold()))
                if words:
                    self._starting.setdefault(words[0], []).append((words, org))
        for candidates in self._starting.values():
            candidates.sort(key=lambda candidate: len(candidate[0]), reverse=True)

    def found(self, text: str) -> list[Organisation]:
        words = _WORD.findall(text.casefold())
        orgs: dict[Organisation, None] = {}
        at = 0
        while at < len(words):
            for spelling, org in self._starting.get(words[at], ()):
                if tuple(words[at:at + len(spelling)]) == spelling:
                    orgs.setdefault(org)
                    at += len(spelling) - 1
                    break
            at += 1
        return list(orgs)


def _extra_words(text: str, named: Iterable[Organisation], acronyms: _Acronyms) -> list[str]:
    """Names an item should also be found by: the acronym and full name of each organisation it names.

    "IOM" then finds an item that writes "International Organization for Migration". They follow
    the text, one per line so that no phrase runs from one into the next, and never change what a
    result shows. (Accents need nothing here: the index folds every word.)
    """
    extra: list[str] = []
    for org in dict.fromkeys([*named, *acronyms.found(text)]):
        extra += [org.acronym, org.name]
    return list(dict.fromkeys(extra))


def _shared_terms(entities: Iterable[Iterable[str]], words: Words) -> set[str]:
    """Stems and neighbouring pairs that the names of two or more things share ("united", "process",
    "trafficking in"): too common in names to find a meeting by, though the whole name still does."""
    seen: Counter[str] = Counter()
    for names in entities:
        held: set[str] = set()
        for name in names:
            stems = words.stems(searchterms.words(name))
            held.update(stems)
            held.update(searchterms.pair(a, b) for a, b in itertools.pairwise(stems))
        seen.update(held)
    return {term for term, count in seen.items() if count > 1}


class SearchRecords:
    """The archive as search records, with the labels the search page shows for each facet value."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        vocab = archive.vocabularies
        self._acronyms = _Acronyms(vocab.organisations.by_id.values())
        self.words = Words(vocab.glossary)  # how the index makes spellings and forms one
        # Meeting id -> (its countries, its organiser keys): the same for each of a meeting's items.
        self._per_meeting: dict[str, tuple[list[str], list[str]]] = {}
        self._names: dict[str, MeetingNames] = {}  # meeting id -> the names its items are found by
        # An organisation that is a process: one of its names is one of the process's.
        process_by_name = {fold(name).casefold(): p for p in vocab.processes.values()
                           for name in (p.name, p.short_name)}
        self._process_of = {o.id: process_by_name[name] for o in vocab.organisations.all
                            for name in (fold(n).casefold() for n in (o.acronym, o.name, *o.variants))
                            if name in process_by_name}
        process_names = {p.id: [p.name, p.short_name] for p in vocab.processes.values()}
        for org in vocab.organisations.all:
            if org.id in self._process_of:  # one body, not two that share a name
                process_names[self._process_of[org.id].id] += [org.name, *org.variants]
        self._common = _shared_terms(
            [*(vocab.countries.names(code) for code in archive.countries),
             *([o.name, *o.variants] for o in vocab.organisations.all if o.id not in self._process_of),
             *process_names.values()], self.words)

    def country_names(self, code: str) -> list[str]:
        """A country's names, and for a state that no longer exists its successors' ('Serbia' for
        Serbia and Montenegro): a search for a country today finds the meetings of its former state."""
        countries = self.archive.vocabularies.countries
        return [*countries.names(code), *(n for s in countries.by_code(code).successors for n in countries.names(s))]

    def _split(self, names: Iterable[str], words: list[str], pairs: list[str], *, whole: bool = False) -> None:
        """A one-word name as a word; of a longer name, the words and pairs no other name shares, or
        every pair when the name must be found `whole` (a process's short name, though an organisation
        may be called after it: "Budapest Process Secretariat")."""
        for name in names:
            found = searchterms.words(name)
            if len(found) == 1:
                words.append(name)
                continue
            stems = self.words.stems(found)
            words += [w for w, s in zip(found, stems, strict=True)
                      if w not in searchterms.STOP_WORDS and s not in self._common]
            pairs += [p for p in (searchterms.pair(a, b) for a, b in itertools.pairwise(stems))
                      if whole or p not in self._common]

    def meeting_names(self, meeting: Meeting) -> MeetingNames:
        """The names of the countries that took part or hosted, of the processes, and the acronyms of the
        organisations of a meeting. An organisation's full name is left out: its words ("Security and
        Co-operation in Europe") would make every item of its meetings match them."""
        names = self._names.get(meeting.id)
        if names is None:
            words: list[str] = []
            pairs: list[str] = []
            codes = dict.fromkeys([meeting.venue.country.country.code, *(c.mention.country.code
                                                                        for c in meeting.countries)])
            self._split([n for code in codes for n in self.country_names(code)], words, pairs)
            self._split([p.short_name for p in meeting.processes], words, pairs, whole=True)
            self._split([p.name for p in meeting.processes], words, pairs)
            words += [o.mention.organisation.acronym for o in meeting.organisations]
            names = self._names[meeting.id] = MeetingNames(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(pairs)))
        return names

    def organisers(self, meeting: Meeting) -> list[tuple[str, str]]:
        """(id, label) of the meeting's processes and of who convened it; an organisation that is a
        process under another name (EMN, the SPTF) is that process, so the filter offers it once."""
        found = [(f"process:{p.id}", p.short_name) for p in meeting.processes]
        for o in meeting.organisations:
            if any(r.id in CONVENING_ROLES for r in o.roles):
                org = o.mention.organisation
                process = self._process_of.get(org.id)
                found.append((f"process:{process.id}", process.short_name) if process
                             else (f"org:{org.id}", org.acronym))
        found += [(f"country:{c.mention.country.code}", c.mention.country.name)
                  for c in meeting.countries if any(r.id in CONVENING_ROLES for r in c.roles)]
        return list(dict.fromkeys(found))

    def item_filters(self, meeting: Meeting, item: Item) -> dict[str, list[str]]:
        shared = self._per_meeting.get(meeting.id)
        if shared is None:
            # The host is a country of the meeting too, whether or not the report lists it as taking part.
            shared = self._per_meeting[meeting.id] = (list(dict.fromkeys(
                [meeting.venue.country.country.code, *(c.mention.country.code for c in meeting.countries)])),
                                                      [key for key, _ in self.organisers(meeting)])
        countries, organisers = shared
        return {
            "theme": [t.id for t in item.themes],
            "country": list(dict.fromkeys([*countries, *(c.country.code for c in item.countries)])),
            "organiser": list(organisers),
            "year": [str(meeting.year)],
            # A conclusion that also agrees a follow-up is found among the next steps too.
            "kind": list(dict.fromkeys([item.kind.id, *(["next-step"] if item.next_steps else [])])),
            # Named or addressed alike: the result says which, and the instrument's page keeps them apart.
            "instrument": list(dict.fromkeys([*(n.instrument.id for n in item.names),
                                              *(a.instrument.id for a in item.addresses)])),
        }

    def item_record(self, meeting: Meeting, position: int, item: Item) -> SearchRecord:
        extra = _extra_words(item.text, (o.organisation for o in item.organisations), self._acronyms)
        extra += [name for c in item.countries for name in self.country_names(c.country.code)]
        # A result says where words that are not the meeting's own come from, as its page does.
        label = item_label(meeting, item) + (f" ({origin_words(item.origin)})" if item.origin else "")
        return SearchRecord(
            url=urls.at(urls.meeting(meeting), item.id),
            content=item.text,
            context=(*((words, NAMED) for words in dict.fromkeys(extra)),
                     *((theme.label, CONTEXT) for theme in item.themes)),
            shared=self.meeting_names(meeting),
            meta={
                "title": f"{label} · {meeting.name}",
                "text": item.text,
                "label": label,
                "meeting": meeting.name,
                "meeting_url": urls.at(urls.meeting(meeting)),
                "date": date_range(meeting.start, meeting.end),
                "place": f"{meeting.venue.city}, {meeting.venue.country.country.name}",
                "themes": "; ".join(t.label for t in item.themes),
            },
            filters=self.item_filters(meeting, item),
            order=(_meeting_order(meeting), position),
        )

    def _page(self, path: str, title: str, content: str, what: str) -> SearchRecord:
        return SearchRecord(url=urls.at(path), content=f"{title}\n{content}",
                            meta={"title": title, "what": what}, filters={}, kind=PAGE)

    def page_records(self) -> Iterator[SearchRecord]:
        """Meetings, countries, themes, organisations and processes, found by their names."""
        for meeting in self.archive.meetings:
            content = " ".join([meeting.title, meeting.summary, meeting.venue.city, str(meeting.year)])
            yield self._page(urls.meeting(meeting), meeting.name, content, "Meeting")
        for country in self.archive.countries.values():
            yield self._page(urls.country(country), country.name, country.code, "Country")
        for theme in self.archive.vocabularies.themes.values():
            yield self._page(urls.theme(theme), theme.label, theme.description, "Theme")
        for org in self.archive.organisations.values():
            yield self._page(urls.organisation(org), org.label, " ".join(org.variants), "Organisation")
        for process in self.archive.vocabularies.processes.values():
            yield self._page(urls.process(process), process.name, process.short_name, "Process")

    def __iter__(self) -> Iterator[SearchRecord]:
        for meeting in self.archive.meetings:
            for position, item in enumerate(meeting.items):
                yield self.item_record(meeting, position, item)
        yield from self.page_records()

    @cached_property
    def facet_counts(self) -> dict[str, dict[str, int]]:
        """Facet -> value -> how many items have it: what the search page shows before any search."""
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for meeting in self.archive.meetings:
            for item in meeting.items:
                for name, values in self.item_filters(meeting, item).items():
                    if name in counts:
                        for value in values:
                            counts[name][value] = counts[name].get(value, 0) + 1
        return counts

    @cached_property
    def facet_labels(self) -> dict[str, dict[str, str]]:
        """Facet -> value -> label, for every value some item has, in the order the page lists them."""
        vocab = self.archive.vocabularies
        used: dict[str, dict[str, str]] = {name: {} for name in FACETS}
        for meeting in self.archive.meetings:
            for key, label in self.organisers(meeting):
                used["organiser"][key] = label
            used["year"][str(meeting.year)] = str(meeting.year)
        for country in self.archive.countries.values():
            used["country"][country.code] = country.name
        used["theme"] = {t.id: t.label for t in vocab.themes.values()}
        used["kind"] = {k.id: k.label for k in vocab.item_kinds.values()}
        used["instrument"] = {i.id: i.short_name for i in vocab.instruments.all}
        used["organiser"] = dict(sorted(used["organiser"].items(), key=lambda pair: pair[1].casefold()))
        used["year"] = dict(sorted(used["year"].items(), reverse=True))
        return used

    @property
    def facets(self) -> Facets:
        return Facets(self.facet_labels, self.facet_counts)
