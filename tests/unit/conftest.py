"""Shared fixtures for the unit tests: the real vocabularies and archive, and a record workshop.

The unit tests never touch the network and never write outside pytest's tmp_path.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tiparchive.archive import load_archive
from tiparchive.indexes import Archive
from tiparchive.loading import read_yaml
from tiparchive.model import Meeting
from tiparchive.problems import Problem
from tiparchive.validation import RecordChecker
from tiparchive.vocabularies import Vocabularies, load_vocabularies

ROOT = Path(__file__).resolve().parents[2]
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
source:
  title: Meeting Conclusions
  kind: conclusions
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


@pytest.fixture(scope="session")
def vocabularies() -> Vocabularies:
    return load_vocabularies(ROOT)


@pytest.fixture(scope="session")
def archive() -> Archive:
    return load_archive(ROOT, today=TODAY)


def check_record_in(root: Path, vocabularies: Vocabularies, text: str = VALID_RECORD, *,
                    name: str = MEETING_ID, source: str | None = VALID_SOURCE,
                    source_name: str = MEETING_ID, today: date = TODAY) -> Checked:
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
    checker = RecordChecker(document, vocabularies, meetings, today)
    meeting = checker.meeting()
    return Checked(meeting, problems + checker.problems)


CheckRecord = Callable[..., Checked]


@pytest.fixture
def check_record(tmp_path: Path, vocabularies: Vocabularies) -> CheckRecord:
    """`check_record(text, ...)`: the record validated in this test's own tmp_path."""
    return functools.partial(check_record_in, tmp_path, vocabularies)


def replace_line(text: str, old: str, new: str) -> str:
    """The record with one exact line (or run of lines) replaced; fails loudly if it is not there."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the record"
    return text.replace(old, new)
