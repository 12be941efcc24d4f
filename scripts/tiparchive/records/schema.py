"""The JSON Schema editors' text editors use to autocomplete and check records as they type.

Generated from the same field tables validation enforces and from the vocabularies, and
committed at docs/schema/meeting.schema.json (a test fails when it is stale), so the schema,
the validator and the lists an editor sees can never drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tiparchive import urls
from tiparchive.records import validation as v
from tiparchive.records.model import ORIGIN_KINDS
from tiparchive.records.vocabularies import Vocabularies, load_vocabularies

SCHEMA_PATH = Path("docs") / "schema" / "meeting.schema.json"

DESCRIPTIONS: dict[str, str] = {
    "id": "The meeting's permanent id: start date, city and a short name, lower case with hyphens. "
          "Must equal the file name without .yml.",
    "title": "The meeting's title as the report gives it.",
    "short_title": "Optional short name for menus and lists.",
    "kind": "What kind of meeting it was.",
    "processes": "The intergovernmental processes the meeting belongs to.",
    "start": "First day of the meeting, YYYY-MM-DD.",
    "end": "Last day of the meeting, YYYY-MM-DD; the same as start for a one-day meeting.",
    "venue": "Where the meeting took place.",
    "venue.city": "The city, as the report writes it.",
    "venue.country": "The country, as the report writes it.",
    "venue.detail": "Optional building or room, e.g. 'Hofburg, Neuer Saal'.",
    "participant_count": "Optional: the number of participants as the report states it: '79', 'over 320'.",
    "participation_note": "Optional: the report's own words on who took part, when it gives no full list.",
    "participation": "Optional, when the report counts the states that took part but names fewer of them: "
                     "how many, and its words for them as a group.",
    "participation.states": "How many states took part, as the report counts them: 68.",
    "participation.described_as": "The report's words for them, copied word for word from the main source: "
                                  "'the 57 OSCE participating States and 11 Partners for Co-operation'. "
                                  "Numbers written in it must add up to states.",
    "summary": "Two to four sentences in plain words: who met, about what, and what came out of it.",
    "countries": "Every country the report says took part, hosted, chaired or presented.",
    "organisations": "Every organisation the report says took part, organised or presented.",
    "countries.agency": "The ministry or agency the state acted through, as the report writes it "
                        "('the Indonesian Ministry of Foreign Affairs').",
    "participant.name": "The name as the report writes it; a note in brackets is kept as the capacity.",
    "participant.roles": "What it did at the meeting; defaults to [participant].",
    "people": "People the report names, with what they did at the meeting.",
    "people.name": "The person's name.",
    "people.honorific": "Optional: 'H.E.', 'Dr', as the report writes it.",
    "people.position": "Optional: their position as the report gives it.",
    "people.role": "What they did at the meeting: one role, or a list ([presenter, co-chair]).",
    "people.country": "Optional: the country they represented, as the report writes it.",
    "people.organisation": "Optional: the organisation they represented, as the report writes it.",
    "sources": "The documents the meeting is known from, the main one first: a report, a statement, a "
               "press release ... Items are copied from them word for word.",
    "sources.id": "A short name for the document, lower case with hyphens: report, statement, press-release. "
                  "Items name their source by it.",
    "sources.kind": "What kind of document it is.",
    "sources.title": "The document's own title.",
    "sources.publisher": "Optional: who published it.",
    "sources.date": "Optional: its date, as precisely as it gives it: YYYY-MM-DD, YYYY-MM or YYYY.",
    "sources.language": "Optional: its language, as a two-letter ISO 639-1 code: en, fr, ru.",
    "sources.url": "Optional: the address of the original document online; https only. Never guess one.",
    "sources.retrieved": "The day you opened the url, YYYY-MM-DD; required with url.",
    "sources.coverage": "complete when the text file holds the whole document; excerpt when it holds part.",
    "sources.missing": "For an excerpt: what the text file leaves out.",
    "sources.file": "The document's text: sources/<meeting id>.txt, or sources/<meeting id>--<source id>.txt "
                    "for further sources.",
    "items": "The recommendations, conclusions, commitments, findings, next steps and statements.",
    "items.id": "Permanent anchor: lower-case letters, digits and hyphens. Never change or reuse one.",
    "items.source": "Optional: the id of the source the text is copied from; the first source when left out.",
    "items.number": "Optional: the paragraph number, where the source numbers paragraphs.",
    "items.page": "Optional: the page of the source it is on, where the source numbers pages.",
    "items.origin": "Optional, for text that is not this meeting's own outcome: quoted from an earlier meeting, "
                    "or added to the source after the meeting.",
    "origin.kind": "earlier-meeting: the source quotes an earlier meeting; after-meeting: the source added it "
                   "after the meeting.",
    "origin.meeting": "For earlier-meeting: the id of that meeting's record in meetings/, when it has one.",
    "origin.name": "For earlier-meeting without a record: the meeting's name as the source gives it.",
    "origin.date": "For earlier-meeting without a record: its date, YYYY-MM-DD, YYYY-MM or YYYY.",
    "origin.note": "Optional: how the source presents the text.",
    "items.kind": "What kind of item it is.",
    "items.section": "Optional: the heading or panel it sits under, as the report writes it.",
    "items.themes": "Every theme the item is about, of each facet: measures, forms of exploitation, groups.",
    "items.lead": "The report's own words introducing the list the item belongs to, as it writes them "
                  "('Concrete findings of the panel included:').",
    "items.next_steps": "Sentences of the text, word for word, that agree a follow-up when the item's kind "
                        "is another (a conclusion that also proposes a working group).",
    "items.addresses": "An editor's reading: the provisions (instrument/provision) or instruments the item "
                       "addresses. Instruments its text names are found without being listed.",
    "items.countries": "Countries the text names, as written.",
    "items.organisations": "Organisations the text names, as written.",
    "items.text": "Word for word from the report, without conversion markup.",
}


def _text(key: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": DESCRIPTIONS[key], **extra}


def _choice(key: str, options: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    return {"description": DESCRIPTIONS[key],
            "oneOf": [{"const": option, "description": labels[option]} for option in options]}


def _object(fields: Mapping[str, bool], properties: dict[str, Any], description: str,
            **rules: Any) -> dict[str, Any]:
    assert set(fields) == set(properties), "schema and validation disagree on fields"
    return {"type": "object", "description": description, "additionalProperties": False,
            "required": [name for name, required in fields.items() if required], "properties": properties,
            **rules}


def build_schema(vocab: Vocabularies) -> dict[str, Any]:
    roles = {r.id: f"{r.label}: {r.description}" for r in vocab.roles.values()}
    def role_list(holders: str) -> dict[str, Any]:
        fitting = [r.id for r in vocab.roles.values() if not r.applies_to or holders in r.applies_to]
        return {"type": "array", "items": {"enum": fitting}, "minItems": 1,
                "description": DESCRIPTIONS["participant.roles"]}

    country = _object(v.COUNTRY_FIELDS, {
        "name": _text("participant.name"), "roles": role_list("countries"), "agency": _text("countries.agency")},
        "A country and its roles.")
    participant = _object(v.PARTICIPANT_FIELDS, {
        "name": _text("participant.name"), "roles": role_list("organisations")}, "An organisation and its roles.")
    person_roles = {r.id: roles[r.id] for r in vocab.roles.values() if not r.applies_to or "people" in r.applies_to}
    themes = {t.id: f"{t.place} › {t.label}: {t.description} Use when: {t.use_when} Not when: {t.not_when}"
              for t in vocab.themes.values()}
    partial_date = {"type": "string", "pattern": v.PARTIAL_DATE.pattern}
    origin = _object(v.ORIGIN_FIELDS, {
        "kind": _choice("origin.kind", ORIGIN_KINDS, ORIGIN_KINDS),
        "meeting": _text("origin.meeting", pattern=urls.ID_PATTERN.pattern),
        "name": _text("origin.name"),
        "date": {**partial_date, "description": DESCRIPTIONS["origin.date"]},
        "note": _text("origin.note"),
    }, DESCRIPTIONS["items.origin"])
    item = _object(v.ITEM_FIELDS, {
        "id": _text("items.id", pattern=urls.ID_PATTERN.pattern, maxLength=80),
        "source": _text("items.source", pattern=urls.ID_PATTERN.pattern),
        "number": _text("items.number"),
        "page": _text("items.page"),
        "origin": origin,
        "kind": _choice("items.kind", vocab.item_kinds,
                        {k.id: f"{k.label}: {k.description}" for k in vocab.item_kinds.values()}),
        "section": _text("items.section"),
        "themes": {"type": "array", "description": DESCRIPTIONS["items.themes"], "minItems": 1,
                   "uniqueItems": True,
                   "items": {"oneOf": [{"const": k, "description": d} for k, d in themes.items()]}},
        "countries": {"type": "array", "items": {"type": "string"}, "description": DESCRIPTIONS["items.countries"]},
        "organisations": {"type": "array", "items": {"type": "string"},
                          "description": DESCRIPTIONS["items.organisations"]},
        "addresses": {"type": "array", "uniqueItems": True, "description": DESCRIPTIONS["items.addresses"],
                      "items": {"oneOf": [{"const": k, "description": d}
                                          for k, d in vocab.instruments.keys().items()]}},
        "lead": _text("items.lead"),
        "next_steps": {"type": "array", "items": {"type": "string", "minLength": 1},
                       "description": DESCRIPTIONS["items.next_steps"]},
        "text": _text("items.text", maxLength=v.MAX_TEXT),
    }, "One recommendation, conclusion, commitment, finding, next step or statement.")
    date = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    meeting = _object(v.MEETING_FIELDS, {
        "id": _text("id", pattern=urls.ID_PATTERN.pattern),
        "title": _text("title"),
        "short_title": _text("short_title"),
        "kind": _choice("kind", vocab.meeting_kinds,
                        {k.id: f"{k.label}: {k.description}" for k in vocab.meeting_kinds.values()}),
        "processes": {"type": "array", "minItems": 1, "description": DESCRIPTIONS["processes"],
                      "items": {"oneOf": [{"const": p.id, "description": p.name}
                                          for p in vocab.processes.values()]}},
        "start": {**date, "description": DESCRIPTIONS["start"]},
        "end": {**date, "description": DESCRIPTIONS["end"]},
        "venue": _object(v.VENUE_FIELDS, {
            "city": _text("venue.city"), "country": _text("venue.country"), "detail": _text("venue.detail"),
        }, DESCRIPTIONS["venue"]),
        "participant_count": _text("participant_count"),
        "participation_note": _text("participation_note"),
        "participation": _object(v.PARTICIPATION_FIELDS, {
            "states": {"type": "integer", "minimum": 1, "maximum": v.MAX_STATES,
                       "description": DESCRIPTIONS["participation.states"]},
            "described_as": _text("participation.described_as"),
        }, DESCRIPTIONS["participation"]),
        "summary": _text("summary"),
        "countries": {"type": "array", "items": country, "description": DESCRIPTIONS["countries"]},
        "organisations": {"type": "array", "items": participant, "description": DESCRIPTIONS["organisations"]},
        "people": {"type": "array", "description": DESCRIPTIONS["people"], "items": _object(v.PERSON_FIELDS, {
            "name": _text("people.name"), "honorific": _text("people.honorific"),
            "position": _text("people.position"), "role": {"description": DESCRIPTIONS["people.role"],
                     "oneOf": [_choice("people.role", person_roles, person_roles),
                               {**role_list("people"), "description": DESCRIPTIONS["people.role"]}]},
            "country": _text("people.country"), "organisation": _text("people.organisation"),
        }, "A person named in the report.")},
        "sources": {"type": "array", "minItems": 1, "description": DESCRIPTIONS["sources"],
                    "items": _object(v.SOURCE_FIELDS, {
            "id": _text("sources.id", pattern=urls.ID_PATTERN.pattern),
            "kind": _choice("sources.kind", vocab.source_kinds,
                            {k.id: f"{k.label}: {k.description}" for k in vocab.source_kinds.values()}),
            "title": _text("sources.title"),
            "publisher": _text("sources.publisher"),
            "date": {**partial_date, "description": DESCRIPTIONS["sources.date"]},
            "language": _text("sources.language", pattern=r"^[a-z]{2}$"),
            "url": _text("sources.url", pattern=r"^https://[^\s]+$"),
            "retrieved": {**date, "description": DESCRIPTIONS["sources.retrieved"]},
            "coverage": _choice("sources.coverage", v.COVERAGE, v.COVERAGE),
            "missing": _text("sources.missing"),
            "file": _text("sources.file", pattern=r"^sources/[a-z0-9-]+\.txt$"),
        }, "One document the meeting is known from.",
            dependentRequired={"url": ["retrieved"]},
            # The same rules validation applies: an excerpt says what it leaves out.
            **{"if": {"properties": {"coverage": {"const": "excerpt"}}, "required": ["coverage"]},
               "then": {"required": ["missing"]}, "else": {"not": {"required": ["missing"]}}})},
        "items": {"type": "array", "minItems": 1, "maxItems": v.MAX_ITEMS, "items": item,
                  "description": DESCRIPTIONS["items"]},
    }, "A meeting record of the anti-trafficking meetings archive: one YAML file in meetings/.")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "meeting.schema.json", "title": "Meeting record", **meeting}


def schema_text(root: Path) -> str:
    return json.dumps(build_schema(load_vocabularies(root)), indent=2, ensure_ascii=False) + "\n"


def write_schema(root: Path) -> Path:
    target = root / SCHEMA_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(root), encoding="utf-8")
    return target
