"""The controlled vocabularies: themes, organisations, processes, countries and kinds.

Each lives in one YAML file under `meetings/vocabularies/`; this module is the only reader of
those files, and the JSON Schema for editors is generated from what it loads, so the lists
an editor's text editor suggests and the lists validation enforces are always the same.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from tiparchive import urls
from tiparchive.records.loading import Node, read_yaml
from tiparchive.records.model import (
    Address,
    Country,
    CountryMention,
    Facet,
    Frame,
    Glossary,
    GlossaryTerm,
    Instrument,
    Naming,
    Organisation,
    OrganisationMention,
    Process,
    Provision,
    Term,
    Theme,
    ThemeGroup,
)
from tiparchive.records.problems import Problem, RecordsInvalid, display_path

VOCABULARY_DIR = Path("meetings") / "vocabularies"
ROLE_HOLDERS = ("countries", "organisations", "people")  # the record lists that give roles


def slugify(text: str) -> str:
    """A URL path segment: ASCII, lower case, hyphens ("Türkiye" -> "turkiye")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


@functools.lru_cache(maxsize=8192)  # the same few hundred names recur in every record
def _key(text: str) -> str:
    """How names are compared: case, accents, spacing, hyphens and a leading "the" ignored."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"[\s\-‐–—_]+", " ", folded).replace("’", "'").strip()
    return folded[4:] if folded.startswith("the ") else folded


_TRAILING_NOTE = re.compile(r"^(?P<base>.*?)\s*\((?P<note>[^()]*)\)\s*$")


def split_note(written: str) -> tuple[str, str]:
    """'United Kingdom (EU Presidency)' -> ('United Kingdom', 'EU Presidency')."""
    match = _TRAILING_NOTE.match(written)
    return (match["base"], match["note"].strip()) if match else (written, "")


def nearest(written: str, candidates: Mapping[str, str]) -> str | None:
    """The candidate label closest to what was written, keyed by comparison key."""
    found = difflib.get_close_matches(_key(written), list(candidates), n=1, cutoff=0.6)
    return candidates[found[0]] if found else None


class Countries:
    """Resolves country names as reports write them to ISO 3166 entries."""

    def __init__(self, aliases: Mapping[str, str], display: Mapping[str, str],
                 historic: Iterable[Country]) -> None:
        self._by_code: dict[str, Country] = {}
        self._by_key: dict[str, str] = {}
        for entry in pycountry.countries:
            name = display.get(entry.alpha_3) or getattr(entry, "common_name", None) or entry.name
            self._by_code[entry.alpha_3] = Country(entry.alpha_3, name, slugify(name), entry.alpha_2)
            for variant in (entry.name, getattr(entry, "common_name", None),
                            getattr(entry, "official_name", None), name):
                if variant:
                    self._by_key.setdefault(_key(variant), entry.alpha_3)
        self.historic = tuple(historic)
        for country in self.historic:
            self._by_code[country.code] = country
            self._by_key[_key(country.name)] = country.code
        for alias, code in aliases.items():
            self._by_key[_key(alias)] = code
        # Code -> the names a reader may search it by: the one shown, ISO's and the aliases.
        self._names: dict[str, list[str]] = {}
        for entry in pycountry.countries:
            shown = self._by_code[entry.alpha_3].name
            self._names[entry.alpha_3] = list(dict.fromkeys(
                [shown, *(n for n in (getattr(entry, "common_name", None), entry.name) if n)]))
        for country in historic:
            self._names[country.code] = [country.name]
        for alias, code in aliases.items():
            self._names.setdefault(code, []).append(alias)

    def names(self, code: str) -> list[str]:
        """Every name of a country a reader may search for: 'Türkiye', 'Turkey' ..."""
        return list(dict.fromkeys(self._names.get(code) or [self._by_code[code].name]))

    def predecessors(self, code: str) -> tuple[Country, ...]:
        """The former states that `code` succeeded, directly or through another, the latest first:
        Serbia -> Serbia and Montenegro, then Yugoslavia."""
        found: list[Country] = []
        frontier = [code]
        while frontier:
            current = frontier.pop(0)
            for former in self.historic:
                if current in former.successors and former not in found:
                    found.append(former)
                    frontier.append(former.code)
        return tuple(found)

    def known_code(self, code: str) -> bool:
        return code in self._by_code

    def by_code(self, code: str) -> Country:
        return self._by_code[code]

    def resolve(self, written: str) -> CountryMention | None:
        """A name as written, or an ISO 3166 code in capitals ("NO", "NOR" for Norway)."""
        text = written.strip()
        code = self._by_key.get(_key(text)) or self._by_iso_code(text)
        if code:
            return CountryMention(text, self._by_code[code])
        base, note = split_note(text)
        code = self._by_key.get(_key(base)) if note else None
        return CountryMention(text, self._by_code[code], note) if code else None

    def _by_iso_code(self, text: str) -> str | None:
        if not (text.isascii() and text.isupper() and len(text) in (2, 3)):
            return None
        entry = pycountry.countries.get(alpha_2=text) if len(text) == 2 else pycountry.countries.get(alpha_3=text)
        return str(entry.alpha_3) if entry else None

    def suggest(self, written: str) -> str | None:
        """'Turky' -> "'Türkiye' (TUR)", for a did-you-mean hint."""
        labels = {key: f"'{self._by_code[code].name}' ({code})" for key, code in self._by_key.items()}
        return nearest(split_note(written)[0], labels)


class Organisations:
    def __init__(self, entries: Iterable[Organisation]) -> None:
        self.all = tuple(entries)
        self.by_id = {org.id: org for org in self.all}
        self._by_key: dict[str, Organisation] = {}
        for org in self.all:
            for variant in (org.acronym, org.name, *org.variants):
                self._by_key.setdefault(_key(variant), org)

    def resolve(self, written: str) -> OrganisationMention | None:
        text = written.strip()
        org = self._by_key.get(_key(text))
        if org is None:
            base, note = split_note(text)
            candidate = self._by_key.get(_key(base)) if note else None
            # "(IOM)" after a name must agree with the name, or the reader is misled.
            if candidate and _key(note) in {_key(candidate.acronym), *map(_key, candidate.variants)}:
                org = candidate
        return OrganisationMention(text, org) if org else None

    def suggest(self, written: str) -> str | None:
        labels = {key: f"'{org.name}' ({org.acronym})" for key, org in self._by_key.items()}
        return nearest(split_note(written)[0], labels)


class Instruments:
    """Finds the instruments an item's text names, and reads the provisions a record says it addresses."""

    def __init__(self, entries: Iterable[Instrument]) -> None:
        self.all = tuple(entries)
        self.by_id = {instrument.id: instrument for instrument in self.all}
        by_alias = {" ".join(alias.split()).casefold(): instrument for instrument in self.all
                    for alias in instrument.aliases}
        # Longest first, whole words only: "OSCE Action Plan to Combat ..." before "OSCE Action Plan".
        pattern = "|".join(re.escape(alias) for alias in sorted(by_alias, key=len, reverse=True))
        self._by_alias = by_alias
        self._pattern = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE) if by_alias else None

    def named_in(self, text: str) -> tuple[Naming, ...]:
        """Each instrument the text names once, with the words it names it by, in reading order."""
        if self._pattern is None:
            return ()
        found: dict[str, Naming] = {}
        for match in self._pattern.finditer(" ".join(text.split())):
            instrument = self._by_alias[match.group().casefold()]
            found.setdefault(instrument.id, Naming(instrument, match.group()))
        return tuple(found.values())

    def resolve(self, key: str) -> Address | None:
        """'un-tip-protocol/art-6' or 'sofia-declaration-2003' as an Address, or None."""
        instrument_id, _, provision_id = key.partition("/")
        instrument = self.by_id.get(instrument_id)
        if instrument is None:
            return None
        if not provision_id:
            return Address(instrument)
        provision = instrument.provision(provision_id)
        return Address(instrument, provision) if provision else None

    def keys(self) -> dict[str, str]:
        """Every key a record may write, with what it stands for."""
        keys = {}
        for instrument in self.all:
            keys[instrument.id] = instrument.short_name
            keys.update({f"{instrument.id}/{p.id}": f"{instrument.short_name}, {p.label}: {p.title}"
                         for p in instrument.provisions})
        return keys


