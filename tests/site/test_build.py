"""`tiparchive build`: strict and clean on the real records, atomic when anything is wrong."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from site_helpers import Build, copy_repo, minimal_record, run_build, write_record

BROKEN_ID = "2018-04-09-vienna-broken-test-meeting"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` with a hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_strict_build_passes_with_no_warnings(site_build: tuple[Path, Build]) -> None:
    folder, build = site_build
    assert build.code == 0
    assert build.logged == [], "the build logged warnings:\n" + "\n".join(build.logged)
    assert (folder / "index.html").is_file()
    assert (folder / "search-index" / "items" / "manifest.js").is_file(), "the build wrote no search index"
    assert not (folder / "search" / "search_index.json").exists(), "the theme's whole-site index is back"
    leftovers = [p.name for p in folder.parent.iterdir() if p.name != folder.name]
    leftovers += [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert leftovers == [], f"the build left staging folders behind: {leftovers}"


def _new_record_with_unquoted_item(repo: Path) -> str:
    record = minimal_record(BROKEN_ID, "2018-04-09", items=[{
        "id": "finding-1", "kind": "finding", "themes": ["legislation"], "countries": [],
        "organisations": [], "text": "A sentence that the report never says.",
    }])
    write_record(repo, BROKEN_ID, record, "The report says something else entirely.\n")
    return "does not occur word for word"


def _new_record_with_unknown_theme(repo: Path) -> str:
    record = minimal_record(BROKEN_ID, "2018-04-09")
    items = record["items"]
    assert isinstance(items, list)
    items[0]["themes"] = ["legislaton"]
    write_record(repo, BROKEN_ID, record, "Officials met in Vienna.\n")
    return "legislaton"


def _existing_record_without_source(repo: Path) -> str:
    source = sorted((repo / "meetings" / "sources").glob("*.txt"))[0]
    source.unlink()
    return "cannot be read"


BREAKAGES: dict[str, Callable[[Path], str]] = {
    "new record quoting text not in its source": _new_record_with_unquoted_item,
    "new record with a misspelt theme": _new_record_with_unknown_theme,
    "existing record whose source file is gone": _existing_record_without_source,
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_broken_record_fails_and_leaves_the_site_as_it_was(
    breakage: str, tmp_path: Path, site_build: tuple[Path, Build]
) -> None:
    repo = copy_repo(tmp_path / "repo")
    expected_message = BREAKAGES[breakage](repo)
    site = tmp_path / "out" / "site"
    shutil.copytree(site_build[0], site)  # a site built earlier, from good records
    before = snapshot(site)
    never_built = tmp_path / "out" / "never"

    failed = run_build(repo, site)
    failed_fresh = run_build(repo, never_built)

    assert failed.code != 0 and failed_fresh.code != 0
    report = failed.stderr + "\n".join(failed.logged)
    assert expected_message in report, report
    assert "left as it was" in failed.stderr
    after = snapshot(site)
    assert sorted(after) == sorted(before), "files were added to or removed from the site"
    assert after["index.html"] == before["index.html"]
    assert after == before, "a file of the previous site changed"
    assert not (site / "meetings" / BROKEN_ID).exists(), "a page was written for the broken record"
    assert not never_built.exists(), "a failed build created the site folder"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"], "staging folders were left behind"


def test_strict_build_fails_on_a_broken_link_in_docs(tmp_path: Path, site_build: tuple[Path, Build]) -> None:
    """A warning is an error: a docs page linking to a missing page stops the build."""
    repo = copy_repo(tmp_path / "repo")
    about = repo / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\nSee [nothing](no-such-page.md).\n",
                     encoding="utf-8")
    site = tmp_path / "out" / "site"
    shutil.copytree(site_build[0], site)
    before = snapshot(site)

    failed = run_build(repo, site)

    assert failed.code != 0
    assert any("no-such-page.md" in line for line in failed.logged), failed.logged
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


@pytest.mark.parametrize("breakage", ["record", "docs link"])
def test_failed_build_tells_the_contributor_what_is_wrong(breakage: str, tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    if breakage == "record":
        expected = _new_record_with_unquoted_item(repo)
    else:
        about = repo / "docs" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\n\nSee [x](no-such-page.md).\n",
                         encoding="utf-8")
        expected = "no-such-page.md"
    command = [sys.executable, "-m", "tiparchive", "--root", str(repo), "build",
               "--site-dir", str(tmp_path / "site")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert expected in done.stderr + done.stdout, done.stderr
