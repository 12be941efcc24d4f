#!/usr/bin/env python3
"""Prints how far the echoes shown can be believed, on the pairs a reader judged (tests/echoes/judged.yml).

    .venv/bin/python scripts/echo_precision.py [--root .] [--list]

Precision of a tier: of the judged pairs shown in it, the share judged 'same' (the same
recommendation or point recurring); "same subject at least" counts 'related' as right too.
Pairs whose items are gone or whose words changed since they were judged are skipped and
counted apart. Figures, not assertions: the floor the site must keep is held by
tests/test_echo_precision.py.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from tiparchive.archive.echoes import Echoes
from tiparchive.archive.indexes import load_archive

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from echo_judged import LABELS, outcomes, precision, read_judged  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=ROOT, help="the archive's folder (default: this repository)")
    parser.add_argument("--list", action="store_true", help="list every judged pair with the tier it is shown in")
    options = parser.parse_args()
    judged = read_judged()
    found, skipped = outcomes(Echoes(load_archive(options.root)), judged)
    labelled = Counter(j.label for j in judged)
    print(f"judged pairs {len(judged)}: {', '.join(f'{labelled[label]} {label}' for label in LABELS)}"
          f"; {len(skipped)} skipped (item gone or changed)")
    for tier in ("echo", "related"):
        correct, shown = precision(found, tier)
        labels = Counter(o.judged.label for o in found if o.shown == tier)
        figure = f"{correct / shown:.2f}" if shown else "n/a"
        subject = f"{(correct + labels['related']) / shown:.2f}" if shown else "n/a"
        print(f"shown as {tier:<8} {shown:>3}: precision {figure}, same subject at least {subject} "
              f"({', '.join(f'{labels[label]} {label}' for label in LABELS)})")
    hidden = Counter(o.judged.label for o in found if not o.shown)
    print(f"not shown        {sum(hidden.values()):>3}: {', '.join(f'{hidden[label]} {label}' for label in LABELS)}")
    if options.list:
        for outcome in sorted(found, key=lambda o: (o.shown, o.judged.label)):
            print(f"{outcome.shown or '-':<8} {outcome.judged.label:<9} {' | '.join(outcome.judged.items)}")


if __name__ == "__main__":
    main()
