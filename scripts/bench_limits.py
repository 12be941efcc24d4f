#!/usr/bin/env python3
"""Prints how long validation takes on the real records and on a record at each input limit.

    .venv/bin/python scripts/bench_limits.py

Each case is a fresh repository root with the real vocabularies and one generated record (and
its source text), validated as `tiparchive validate` does; the best of three runs is printed.
The limits (issue 15) hold before the file is parsed or while its events arrive, so a record at
or over any of them is read in time proportional to its size. Target: every case under 2 s.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from tiparchive.records.check import check_records  # noqa: E402
from tiparchive.records.loading import MAX_DEPTH, MAX_ENTRIES, MAX_FILE_BYTES, MAX_VALUES  # noqa: E402
from tiparchive.records.validation import MAX_SOURCE_BYTES  # noqa: E402

MEETING_ID = "2010-01-01-limits"
TARGET_SECONDS = 2.0
HEAD = f"""\
id: {MEETING_ID}
title: Meeting at the limits
kind: meeting
processes: [bali-process]
start: 2010-01-01
end: 2010-01-02
venue:
  city: Vienna
  country: Austria
summary: A generated record.
source:
  title: Meeting Conclusions
  kind: conclusions
  file: sources/{MEETING_ID}.txt
"""


def _items(texts: list[str]) -> str:
    return "items:\n" + "".join(
        f"  - id: p{i}\n    kind: conclusion\n    themes: [legislation]\n    text: >-\n      {text}\n"
        for i, text in enumerate(texts))


def _sentences(count: int, width: int) -> list[str]:
    return [(f"Sentence {i} of the report " + "on identification of victims " * width)[: width * 30].strip()
            for i in range(count)]


def full_record() -> tuple[str, str]:
    """1,000 items quoting the end of their source, the record just under the file-size limit."""
    texts = _sentences(MAX_ENTRIES, 13)
    record = HEAD + _items(texts)
    assert len(record.encode()) <= MAX_FILE_BYTES, len(record)
    return record, "Report\n\n" + "\n\n".join(texts) + "\n"


def full_source(found: bool) -> tuple[str, str]:
    """1,000 items against a source at the source-size limit, quoting its end (or nothing in it)."""
    texts = _sentences(MAX_ENTRIES, 3)
    tail = "\n\n".join(texts) if found else ""
    filler = "The states agreed to continue their cooperation on the protection of victims. "
    body = filler * ((MAX_SOURCE_BYTES - len(tail) - 10) // len(filler))
    record = HEAD + _items(texts if found else [t + " unquoted" for t in texts])
    return record, body + "\n\n" + tail + "\n"


def nested(depth: int) -> tuple[str, str]:
    return HEAD.replace("processes: [bali-process]", "processes: " + "[" * depth + "x" + "]" * depth) \
        + _items(["Report"]), "Report\n"


def many_values() -> tuple[str, str]:
    row = "    countries: [" + ", ".join(["x"] * 60) + "]\n"
    items = "items:\n" + "".join(f"  - id: p{i}\n    kind: conclusion\n    themes: [legislation]\n    text: Report\n"
                                 + row for i in range(MAX_VALUES // 60 + 1))
    return HEAD + items, "Report\n"


def _root(base: Path, record: str, source: str) -> Path:
    root = base / "repo"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(ROOT / "meetings" / "vocabularies", root / "meetings" / "vocabularies")
    (root / "meetings" / "sources").mkdir()
    (root / "meetings" / f"{MEETING_ID}.yml").write_text(record, encoding="utf-8")
    (root / "meetings" / "sources" / f"{MEETING_ID}.txt").write_text(source, encoding="utf-8")
    return root


def _best(root: Path) -> tuple[float, str]:
    best, outcome = float("inf"), ""
    for _ in range(3):
        started = time.perf_counter()
        meetings, problems = check_records(root)
        best = min(best, time.perf_counter() - started)
        outcome = (f"{len(problems)} problem(s), first: {problems[0].message[:70]}" if problems
                   else f"{len(meetings)} meeting(s), {sum(len(m.items) for m in meetings)} items")
    return best, outcome


def main() -> int:
    cases: dict[str, Callable[[], tuple[str, str]]] = {
        f"record at the file-size limit ({MAX_FILE_BYTES:,} bytes, {MAX_ENTRIES:,} items)": full_record,
        f"source at its size limit ({MAX_SOURCE_BYTES:,} bytes), {MAX_ENTRIES:,} items quoting its end":
            lambda: full_source(True),
        f"source at its size limit, {MAX_ENTRIES:,} items not in it (worst case)": lambda: full_source(False),
        f"nesting at the depth limit ({MAX_DEPTH})": lambda: nested(MAX_DEPTH - 2),
        "nesting 30,000 deep": lambda: nested(30_000),
        f"over the value limit ({MAX_VALUES:,})": many_values,
    }
    missed = 0
    started = time.perf_counter()
    _, real = check_records(ROOT)
    print(f"{time.perf_counter() - started:7.3f} s  the real records ({len(list((ROOT / 'meetings').glob('*.yml')))}"
          f" files), {len(real)} problems")
    with tempfile.TemporaryDirectory() as folder:
        for name, make in cases.items():
            record, source = make()
            seconds, outcome = _best(_root(Path(folder), record, source))
            missed += seconds > TARGET_SECONDS
            print(f"{seconds:7.3f} s  {name}: {len(record.encode()):,} + {len(source.encode()):,} bytes; {outcome}")
    print(f"target: every case under {TARGET_SECONDS} s; {'missed ' + str(missed) if missed else 'all met'}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
