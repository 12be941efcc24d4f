"""The judged set of echo pairs (tests/echoes/judged.yml), read and scored against the echoes of an archive.

Shared by tests/test_echo_precision.py, which holds the precision, and scripts/echo_precision.py,
which prints it. Only pairs whose two items still exist with the words they were judged on count:
an editor's valid change to a record removes a pair from the count, it never fails a test.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from tiparchive.archive.echoes import Echoes
from tiparchive.archive.indexes import Mention

JUDGED = Path(__file__).resolve().parent / "echoes" / "judged.yml"
LABELS = ("same", "related", "unrelated")


@dataclass(frozen=True)
class Judged:
    items: tuple[str, str]  # meeting-id#item-id
    label: str
    reason: str
    texts: tuple[str, str]


@dataclass(frozen=True)
class Outcome:
    judged: Judged
    shown: str  # the tier the pair is shown in ("echo", "related"), or "" when not shown


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def read_judged(path: Path = JUDGED) -> list[Judged]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    judged = []
    for entry in entries:
        one, two = entry["items"]
        first, second = entry["texts"]
        if entry["label"] not in LABELS:
            raise ValueError(f"{path}: label: one of {', '.join(LABELS)}: {entry['label']!r}")
        judged.append(Judged((one, two), entry["label"], entry["reason"], (first, second)))
    return judged


def outcomes(echoes: Echoes, judged: list[Judged]) -> tuple[list[Outcome], list[Judged]]:
    """Each judged pair still in the archive unchanged, with the tier it is shown in; and the pairs skipped."""
    by_ref = {f"{m.meeting.id}#{m.item.id}": m for m in echoes.mentions}
    found, skipped = [], []
    for pair in judged:
        mentions = [by_ref.get(ref) for ref in pair.items]
        if any(m is None or fingerprint(m.item.text) != text for m, text in zip(mentions, pair.texts, strict=True)):
            skipped.append(pair)
            continue
        one, two = (m for m in mentions if m is not None)
        found.append(Outcome(pair, _tier(echoes, one, two) or _tier(echoes, two, one)))
    return found, skipped


def _tier(echoes: Echoes, one: Mention, two: Mention) -> str:
    return next((echo.tier for echo in echoes.of(one) if echo.mention == two), "")


def precision(found: list[Outcome], tier: str = "echo") -> tuple[int, int]:
    """(pairs judged 'same' among those shown in `tier`, pairs shown in `tier`)."""
    shown = [o for o in found if o.shown == tier]
    return sum(1 for o in shown if o.judged.label == "same"), len(shown)
