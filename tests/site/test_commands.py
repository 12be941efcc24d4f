"""The commands an editor or a maintainer runs besides build and validate: new, schema, generate, index.

Each is run as `tiparchive --root ROOT <command>` in process, on a copy of the project when it
writes, and checked for its exit code, what it prints and what it writes.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from grown import HAND_CITY, HAND_ID, HAND_START, HAND_TITLE, write_by_hand
from site_helpers import ROOT, Build, copy_repo

from tiparchive import urls
from tiparchive.archive.indexes import load_archive
from tiparchive.cli import main
from tiparchive.records.check import check_records
from tiparchive.records.schema import SCHEMA_PATH
from tiparchive.search.index import FOLDER

NEW = ["new", "--start", HAND_START, "--city", HAND_CITY, "--title", HAND_TITLE]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -- new --------------------------------------------------------------------------------------


def test_new_writes_a_skeleton_and_an_empty_source(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), *NEW]) == 0
    assert capsys.readouterr().out == (
        f"wrote meetings/{HAND_ID}.yml and meetings/sources/{HAND_ID}.txt: fill them in, then run "
        "`tiparchive validate`\n")
    skeleton = (repo / "meetings" / f"{HAND_ID}.yml").read_text(encoding="utf-8")
    assert skeleton.startswith("# yaml-language-server: $schema=../docs/schema/meeting.schema.json\n")
    assert f"id: {HAND_ID}\ntitle: {HAND_TITLE}\n" in skeleton
    assert (repo / "meetings" / "sources" / f"{HAND_ID}.txt").read_text(encoding="utf-8") == ""


def test_the_skeleton_filled_in_as_contributing_says_is_valid(repo: Path) -> None:
    write_by_hand(repo)
    meetings, problems = check_records(repo)
    assert problems == []
    assert HAND_ID in {m.id for m in meetings}


def test_the_untouched_skeleton_names_what_to_fill_in(repo: Path) -> None:
    main(["--root", str(repo), *NEW])
    _, problems = check_records(repo)
    fields = {p.field for p in problems if p.file == f"meetings/{HAND_ID}.yml"}
    assert {"processes", "venue.country", "sources[0].title", "items[0].themes"} <= fields


def test_new_never_overwrites(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), *NEW]) == 0
    capsys.readouterr()
    assert main(["--root", str(repo), *NEW]) == 1
    assert capsys.readouterr().err == (f"tiparchive new: meetings/{HAND_ID}.yml already exists; choose another "
                                       "title or edit the existing record\n")


def test_new_refuses_a_date_it_cannot_read(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "new", "--start", "14.06.2016", "--city", "Vienna", "--title", "X"]) == 2
    assert capsys.readouterr().err == ("tiparchive new: --start must be a date written YYYY-MM-DD, not "
                                       "'14.06.2016'\n")


# -- schema -----------------------------------------------------------------------------------


def test_schema_check_passes_on_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "schema", "--check"]) == 0
    assert capsys.readouterr().out == f"{SCHEMA_PATH} is up to date\n"


def test_schema_check_fails_after_a_vocabulary_change_until_schema_is_run(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    themes = repo / "meetings" / "vocabularies" / "themes.yml"
    text = themes.read_text(encoding="utf-8")
    assert "  - id: root-causes\n" in text
    themes.write_text(text.replace("  - id: root-causes\n", "  - id: root-causes-and-demand\n", 1), encoding="utf-8")
    assert main(["--root", str(repo), "schema", "--check"]) == 1
    assert capsys.readouterr().err == (f"{SCHEMA_PATH} is out of date with the vocabularies: run "
                                       "`tiparchive schema`\n")
    assert main(["--root", str(repo), "schema"]) == 0
    assert capsys.readouterr().out == f"wrote {SCHEMA_PATH}\n"
    assert "root-causes-and-demand" in (repo / SCHEMA_PATH).read_text(encoding="utf-8")
    assert main(["--root", str(repo), "schema", "--check"]) == 0


# -- generate ---------------------------------------------------------------------------------


def test_generate_writes_docs_and_every_generated_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(ROOT), "generate", str(out)]) == 0
    printed = capsys.readouterr().out
    archive = load_archive(ROOT)
    written = set(_files(out))
    docs = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*") if p.is_file()}
    assert docs <= written
    assert {urls.meeting(m) for m in archive.meetings} <= written
    generated = len(written - docs)
    assert printed == f"wrote {generated} generated pages and docs/ to {out}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "a staging folder was left behind"


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_generate_refuses_a_docs_page_at_a_generated_address(repo: Path, tmp_path: Path, builder: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The same refusal as the plugin's, for builders that run no plugin (Zensical kept one page)."""
    (repo / "docs" / "search.md").write_text("# Search\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--root", str(repo), "generate", str(out), "--builder", builder]) == 1
    assert capsys.readouterr().err == ("tiparchive generate: docs/search.md and the generated search/index.md "
                                       "would both be served at /search/: rename or move the file in docs/\n")
    assert not out.exists()


def test_generate_on_a_broken_record_writes_nothing(repo: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    record = next((repo / "meetings").glob("*.yml"))
    record.write_text(record.read_text(encoding="utf-8").replace("\nkind: ", "\nkind: x", 1), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--root", str(repo), "generate", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"meetings/{record.name}:" in err and err.endswith("no pages were written.\n")
    assert not out.exists()


# -- index ------------------------------------------------------------------------------------


def test_index_writes_the_index_the_build_writes(site_build: tuple[Path, Build], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    built, _ = site_build
    copy = tmp_path / "site"
    shutil.copytree(built, copy)
    shutil.rmtree(copy / FOLDER)
    assert main(["--root", str(ROOT), "index", str(copy)]) == 0
    assert capsys.readouterr().out.startswith("indexed ")
    assert _files(copy / FOLDER) == _files(built / FOLDER)


def test_index_refuses_a_folder_that_is_not_a_built_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "index", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (f"tiparchive index: {tmp_path} is not a built site (no index.html); "
                                       "build it first\n")
