#!/usr/bin/env python3
"""Prints how well the search finds what researchers look for: recall and nDCG@10 on the judged set.

    .venv/bin/python scripts/bench_relevance.py [--root .] [--json OUT]

The judged set (tests/relevance/queries.yml) lists researcher queries, each with the items that
should come back, written by reading the records. Each query runs through the real engine
(search-index.js under Node, over an index written from the records), keyword then filters,
ranked as the Recommendations page ranks them. Printed per query: how many items came back,
recall (share of the judged items found) and nDCG@10 (binary gains: are the judged items at the
top?); then the means over all queries and over the unambiguous ones. Then the issue's own
query table (issue 16): how many items each finds.

Figures, not assertions: tests/unit/test_relevance.py holds recall at 100% on the unambiguous
queries; this script says how good the rest is.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tiparchive import urls
from tiparchive.archive.indexes import load_archive
from tiparchive.search.browser import SCRIPTS
from tiparchive.search.index import FOLDER, write_index
from tiparchive.search.records import SearchRecords

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "tests" / "relevance" / "queries.yml"
HELPER = Path(__file__).resolve().with_suffix(".mjs")

# The queries issue 16 was filed with, as a researcher typed them: (query, filters).
ISSUE_QUERIES: list[tuple[str, dict[str, list[str]]]] = [
    (query, {}) for query in (
        "forced labor", "labor", "forced labour", "criminalisation", "criminalization", "organised crime",
        "organized crime", "child", "children", "Serbia", "Türkiye", "Turkey", "internet", "technology",
        "digital", "online recruitment", "traffiking", "reintegation", "prosecution")
] + [("prosecution", {"organiser": ["process:osce-alliance"], "year": ["2015"]})]


@dataclass(frozen=True)
class Judged:
    """One researcher query and the items (`meeting-id#item-id`) that should come back."""

    query: str
    relevant: frozenset[str]
    unambiguous: bool
    filters: dict[str, list[str]] = field(default_factory=dict)
    why: str = ""


def load_judged(path: Path = JUDGED) -> list[Judged]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    return [Judged(entry["query"], frozenset(entry["relevant"]), bool(entry.get("unambiguous")),
                   entry.get("filters", {}), entry.get("why", "")) for entry in entries]


def item_key(url: str) -> str:
    """'meetings/2004-…/#forced-labour-1' -> '2004-…#forced-labour-1', the judged set's spelling."""
    page, _, anchor = url.partition("#")
    return f"{page.rstrip('/').rpartition('/')[2]}#{anchor}"


def run_queries(root: Path, queries: list[tuple[str, dict[str, list[str]]]]) -> list[list[str]]:
    """Each query's items, best first, as the page ranks them, from an index of the records under `root`."""
    node = shutil.which("node")
    if node is None:
        sys.exit("bench_relevance: Node.js is needed to run the browser's search engine")
    archive = load_archive(root)
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch)
        write_index(SearchRecords(archive), site)
        asked = site / "queries.json"
        asked.write_text(json.dumps([{"q": q, "filters": f} for q, f in queries]), encoding="utf-8")
        run = subprocess.run([node, str(HELPER), str(SCRIPTS[urls.SEARCH_ENGINE_SCRIPT]), str(site / FOLDER),
                              str(asked)], capture_output=True, text=True, check=True, timeout=300)
    answers: list[list[str]] = json.loads(run.stdout)
    return [[item_key(url) for url in found] for found in answers]


def recall(found: list[str], relevant: frozenset[str]) -> float:
    return len(relevant.intersection(found)) / len(relevant) if relevant else 1.0


def ndcg(found: list[str], relevant: frozenset[str], depth: int = 10) -> float:
    """Binary-gain nDCG at `depth`: 1.0 when the judged items (or the first `depth` of them) lead."""
    gained = sum(1 / math.log2(rank + 2) for rank, key in enumerate(found[:depth]) if key in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(depth, len(relevant))))
    return gained / ideal if ideal else 1.0


def measure(root: Path, judged: list[Judged]) -> dict[str, Any]:
    answers = run_queries(root, [(j.query, j.filters) for j in judged])
    rows = [{"query": j.query, "filters": j.filters, "unambiguous": j.unambiguous, "relevant": len(j.relevant),
             "found": len(found), "recall": recall(found, j.relevant), "ndcg10": ndcg(found, j.relevant),
             "missed": sorted(j.relevant.difference(found))}
            for j, found in zip(judged, answers, strict=True)]

    def mean(selected: list[dict[str, Any]], key: str) -> float:
        return sum(row[key] for row in selected) / len(selected) if selected else 0.0

    sure = [row for row in rows if row["unambiguous"]]
    return {"queries": rows,
            "mean": {"recall": mean(rows, "recall"), "ndcg10": mean(rows, "ndcg10"), "count": len(rows)},
            "unambiguous": {"recall": mean(sure, "recall"), "ndcg10": mean(sure, "ndcg10"), "count": len(sure)}}


def _shown(query: str, filters: dict[str, list[str]]) -> str:
    return query + "".join(f" + {name}={'|'.join(values)}" for name, values in filters.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="folder holding meetings/ (default: this checkout)")
    parser.add_argument("--judged", type=Path, default=JUDGED, help="the judged set (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = measure(args.root, load_judged(args.judged))
    print(f"{'query':<48} {'sure':>4} {'judged':>6} {'found':>5} {'recall':>7} {'nDCG@10':>8}")
    for row in figures["queries"]:
        print(f"{_shown(row['query'], row['filters'])[:48]:<48} {'yes' if row['unambiguous'] else '':>4} "
              f"{row['relevant']:>6} {row['found']:>5} {row['recall']:>7.1%} {row['ndcg10']:>8.2f}")
    for name in ("mean", "unambiguous"):
        part = figures[name]
        print(f"{name} over {part['count']} queries: recall {part['recall']:.1%}, nDCG@10 {part['ndcg10']:.2f}")
    issue = run_queries(args.root, ISSUE_QUERIES)
    figures["issue"] = [{"query": q, "filters": f, "found": len(found)}
                        for (q, f), found in zip(ISSUE_QUERIES, issue, strict=True)]
    print("\nIssue 16's queries, items found:")
    for row in figures["issue"]:
        print(f"  {_shown(row['query'], row['filters']):<56} {row['found']:>4}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
