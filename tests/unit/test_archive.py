"""archive: every record of a folder validated together, all problems of all files listed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from unit_helpers import FIXTURE, MEETING_ID, ROOT, TODAY, VALID_RECORD, VALID_SOURCE, second_record

from tiparchive.archive.indexes import load_archive
from tiparchive.records.check import check_records, record_paths
from tiparchive.records.loading import STOPPED
from tiparchive.records.problems import RecordsInvalid

COPY_ID = f"{MEETING_ID}-copy"


def make_root(tmp_path: Path, records: dict[str, str]) -> Path:
    """A repository root with the real vocabularies and the given records (file name -> text)."""
    shutil.copytree(FIXTURE / "meetings" / "vocabularies", tmp_path / "meetings" / "vocabularies")
    (tmp_path / "meetings" / "sources").mkdir()
    for name, text in records.items():
        (tmp_path / "meetings" / name).write_text(text, encoding="utf-8")
        stem = name.rsplit(".", 1)[0]
        (tmp_path / "meetings" / "sources" / f"{stem}.txt").write_text(VALID_SOURCE, encoding="utf-8")
    return tmp_path


def test_record_paths_are_the_yml_files_of_meetings(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"b.yml": "", "a.yaml": "", "notes.txt": ""})
    assert [p.name for p in record_paths(root)] == ["b.yml"]


def test_files_that_look_like_records_but_are_not_read_are_problems(tmp_path: Path) -> None:
    root = make_root(tmp_path, {f"{MEETING_ID}.yml": VALID_RECORD, "a.yaml": "", "b.YML": "", "notes.txt": "",
                                "README.md": ""})
    (root / "meetings" / "2016").mkdir()
    (root / "meetings" / "2016" / "c.yml").write_text(VALID_RECORD, encoding="utf-8")
    (root / "meetings" / "sources" / "d.yml").write_text("", encoding="utf-8")  # sources/ may hold anything
    _, problems = check_records(root, today=TODAY)
    assert [str(p) for p in problems] == [
        "meetings/2016/c.yml:1:1: records in a subfolder of meetings/ are not read\n"
        "    hint: move it to meetings/c.yml; only sources/ and vocabularies/ are read below meetings/",
        "meetings/a.yaml:1:1: record files end in .yml, in lower case; this file is not read\n"
        "    hint: rename it to a.yml",
        "meetings/b.YML:1:1: record files end in .yml, in lower case; this file is not read\n"
        "    hint: rename it to b.yml",
    ]


def test_a_good_folder_loads(tmp_path: Path) -> None:
    text, _ = second_record()
    root = make_root(tmp_path, {f"{MEETING_ID}.yml": VALID_RECORD, "2012-05-28-bali-test-workshop.yml": text})
    archive = load_archive(root, today=TODAY)
    assert [m.id for m in archive.meetings] == [MEETING_ID, "2012-05-28-bali-test-workshop"]


def test_all_problems_of_all_files_are_reported_together(tmp_path: Path) -> None:
    root = make_root(tmp_path, {
        f"{MEETING_ID}.yml": VALID_RECORD,
        f"{COPY_ID}.yml": VALID_RECORD.replace(MEETING_ID, COPY_ID),
        "2006-01-01-x.yaml": "a: 1\n",
        "2007-01-01-anchor.yml": "a: &x 1\n",
        "2008-01-01-empty.yml": "",
    })
    meetings, problems = check_records(root, today=TODAY)
    assert sorted(m.id for m in meetings) == [MEETING_ID, COPY_ID]
    with pytest.raises(RecordsInvalid) as raised:
        load_archive(root, today=TODAY)
    assert raised.value.report() == "\n".join([
        f"meetings/{MEETING_ID}.yml:1:1: title: the same meeting is already recorded as '{COPY_ID}'",
        f"    hint: keep one record: delete the newer of meetings/{COPY_ID}.yml and meetings/{MEETING_ID}.yml, "
        "or merge them",
        "meetings/2006-01-01-x.yaml:1:1: record files end in .yml, in lower case; this file is not read",
        "    hint: rename it to 2006-01-01-x.yml",
        f"meetings/2007-01-01-anchor.yml:1:4: YAML syntax: anchors (&name) are not allowed in records{STOPPED}",
        "    hint: write the value out in full wherever it is needed, without &name or *name",
        "meetings/2008-01-01-empty.yml:1:1: the file is empty",
        "    hint: copy a record from meetings/ or run `tiparchive new` to start one",
        "4 problems in 4 files; no pages were written.",
    ])
    assert sorted(problems) == raised.value.problems


def test_the_real_archive_has_no_problems() -> None:
    meetings, problems = check_records(ROOT, today=TODAY)
    assert [str(p) for p in problems] == []
    assert meetings


def _quoting(meeting_id: str) -> str:
    """The test record with its second item quoted from `meeting_id`."""
    item = "  - id: para-2\n    kind: recommendation\n"
    return VALID_RECORD.replace(item, item + f"    origin:\n      kind: earlier-meeting\n      meeting: {meeting_id}\n")


def test_an_item_quoted_from_a_meeting_of_the_archive_carries_its_name_and_date(tmp_path: Path) -> None:
    earlier, _ = second_record()  # 2012, quoted by a copy of it moved to 2013
    later_id = "2013-05-28-bali-test-workshop"
    later = _quoting("2012-05-28-bali-test-workshop").replace(MEETING_ID, later_id).replace(
        "start: 2005-10-24\nend: 2005-10-25", "start: 2013-05-28\nend: 2013-05-28")
    root = make_root(tmp_path, {"2012-05-28-bali-test-workshop.yml": earlier, f"{later_id}.yml": later})
    archive = load_archive(root, today=TODAY)
    origin = archive.meetings[1].items[1].origin
    assert origin is not None
    assert (origin.meeting, origin.name, origin.date) == (
        "2012-05-28-bali-test-workshop", "Test workshop on victim identification", "2012-05-28")


def test_an_item_quoted_from_a_later_meeting_is_refused(tmp_path: Path) -> None:
    later, _ = second_record()
    root = make_root(tmp_path, {f"{MEETING_ID}.yml": _quoting("2012-05-28-bali-test-workshop"),
                                "2012-05-28-bali-test-workshop.yml": later})
    _, problems = check_records(root, today=TODAY)
    assert [str(p) for p in problems] == [
        f"meetings/{MEETING_ID}.yml:45:16: items[1].origin.meeting: names '2012-05-28-bali-test-workshop', which "
        "began on 2012-05-28, not before this meeting (2005-10-24)\n"
        "    hint: an earlier meeting's id starts with an earlier date; check the id"]


def _git(root: Path, *args: str, when: str = "2020-01-01T00:00:00") -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when})


@pytest.mark.parametrize("committed", [True, False])
def test_a_meeting_recorded_twice_asks_to_delete_the_newer_copy(tmp_path: Path, committed: bool) -> None:
    """The copy sorts first by name, so the rule cannot be 'the second in file order'."""
    copy_id = "2005-10-24-a-copy"
    root = make_root(tmp_path, {f"{MEETING_ID}.yml": VALID_RECORD})
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "original")
    (root / "meetings" / f"{copy_id}.yml").write_text(VALID_RECORD.replace(MEETING_ID, copy_id), encoding="utf-8")
    (root / "meetings" / "sources" / f"{copy_id}.txt").write_text(VALID_SOURCE, encoding="utf-8")
    if committed:
        _git(root, "add", ".")
        _git(root, "commit", "-q", "-m", "copy", when="2021-01-01T00:00:00")
    _, problems = check_records(root, today=TODAY)
    assert [str(p) for p in problems] == [
        f"meetings/{copy_id}.yml:1:1: title: the same meeting is already recorded as '{MEETING_ID}'\n"
        f"    hint: this record is the newer copy: delete meetings/{copy_id}.yml, or merge what it adds into "
        f"meetings/{MEETING_ID}.yml"]
