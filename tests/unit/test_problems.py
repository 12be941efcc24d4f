"""problems: place first, then the rule, then the hint; a report lists them all, sorted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiparchive.records.problems import Problem, RecordsInvalid, display_path


@pytest.mark.parametrize(("problem", "shown"), [
    (Problem("meetings/a.yml", 3, 7, "venue.city", "is required but missing", "add `city:`"),
     "meetings/a.yml:3:7: venue.city: is required but missing\n    hint: add `city:`"),
    (Problem("meetings/a.yml", 1, 1, "", "the file is empty"), "meetings/a.yml:1:1: the file is empty"),
    (Problem("meetings/a.yml", 2, 1, "id", "is wrong"), "meetings/a.yml:2:1: id: is wrong"),
])
def test_problem_str(problem: Problem, shown: str) -> None:
    assert str(problem) == shown


def test_report_sorts_and_counts() -> None:
    error = RecordsInvalid([
        Problem("meetings/b.yml", 1, 1, "", "second file"),
        Problem("meetings/a.yml", 9, 1, "", "later line"),
        Problem("meetings/a.yml", 2, 5, "", "earlier line", "a hint"),
    ])
    assert error.report() == (
        "meetings/a.yml:2:5: earlier line\n    hint: a hint\n"
        "meetings/a.yml:9:1: later line\n"
        "meetings/b.yml:1:1: second file\n"
        "3 problems in 2 files; no pages were written."
    )
    assert str(error) == error.report()


def test_report_of_one_problem_is_singular() -> None:
    assert RecordsInvalid([Problem("x.yml", 1, 1, "", "bad")]).report() == (
        "x.yml:1:1: bad\n1 problem in 1 file; no pages were written.")


def test_display_path(tmp_path: Path) -> None:
    assert display_path(tmp_path / "meetings" / "a.yml", tmp_path) == "meetings/a.yml"
    assert display_path(Path("/elsewhere/a.yml"), tmp_path) == "/elsewhere/a.yml"
