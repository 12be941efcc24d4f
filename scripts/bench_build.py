#!/usr/bin/env python3
"""Prints how long each stage of the build takes on the records in this repository.

    .venv/bin/python scripts/bench_build.py [--runs 3]

Figures, not assertions: speed targets live here, not in timed unit tests.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tiparchive.build import generate_pages
from tiparchive.cli import main as cli
from tiparchive.records.check import check_records

ROOT = Path(__file__).resolve().parent.parent


def timed(run: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    logging.disable(logging.WARNING)
    meetings, _ = check_records(ROOT)
    pages = generate_pages(ROOT)
    items = sum(len(m.items) for m in meetings)
    validate = timed(lambda: check_records(ROOT), runs)
    generate = timed(lambda: generate_pages(ROOT), runs)
    with tempfile.TemporaryDirectory() as site:
        def build() -> None:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                assert cli(["--root", str(ROOT), "build", "--site-dir", site]) == 0
        full = timed(build, runs)
        size = sum(f.stat().st_size for f in Path(site).rglob("*") if f.is_file())
        data = sum(f.stat().st_size for f in (Path(site) / "data").rglob("*") if f.is_file())
        data += (Path(site) / "feed.xml").stat().st_size
        html = sum(1 for _ in Path(site).rglob("*.html"))
    print(f"records: {len(meetings)} meetings, {items} items -> {len(pages)} generated files, {html} HTML files")
    print(f"median of {runs} runs on this machine:")
    print(f"  validate all records      {validate * 1000:8.0f} ms")
    print(f"  load + render all pages   {generate * 1000:8.0f} ms")
    print(f"  full strict site build    {full * 1000:8.0f} ms  ({full / len(meetings) * 1000:.0f} ms per meeting)")
    print(f"  generation share of build {generate / full:8.1%}")
    print(f"  built site size           {size / 1e6:8.2f} MB")
    print(f"  of which data/, feed.xml  {data / 1e6:8.2f} MB")


if __name__ == "__main__":
    main()
