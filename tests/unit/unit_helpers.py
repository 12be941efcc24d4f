"""Helpers shared by the unit tests: a minimal valid record, and validating a record in a folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from tiparchive.records.loading import read_yaml
from tiparchive.records.model import Meeting
from tiparchive.records.problems import Problem
from tiparchive.records.validation import RecordChecker
from tiparchive.records.vocabularies import Vocabularies

ROOT = Path(__file__).resolve().parents[2]
# The unit tests' own archive: a frozen copy of the five seed records, their sources and the
# vocabularies as they were. Tests may name its meetings and items; the real archive in meetings/
# grows with every editor's pull request and is checked only by rules that hold for any record.
FIXTURE = ROOT / "tests" / "fixtures" / "archive"
TODAY = date(2025, 6, 1)  # validation is run as if on this day, so "the future" does not move

MEETING_ID = "2005-10-24-vienna-test-meeting"

# A minimal valid record. Line numbers matter: tests that expect a problem on a line refer to them.
VALID_RECORD = f"""\
id: {MEETING_ID}
title: Test meeting on trafficking in human beings
kind: meeting
processes: [bali-process]
start: 2005-10-24
end: 2005-10-25
venue:
  city: Vienna
  country: Austria
participant_count: "79"
summary: Officials from three states and two organisations met in Vienna.
countries:
  - name: Turkey
    roles: [chair, participant]
  - name: United Kingdom (EU Presidency)
    roles: [participant]
  - name: Serbia and Montenegro
organisations:
  - name: International Organisation for Migration (IOM)
    roles: [participant]
  - name: United Nations High Council for Refugees (UNHCR)
    roles: [presenter]
people:
  - name: Jane Doe
    role: presenter
    country: Austria
sources:
  - id: conclusions
    kind: declaration
    title: Meeting Conclusions
    coverage: complete
    file: sources/{MEETING_ID}.txt
items:
  - id: para-1
    number: "1"
    kind: conclusion
    themes: [victim-identification]
    countries: [Turkey]
    text: >-
      Turkey called for better identification of victims.
  - id: para-2
    kind: recommendation
    themes: [legislation, victim-assistance]
    text: States should adopt laws.
"""

# The source as a converted PDF gives it: markup, a footnote link and line breaks the items ignore.
VALID_SOURCE = """\
Meeting Conclusions

1. **Turkey** called for better *identification* of
victims.

2. States should adopt [laws](#fn1).
"""


@dataclass
class Checked:
    meeting: Meeting | None
    problems: list[Problem]

    @property
    def triples(self) -> list[tuple[int, str, str]]:
        """(line, field, message) of every problem, in the order found."""
        return [(p.line, p.field, p.message) for p in self.problems]


def check_record_in(root: Path, vocabularies: Vocabularies, text: str = VALID_RECORD, *,
                    name: str = MEETING_ID, source: str | None = VALID_SOURCE,
                    source_name: str = MEETING_ID, today: date = TODAY,
                    known_meetings: frozenset[str] = frozenset()) -> Checked:
    """Writes a record (and its source text) into root/meetings and validates it as `validate` does."""
    meetings = root / "meetings"
    (meetings / "sources").mkdir(parents=True, exist_ok=True)
    path = meetings / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    if source is not None:
        (meetings / "sources" / f"{source_name}.txt").write_text(source, encoding="utf-8")
    document, problems = read_yaml(path, f"meetings/{name}.yml")
    if document is None:
        return Checked(None, problems)
    checker = RecordChecker(document, vocabularies, meetings, today, known_meetings)
    meeting = checker.meeting()
    return Checked(meeting, problems + checker.problems)


CheckRecord = Callable[..., Checked]  # the `check_record` fixture


def replace_line(text: str, old: str, new: str) -> str:
    """The record with one exact line (or run of lines) replaced; fails loudly if it is not there."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the record"
    return text.replace(old, new)


SECOND_ID = "2012-05-28-bali-test-workshop"


def second_record() -> tuple[str, str]:
    """A later meeting for archives of more than one record: (record text, source text)."""
    text = VALID_RECORD.replace(MEETING_ID, SECOND_ID)
    for old, new in [
        ("title: Test meeting on trafficking in human beings",
         "title: Test workshop on victim identification"),
        ("kind: meeting", "kind: workshop"),
        ("processes: [bali-process]", "processes: [bali-process, budapest-process]"),
        ("start: 2005-10-24\nend: 2005-10-25", "start: 2012-05-28\nend: 2012-05-30"),
        ("  city: Vienna\n  country: Austria", "  city: Bali\n  country: Indonesia"),
        ("  - name: Turkey\n    roles: [chair, participant]", "  - name: Türkiye\n    roles: [observer]"),
        ("  - name: Serbia and Montenegro\n", "  - name: Australia\n    roles: [co-chair]\n"),
        ("    countries: [Turkey]", "    countries: [Turkey, Austria]\n    organisations: [UNHCR]"),
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text, VALID_SOURCE


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even when it uses !ENV or !!python/name: tags (they become None)."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_markdown_extensions() -> tuple[list[str], dict[str, dict[str, Any]]]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_LenientLoader)
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, str):
            names.append(entry)
        else:
            ((name, options),) = entry.items()
            names.append(name)
            configs[name] = {k: v for k, v in (options or {}).items() if v is not None}
    return names, configs
