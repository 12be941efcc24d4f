"""Field tables: one description of each open-data record, from which everything else is made.

A `Record` lists its fields in order, each with its type, its description and how to read
its value from the archive's objects. The JSON records, the CSV columns, the JSON Schemas
and the field tables on the Open data page are all generated from these tables, so the
data, its schema and its documentation cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tiparchive.records.vocabularies import Vocabularies

T = TypeVar("T")

# Field types: the JSON Schema each one becomes, and how the Open data page names it.
TEXT = "text"
ID = "id"
DATE = "date"
INTEGER = "integer"
BOOLEAN = "boolean"
URL = "url"
IDS = "ids"  # a list of ids or codes
TEXTS = "texts"  # a list of text
OBJECT = "object"
OBJECTS = "objects"

_SCALAR_SCHEMA: dict[str, dict[str, Any]] = {
    TEXT: {"type": "string"},
    ID: {"type": "string"},
    DATE: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    INTEGER: {"type": "integer"},
    BOOLEAN: {"type": "boolean"},
    URL: {"type": "string", "format": "uri-reference"},
}
_SHOWN = {TEXT: "text", ID: "id", DATE: "date (YYYY-MM-DD)", INTEGER: "integer", BOOLEAN: "true or false",
          URL: "URL", IDS: "list of ids", TEXTS: "list of text", OBJECT: "object", OBJECTS: "list of objects"}


@dataclass(frozen=True)
class Field(Generic[T]):
    name: str
    type: str
    description: str
    get: Callable[[T], Any]
    pattern: str = ""  # for ID and IDS: what every id looks like
    allowed: Callable[[Vocabularies], Iterable[str]] | None = None  # for ID and IDS: a closed list
    record: Record[Any] | None = None  # for OBJECT and OBJECTS
    # For a URL: written absolute when the site's address is configured (a permalink to paste),
    # else relative to the site's root like every other url.
    absolute: bool = False

    def value(self, source: T) -> Any:
        raw = self.get(source)
        if self.type == OBJECT:
            assert self.record is not None
            return self.record.build(raw)
        if self.type == OBJECTS:
            assert self.record is not None
            return [self.record.build(entry) for entry in raw]
        if self.type in (IDS, TEXTS):
            return list(raw)
        return raw

    def schema(self, vocabularies: Vocabularies) -> dict[str, Any]:
        if self.type in (OBJECT, OBJECTS):
            assert self.record is not None
            nested = self.record.schema(vocabularies)
            shape = nested if self.type == OBJECT else {"type": "array", "items": nested}
            return {"description": self.description, **shape}
        one: dict[str, Any] = dict(_SCALAR_SCHEMA.get(self.type, {"type": "string"}))
        if self.pattern:
            one["pattern"] = self.pattern
        if self.allowed is not None:
            one["enum"] = sorted(self.allowed(vocabularies))
        if self.type in (IDS, TEXTS):
            return {"description": self.description, "type": "array", "items": one}
        return {"description": self.description, **one}

    def shown_type(self) -> str:
        return _SHOWN[self.type]


@dataclass(frozen=True)
class Record(Generic[T]):
    name: str
    fields: tuple[Field[T], ...]

    def build(self, source: T, site_url: str = "") -> dict[str, Any]:
        """The record as a dict; `site_url` ('https://x.org/archive/' or '') prefixes the absolute fields."""
        return {field.name: site_url + field.value(source) if field.absolute and site_url else field.value(source)
                for field in self.fields}

    def schema(self, vocabularies: Vocabularies) -> dict[str, Any]:
        return {
            "type": "object",
            "additionalProperties": False,
            "required": [field.name for field in self.fields],
            "properties": {field.name: field.schema(vocabularies) for field in self.fields},
        }

    def walk(self, prefix: str = "") -> Iterator[tuple[str, Field[Any]]]:
        """Every field with its dotted path ('venue.city', 'countries[].code'), nested ones after their parent."""
        for field in self.fields:
            path = prefix + field.name
            yield path, field
            if field.record is not None:
                yield from field.record.walk(path + ("[]." if field.type == OBJECTS else "."))

    @property
    def is_flat(self) -> bool:
        """Whether every field fits one spreadsheet cell: no nested objects."""
        return all(field.type not in (OBJECT, OBJECTS) for field in self.fields)
