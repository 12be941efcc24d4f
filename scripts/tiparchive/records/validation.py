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
from urllib.parse import urlsplit

import pycountry

from tiparchive import urls
from tiparchive.records.loading import Document, Node, read_bytes_within, unsafe_character
from tiparchive.records.model import (
    ORIGIN_KINDS,
    Address,
    CountryMention,
    CountryParticipation,
    Item,
    Meeting,
    OrganisationMention,
    OrganisationParticipation,
    Origin,
    Participation,
    Person,
    Source,
    Term,
    Venue,
    taking_part,
)
from tiparchive.records.problems import Problem
from tiparchive.records.sourcetext import Quotations, first_difference, normalise
from tiparchive.records.vocabularies import Vocabularies, nearest

T = TypeVar("T")
M = TypeVar("M", CountryMention, OrganisationMention)

EARLIEST = date(1990, 1, 1)  # before the first modern anti-trafficking meetings
MAX_TEXT = 20_000  # characters in one field: a long paragraph is ~2,500
MAX_ITEMS = 1_000
MAX_LIST = 400  # countries, organisations or people in one record
# About 600 pages of text; the largest real source is ~15 KB. An item found nowhere is searched
# for in the whole source (linear in it), so this bounds the verbatim check: 1,000 items that
# are not in a 2 MB source take about a second (scripts/bench_limits.py).
MAX_SOURCE_BYTES = 2_000_000

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}

MEETING_FIELDS = {
    "id": True, "title": True, "short_title": False, "kind": True, "processes": True, "start": True,
    "end": True, "venue": True, "participant_count": False, "participation_note": False,
    "participation": False, "summary": True, "countries": False, "organisations": False, "people": False,
    "sources": True, "items": True,
}
# Fields a record may still carry from an older format, with how to rewrite them.
RETIRED_FIELDS = {  # old name -> (the field that replaced it, message, hint)
    "source": ("sources", "is the old single-source field; a record now lists its documents under sources:",
               "rename `source:` to `sources:`, begin its fields with `  - id: report` (a short name for "
               "the document), indent the others by two more spaces and add `coverage: complete`; "
               "see 'Sources' in CONTRIBUTING.md"),
}
VENUE_FIELDS = {"city": True, "country": True, "detail": False}
PARTICIPATION_FIELDS = {"states": True, "described_as": True}
MAX_STATES = 250  # more than there are states, so a typo of a digit too many is caught
PARTICIPANT_FIELDS = {"name": True, "roles": False}
COUNTRY_FIELDS = {**PARTICIPANT_FIELDS, "agency": False}  # only a state acts through a ministry or agency
# Roles one holder cannot have together: it chaired alone or with others, never both.
EXCLUSIVE_ROLES = (("chair", "co-chair"), ("process-chair", "process-co-chair"))
PERSON_FIELDS = {"name": True, "honorific": False, "position": False, "role": True, "country": False,
                 "organisation": False}
SOURCE_FIELDS = {"id": True, "kind": True, "title": True, "publisher": False, "date": False, "language": False,
                 "url": False, "retrieved": False, "coverage": True, "missing": False, "file": True}
COVERAGE = {"complete": "the file holds the whole document",
            "excerpt": "the file holds part of it; `missing` says what is left out"}
ITEM_FIELDS = {"id": True, "source": False, "number": False, "page": False, "kind": True, "section": False,
               "origin": False, "themes": True, "countries": False, "organisations": False, "addresses": False,
               "next_steps": False, "lead": False, "text": True}