@dataclass(frozen=True)
class Vocabularies:
    themes: Mapping[str, Theme]
    theme_groups: tuple[ThemeGroup, ...]
    facets: tuple[Facet, ...]
    frames: tuple[Frame, ...]
    processes: Mapping[str, Process]
    organisations: Organisations
    countries: Countries
    meeting_kinds: Mapping[str, Term]
    item_kinds: Mapping[str, Term]
    source_kinds: Mapping[str, Term]
    roles: Mapping[str, Term]
    instruments: Instruments = field(default_factory=lambda: Instruments(()))
    former_source_kinds: Mapping[str, str] = field(default_factory=dict)  # old id -> the id that replaced it
    glossary: Glossary = field(default_factory=Glossary)

    def theme_tree(self) -> tuple[tuple[Facet, tuple[tuple[ThemeGroup, tuple[Theme, ...]], ...]], ...]:
        """Facets, their groups and the groups' themes, in file order: how every page lists themes."""
        return tuple(
            (facet, tuple((group, tuple(t for t in self.themes.values() if t.group == group))
                          for group in self.theme_groups if group.facet == facet))
            for facet in self.facets)


def _plain(node: Node) -> Any:
    """A node tree as plain Python values; vocabularies are trusted to be simple."""
    if isinstance(node.value, dict):
        return {key: _plain(child) for key, child in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(child) for child in node.value]
    return node.value


