"""Turning one record's YAML tree into a `Meeting`, or into a list of problems.

The checks read like the rules an editor follows, and every problem names the field path
and the line it was written on. All problems of a record are collected before giving up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from .loading import Document, Node
from .model import (
    CountryMention,
    CountryParticipation,
    Item,
    Meeting,
    OrganisationMention,
    OrganisationParticipation,
    Person,
    Source,
    Term,
    Venue,
)
from .problems import Problem
from .sourcetext import first_difference, normalise
from .vocabularies import Vocabularies, nearest

T = TypeVar("T")
M = TypeVar("M", CountryMention, OrganisationMention)

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Anchors the meeting page uses itself; an item with one of these ids would steal its permalink.
RESERVED_ITEM_IDS = re.compile(r"^(participants|countries|organisations|people|outcomes|source-text|cite|section-\d+)$")
EARLIEST = date(1990, 1, 1)  # before the first modern anti-trafficking meetings
MAX_TEXT = 20_000  # characters in one field: a long paragraph is ~2,500
MAX_ITEMS = 1_000
MAX_LIST = 400  # countries, organisations or people in one record
MAX_THEMES = 4

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}

MEETING_FIELDS = {
    "id": True, "title": True, "short_title": False, "kind": True, "processes": True, "start": True,
    "end": True, "venue": True, "participant_count": False, "participation_note": False,
    "summary": True, "countries": False, "organisations": False, "people": False, "source": True,
    "items": True,
}
VENUE_FIELDS = {"city": True, "country": True, "detail": False}
PARTICIPANT_FIELDS = {"name": True, "roles": False}
PERSON_FIELDS = {"name": True, "honorific": False, "position": False, "role": True, "country": False,
                 "organisation": False}
SOURCE_FIELDS = {"title": True, "kind": True, "file": True, "publisher": False}
ITEM_FIELDS = {"id": True, "number": False, "kind": True, "section": False, "themes": True,
               "countries": False, "organisations": False, "text": True}


def _quoted_list(values: Mapping[str, object]) -> str:
    names = list(values)
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return shown


def participant_number(count: str) -> int | None:
    """The smallest number a participant count allows: '79' -> 79, 'Eighty officials' -> 80."""
    words = count.lower().replace("-", " ").split()
    for index, word in enumerate(words):
        if word.replace(",", "").isdigit():
            return int(word.replace(",", ""))
        if word in _NUMBER_WORDS:
            total = _NUMBER_WORDS[word]
            following = words[index + 1] if index + 1 < len(words) else ""
            if following == "hundred":
                total *= 100
            elif following in _NUMBER_WORDS and _NUMBER_WORDS[following] < 10:
                total += _NUMBER_WORDS[following]
            return total
    return None


class RecordChecker:
    """Checks one record. `problems` holds everything found; `meeting()` returns None if any."""

    def __init__(self, document: Document, vocabularies: Vocabularies, meetings_dir: Path,
                 today: date | None = None) -> None:
        self.document = document
        self.vocab = vocabularies
        self.meetings_dir = meetings_dir
        self.today = today or date.today()
        self.problems: list[Problem] = []

    # -- reporting --------------------------------------------------------------------------

    def problem(self, node: Node, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.document.shown_as, node.line, node.column, path, message, hint))

    # -- shapes -----------------------------------------------------------------------------

    def mapping(self, node: Node, path: str, fields: Mapping[str, bool]) -> dict[str, Node] | None:
        if not isinstance(node.value, dict):
            self.problem(node, path or "(top level)", f"must be a mapping of fields, not {node.kind}",
                         f"write fields as `name: value`, one per line ({', '.join(fields)})")
            return None
        for key, child in node.value.items():
            if key not in fields:
                guess = nearest(key, {k: k for k in fields})
                self.problem(child, f"{path}.{key}" if path else key, "is not a known field",
                             f"did you mean '{guess}'?" if guess else f"known fields: {', '.join(fields)}")
        for key, required in fields.items():
            if required and key not in node.value:
                self.problem(node, f"{path}.{key}" if path else key, "is required but missing",
                             f"add `{key}:` to {path or 'the record'}")
        return node.value

    def text(self, node: Node | None, path: str, limit: int = MAX_TEXT) -> str | None:
        if node is None:
            return None
        if node.value is None:
            self.problem(node, path, "is empty",
                         "write the value after the colon, or remove the field if it is optional")
            return None
        if not isinstance(node.value, str):
            self.problem(node, path, f"must be text, not {node.kind}",
                         "write the value on the same line after the colon, or as a `>-` block")
            return None
        value = node.value.strip()
        if not value:
            self.problem(node, path, "must not be empty or only spaces", "write the text, or remove the field")
            return None
        if len(value) > limit:
            self.problem(node, path, f"is {len(value):,} characters long; the limit is {limit:,}",
                         "keep only what the field is for; full documents belong in meetings/sources/")
            return None
        return value

    def optional_text(self, fields: Mapping[str, Node], key: str, path: str) -> str:
        node = fields.get(key)
        if node is None or node.value is None:
            return ""
        return self.text(node, path) or ""

    def items_of(self, node: Node | None, path: str, limit: int = MAX_LIST) -> list[Node]:
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.problem(node, path, f"must be a list, not {node.kind}",
                         "start each entry on its own line with '- ', or write [a, b]")
            return []
        if len(node.value) > limit:
            self.problem(node, path, f"has {len(node.value):,} entries; the limit is {limit:,}",
                         "split the record, or check that the list was not duplicated")
            return []
        return node.value

    def choice(self, node: Node | None, path: str, options: Mapping[str, T], what: str) -> T | None:
        value = self.text(node, path, limit=200)
        if value is None or node is None:
            return None
        if value in options:
            return options[value]
        guess = nearest(value, {k: k for k in options})
        hint = f"did you mean '{guess}'? " if guess else ""
        self.problem(node, path, f"must be one of the {what} ({_quoted_list(options)}): {value!r}",
                     f"{hint}the list is in meetings/vocabularies/")
        return None

    def date(self, node: Node | None, path: str) -> date | None:
        value = self.text(node, path, limit=40)
        if value is None or node is None:
            return None
        try:
            parsed = date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
        except ValueError:
            parsed = None
        if parsed is None:
            self.problem(node, path, f"must be a date written YYYY-MM-DD: {value!r}",
                         "for example 2005-10-24")
            return None
        if parsed < EARLIEST:
            self.problem(node, path, f"{value} is before {EARLIEST.year}, earlier than any meeting this "
                         "archive covers", "check the year")
            return None
        if parsed > self.today + timedelta(days=366):
            self.problem(node, path, f"{value} is more than a year from today",
                         "records are for meetings that took place; check the year")
            return None
        return parsed

    def _named(self, node: Node, path: str, what: str, resolve: Callable[[str], M | None],
               suggest: Callable[[str], str | None], fix: str) -> M | None:
        value = self.text(node, path, limit=300)
        if value is None:
            return None
        mention = resolve(value)
        if mention is None:
            guess = suggest(value)
            self.problem(node, path, f"unknown {what} {value!r}", (f"did you mean {guess}? " if guess else "") + fix)
        return mention

    def country(self, node: Node, path: str) -> CountryMention | None:
        countries = self.vocab.countries
        return self._named(node, path, "country", countries.resolve, countries.suggest,
                           "if the spelling is right, add it under `aliases` in meetings/vocabularies/countries.yml")

    def organisation(self, node: Node, path: str) -> OrganisationMention | None:
        organisations = self.vocab.organisations
        return self._named(node, path, "organisation", organisations.resolve, organisations.suggest,
                           "add the organisation, or this spelling under its `variants`, in "
                           "meetings/vocabularies/organisations.yml")

    def each(self, node: Node | None, path: str, read: Callable[[Node, str], T | None],
             limit: int = MAX_LIST) -> tuple[T, ...]:
        results = []
        for index, child in enumerate(self.items_of(node, path, limit)):
            value = read(child, f"{path}[{index}]")
            if value is not None:
                results.append(value)
        return tuple(results)

    # -- record parts -------------------------------------------------------------------------

    def roles(self, node: Node | None, path: str) -> tuple[Term, ...]:
        if node is None:
            return (self.vocab.roles["participant"],)
        roles = self.each(node, path, lambda n, p: self.choice(n, p, self.vocab.roles, "roles"))
        if node.value in (None, []):
            self.problem(node, path, "must list at least one role", "for example [participant]")
        return roles

    def country_participation(self, node: Node, path: str) -> CountryParticipation | None:
        fields = self.mapping(node, path, PARTICIPANT_FIELDS)
        if fields is None or "name" not in fields:
            return None
        mention = self.country(fields["name"], f"{path}.name")
        roles = self.roles(fields.get("roles"), f"{path}.roles")
        return CountryParticipation(mention, roles) if mention and roles else None

    def organisation_participation(self, node: Node, path: str) -> OrganisationParticipation | None:
        fields = self.mapping(node, path, PARTICIPANT_FIELDS)
        if fields is None or "name" not in fields:
            return None
        mention = self.organisation(fields["name"], f"{path}.name")
        roles = self.roles(fields.get("roles"), f"{path}.roles")
        return OrganisationParticipation(mention, roles) if mention and roles else None

    def person(self, node: Node, path: str) -> Person | None:
        fields = self.mapping(node, path, PERSON_FIELDS)
        if fields is None:
            return None
        name = self.text(fields.get("name"), f"{path}.name", limit=300)
        position = self.optional_text(fields, "position", f"{path}.position")
        role = self.choice(fields.get("role"), f"{path}.role", self.vocab.roles, "roles")
        country = organisation = None
        if fields.get("country") and fields["country"].value is not None:
            country = self.country(fields["country"], f"{path}.country")
        if fields.get("organisation") and fields["organisation"].value is not None:
            organisation = self.organisation(fields["organisation"], f"{path}.organisation")
        if not (name and role):
            return None
        return Person(name, position, role, self.optional_text(fields, "honorific", f"{path}.honorific"),
                      country, organisation)

    def venue(self, node: Node | None, path: str) -> Venue | None:
        fields = self.mapping(node, path, VENUE_FIELDS) if node else None
        if fields is None:
            return None
        city = self.text(fields.get("city"), f"{path}.city", limit=200)
        country = self.country(fields["country"], f"{path}.country") if "country" in fields else None
        detail = self.optional_text(fields, "detail", f"{path}.detail")
        return Venue(city, country, detail) if city and country else None

    def source(self, node: Node | None, path: str, meeting_id: str | None) -> Source | None:
        fields = self.mapping(node, path, SOURCE_FIELDS) if node else None
        if fields is None:
            return None
        title = self.text(fields.get("title"), f"{path}.title", limit=1000)
        kind = self.choice(fields.get("kind"), f"{path}.kind", self.vocab.source_kinds, "source kinds")
        file = self.text(fields.get("file"), f"{path}.file", limit=300)
        publisher = self.optional_text(fields, "publisher", f"{path}.publisher")
        text = None
        if file and meeting_id:
            expected = f"sources/{meeting_id}.txt"
            if file != expected:
                self.problem(fields["file"], f"{path}.file", f"must be {expected!r}, not {file!r}",
                             "put the report's text in meetings/sources/, named after the meeting id")
            else:
                try:
                    text = (self.meetings_dir / file).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as error:
                    self.problem(fields["file"], f"{path}.file", f"cannot be read: {error}",
                                 f"add the report's full text as meetings/{expected} (UTF-8)")
                if text is not None and not text.strip():
                    self.problem(fields["file"], f"{path}.file", f"meetings/{expected} is empty",
                                 "paste the report's full text into it")
                    text = None
        if not (title and kind and file and text is not None):
            return None
        return Source(title, kind, file, text, publisher)

    def item(self, node: Node, path: str) -> Item | None:
        fields = self.mapping(node, path, ITEM_FIELDS)
        if fields is None:
            return None
        item_id = self.text(fields.get("id"), f"{path}.id", limit=80)
        if item_id and not ID_PATTERN.match(item_id):
            self.problem(fields["id"], f"{path}.id", f"must be lower-case letters, digits and hyphens: "
                         f"{item_id!r}", "for example para-7 or panel-2-3")
            item_id = None
        elif item_id and RESERVED_ITEM_IDS.match(item_id):
            self.problem(fields["id"], f"{path}.id", f"{item_id!r} is an anchor the meeting page already uses",
                         "choose another id, for example para-7 or panel-2-3")
            item_id = None
        kind = self.choice(fields.get("kind"), f"{path}.kind", self.vocab.item_kinds, "item kinds")
        text = self.text(fields.get("text"), f"{path}.text")
        themes = self.each(fields.get("themes"), f"{path}.themes",
                           lambda n, p: self.choice(n, p, self.vocab.themes, "themes"))
        theme_node = fields.get("themes")
        if theme_node is not None and isinstance(theme_node.value, list):
            count = len(theme_node.value)
            if count == 0 or count > MAX_THEMES:
                self.problem(theme_node, f"{path}.themes", f"must list 1 to {MAX_THEMES} themes, not {count}",
                             "tag only what the item is about; see meetings/vocabularies/themes.yml")
            if len({t.id for t in themes}) < len(themes):
                self.problem(theme_node, f"{path}.themes", "lists the same theme twice", "remove the repeat")
        countries = self.each(fields.get("countries"), f"{path}.countries", self.country)
        organisations = self.each(fields.get("organisations"), f"{path}.organisations", self.organisation)
        number = self.optional_text(fields, "number", f"{path}.number")
        section = self.optional_text(fields, "section", f"{path}.section")
        if not (item_id and kind and text and themes):
            return None
        return Item(item_id, kind, text, themes, number, section, countries, organisations)

    # -- the record -------------------------------------------------------------------------

    def meeting(self) -> Meeting | None:
        root = self.document.root
        fields = self.mapping(root, "", MEETING_FIELDS)
        if fields is None:
            return None
        expected_id = self.document.path.stem
        meeting_id = self.text(fields.get("id"), "id", limit=120)
        if meeting_id is not None and (meeting_id != expected_id or not ID_PATTERN.match(meeting_id)):
            if not ID_PATTERN.match(meeting_id):
                self.problem(fields["id"], "id", f"must be lower-case letters, digits and hyphens: "
                             f"{meeting_id!r}", "for example 2005-10-24-vienna-joint-meeting")
            else:
                self.problem(fields["id"], "id", f"must equal the file name {expected_id!r}, not "
                             f"{meeting_id!r}", f"rename the file to {meeting_id}.yml or change the id")
            meeting_id = None
        title = self.text(fields.get("title"), "title", limit=500)
        short_title = self.optional_text(fields, "short_title", "short_title")
        kind = self.choice(fields.get("kind"), "kind", self.vocab.meeting_kinds, "meeting kinds")
        processes = self.each(fields.get("processes"), "processes",
                              lambda n, p: self.choice(n, p, self.vocab.processes, "processes"))
        process_node = fields.get("processes")
        if process_node is not None and process_node.value in (None, []):
            self.problem(process_node, "processes", "must list at least one process",
                         f"one of: {', '.join(self.vocab.processes)}")
        start = self.date(fields.get("start"), "start")
        end = self.date(fields.get("end"), "end")
        if start and end and end < start:
            self.problem(fields["end"], "end", f"{end} is before the start date {start}",
                         "swap the two dates, or check the month")
        venue = self.venue(fields.get("venue"), "venue")
        count = self.optional_text(fields, "participant_count", "participant_count")
        note = self.optional_text(fields, "participation_note", "participation_note")
        summary = self.text(fields.get("summary"), "summary", limit=3000)
        country_nodes = self.items_of(fields.get("countries"), "countries")
        countries_at = {i: self.country_participation(n, f"countries[{i}]") for i, n in enumerate(country_nodes)}
        countries = tuple(c for c in countries_at.values() if c is not None)
        organisation_nodes = self.items_of(fields.get("organisations"), "organisations")
        organisations_at = {i: self.organisation_participation(n, f"organisations[{i}]")
                            for i, n in enumerate(organisation_nodes)}
        organisations = tuple(o for o in organisations_at.values() if o is not None)
        people = self.each(fields.get("people"), "people", self.person)
        source = self.source(fields.get("source"), "source", meeting_id)
        item_nodes = self.items_of(fields.get("items"), "items", MAX_ITEMS)
        checked = {index: self.item(node, f"items[{index}]") for index, node in enumerate(item_nodes)}
        items = tuple(item for item in checked.values() if item is not None)

        self.check_unique(country_nodes, "countries", "country",
                          {i: c.mention.country.code for i, c in countries_at.items() if c})
        self.check_unique(organisation_nodes, "organisations", "organisation",
                          {i: o.mention.organisation.id for i, o in organisations_at.items() if o})
        self.check_items(fields.get("items"), item_nodes, checked, source)
        self.check_count(fields, count, countries)

        if self.problems:
            return None
        assert meeting_id and title and kind and start and end and venue and summary and source
        return Meeting(
            id=meeting_id, path=self.document.path, title=title, kind=kind, processes=processes,
            start=start, end=end, venue=venue, summary=summary, source=source, items=items,
            short_title=short_title, participant_count=count, participation_note=note,
            countries=countries, organisations=organisations, people=people,
        )

    def check_unique(self, nodes: list[Node], key: str, what: str, values: Mapping[int, str]) -> None:
        seen: set[str] = set()
        for index, value in values.items():
            if value in seen:
                self.problem(nodes[index], f"{key}[{index}]", f"lists the same {what} twice ({value})",
                             "list it once, with all its roles")
            seen.add(value)

    def check_items(self, node: Node | None, nodes: list[Node], checked: Mapping[int, Item | None],
                    source: Source | None) -> None:
        if node is not None and node.value in (None, []):
            self.problem(node, "items", "must list at least one item",
                         "add the report's recommendations, conclusions and next steps")
        seen: dict[str, int] = {}
        normalised_source = normalise(source.text) if source else ""
        for index, child in enumerate(nodes):
            item = checked.get(index)
            if item is None:
                continue
            if item.id in seen:
                assert isinstance(child.value, dict)
                self.problem(child.value["id"], f"items[{index}].id",
                             f"{item.id!r} is already used by items[{seen[item.id]}]",
                             "give every item its own id; never reuse one")
            else:
                seen[item.id] = index
            if source and normalise(item.text) not in normalised_source:
                assert isinstance(child.value, dict)
                self.not_in_source(child.value["text"], f"items[{index}].text", item.text, source)

    def not_in_source(self, node: Node, path: str, text: str, source: Source) -> None:
        """Says where the text leaves its source, so that an editor finds one curly quote in a long
        paragraph; the search runs only for a text that failed, once."""
        where = f"meetings/{source.file}"
        allowed = "only conversion markup (**, *, <sup>, [link](#)) and line breaks may differ"
        difference = first_difference(text, source.text)
        if difference is None:
            self.problem(node, path, f"does not occur word for word in {where}",
                         f"no passage of it begins or ends like this text: check that it was copied from "
                         f"this source; {allowed}")
            return
        self.problem(node, path, f"does not occur word for word in {where}: {difference.describe()}",
                     f"the closest passage starts on line {difference.line} of {where}; copy the text "
                     f"exactly from there; {allowed}")

    def check_count(self, fields: Mapping[str, Node], count: str,
                    countries: tuple[CountryParticipation, ...]) -> None:
        number = participant_number(count) if count else None
        taking_part = sum(1 for c in countries if any(r.id != "observer" for r in c.roles))
        if number is not None and number < taking_part:
            self.problem(fields["participant_count"], "participant_count",
                         f"says {count!r}, fewer people than the {taking_part} countries listed as taking part",
                         "check the count against the report, or the list of countries")
