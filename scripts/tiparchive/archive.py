"""Loading the whole archive: every record read, validated and indexed, or every problem listed.

This is the one entry point the site generator, the validator and the tests share: data
flows one way, load -> validate -> index, and nothing downstream re-reads a YAML file.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from .indexes import Archive
from .loading import read_yaml
from .model import Meeting
from .problems import Problem, RecordsInvalid, display_path
from .validation import RecordChecker
from .vocabularies import load_vocabularies

MEETINGS_DIR = "meetings"


def record_paths(root: Path) -> list[Path]:
    """The meeting records: every `.yml`/`.yaml` directly in meetings/ (vocabularies live below)."""
    folder = root / MEETINGS_DIR
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])


def check_records(root: Path, today: date | None = None) -> tuple[list[Meeting], list[Problem]]:
    """Validates every record; returns the good meetings and all problems found."""
    vocabularies = load_vocabularies(root)
    meetings: list[Meeting] = []
    problems: list[Problem] = []
    paths = record_paths(root)
    # Every record's id, valid or not: an item may say it was quoted from any of them.
    known = frozenset(path.stem for path in paths)
    checked: list[tuple[RecordChecker, Meeting]] = []
    for path in paths:
        shown = display_path(path, root)
        if path.suffix == ".yaml":
            problems.append(Problem(shown, 1, 1, "", "record files end in .yml",
                                    f"rename it to {path.stem}.yml"))
            continue
        document, found = read_yaml(path, shown)
        problems.extend(found)
        if document is None:
            continue
        checker = RecordChecker(document, vocabularies, root / MEETINGS_DIR, today, known)
        meeting = checker.meeting()
        problems.extend(checker.problems)
        if meeting:
            meetings.append(meeting)
            checked.append((checker, meeting))
    problems.extend(_duplicates(meetings, root))
    problems.extend(_later_origins(checked))
    return _with_origins_named(meetings), problems


def _later_origins(checked: list[tuple[RecordChecker, Meeting]]) -> list[Problem]:
    """Items 'quoted from an earlier meeting' that name a meeting of the archive that was not earlier."""
    starts = {meeting.id: meeting.start for _, meeting in checked}
    problems = []
    for checker, meeting in checked:
        for field, node, other in checker.origin_meetings:
            if other in starts and starts[other] >= meeting.start:
                problems.append(Problem(checker.document.shown_as, node.line, node.column, field,
                                        f"names {other!r}, which began on {starts[other]}, not before this "
                                        f"meeting ({meeting.start})",
                                        "an earlier meeting's id starts with an earlier date; check the id"))
    return problems


def _with_origins_named(meetings: list[Meeting]) -> list[Meeting]:
    """Items quoted from a meeting of the archive carry that meeting's name and date, for every output.

    A record names the earlier meeting by id only, so that its name is written once, in its own record.
    """
    by_id = {meeting.id: meeting for meeting in meetings}
    named = []
    for meeting in meetings:
        items = tuple(
            replace(item, origin=replace(item.origin, name=by_id[item.origin.meeting].name,
                                         date=by_id[item.origin.meeting].start.isoformat()))
            if item.origin and item.origin.meeting in by_id else item
            for item in meeting.items)
        named.append(replace(meeting, items=items) if items != meeting.items else meeting)
    return named


def _duplicates(meetings: list[Meeting], root: Path) -> list[Problem]:
    """The same meeting recorded twice under two ids."""
    seen: dict[tuple[date, str], Meeting] = {}
    problems = []
    for meeting in meetings:
        key = (meeting.start, " ".join(meeting.title.casefold().split()))
        if key in seen:
            other = seen[key]
            problems.append(Problem(display_path(meeting.path, root), 1, 1, "title",
                                    f"the same meeting is already recorded as {other.id!r}",
                                    f"keep one record; delete meetings/{meeting.id}.yml or merge them"))
        seen[key] = meeting
    return problems


def load_archive(root: Path, today: date | None = None) -> Archive:
    """The validated, indexed archive; raises `RecordsInvalid` listing every problem."""
    meetings, problems = check_records(root, today)
    if problems:
        raise RecordsInvalid(problems)
    return Archive(meetings, load_vocabularies(root))
