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

from . import validation as v
from .vocabularies import Vocabularies, load_vocabularies

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
    "summary": "Two to four sentences in plain words: who met, about what, and what came out of it.",
    "countries": "Every country the report says took part, hosted, chaired or presented.",
    "organisations": "Every organisation the report says took part, organised or presented.",
    "participant.name": "The name as the report writes it; a note in brackets is kept as the capacity.",
    "participant.roles": "What it did at the meeting; defaults to [participant].",
    "people": "People the report names, with what they did at the meeting.",
    "people.name": "The person's name.",
    "people.honorific": "Optional: 'H.E.', 'Dr', as the report writes it.",
    "people.position": "Optional: their position as the report gives it.",
    "people.role": "What they did at the meeting.",
    "people.country": "Optional: the country they represented, as the report writes it.",
    "people.organisation": "Optional: the organisation they represented, as the report writes it.",
    "source": "The source report.",
    "source.title": "The document's own title.",
    "source.kind": "What kind of document it is.",
    "source.file": "The report's full text: sources/<meeting id>.txt.",
    "source.publisher": "Optional: who published the report.",
    "items": "The recommendations, conclusions, commitments, findings, next steps and statements.",
    "items.id": "Permanent anchor: lower-case letters, digits and hyphens. Never change or reuse one.",
    "items.number": "Optional: the paragraph number, where the report numbers paragraphs.",
    "items.kind": "What kind of item it is.",
    "items.section": "Optional: the heading or panel it sits under, as the report writes it.",
    "items.themes": "One to four themes the item is about.",
    "items.countries": "Countries the text names, as written.",
    "items.organisations": "Organisations the text names, as written.",
    "items.text": "Word for word from the report, without conversion markup.",
}


def _text(key: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": DESCRIPTIONS[key], **extra}


def _choice(key: str, options: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    return {"description": DESCRIPTIONS[key],
            "oneOf": [{"const": option, "description": labels[option]} for option in options]}


def _object(fields: Mapping[str, bool], properties: dict[str, Any], description: str) -> dict[str, Any]:
    assert set(fields) == set(properties), "schema and validation disagree on fields"
    return {"type": "object", "description": description, "additionalProperties": False,
            "required": [name for name, required in fields.items() if required], "properties": properties}


def build_schema(vocab: Vocabularies) -> dict[str, Any]:
    roles = {r.id: f"{r.label}: {r.description}" for r in vocab.roles.values()}
    role_list = {"type": "array", "items": {"enum": list(vocab.roles)}, "minItems": 1,
                 "description": DESCRIPTIONS["participant.roles"]}
    participant = _object(v.PARTICIPANT_FIELDS, {
        "name": _text("participant.name"), "roles": role_list}, "A participant and its roles.")
    themes = {t.id: f"{t.group.label} › {t.label}: {t.description}" for t in vocab.themes.values()}
    item = _object(v.ITEM_FIELDS, {
        "id": _text("items.id", pattern=v.ID_PATTERN.pattern, maxLength=80),
        "number": _text("items.number"),
        "kind": _choice("items.kind", vocab.item_kinds,
                        {k.id: f"{k.label}: {k.description}" for k in vocab.item_kinds.values()}),
        "section": _text("items.section"),
        "themes": {"type": "array", "description": DESCRIPTIONS["items.themes"], "minItems": 1,
                   "maxItems": v.MAX_THEMES, "uniqueItems": True,
                   "items": {"oneOf": [{"const": k, "description": d} for k, d in themes.items()]}},
        "countries": {"type": "array", "items": {"type": "string"}, "description": DESCRIPTIONS["items.countries"]},
        "organisations": {"type": "array", "items": {"type": "string"},
                          "description": DESCRIPTIONS["items.organisations"]},
        "text": _text("items.text", maxLength=v.MAX_TEXT),
    }, "One recommendation, conclusion, commitment, finding, next step or statement.")
    date = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    meeting = _object(v.MEETING_FIELDS, {
        "id": _text("id", pattern=v.ID_PATTERN.pattern),
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
        "summary": _text("summary"),
        "countries": {"type": "array", "items": participant, "description": DESCRIPTIONS["countries"]},
        "organisations": {"type": "array", "items": participant, "description": DESCRIPTIONS["organisations"]},
        "people": {"type": "array", "description": DESCRIPTIONS["people"], "items": _object(v.PERSON_FIELDS, {
            "name": _text("people.name"), "honorific": _text("people.honorific"),
            "position": _text("people.position"), "role": _choice("people.role", vocab.roles, roles),
            "country": _text("people.country"), "organisation": _text("people.organisation"),
        }, "A person named in the report.")},
        "source": _object(v.SOURCE_FIELDS, {
            "title": _text("source.title"),
            "kind": _choice("source.kind", vocab.source_kinds, {k.id: k.label for k in vocab.source_kinds.values()}),
            "file": _text("source.file", pattern=r"^sources/[a-z0-9-]+\.txt$"),
            "publisher": _text("source.publisher"),
        }, DESCRIPTIONS["source"]),
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
