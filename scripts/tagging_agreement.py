#!/usr/bin/env python3
"""Prints how far a second tagging of items agrees with the records' tags, per facet.

    .venv/bin/python scripts/tagging_agreement.py [tests/tagging/blind.yml] [--root .]

The file lists items (`meeting`, `item`) with the `themes` a second editor gave them from the tagging
guide alone. Figures, not assertions: the test suite only checks that the file names real items and
themes, since how far two editors agree is a finding, not a rule.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from tiparchive.archive.agreement import agreement
from tiparchive.archive.indexes import load_archive
from tiparchive.records.model import Theme

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=ROOT / "tests" / "tagging" / "blind.yml")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--differences", action="store_true", help="list every tag only one tagging gave")
    args = parser.parse_args()
    archive = load_archive(args.root)
    themes = archive.vocabularies.themes
    items = {(m.id, i.id): i for m in archive.meetings for i in m.items}
    second = yaml.safe_load(args.file.read_text(encoding="utf-8"))["items"]
    pairs: list[tuple[tuple[Theme, ...], tuple[Theme, ...]]] = []
    for entry in second:
        record = items[entry["meeting"], entry["item"]]
        blind = tuple(themes[t] for t in entry["themes"])
        pairs.append((record.themes, blind))
        if args.differences:
            mine, theirs = {t.id for t in record.themes}, {t.id for t in blind}
            if mine != theirs:
                print(f"{entry['meeting'][:10]} {entry['item']}: records only {sorted(mine - theirs)}, "
                      f"second only {sorted(theirs - mine)}")
    print(f"{len(pairs)} items tagged twice ({args.file.name})")
    print(f"{'facet':<24} {'themes':>6} {'kappa':>6} {'agree':>6} {'positive':>8} {'same sets':>9}  "
          "tags both/records/second")
    for result in agreement(pairs, archive.vocabularies.facets, themes):
        print(f"{result.facet.label:<24} {result.decisions // max(result.items, 1):>6} {result.kappa:>6.2f} "
              f"{result.observed:>6.1%} {result.positive:>8.1%} {result.same_sets:>4}/{result.items:<4}  "
              f"{result.both}/{result.both + result.first_only}/{result.both + result.second_only}")


if __name__ == "__main__":
    main()
