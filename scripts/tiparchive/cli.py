"""The `tiparchive` command: validate records, build the site safely, serve it, or export pages."""

from __future__ import annotations

import argparse
import fcntl
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tiparchive.archive.indexes import load_archive
from tiparchive.build import generate_pages
from tiparchive.records.check import check_records
from tiparchive.records.problems import RecordsInvalid


def find_root(start: Path) -> Path:
    """The repository root: the nearest folder holding mkdocs.yml and meetings/."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "meetings").is_dir():
            return folder
    raise SystemExit(f"tiparchive: no mkdocs.yml with a meetings/ folder in {start} or above")


def cmd_validate(root: Path, _args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        meetings, problems = check_records(root)
    except RecordsInvalid as error:  # a vocabulary file itself is broken
        print(error.report(), file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    if problems:
        print(RecordsInvalid(problems).report(), file=sys.stderr)
        return 1
    items = sum(len(m.items) for m in meetings)
    print(f"{len(meetings)} records, {items} items: no problems ({elapsed:.2f} s)")
    return 0


def cmd_generate(root: Path, args: argparse.Namespace) -> int:
    """Writes docs/ plus every generated page to a folder, for builders that ignore `hooks:`."""
    try:
        pages = generate_pages(root)
    except RecordsInvalid as error:
        print(error.report(), file=sys.stderr)
        return 1
    out = Path(args.out)
    staging = Path(tempfile.mkdtemp(prefix=".generate-", dir=out.parent if out.parent.exists() else None))
    shutil.copytree(root / "docs", staging, dirs_exist_ok=True)
    for path, content in pages.items():
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="")  # CSV keeps its CRLF on every platform
    readable(staging)
    _swap(staging, out)
    print(f"wrote {len(pages)} generated pages and docs/ to {out}")
    return 0


def _swap(new: Path, target: Path) -> None:
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


def cmd_build(root: Path, args: argparse.Namespace) -> int:
    """`mkdocs build --strict` into a fresh folder, swapped in only when the build succeeded."""
    site = Path(args.site_dir).resolve() if args.site_dir else root / "site"
    site.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(site)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-", dir=site.parent))
    lock = staging.with_name(staging.name + ".lock")
    with open(lock, "wb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            return _build_into(root, site, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # gone already after a successful swap
            lock.unlink(missing_ok=True)


def _build_into(root: Path, site: Path, staging: Path) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # MkDocs reports broken records and links through logging; without a handler of our own, its
    # strict-mode counter would be the only handler and the contributor would see no reason.
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(handler)
    started = time.perf_counter()
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), strict=True)
        build(config)
    except (MkDocsException, RecordsInvalid, SystemExit) as error:
        print(f"tiparchive build: failed, {site} left as it was\n{error}", file=sys.stderr)
        return 1
    finally:
        mkdocs_logger.removeHandler(handler)
    readable(staging)
    _swap(staging, site)
    print(f"built {site} in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_schema(root: Path, args: argparse.Namespace) -> int:
    from tiparchive.records.schema import SCHEMA_PATH, schema_text, write_schema

    if args.check:
        current = (root / SCHEMA_PATH).read_text(encoding="utf-8") if (root / SCHEMA_PATH).exists() else ""
        if current != schema_text(root):
            print(f"{SCHEMA_PATH} is out of date with the vocabularies: run `tiparchive schema`",
                  file=sys.stderr)
            return 1
        print(f"{SCHEMA_PATH} is up to date")
        return 0
    print(f"wrote {write_schema(root).relative_to(root)}")
    return 0


def cmd_new(root: Path, args: argparse.Namespace) -> int:
    from datetime import date

    from tiparchive.records.scaffold import create
    from tiparchive.records.vocabularies import load_vocabularies

    try:
        start = date.fromisoformat(args.start)
    except ValueError:
        print(f"tiparchive new: --start must be a date written YYYY-MM-DD, not {args.start!r}", file=sys.stderr)
        return 2
    try:
        record, source = create(root, load_vocabularies(root), start, args.city, args.title)
    except FileExistsError as error:
        print(f"tiparchive new: {error}; choose another title or edit the existing record", file=sys.stderr)
        return 1
    print(f"wrote {record.relative_to(root)} and {source.relative_to(root)}: fill them in, then run "
          "`tiparchive validate`")
    return 0


def cmd_serve(root: Path, args: argparse.Namespace) -> int:
    from tiparchive.devserver import DevServer

    DevServer(root / "mkdocs.yml", args.dev_addr).serve()
    return 0


def cmd_index(root: Path, args: argparse.Namespace) -> int:
    """Writes the search index into a site built by another tool (ProperDocs, Zensical)."""
    from tiparchive.search.index import FOLDER, write_index
    from tiparchive.search.records import SearchRecords

    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"tiparchive index: {site} is not a built site (no index.html); build it first", file=sys.stderr)
        return 1
    try:
        records = SearchRecords(load_archive(root))
    except RecordsInvalid as error:
        print(error.report(), file=sys.stderr)
        return 1
    count = write_index(records, site)
    print(f"indexed {count} search records into {site / FOLDER}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tiparchive", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="repository root (default: found from cwd)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every meeting record and report all problems")
    build = sub.add_parser("build", help="build the site into site/ (only replaced on success)")
    build.add_argument("--site-dir", default=None)
    generate = sub.add_parser("generate", help="write docs/ and all generated Markdown pages to a folder")
    generate.add_argument("out")
    index = sub.add_parser("index", help="write the search index into a site built without the MkDocs hook")
    index.add_argument("site")
    schema = sub.add_parser("schema", help="write the JSON Schema for records from the vocabularies")
    schema.add_argument("--check", action="store_true", help="only check that the committed schema is current")
    new = sub.add_parser("new", help="write a commented skeleton for a new meeting record")
    new.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    new.add_argument("--city", required=True)
    new.add_argument("--title", required=True, help="the meeting's title or a short name for the id")
    serve = sub.add_parser("serve", help="serve the site locally, rebuilding when a record changes")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    root = (args.root or find_root(Path.cwd())).resolve()
    commands = {"validate": cmd_validate, "build": cmd_build, "generate": cmd_generate, "serve": cmd_serve,
                "schema": cmd_schema, "new": cmd_new, "index": cmd_index}
    return commands[args.command](root, args)


if __name__ == "__main__":
    raise SystemExit(main())