ORIGIN_FIELDS = {"kind": True, "meeting": False, "name": False, "date": False, "note": False}
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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
                 today: date | None = None, known_meetings: frozenset[str] = frozenset()) -> None:
        self.document = document
        self.vocab = vocabularies
        self.meetings_dir = meetings_dir
        self.today = today or date.today()
        self.known_meetings = known_meetings  # ids of every record in the archive, valid or not
        self.problems: list[Problem] = []
        self.written_source_ids: list[str] = []
        # (field path, node, meeting id) of each origin naming a meeting of the archive: whether that
        # meeting is earlier can only be checked once every record is read (archive.check_records).
        self.origin_meetings: list[tuple[str, Node, str]] = []

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
            if not path and key in RETIRED_FIELDS:
                # At the key, which is what the editor renames, not at the first line of its value.
                self.problems.append(Problem(self.document.shown_as, child.key_line or child.line, 1, key,
                                             *RETIRED_FIELDS[key][1:]))
            elif key not in fields:
                guess = nearest(key, {k: k for k in fields})
                self.problem(child, f"{path}.{key}" if path else key, "is not a known field",
                             f"did you mean '{guess}'?" if guess else f"known fields: {', '.join(fields)}")
        # A retired field is reported once, as itself, not again as its replacement missing.
        replaced = {new for old, (new, _, _) in RETIRED_FIELDS.items() if not path and old in node.value}
        for key, required in fields.items():
            if required and key not in node.value and key not in replaced:
                self.problem(node, f"{path}.{key}" if path else key, "is required but missing",
                             f"add `{key}:` to {path or 'the record'}")
        return node.value

    def text(self, node: Node | None, path: str, limit: int = MAX_TEXT, prose: bool = True) -> str | None:
        """The field's text, stripped. `prose` is free text, where an unquoted ` #` loses words."""
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
        if prose and node.comment:
            self.problem(node, path, f"was cut short: YAML read an unquoted ' #' as the start of a comment and "
                         f"left out {node.comment!r}",
                         "put the whole text in double quotes; to add a note instead, write two spaces, then '# '")
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

    def choice(self, node: Node | None, path: str, options: Mapping[str, T], what: str,
               renamed: Mapping[str, str] | None = None,
               where: str = "the list is in meetings/vocabularies/") -> T | None:
        value = self.text(node, path, limit=200, prose=False)
        if value is None or node is None:
            return None
        if value in options:
            return options[value]
        guess = nearest(value, {k: k for k in options})
        hint = f"did you mean '{guess}'? " if guess else ""
        if renamed and value in renamed:
            hint = f"{value!r} is now written {renamed[value]!r}; "
        self.problem(node, path, f"must be one of the {what} ({_quoted_list(options)}): {value!r}", hint + where)
        return None

    def date(self, node: Node | None, path: str) -> date | None:
        value = self.text(node, path, limit=40, prose=False)
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

    def partial_date(self, node: Node | None, path: str) -> str:
        """A date as precisely as a document gives it: 2003, 2003-12 or 2003-12-10; optional."""
        value = self.text(node, path, limit=40, prose=False) if node is not None and node.value is not None else None
        if value is None or node is None:
            return ""
        match = PARTIAL_DATE.match(value)
        year, month, day = (int(part) if part else 1 for part in match.groups()) if match else (0, 0, 0)
        try:
            parsed = date(year, month, day) if match else None
        except ValueError:
            parsed = None
        if parsed is None or year < 1900:
            self.problem(node, path, f"must be a date written YYYY-MM-DD, YYYY-MM or YYYY: {value!r}",
                         "as precisely as the document gives it, for example 2003-12 for December 2003")
            return ""
        if parsed > self.today:
            self.problem(node, path, f"{value} is after today", "check the year")
            return ""
        return value

    def url(self, node: Node | None, path: str) -> str:
        value = self.text(node, path, limit=2000, prose=False) if node is not None and node.value is not None else None
        if value is None or node is None:
            return ""
        parts = urlsplit(value) if value.isprintable() and " " not in value else None
        if parts is None or parts.scheme != "https" or not parts.hostname:
            self.problem(node, path, f"must be an https:// address: {value!r}",
                         "copy the address of the original document from the browser's address bar; only "
                         "https addresses are published, and a document with none has no url")
            return ""
        return value

    def language(self, node: Node | None, path: str) -> tuple[str, str]:
        """(code, English name) of an ISO 639-1 language code; optional."""
        value = self.text(node, path, limit=40, prose=False) if node is not None and node.value is not None else None
        if value is None or node is None:
            return "", ""
        entry = pycountry.languages.get(alpha_2=value) if re.fullmatch(r"[a-z]{2}", value) else None
        if entry is None:
            try:
                named = pycountry.languages.lookup(value)
            except LookupError:
                named = None
            code = getattr(named, "alpha_2", "") if named else ""
            self.problem(node, path, f"must be a two-letter ISO 639-1 language code: {value!r}",
                         f"did you mean '{code}'?" if code else "for example en, fr, ru or id")
            return "", ""
        return value, str(entry.name)

    def _named(self, node: Node, path: str, what: str, resolve: Callable[[str], M | None],
               suggest: Callable[[str], str | None], fix: str) -> M | None:
        value = self.text(node, path, limit=300, prose=False)
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

    def roles(self, node: Node | None, path: str, holders: str) -> tuple[Term, ...]:
        """The roles of one country, organisation or person (`holders` names which list)."""
        if node is None:
            return (self.vocab.roles["participant"],)
        roles: dict[str, Term] = {}
        for index, child in enumerate(self.items_of(node, path)):
            role = self.role(child, f"{path}[{index}]", holders)
            if role and role.id in roles:
                self.problem(child, f"{path}[{index}]", f"lists the role {role.id!r} twice", "list each role once")
            elif role:
                roles[role.id] = role
        for alone, shared in EXCLUSIVE_ROLES:
            if alone in roles and shared in roles:
                self.problem(node, path, f"lists both {alone!r} and {shared!r}",
                             f"keep {shared!r} when the report names another who chaired with it, else {alone!r}")
        if node.value in (None, []):
            self.problem(node, path, "must list at least one role", "for example [participant]")
        return tuple(roles.values())

    def role(self, node: Node, path: str, holders: str) -> Term | None:
        role = self.choice(node, path, self.vocab.roles, "roles")
        if role is None:
            return None
        if role.applies_to and holders not in role.applies_to:
            fitting = [r.id for r in self.vocab.roles.values() if not r.applies_to or holders in r.applies_to]
            self.problem(node, path, f"{role.id!r} is a role of {' and '.join(role.applies_to)}, not of {holders}",
                         f"roles {holders} can hold: {', '.join(fitting)}")
            return None
        return role

    def country_participation(self, node: Node, path: str) -> CountryParticipation | None:
        fields = self.mapping(node, path, COUNTRY_FIELDS)
        if fields is None or "name" not in fields:
            return None
        mention = self.country(fields["name"], f"{path}.name")
        roles = self.roles(fields.get("roles"), f"{path}.roles", "countries")
        agency = self.optional_text(fields, "agency", f"{path}.agency")
        return CountryParticipation(mention, roles, agency) if mention and roles else None

    def organisation_participation(self, node: Node, path: str) -> OrganisationParticipation | None:
        fields = self.mapping(node, path, PARTICIPANT_FIELDS)
        if fields is None or "name" not in fields:
            return None
        mention = self.organisation(fields["name"], f"{path}.name")
        roles = self.roles(fields.get("roles"), f"{path}.roles", "organisations")
        return OrganisationParticipation(mention, roles) if mention and roles else None

    def person(self, node: Node, path: str) -> Person | None:
        fields = self.mapping(node, path, PERSON_FIELDS)
        if fields is None:
            return None
        name = self.text(fields.get("name"), f"{path}.name", limit=300)
        position = self.optional_text(fields, "position", f"{path}.position")
        role_node = fields.get("role")
        roles: tuple[Term, ...] = ()
        if role_node is not None and isinstance(role_node.value, list):  # `role: [presenter, co-chair]`
            roles = self.roles(role_node, f"{path}.role", "people")
        elif role_node is not None:
            role = self.role(role_node, f"{path}.role", "people")
            roles = (role,) if role else ()
        country = organisation = None
        if fields.get("country") and fields["country"].value is not None:
            country = self.country(fields["country"], f"{path}.country")
        if fields.get("organisation") and fields["organisation"].value is not None:
            organisation = self.organisation(fields["organisation"], f"{path}.organisation")
        if not (name and roles):
            return None
        return Person(name, position, roles, self.optional_text(fields, "honorific", f"{path}.honorific"),
                      country, organisation)

    def venue(self, node: Node | None, path: str) -> Venue | None:
        fields = self.mapping(node, path, VENUE_FIELDS) if node else None
        if fields is None:
            return None
        city = self.text(fields.get("city"), f"{path}.city", limit=200)
        country = self.country(fields["country"], f"{path}.country") if "country" in fields else None
        detail = self.optional_text(fields, "detail", f"{path}.detail")
        return Venue(city, country, detail) if city and country else None

    def anchor_id(self, fields: Mapping[str, Node], path: str, taken: re.Pattern[str], why: str,
                  examples: str) -> str | None:
        """An id that becomes an anchor on the meeting page (`urls`): the id pattern, and not one of `taken`."""
        value = self.text(fields.get("id"), f"{path}.id", limit=80, prose=False)
        if value and not urls.ID_PATTERN.match(value):
            self.problem(fields["id"], f"{path}.id", f"must be lower-case letters, digits and hyphens: {value!r}",
                         f"for example {examples}")
            return None
        if value and taken.match(value):
            self.problem(fields["id"], f"{path}.id", f"{value!r} {why}", f"choose another id, for example {examples}")
            return None
        return value

    def source(self, node: Node, path: str, meeting_id: str | None) -> Source | None:
        fields = self.mapping(node, path, SOURCE_FIELDS)
        if fields is None:
            return None
        source_id = self.anchor_id(fields, path, urls.RESERVED_SOURCE_IDS, "would take an anchor the meeting page uses",
                                   "report, statement or press-release")
        kind = self.choice(fields.get("kind"), f"{path}.kind", self.vocab.source_kinds, "source kinds",
                           renamed=self.vocab.former_source_kinds)
        title = self.text(fields.get("title"), f"{path}.title", limit=1000)
        publisher = self.optional_text(fields, "publisher", f"{path}.publisher")
        issued = self.partial_date(fields.get("date"), f"{path}.date")
        language, language_name = self.language(fields.get("language"), f"{path}.language")
        url = self.url(fields.get("url"), f"{path}.url")
        retrieved = (self.date(fields["retrieved"], f"{path}.retrieved")
                     if fields.get("retrieved") and fields["retrieved"].value is not None else None)
        if retrieved and retrieved > self.today:
            self.problem(fields["retrieved"], f"{path}.retrieved", f"{retrieved} is after today",
                         "write the day you opened the address")
            retrieved = None
        if url and retrieved is None and not self.problems_at(f"{path}.retrieved"):
            self.problem(fields["url"], f"{path}.retrieved", "is required when url is given",
                         "add `retrieved: YYYY-MM-DD`, the day you opened the address")
        coverage = self.choice(fields.get("coverage"), f"{path}.coverage", {k: k for k in COVERAGE}, "coverage values",
                               where="complete when the text file holds the whole document; excerpt, with "
                                     "`missing:`, when it holds part")
        missing = self.optional_text(fields, "missing", f"{path}.missing")
        if coverage == "excerpt" and not missing:
            self.problem(fields["coverage"], f"{path}.missing", "is required when coverage is excerpt",
                         "say what the file leaves out, for example `missing: the annexes and the list of "
                         "participants`")
        if coverage == "complete" and missing:
            self.problem(fields["missing"], f"{path}.missing", "is only for an excerpt, but coverage is complete",
                         "remove `missing`, or write `coverage: excerpt`")
        file = self.text(fields.get("file"), f"{path}.file", limit=300, prose=False)
        text = self.source_text(fields["file"], f"{path}.file", file, meeting_id, source_id) if file else None
        if not (source_id and title and kind and coverage and file and text is not None):
            return None
        return Source(source_id, title, kind, file, text, publisher, issued, language, language_name, url,
                      retrieved, missing if coverage == "excerpt" else "")

    def source_text(self, node: Node, path: str, file: str, meeting_id: str | None,
                    source_id: str | None) -> str | None:
        """The source's text, from a file named after the meeting (and the source, when there are several),
        if it is a regular file in meetings/ of allowed size, UTF-8 and clean."""
        if not (meeting_id and source_id):
            return None
        # '--' cannot occur in an id, so no meeting's file can be taken for another meeting's.
        allowed = (f"sources/{meeting_id}.txt", f"sources/{meeting_id}--{source_id}.txt")
        if file not in allowed:
            self.problem(node, path, f"must be {allowed[0]!r} or {allowed[1]!r}, not {file!r}",
                         "put the document's text in meetings/sources/, named after the meeting id (and "
                         "the source id, when the meeting has several sources)")
            return None
        raw, refused = read_bytes_within(self.meetings_dir / file, self.meetings_dir, MAX_SOURCE_BYTES)
        if raw is None:
            hint = ("a source this large is not one report; keep only the report's own text"
                    if "bytes; the limit" in refused else "replace it with a copy of the report's text itself"
                    if "regular files" in refused else f"add the report's full text as meetings/{file} (UTF-8)")
            self.problem(node, path, f"meetings/{file} {refused}", hint)
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            self.problem(node, path, f"meetings/{file} cannot be read: {error}",
                         f"save meetings/{file} with the UTF-8 encoding")
            return None
        if not text.strip():
            self.problem(node, path, f"meetings/{file} is empty", "paste the report's full text into it")
            return None
        found = unsafe_character(text, allowed="\n\t\r")
        if found is not None:
            index, rule, hint = found
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            self.problems.append(Problem(f"meetings/{file}", line, column, "", rule, hint))
            return None
        return text

    def sources(self, node: Node | None, meeting_id: str | None) -> tuple[Source, ...]:
        nodes = self.items_of(node, "sources", limit=50)
        if node is not None and not nodes and node.value in (None, []):
            self.problem(node, "sources", "must list at least one source",
                         "the report, statement or press release the items are copied from")
        found = [self.source(child, f"sources[{index}]", meeting_id) for index, child in enumerate(nodes)]
        seen: dict[str, int] = {}
        for index, source in enumerate(found):
            if source is None:
                continue
            entry = nodes[index].value
            if source.id in seen and isinstance(entry, dict):
                self.problem(entry["id"], f"sources[{index}].id",
                             f"{source.id!r} is already used by sources[{seen[source.id]}]",
                             "give every source its own id")
            seen.setdefault(source.id, index)
        # Ids as written, good or not, so that an item naming a source with a problem of its own
        # is not also reported as naming an unknown one.
        self.written_source_ids = [child.value["id"].value for child in nodes if isinstance(child.value, dict)
                                   and "id" in child.value and isinstance(child.value["id"].value, str)]
        return tuple(s for s in found if s is not None)

    def origin(self, node: Node | None, path: str, meeting_id: str | None) -> Origin | None:
        if node is None:
            return None
        fields = self.mapping(node, path, ORIGIN_FIELDS)
        if fields is None:
            return None
        kind = self.choice(fields.get("kind"), f"{path}.kind", {k: k for k in ORIGIN_KINDS}, "origins",
                           where="earlier-meeting when the source quotes an earlier meeting, after-meeting when "
                                 "it added the text after the meeting; no origin for the meeting's own outcomes")
        meeting = (self.text(fields.get("meeting"), f"{path}.meeting", limit=120, prose=False)
                   if "meeting" in fields else None)
        name = self.optional_text(fields, "name", f"{path}.name")
        when = self.partial_date(fields.get("date"), f"{path}.date")
        note = self.optional_text(fields, "note", f"{path}.note")
        if kind == "after-meeting":
            for key in ("meeting", "name", "date"):
                if key in fields:
                    self.problem(fields[key], f"{path}.{key}", "is only for an item quoted from an earlier meeting",
                                 "remove it; say in `note` what the source adds after the meeting, if anything")
        elif kind == "earlier-meeting":
            if meeting and ("name" in fields or "date" in fields):
                self.problem(fields["meeting"], f"{path}.meeting", "names a meeting of the archive, so name and "
                             "date are not needed", "keep `meeting`, or remove it and keep name and date")
            elif meeting and meeting not in self.known_meetings:
                guess = nearest(meeting, {k: k for k in self.known_meetings})
                self.problem(fields["meeting"], f"{path}.meeting", f"is not a meeting of the archive: {meeting!r}",
                             (f"did you mean '{guess}'? " if guess else "") + "write the id of a record in "
                             "meetings/, or give the meeting's `name` and `date` instead")
                meeting = None
            elif meeting and meeting == meeting_id:
                self.problem(fields["meeting"], f"{path}.meeting", "names this meeting itself",
                             "an item of this meeting needs no origin")
                meeting = None
            elif "meeting" not in fields and not (name and when):
                missing = "date" if name else "name" if when else "meeting"
                self.problem(node, f"{path}.{missing}", "is required for an item quoted from an earlier meeting",
                             "write `meeting:` with the id of a record in meetings/, or the meeting's `name` and "
                             "`date` as the source gives them")
        if not kind or self.problems_at(path):
            return None
        if meeting:
            self.origin_meetings.append((f"{path}.meeting", fields["meeting"], meeting))
        return Origin(kind, meeting or "", name, when, note)

    def problems_at(self, path: str) -> bool:
        return any(p.field == path or p.field.startswith(path + ".") for p in self.problems)

    def item(self, node: Node, path: str, meeting_id: str | None = None) -> Item | None:
        fields = self.mapping(node, path, ITEM_FIELDS)
        if fields is None:
            return None
        item_id = self.anchor_id(fields, path, urls.MEETING_ANCHORS, "is an anchor the meeting page already uses",
                                 "para-7 or panel-2-3")
        kind = self.choice(fields.get("kind"), f"{path}.kind", self.vocab.item_kinds, "item kinds")
        text = self.text(fields.get("text"), f"{path}.text")
        themes = self.each(fields.get("themes"), f"{path}.themes",
                           lambda n, p: self.choice(n, p, self.vocab.themes, "themes"))
        theme_node = fields.get("themes")
        if theme_node is not None and isinstance(theme_node.value, list):
            count = len(theme_node.value)
            # No upper bound: a paragraph about five things is tagged with five (the tagging guide
            # in CONTRIBUTING.md says how many is usual); repeats are refused below, so the theme
            # vocabulary bounds the list.
            if count == 0:
                self.problem(theme_node, f"{path}.themes", "must list at least one theme",
                             "tag what the item is about; see meetings/vocabularies/themes.yml")
            if len({t.id for t in themes}) < len(themes):
                self.problem(theme_node, f"{path}.themes", "lists the same theme twice", "remove the repeat")
        countries = self.each(fields.get("countries"), f"{path}.countries", self.country)
        organisations = self.each(fields.get("organisations"), f"{path}.organisations", self.organisation)
        number = self.optional_text(fields, "number", f"{path}.number")
        page = self.optional_text(fields, "page", f"{path}.page")
        section = self.optional_text(fields, "section", f"{path}.section")
        source = self.optional_text(fields, "source", f"{path}.source")
        origin = self.origin(fields.get("origin"), f"{path}.origin", meeting_id)
        if not (item_id and kind and text and themes) or (origin is None and "origin" in fields):
            return None
        addresses = self.each(fields.get("addresses"), f"{path}.addresses", self.address)
        if len({a.key for a in addresses}) < len(addresses):
            self.problem(fields["addresses"], f"{path}.addresses", "lists the same provision twice",
                         "remove the repeat")
        names = self.vocab.instruments.named_in(text)
        next_steps = self.each(fields.get("next_steps"), f"{path}.next_steps",
                               lambda n, p: self.next_step(n, p, text or ""))
        lead = self.optional_text(fields, "lead", f"{path}.lead")
        return Item(item_id, kind, text, themes, number, section, countries, organisations, source, page, origin,
                    names, addresses, next_steps, lead)

    def next_step(self, node: Node, path: str, text: str) -> str | None:
        """A sentence of the item that agrees a follow-up: it must be the item's own words."""
        value = self.text(node, path, limit=MAX_TEXT)
        if value is None or not text:
            return None
        if normalise(value) not in normalise(text):
            self.problem(node, path, f"is not part of the item's text: {value[:80]!r}",
                         "copy the sentence word for word from the item's `text`")
            return None
        return " ".join(value.split())

    def address(self, node: Node, path: str) -> Address | None:
        """An editor's reading that the item addresses a provision ('un-tip-protocol/art-6')."""
        instruments = self.vocab.instruments
        value = self.text(node, path, limit=200, prose=False)
        if value is None:
            return None
        found = instruments.resolve(value)
        if found is None:
            keys = instruments.keys()
            guess = nearest(value, {k: k for k in keys})
            instrument = instruments.by_id.get(value.partition("/")[0])
            if instrument and instrument.provisions:
                message = f"{instrument.id!r} has no provision {value.partition('/')[2]!r}"
                hint = f"its provisions: {', '.join(p.id for p in instrument.provisions)}"
            elif instrument:
                message, hint = f"{instrument.id!r} lists no provisions", f"write {instrument.id!r} alone"
            else:
                message = f"must be an instrument or provision of meetings/vocabularies/instruments.yml: {value!r}"
                hint = (f"did you mean '{guess}'?" if guess
                        else "write instrument/provision, e.g. un-tip-protocol/art-6")
            self.problem(node, path, message, hint)
        return found

    # -- the record -------------------------------------------------------------------------

    def meeting(self) -> Meeting | None:
        root = self.document.root
        fields = self.mapping(root, "", MEETING_FIELDS)
        if fields is None:
            return None
        expected_id = self.document.path.stem
        meeting_id = self.text(fields.get("id"), "id", limit=120, prose=False)
        if meeting_id is not None and (meeting_id != expected_id or not urls.ID_PATTERN.match(meeting_id)):
            if not urls.ID_PATTERN.match(meeting_id):
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
        sources = self.sources(fields.get("sources"), meeting_id)
        item_nodes = self.items_of(fields.get("items"), "items", MAX_ITEMS)
        checked = {index: self.item(node, f"items[{index}]", meeting_id) for index, node in enumerate(item_nodes)}
        items = tuple(item for item in checked.values() if item is not None)

        self.check_unique(country_nodes, "countries", "country",
                          {i: c.mention.country.code for i, c in countries_at.items() if c})
        self.check_unique(organisation_nodes, "organisations", "organisation",
                          {i: o.mention.organisation.id for i, o in organisations_at.items() if o})
        self.check_items(fields.get("items"), item_nodes, checked, sources)
        self.check_count(fields, count, countries)
        participation = (self.participation(fields["participation"], "participation", sources, countries)
                         if "participation" in fields else None)

        if self.problems:
            return None
        assert meeting_id and title and kind and start and end and venue and summary and sources
        return Meeting(
            id=meeting_id, path=self.document.path, title=title, kind=kind, processes=processes,
            start=start, end=end, venue=venue, summary=summary, sources=sources, items=items,
            short_title=short_title, participant_count=count, participation_note=note,
            participation=participation, countries=countries, organisations=organisations, people=people,
        )

    def check_unique(self, nodes: list[Node], key: str, what: str, values: Mapping[int, str]) -> None:
        seen: set[str] = set()
        for index, value in values.items():
            if value in seen:
                self.problem(nodes[index], f"{key}[{index}]", f"lists the same {what} twice ({value})",
                             "list it once, with all its roles")
            seen.add(value)

    def check_items(self, node: Node | None, nodes: list[Node], checked: Mapping[int, Item | None],
                    sources: tuple[Source, ...]) -> None:
        if node is not None and node.value in (None, []):
            self.problem(node, "items", "must list at least one item",
                         "add the report's recommendations, conclusions and next steps")
        seen: dict[str, int] = {}
        by_id = {source.id: source for source in sources}
        quotations: dict[str, Quotations] = {}  # each source indexed once, when an item first needs it
        found: dict[tuple[str, str], bool] = {}  # each distinct text searched once per source
        for index, child in enumerate(nodes):
            item = checked.get(index)
            if item is None:
                continue
            assert isinstance(child.value, dict)
            if item.id in seen:
                self.problem(child.value["id"], f"items[{index}].id",
                             f"{item.id!r} is already used by items[{seen[item.id]}]",
                             "give every item its own id; never reuse one")
            else:
                seen[item.id] = index
            wanted = item.source or (self.written_source_ids[:1] or [""])[0]
            if wanted not in by_id and wanted in self.written_source_ids:
                continue  # that source has problems of its own
            if item.source and item.source not in by_id:
                self.problem(child.value["source"], f"items[{index}].source",
                             f"must be the id of one of the meeting's sources ({', '.join(by_id)}): {item.source!r}",
                             "leave `source` out for the first source; otherwise copy the `id` of the source "
                             "the text is taken from")
                continue
            if not sources:
                continue
            source = by_id.get(item.source) or sources[0]
            if source.id not in quotations:
                quotations[source.id] = Quotations(source.text)
            if (source.id, item.text) not in found:
                found[source.id, item.text] = item.text in quotations[source.id]
            if not found[source.id, item.text]:
                self.not_in_source(child.value["text"], f"items[{index}].text", item.text, source)
            if item.lead and item.lead not in quotations[source.id]:
                self.not_in_source(child.value["lead"], f"items[{index}].lead", item.lead, source)

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

    def participation(self, node: Node, path: str, sources: tuple[Source, ...],
                      countries: tuple[CountryParticipation, ...]) -> Participation | None:
        """How many states took part and the report's words for them: the words must be the main
        source's, and any numbers written in them must add up to the count."""
        fields = self.mapping(node, path, PARTICIPATION_FIELDS)
        if fields is None:
            return None
        written = self.text(fields.get("states"), f"{path}.states", limit=20, prose=False)
        states = int(written) if written and written.isdigit() and 0 < int(written) <= MAX_STATES else None
        if written and states is None:
            self.problem(fields["states"], f"{path}.states", f"must be a whole number from 1 to {MAX_STATES}: "
                         f"{written!r}", "write how many states the report says took part, in digits: 68")
        described = self.text(fields.get("described_as"), f"{path}.described_as", limit=1000)
        if described and sources and described not in Quotations(sources[0].text):
            self.not_in_source(fields["described_as"], f"{path}.described_as", described, sources[0])
            described = None
        named = taking_part(countries)
        if states is not None and states < named:
            self.problem(fields["states"], f"{path}.states",
                         f"says {states} states took part, fewer than the {named} countries listed as taking part",
                         "count every state the report says took part, or check the list of countries")
            states = None
        numbers = [int(number) for number in re.findall(r"\b\d+\b", described or "")]
        if states is not None and numbers and sum(numbers) != states:
            self.problem(fields["states"], f"{path}.states",
                         f"is {states}, but the numbers in described_as add up to {sum(numbers)}",
                         "write the number of states the words count: "
                         + (" + ".join(str(n) for n in numbers) + " = " if len(numbers) > 1 else "")
                         + f"{sum(numbers)}; or quote words that count them all")
            states = None
        return Participation(states, described) if states is not None and described else None

    def check_count(self, fields: Mapping[str, Node], count: str,
                    countries: tuple[CountryParticipation, ...]) -> None:
        number = participant_number(count) if count else None
        listed = taking_part(countries)
        if number is not None and number < listed:
            self.problem(fields["participant_count"], "participant_count",
                         f"says {count!r}, fewer people than the {listed} countries listed as taking part",
                         "check the count against the report, or the list of countries")
