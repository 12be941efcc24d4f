"""Folders written whole or not at all: the built site, the generated pages, the search index.

A reader (a web server, a browser following `serve`, a builder reading pages) never sees a
half-written folder: each is written into a staging folder beside its target and swapped in by
two renames once complete. The one rule for it, used by every stage that writes a folder.
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def swap_in(new: Path, target: Path) -> None:
    """Replaces `target` with `new` in two renames, so readers never see a half-written folder."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def _held(lock: Path) -> bool:
    """Whether a running build holds this lock; a killed or crashed one holds nothing."""
    try:
        with open(lock, "a+b") as stream:
            try:
                fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(stream, fcntl.LOCK_UN)
            return False
    except OSError:
        return True


def remove_stale_staging(site: Path) -> None:
    """Deletes the staging folders that killed or crashed builds left beside `site`.

    Each build holds an flock on `<staging>.lock` while it runs; a folder whose lock nobody holds
    is stale. A folder without a lock is stale once a minute old (a lock is taken right after
    the folder is made), which also clears those left before builds took locks.
    """
    for folder in site.parent.glob(f".{site.name}-*"):
        if folder.suffix == ".lock" or not folder.is_dir() or folder.is_symlink():
            continue
        lock = folder.with_name(folder.name + ".lock")
        try:
            stale = not _held(lock) if lock.exists() else time.time() - folder.stat().st_mtime > 60
        except OSError:
            continue
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            lock.unlink(missing_ok=True)
    for lock in site.parent.glob(f".{site.name}-*.lock"):
        if not lock.with_suffix("").exists() and not _held(lock):
            lock.unlink(missing_ok=True)


def readable(folder: Path) -> None:
    """Folders 0755: mkdtemp makes the top one 0700, which a web server running as another user cannot read."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)




@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """A fresh, locked staging folder beside `target`, removed afterwards unless swapped in.

    Staging folders that killed builds left beside the same target are removed first.
    """
    target.parent.mkdir(parents=True, exist_ok=True)  # the staging folder must be on the same file system
    remove_stale_staging(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    lock = staging.with_name(staging.name + ".lock")
    with open(lock, "wb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # gone already after a successful swap
            lock.unlink(missing_ok=True)


def publish(staging: Path, target: Path) -> None:
    """A complete staging folder made readable to a web server and swapped in as `target`."""
    readable(staging)
    swap_in(staging, target)
