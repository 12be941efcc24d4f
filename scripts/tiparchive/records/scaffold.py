"""`tiparchive new`: a correctly named, commented record skeleton for an editor to fill in.

The comments list the vocabularies as they are today, read from the same files validation
uses, so the skeleton never suggests a value the checks would refuse.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tiparchive.records.vocabularies import Vocabularies, slugify


def meeting_id(start: date, city: str, name: str) -> str:
    return "-".join(part for part in (start.isoformat(), slugify(city), slugify(name)) if part)


def _options(terms: dict[str, str], indent: str = "") -> str:
    return "\n".join(f"{indent}#   {key:<32} {label}" for key, label in terms.items())


def skeleton(vocab: Vocabularies, record_id: str, start: date, city: str, title: str) -> str:
    themes = _options({t.id: f"{t.place} › {t.label}" for t in vocab.themes.values()}, "    ")
    processes = _options({p.id: p.name for p in vocab.processes.values()})
    kinds = " | ".join(vocab.meeting_kinds)
    item_kinds = " | ".join(vocab.item_kinds)
    source_kinds = " | ".join(vocab.source_kinds)
    roles = " | ".join(vocab.roles)
    return f"""# yaml-language-server: $schema=../docs/schema/meeting.schema.json
# A new meeting record. Fill in every field, delete the hints you no longer need, then run
# `tiparchive validate` (or open a pull request: the checks run there too).
# Paste the report's full text into meetings/sources/{record_id}.txt.
id: {record_id}
title: {title}
kind: conference            # {kinds}
processes: []               # one or more of:
{processes}
start: {start.isoformat()}
end: {start.isoformat()}
venue:
  city: {city}
  country:                  # as the report writes it
summary: >-
  Two to four sentences in plain words: who met, about what, and what came out of it.
countries:                  # every country that took part, as the report writes it
  - name:
    roles: [participant]    # {roles}
organisations:              # every organisation that took part, as the report writes it
  - name:
    roles: [participant]
sources:                    # the documents the meeting is known from, the main one first
  - id: report              # a short name: report, statement, press-release; items name their source by it
    kind: report            # {source_kinds}
    title:                  # the document's own title
    publisher:              # who published it
    date:                   # its date, as precisely as it gives it: YYYY-MM-DD, YYYY-MM or YYYY
    language: en            # two-letter ISO 639-1 code
    # url: https://...      # only the real address of the original; with it, retrieved: YYYY-MM-DD
    coverage: complete      # or excerpt, with `missing:` saying what the text file leaves out
    file: sources/{record_id}.txt   # a further source: sources/{record_id}--<its id>.txt
items:                      # every recommendation, conclusion, commitment, finding and next step
  - id: para-1              # permanent: lower-case letters, digits, hyphens; never change or reuse
    number: "1"             # the paragraph number, if the source numbers paragraphs
    # source: statement     # the id of its source, if not the first; page: "3" if the source numbers pages
    # origin:               # only for text that is not this meeting's own outcome:
    #   kind: earlier-meeting   # quoted from an earlier meeting: add `meeting: <its id>`, or `name:` and `date:`
    #   kind: after-meeting     # or: the source added it after the meeting
    kind: recommendation    # {item_kinds}
    themes: []              # every one the item is about, of:
{themes}
    text: >-
      Copy the text word for word from the report.
"""


def create(root: Path, vocab: Vocabularies, start: date, city: str, title: str) -> tuple[Path, Path]:
    """Writes the skeleton and an empty source file; refuses to overwrite either."""
    record_id = meeting_id(start, city, title)
    record = root / "meetings" / f"{record_id}.yml"
    source = root / "meetings" / "sources" / f"{record_id}.txt"
    for path in (record, source):
        if path.exists():
            raise FileExistsError(f"{path.relative_to(root)} already exists")
    record.write_text(skeleton(vocab, record_id, start, city, title), encoding="utf-8")
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text("", encoding="utf-8")
    return record, source
