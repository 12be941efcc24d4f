"""archive: every record of a folder validated together, all problems of all files listed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from unit_helpers import FIXTURE, MEETING_ID, ROOT, TODAY, VALID_RECORD, VALID_SOURCE, second_record

from tiparchive.archive import check_records, load_archive, record_paths
from tiparchive.problems import RecordsInvalid

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
        f"    hint: keep one record; delete meetings/{MEETING_ID}.yml or merge them",
        "meetings/2006-01-01-x.yaml:1:1: record files end in .yml, in lower case; this file is not read",
        "    hint: rename it to 2006-01-01-x.yml",
        "meetings/2007-01-01-anchor.yml:1:4: YAML syntax: anchors (&name) are not allowed in records",
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
