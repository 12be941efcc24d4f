"""The `tiparchive` command: validate records, build the site safely, serve it, or export pages."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tiparchive.archive.indexes import load_archive
from tiparchive.folders import publish, staged
from tiparchive.records.check import check_records
from tiparchive.records.problems import RecordsInvalid
from tiparchive.urls import BUILDERS


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
    """Writes docs/ plus every generated page to a folder, for builders that run no MkDocs plugin."""
    from tiparchive.builders import BuildFailed, generate_docs

    out = Path(args.out)
    try:
        count = generate_docs(root, out, args.builder)
    except RecordsInvalid as error:
        print(error.report(), file=sys.stderr)
        return 1
    except BuildFailed as error:
        print(f"tiparchive generate: {error}", file=sys.stderr)
        return 1
    print(f"wrote {count} generated pages and docs/ to {out}")
    return 0


def cmd_build(root: Path, args: argparse.Namespace) -> int:
    """A strict build into a fresh folder, swapped in only when the build succeeded."""
    from tiparchive.builders import BuildFailed, build, default_builder

    builder = args.builder or default_builder()
    site = Path(args.site_dir).resolve() if args.site_dir else root / "site"
    started = time.perf_counter()
    with staged(site) as staging:
        try:
            build(root, staging, builder)
        except (BuildFailed, RecordsInvalid) as error:
            print(f"tiparchive build: failed, {site} left as it was\n{error}", file=sys.stderr)
            return 1
        publish(staging, site)
    print(f"built {site} with {builder} in {time.perf_counter() - started:.1f} s")
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
    if args.builder == "zensical":
        from tiparchive.builders import serve_with_zensical

        return serve_with_zensical(root, args.dev_addr, lambda line: print(line, file=sys.stderr, flush=True))
    if args.builder == "properdocs":
        import properdocs.replacement  # noqa: F401  # mkdocs.* imports load ProperDocs's modules
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
    build.add_argument("--builder", choices=BUILDERS, default=None,
                       help="mkdocs (default; properdocs where mkdocs is not installed), properdocs or zensical")
    generate = sub.add_parser("generate", help="write docs/ and all generated Markdown pages to a folder")
    generate.add_argument("out")
    generate.add_argument("--builder", choices=BUILDERS, default="mkdocs",
                          help="the builder that will read the pages: zensical resolves raw-HTML links differently")
    index = sub.add_parser("index", help="write the search index into a site built without the plugin (Zensical)")
    index.add_argument("site")
    schema = sub.add_parser("schema", help="write the JSON Schema for records from the vocabularies")
    schema.add_argument("--check", action="store_true", help="only check that the committed schema is current")
    new = sub.add_parser("new", help="write a commented skeleton for a new meeting record")
    new.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    new.add_argument("--city", required=True)
    new.add_argument("--title", required=True, help="the meeting's title or a short name for the id")
    serve = sub.add_parser("serve", help="serve the site locally, rebuilding when a record changes")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.add_argument("--builder", choices=BUILDERS, default="mkdocs")
    args = parser.parse_args(argv)
    root = (args.root or find_root(Path.cwd())).resolve()
    commands = {"validate": cmd_validate, "build": cmd_build, "generate": cmd_generate, "serve": cmd_serve,
                "schema": cmd_schema, "new": cmd_new, "index": cmd_index}
    return commands[args.command](root, args)


if __name__ == "__main__":
    raise SystemExit(main())
