"""The judged relevance set (tests/relevance/queries.yml): researcher queries whose answers do not depend
on judgement find every item judged relevant, through the real engine (search-index.js under Node) over
an index written from the records.

The set names items of the seed records, so the archive is checked as a subset: every judged item must
exist, and may gain company as records are added. scripts/bench_relevance.py prints recall and nDCG@10
for every query, the judgement calls included."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tiparchive.archive.indexes import load_archive

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_relevance  # noqa: E402  (a script, not a package)


@pytest.fixture(scope="module")
def judged() -> list[bench_relevance.Judged]:
    return bench_relevance.load_judged()


def test_the_judged_set_is_large_and_names_items_that_exist(judged: list[bench_relevance.Judged]) -> None:
    archive = load_archive(ROOT)
    items = {f"{mention.meeting.id}#{mention.item.id}" for mention in archive.items}
    assert len(judged) >= 40 and sum(j.unambiguous for j in judged) >= 20
    assert [key for j in judged for key in j.relevant if key not in items] == []
    assert all(j.relevant and j.why for j in judged)


def test_unambiguous_queries_find_every_judged_item(judged: list[bench_relevance.Judged]) -> None:
    if shutil.which("node") is None:
        pytest.fail("Node.js is missing: `python3 scripts/dev.py test` installs Debian's nodejs")
    figures = bench_relevance.measure(ROOT, [j for j in judged if j.unambiguous])
    missed = {row["query"]: row["missed"] for row in figures["queries"] if row["missed"]}
    assert missed == {}
    assert figures["mean"]["recall"] == 1.0
