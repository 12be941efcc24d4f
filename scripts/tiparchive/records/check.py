"""Every record of the archive read and validated, with every problem of every file listed.

`archive.indexes.load_archive` builds the archive from what this returns; data flows one way,
load -> validate -> index -> render, and nothing downstream re-reads a YAML file.
"""

from __future__ import annotations

import math
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

from tiparchive.records.loading import read_yaml
from tiparchive.records.model import Meeting
from tiparchive.records.problems import Problem, display_path
from tiparchive.records.validation import RecordChecker
from tiparchive.records.vocabularies import load_vocabularies

MEETINGS_DIR = "meetings"


RECORD_SUFFIX = ".yml"
LOOKS_LIKE_A_RECORD = {".yml", ".yaml"}  # compared in lower case: .YML, .Yaml ...
OTHER_FOLDERS = {"sources", "vocabularies"}  # the only subfolders of meetings/ that hold YAML or text


def record_paths(root: Path) -> list[Path]:
    """The meeting records: every `.yml` directly in meetings/."""
    return sorted((root / MEETINGS_DIR).glob(f"*{RECORD_SUFFIX}"))


def unread_records(root: Path) -> list[Problem]:
    """Files under meetings/ that look like records but would not be read: an editor who saved
    `.YML`, `.yaml` or into a subfolder would otherwise see "no problems" and no meeting."""
    folder = root / MEETINGS_DIR
    problems = []
    for path in sorted(folder.rglob("*")):
        inside = path.relative_to(folder).parts
        if not path.is_file() or path.suffix.lower() not in LOOKS_LIKE_A_RECORD or inside[0] in OTHER_FOLDERS:
            continue
        shown = display_path(path, root)
        name = f"{path.stem}{RECORD_SUFFIX}"
        if len(inside) > 1:
            problems.append(Problem(shown, 1, 1, "", "records in a subfolder of meetings/ are not read",
                                    f"move it to meetings/{name}; only sources/ and vocabularies/ are read "
                                    "below meetings/"))
        elif path.suffix != RECORD_SUFFIX:
            problems.append(Problem(shown, 1, 1, "", f"record files end in {RECORD_SUFFIX}, in lower case; "
                                    "this file is not read", f"rename it to {name}"))
    return problems


def check_records(root: Path, today: date | None = None) -> tuple[list[Meeting], list[Problem]]:
    """Validates every record; returns the good meetings and all problems found."""
    vocabularies = load_vocabularies(root)
    meetings: list[Meeting] = []
    problems: list[Problem] = unread_records(root)
    paths = record_paths(root)
    # Every record's id, valid or not: an item may say it was quoted from any of them.
    known = frozenset(path.stem for path in paths)
    checked: list[tuple[RecordChecker, Meeting]] = []
    for path in paths:
        shown = display_path(path, root)
        document, found = read_yaml(path, shown, inside=root / MEETINGS_DIR)
        problems.extend(found)
        if document is None:
            continue
        # Checked even when reading found problems, so the editor sees them all in one run.
        checker = RecordChecker(document, vocabularies, root / MEETINGS_DIR, today, known)
        meeting = checker.meeting()
        problems.extend(checker.problems)
        if meeting and not found:
            meetings.append(meeting)
            checked.append((checker, meeting))
    problems.extend(_duplicates(meetings, root))
    problems.extend(_later_origins(checked))
    return _with_origins_named(meetings), problems


def check_one(root: Path, path: Path, others: list[Meeting], today: date | None = None) -> Meeting | None:
    """One edited record checked alone, beside the other meetings as last built; None at any problem.

    For `serve`, which shows an edited meeting's page before checking the whole archive again:
    the whole check that follows reports every problem, including those across records.
    """
    document, found = read_yaml(path, display_path(path, root), inside=root / MEETINGS_DIR)
    if document is None or found:
        return None
    checker = RecordChecker(document, load_vocabularies(root), root / MEETINGS_DIR, today,
                            frozenset(p.stem for p in record_paths(root)))
    meeting = checker.meeting()
    if meeting is None or checker.problems:
        return None
    return _with_origins_named([meeting, *(m for m in others if m.id != meeting.id)])[0]


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


def added_at(root: Path, path: Path) -> float | None:
    """When git first saw the record: the time of the commit that added it, infinity if not committed yet.

    None when git cannot tell (no git, not a repository, history cut short by a shallow clone).
    """
    relative = display_path(path, root)
    try:
        tracked = subprocess.run(["git", "-C", str(root), "ls-files", "--error-unmatch", "--", relative],
                                 capture_output=True, check=False, timeout=30)
        if tracked.returncode != 0:
            inside = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"],
                                    capture_output=True, check=False, timeout=30)
            return math.inf if inside.returncode == 0 else None
        added = subprocess.run(["git", "-C", str(root), "log", "--diff-filter=A", "--format=%ct", "-1", "--",
                                relative], capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = added.stdout.strip()
    return float(stamp) if added.returncode == 0 and stamp.isdigit() else None


def _duplicates(meetings: list[Meeting], root: Path) -> list[Problem]:
    """The same meeting recorded twice under two ids.

    The editor is asked to delete the newer record: the one git added later, a record not yet
    committed being the newest of all. When git cannot tell them apart, both are named.
    """
    seen: dict[tuple[date, str], Meeting] = {}
    problems = []
    for meeting in meetings:
        key = (meeting.start, " ".join(meeting.title.casefold().split()))
        if key not in seen:
            seen[key] = meeting
            continue
        first, second = seen[key], meeting
        first_added, second_added = added_at(root, first.path), added_at(root, second.path)
        if first_added is None or second_added is None or first_added == second_added:
            problems.append(Problem(display_path(second.path, root), 1, 1, "title",
                                    f"the same meeting is already recorded as {first.id!r}",
                                    f"keep one record: delete the newer of meetings/{first.id}.yml and "
                                    f"meetings/{second.id}.yml, or merge them"))
            continue
        new, old = (first, second) if first_added > second_added else (second, first)
        problems.append(Problem(display_path(new.path, root), 1, 1, "title",
                                f"the same meeting is already recorded as {old.id!r}",
                                f"this record is the newer copy: delete meetings/{new.id}.yml, or merge "
                                f"what it adds into meetings/{old.id}.yml"))
    return problems