class _Reader:
    """Reads vocabulary files, turning missing keys into problems at the line they concern."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.places: dict[tuple[str, str], tuple[int, int]] = {}  # (file name, field path) -> line, column
        self.entry_paths: dict[int, str] = {}  # id() of a well-formed entry -> its field path

    def add(self, name: str, path: str, message: str, hint: str = "") -> None:
        """A problem in vocabulary file `name`, at the line of `path` or of the nearest field holding it."""
        place = path
        while (name, place) not in self.places and place:
            place = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", place) if re.search(r"[.\[]", place) else ""
        line, column = self.places.get((name, place), (1, 1))
        self.problems.append(Problem(f"{VOCABULARY_DIR.as_posix()}/{name}", line, column, path, message, hint))

    def _remember(self, name: str, node: Node, path: str) -> None:
        pending = [(node, path)]
        while pending:
            current, at = pending.pop()
            self.places[(name, at)] = (current.line, current.column)
            if isinstance(current.value, dict):
                pending += [(child, f"{at}.{key}" if at else key) for key, child in current.value.items()]
            elif isinstance(current.value, list):
                pending += [(child, f"{at}[{index}]") for index, child in enumerate(current.value)]

    def read(self, name: str) -> dict[str, Any]:
        path = self.root / VOCABULARY_DIR / name
        shown = display_path(path, self.root)
        document, problems = read_yaml(path, shown, inside=self.root / "meetings")
        self.problems.extend(problems)
        if document:
            self._remember(name, document.root, "")
        data = _plain(document.root) if document else {}
        if not isinstance(data, dict):
            self.add(name, "", "must be a mapping of lists")
            return {}
        return data

    def entries(self, data: dict[str, Any], key: str, name: str, fields: tuple[str, ...],
                id_field: str = "id", lists: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """The well-formed entries of one list; every malformed one becomes a problem."""
        entries = data.get(key) or []
        if not isinstance(entries, list):
            self.add(name, key, "must be a list of entries")
            return []
        good = []
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            place = f"{key}[{index}]"
            if not isinstance(entry, dict):
                self.add(name, place, "must be a mapping of fields")
                continue
            missing = [f for f in fields if entry.get(f) in (None, "")]
            wrong = [f for f in fields if f not in missing and not isinstance(entry[f], str)]
            wrong += [f for f in lists if entry.get(f) is not None
                      and not (isinstance(entry[f], list) and all(isinstance(v, str) for v in entry[f]))]
            if missing or wrong:
                what = [f"is missing {', '.join(missing)}"] if missing else []
                what += [f"{f} must be {'a list of text' if f in lists else 'text'}" for f in wrong]
                self.add(name, place, "; ".join(what))
            elif id_field == "id" and not urls.ID_PATTERN.match(entry["id"]):
                self.add(name, f"{place}.id", f"{entry['id']!r} must be lower-case letters, digits and hyphens",
                         "ids become page addresses")
            elif entry[id_field] in seen:
                self.add(name, f"{place}.{id_field}", f"{entry[id_field]!r} is listed twice")
            else:
                seen.add(entry[id_field])
                self.entry_paths[id(entry)] = place
                good.append(entry)
        return good

    def mapping(self, data: dict[str, Any], key: str, name: str) -> dict[str, str]:
        value = data.get(key) or {}
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            return value
        self.add(name, key, "must be a mapping of `name: CODE` lines")
        return {}


def _instruments(reader: _Reader) -> Instruments:
    name = "instruments.yml"
    found = []
    for entry in reader.entries(reader.read(name), "instruments", name,
                                ("id", "short_name", "name", "kind", "body"), lists=("aliases",)):
        place = reader.entry_paths[id(entry)]
        provisions: list[Provision] = []
        listed = entry.get("provisions") or []
        if not isinstance(listed, list):
            reader.add(name, f"{place}.provisions", "must be a list of provisions")
            listed = []
        for index, provision in enumerate(listed):
            at = f"{place}.provisions[{index}]"
            fields = provision if isinstance(provision, dict) else {}
            if not all(isinstance(fields.get(f), str) and fields[f] for f in ("id", "label", "title")):
                reader.add(name, at, "must give id, label and title as text")
            elif not urls.ID_PATTERN.match(fields["id"]):
                reader.add(name, f"{at}.id", f"{fields['id']!r} must be lower-case letters, digits and hyphens",
                           "provision ids become page addresses")
            elif any(p.id == fields["id"] for p in provisions):
                reader.add(name, f"{at}.id", f"{fields['id']!r} is listed twice")
            else:
                provisions.append(Provision(fields["id"], fields["label"], " ".join(fields["title"].split())))
        aliases = tuple(" ".join(a.split()) for a in entry.get("aliases") or ())
        found.append(Instrument(entry["id"], entry["short_name"], " ".join(entry["name"].split()), entry["kind"],
                                entry["body"], str(entry.get("adopted") or ""), aliases, tuple(provisions)))
    seen: dict[str, str] = {}
    for instrument in found:
        for alias in instrument.aliases:
            other = seen.setdefault(alias.casefold(), instrument.id)
            if other != instrument.id:
                reader.add(name, "instruments", f"the alias {alias!r} names both {other!r} and {instrument.id!r}",
                           "an alias must name one instrument; make it longer")
    return Instruments(found)


_GLOSSARY = "glossary.yml"
_SPELLING = re.compile(r"^[a-z]+(-[a-z]+)*$")  # a word, or hyphenated words: no spaces, capitals or digits
_ENDING = re.compile(r"^[a-z]+$")


def _glossary_pairs(reader: _Reader, data: dict[str, Any], key: str, pattern: re.Pattern[str],
                    what: str) -> tuple[tuple[str, str], ...]:
    """British: American pairs of one section, each spelling once in the whole section."""
    pairs = []
    seen: set[str] = set()
    for british, american in reader.mapping(data, key, _GLOSSARY).items():
        place = f"{key}.{british}"
        bad = [s for s in (british, american) if not pattern.match(s)]
        if bad:
            reader.add(_GLOSSARY, place, f"{bad[0]!r} must be {what}", "lower case; one spelling a side")
        elif british == american:
            reader.add(_GLOSSARY, place, f"{british!r} is the same on both sides")
        elif seen & {british, american}:
            reader.add(_GLOSSARY, place, f"{sorted(seen & {british, american})[0]!r} is listed twice",
                       "a spelling belongs to one pair")
        else:
            seen |= {british, american}
            pairs.append((british, american))
    return tuple(pairs)


def _glossary(reader: _Reader) -> Glossary:
    """glossary.yml: spellings, endings, forms and terms, every malformed entry a problem."""
    data = reader.read(_GLOSSARY)
    forms: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for index, group in enumerate(data.get("forms") or []):
        place = f"forms[{index}]"
        if not (isinstance(group, list) and len(group) >= 2 and all(isinstance(w, str) for w in group)):
            reader.add(_GLOSSARY, place, "must be a list of two or more words", "e.g. [child, children]")
        elif bad := [w for w in group if not _ENDING.match(w)]:
            reader.add(_GLOSSARY, place, f"{bad[0]!r} must be one lower-case word")
        elif twice := seen.intersection(group):
            reader.add(_GLOSSARY, place, f"{sorted(twice)[0]!r} is listed twice", "a word belongs to one group")
        else:
            seen.update(group)
            forms.append(tuple(group))
    terms: list[GlossaryTerm] = []
    written: dict[str, str] = {}  # each spelling of a term, folded -> the term it belongs to
    for entry in reader.entries(data, "terms", _GLOSSARY, ("term", "definition"), id_field="term",
                                lists=("also",)):
        term = GlossaryTerm(entry["term"], " ".join(entry["definition"].split()), entry.get("acronym") or "",
                            tuple(entry.get("also") or ()))
        place = reader.entry_paths[id(entry)]
        if not isinstance(term.acronym, str):
            reader.add(_GLOSSARY, f"{place}.acronym", "must be text")
            continue
        clash = next((s for s in term.spellings if written.get(_key(s), term.term) != term.term), None)
        if clash is not None:
            reader.add(_GLOSSARY, place, f"{clash!r} is also a spelling of {written[_key(clash)]!r}",
                       "a spelling belongs to one term, or a search could not tell which it meant")
            continue
        written.update((_key(s), term.term) for s in term.spellings)
        terms.append(term)
    return Glossary(_glossary_pairs(reader, data, "spellings", _SPELLING, "a lower-case word"),
                    _glossary_pairs(reader, data, "endings", _ENDING, "lower-case letters"),
                    tuple(forms), tuple(terms))


def load_vocabularies(root: Path) -> Vocabularies:
    """Loads every vocabulary file under `root`, or raises with all their problems."""
    reader = _Reader(root)
    themes_data = reader.read("themes.yml")
    facets = {
        f["id"]: Facet(f["id"], f["label"], f["description"])
        for f in reader.entries(themes_data, "facets", "themes.yml", ("id", "label", "description"))
    }
    frames = tuple(
        Frame(f["id"], " ".join(f["citation"].split()), " ".join(f["used_for"].split()))
        for f in reader.entries(themes_data, "frames", "themes.yml", ("id", "citation", "used_for"))
    )
    groups: dict[str, ThemeGroup] = {}
    reported: set[str] = set()  # groups already reported: their themes are not reported once more each
    for g in reader.entries(themes_data, "groups", "themes.yml", ("id", "facet", "label", "description")):
        if g["facet"] not in facets:
            reported.add(g["id"])
            reader.add("themes.yml", f"{reader.entry_paths[id(g)]}.facet",
                       f"group {g['id']!r} names unknown facet {g['facet']!r}",
                       f"the facets are {', '.join(facets)}")
            continue
        groups[g["id"]] = ThemeGroup(g["id"], g["label"], g["description"], facets[g["facet"]])
    themes: dict[str, Theme] = {}
    for t in reader.entries(themes_data, "themes", "themes.yml",
                            ("id", "group", "label", "description", "use_when", "not_when")):
        if t["group"] in reported:
            continue
        if t["group"] not in groups:
            reader.add("themes.yml", f"{reader.entry_paths[id(t)]}.group",
                       f"theme {t['id']!r} names unknown group {t['group']!r}")
            continue
        themes[t["id"]] = Theme(t["id"], t["label"], t["description"], groups[t["group"]],
                                t["use_when"], t["not_when"])

    processes = {
        p["id"]: Process(p["id"], p["name"], p["short_name"], p.get("since") or "",
                         p.get("region") or "", p.get("description") or "")
        for p in reader.entries(reader.read("processes.yml"), "processes", "processes.yml",
                                ("id", "name", "short_name"))
    }
    organisations = Organisations(
        Organisation(o["id"], o["acronym"], o["name"], o["kind"], tuple(o.get("variants") or ()))
        for o in reader.entries(reader.read("organisations.yml"), "organisations", "organisations.yml",
                                ("id", "acronym", "name", "kind"), lists=("variants",))
    )

    country_data = reader.read("countries.yml")
    historic = [
        Country(h["code"], h["name"], slugify(h["name"]), historic_note=h.get("note") or "",
                existed=h["existed"], successors=tuple(h.get("successors") or ()))
        for h in reader.entries(country_data, "historic", "countries.yml",
                                ("code", "name", "existed"), id_field="code", lists=("successors",))
    ]
    aliases = reader.mapping(country_data, "aliases", "countries.yml")
    countries = Countries(aliases, reader.mapping(country_data, "display", "countries.yml"), historic)
    for alias, code in aliases.items():
        if not countries.known_code(code):
            reader.add("countries.yml", f"aliases.{alias}", f"{code!r} is not an ISO 3166 alpha-3 code")

    kinds = reader.read("kinds.yml")

    def entries(key: str) -> list[dict[str, Any]]:
        return reader.entries(kinds, key, "kinds.yml", ("id", "label"), lists=("formerly", "applies_to"))

    def terms(found: list[dict[str, Any]]) -> dict[str, Term]:
        return {k["id"]: Term(k["id"], k["label"], " ".join((k.get("description") or "").split()),
                              tuple(k.get("applies_to") or ())) for k in found}

    role_entries = entries("roles")
    for entry in role_entries:
        wrong = [p for p in entry.get("applies_to") or () if p not in ROLE_HOLDERS]
        if wrong:
            reader.add("kinds.yml", f"{reader.entry_paths[id(entry)]}.applies_to",
                       f"role {entry['id']!r} applies to unknown {', '.join(map(repr, wrong))}",
                       f"write any of {', '.join(ROLE_HOLDERS)}")

    source_entries = entries("source_kinds")
    source_kinds = terms(source_entries)
    # Only source kinds were renamed so far; an old id that is a kind again is that kind.
    former_source_kinds = {old: k["id"] for k in source_entries for old in k.get("formerly") or ()
                           if old not in source_kinds}

    instruments = _instruments(reader)

    vocabularies = Vocabularies(
        glossary=_glossary(reader),
        themes=themes,
        theme_groups=tuple(groups.values()),
        facets=tuple(facets.values()),
        frames=frames,
        processes=processes,
        organisations=organisations,
        countries=countries,
        meeting_kinds=terms(entries("meeting_kinds")),
        item_kinds=terms(entries("item_kinds")),
        source_kinds=source_kinds,
        roles=terms(role_entries),
        instruments=instruments,
        former_source_kinds=former_source_kinds,
    )
    if reader.problems:
        raise RecordsInvalid(reader.problems)
    return vocabularies
