"""Loading the whole archive: every record read, validated and indexed, or every problem listed.

This is the one entry point the site generator, the validator and the tests share: data
flows one way, load -> validate -> index, and nothing downstream re-reads a YAML file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .indexes import Archive
from .loading import read_yaml
from .model import Meeting
from .problems import Problem, RecordsInvalid, display_path
from .validation import RecordChecker
from .vocabularies import load_vocabularies

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
    problems = unread_records(root)
    for path in record_paths(root):
        shown = display_path(path, root)
        document, found = read_yaml(path, shown)
        problems.extend(found)
        if document is None:
            continue
        checker = RecordChecker(document, vocabularies, root / MEETINGS_DIR, today)
        meeting = checker.meeting()
        problems.extend(checker.problems)
        if meeting:
            meetings.append(meeting)
    problems.extend(_duplicates(meetings, root))
    return meetings, problems


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
