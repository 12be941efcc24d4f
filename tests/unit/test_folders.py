"""folders: a build leaves no staging folder behind, even when killed, and the site it swaps in is readable."""

from __future__ import annotations

import fcntl
import os
import stat
import time
from pathlib import Path

import pytest

from tiparchive import builders, cli, folders


def _staging(parent: Path, name: str, *, lock: bool, age: float = 0) -> Path:
    folder = parent / name
    (folder / "assets").mkdir(parents=True)
    if lock:
        (parent / f"{name}.lock").touch()
    if age:
        then = time.time() - age
        os.utime(folder, (then, then))
    return folder


def test_folders_of_killed_builds_are_removed_and_running_ones_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    killed = _staging(tmp_path, ".site-killed1", lock=True)  # lock file, nobody holds it
    running = _staging(tmp_path, ".site-running", lock=True)
    old = _staging(tmp_path, ".site-oldcrash", lock=False, age=3600)  # from before builds took locks
    young = _staging(tmp_path, ".site-justmade", lock=False)  # a build between mkdtemp and its lock
    (tmp_path / ".site-orphan.lock").touch()
    with open(tmp_path / ".site-running.lock", "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        folders.remove_stale_staging(site)
    assert not killed.exists() and not old.exists()
    assert running.exists() and young.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-justmade", ".site-running", ".site-running.lock"]


def test_the_built_site_is_readable_by_other_users(tmp_path: Path) -> None:
    folder = tmp_path / "staging"
    (folder / "a" / "b").mkdir(parents=True)
    folder.chmod(0o700)
    (folder / "a").chmod(0o700)
    folders.readable(folder)
    for path in (folder, folder / "a", folder / "a" / "b"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o755


def test_an_interrupted_build_leaves_neither_folder_nor_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(root: Path, staging: Path, builder: str) -> None:
        (staging / "index.html").write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(builders, "build", interrupted)
    site = tmp_path / "out" / "site"
    with pytest.raises(KeyboardInterrupt):
        cli.main(["--root", str(tmp_path), "build", "--site-dir", str(site)])
    assert list(site.parent.iterdir()) == []
