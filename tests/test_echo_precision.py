"""What is shown as an echo can be believed: precision on the pairs a reader judged (tests/echoes/judged.yml).

Runs on the real records in meetings/, whose items the judged pairs name. A pair whose item is
gone, or whose words changed since it was judged, is skipped (see tests/echo_judged.py): an
editor's valid change can only shrink the count. What fails is the code showing as an echo
pairs a reader judged not to be the same point.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from echo_judged import outcomes, precision, read_judged
from tiparchive.archive import echoes
from tiparchive.archive.echoes import Echoes
from tiparchive.archive.indexes import load_archive

ROOT = Path(__file__).resolve().parent.parent
FLOOR = 0.8
# Fewer judged pairs than this left shown as echoes, and a precision says little either way.
FEWEST = 2


@pytest.fixture(scope="module")
def found() -> Echoes:
    return Echoes(load_archive(ROOT))


def test_the_judged_set_is_large_and_names_its_labels() -> None:
    judged = read_judged()
    assert len(judged) >= 60
    assert {pair.label for pair in judged} == {"same", "related", "unrelated"}
    assert all(pair.reason.strip() for pair in judged)
    assert len({frozenset(pair.items) for pair in judged}) == len(judged), "a pair judged twice"


def test_what_is_shown_as_an_echo_is_the_same_point_at_least_four_times_in_five(found: Echoes) -> None:
    judged, skipped = outcomes(found, read_judged())
    correct, shown = precision(judged, echoes.ECHO)
    if shown < FEWEST:
        pytest.skip(f"only {shown} judged pairs shown as echoes ({len(skipped)} skipped: items gone or changed)")
    assert correct / shown >= FLOOR, (
        f"{correct} of {shown} judged pairs shown as echoes are the same point: below {FLOOR}; "
        "run scripts/echo_precision.py --list")


def test_unrelated_pairs_are_never_shown_as_echoes(found: Echoes) -> None:
    judged, _ = outcomes(found, read_judged())
    wrong = [o.judged.items for o in judged if o.shown == echoes.ECHO and o.judged.label == "unrelated"]
    assert not wrong
