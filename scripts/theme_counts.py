#!/usr/bin/env python3
"""Prints the theme vocabulary per facet and, for each meeting, how many items carry each theme.

    .venv/bin/python scripts/theme_counts.py [--root .]

What a re-tagging changed is the difference between two runs, before and after.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from tiparchive.archive.indexes import load_archive

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    archive = load_archive(args.root)
    vocab = archive.vocabularies
    per_facet = Counter(t.facet.label for t in vocab.themes.values())
    print(f"{len(vocab.themes)} themes: " + ", ".join(f"{label} {n}" for label, n in per_facet.items()))
    for meeting in sorted(archive.meetings, key=lambda m: m.start):
        tags = Counter(t for item in meeting.items for t in item.themes)
        print(f"\n{meeting.id}: {len(meeting.items)} items, {sum(tags.values())} tags")
        for theme, count in sorted(tags.items(), key=lambda pair: (pair[0].facet.id != "measure", -pair[1],
                                                                   pair[0].id)):
            print(f"  {theme.facet.id:<13} {theme.id:<32} {count}")


if __name__ == "__main__":
    main()
