#!/usr/bin/env python3
"""Prints what each page type weighs over the network: requests and gzip-compressed bytes on a
first visit (cold cache) and on a second page visit (warm cache), measured in Debian's chromium.

    .venv/bin/python scripts/bench_weight.py [--site-dir DIR]

Without --site-dir the site is built into a temporary folder first. The site is served from
127.0.0.1 the way a static host serves it: text gzip-compressed (level 6) and every response
cacheable for ten minutes (`Cache-Control: max-age=600`, as GitHub Pages sends). The bytes are
counted where they leave the server (status line, headers and body), so a file the browser takes
from its cache counts nothing and a revalidation counts its headers.

Cold: a fresh browser context opens the page. Warm: a fresh context opens another page first
(the home page, or the meetings list for the home page itself), then the page is measured.
Targets (issue 6): a meeting page under 500 KB cold and under 150 KB warm, fonts included. The
figures are printed; the exit code is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import logging
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from tiparchive.archive.indexes import load_archive
from tiparchive.cli import main as cli
from tiparchive.render.pagetypes import page_types

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".csv"}
TARGETS = {"meeting": (500_000, 150_000)}  # page type -> (cold, warm) bytes
KB = 1000


class _Tally:
    """What the server sent since the last reset, per request; handlers run in threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: list[tuple[str, int]] = []

    def add(self, path: str, sent: int) -> None:
        with self.lock:
            self.sent.append((path, sent))

    def take(self) -> list[tuple[str, int]]:
        with self.lock:
            taken, self.sent = self.sent, []
            return taken


class _Counting(io.RawIOBase):
    """Wraps the socket's writer and counts what goes through it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.raw.write(data)
        self.count += len(data)
        return len(data)

    def flush(self) -> None:
        self.raw.flush()


class _StaticHost(SimpleHTTPRequestHandler):
    """A static host: gzip for text when the browser accepts it, ten-minute caching, bytes counted."""

    tally: _Tally

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle_one_request(self) -> None:
        counting = _Counting(self.wfile)  # type: ignore[arg-type]
        self.wfile = counting  # type: ignore[assignment]
        try:
            super().handle_one_request()
        finally:
            self.wfile = counting.raw  # type: ignore[assignment]
            if counting.count:
                self.tally.add(urlsplit(self.path).path, counting.count)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self) -> Any:
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the folder's own URL
            target = target / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and target.suffix in COMPRESSED and target.is_file()):
            return super().send_head()
        body = gzip.compress(target.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(target.stat().st_mtime)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def _serve(folder: Path, tally: _Tally) -> Iterator[str]:
    handler = type("Handler", (_StaticHost,), {"tally": tally})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Weight:
    sent: list[tuple[str, int]]  # (URL path, bytes) per request

    @property
    def requests(self) -> int:
        return len(self.sent)

    @property
    def bytes(self) -> int:
        return sum(size for _, size in self.sent)


def _visit(browser: Any, tally: _Tally, url: str, warm_up: str | None) -> Weight:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        page = context.new_page()
        if warm_up is not None:
            page.goto(warm_up, wait_until="networkidle")
        tally.take()
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(200)  # a worker's fetch may start just after the network went idle
        return Weight(tally.take())
    finally:
        context.close()


def measure(site: Path) -> dict[str, tuple[str, Weight, Weight]]:
    from playwright.sync_api import sync_playwright

    archive = load_archive(ROOT)
    tally = _Tally()
    results = {}
    with _serve(site, tally) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            types = page_types(archive)
            for name, path in types.items():
                warm_up = base + (types["meetings"] if name == "home" else types["home"])
                cold = _visit(browser, tally, base + path, None)
                warm = _visit(browser, tally, base + path, warm_up)
                results[name] = (path, cold, warm)
        finally:
            browser.close()
    return results


def _build(folder: Path) -> None:
    logging.disable(logging.WARNING)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        if cli(["--root", str(ROOT), "build", "--site-dir", str(folder)]) != 0:
            sys.exit("bench_weight.py: the site did not build; run `tiparchive build` to see why")


def report(results: dict[str, tuple[str, Weight, Weight]]) -> bool:
    """Prints the table; True when every target is met."""
    print(f"{'page type':<14} {'requests':>8} {'cold KB':>9} {'warm req':>8} {'warm KB':>9}  url")
    met = True
    for name, (path, cold, warm) in results.items():
        print(f"{name:<14} {cold.requests:>8} {cold.bytes / KB:>9.1f} {warm.requests:>8} {warm.bytes / KB:>9.1f}"
              f"  /{path}")
    print("(KB = 1000 bytes, gzip-compressed as sent, headers included; warm = second page visit)")
    for name, (cold_limit, warm_limit) in TARGETS.items():
        _, cold, warm = results[name]
        print(f"{name}, cold, largest first: " + ", ".join(
            f"{path} {size / KB:.1f}" for path, size in sorted(cold.sent, key=lambda s: -s[1])))
        ok = cold.bytes < cold_limit and warm.bytes < warm_limit
        met = met and ok
        print(f"target {name}: cold {cold.bytes / KB:.1f} KB < {cold_limit / KB:.0f} KB, "
              f"warm {warm.bytes / KB:.1f} KB < {warm_limit / KB:.0f} KB: {'met' if ok else 'MISSED'}")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, help="an already built site (default: build one now)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = options.site_dir
        if site is None:
            site = Path(scratch) / "site"
            _build(site)
        met = report(measure(site))
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
