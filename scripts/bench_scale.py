#!/usr/bin/env python3
"""How the archive scales: builds synthetic archives of N meetings and prints what it measured.

    .venv/bin/python scripts/bench_scale.py                 # N = 100, 1,000 and 10,000
    .venv/bin/python scripts/bench_scale.py 100 1000 --compare
    .venv/bin/python scripts/bench_scale.py 1000 10000 --search-only   # the search alone, in minutes

For each N: full build time and ms per meeting, peak memory, the generation step alone (load,
validate, index, render) against the rest of the build, the search-index step, the time
`mkdocs serve` takes to show an edited record, the largest listing page, and in Chromium the
bytes a first and a follow-up query transfer and how long they take to answer. `--compare`
also builds each archive with the theme's own search plugin, to size the index it would need.

`--search-only` skips the site build: it writes the search index and the Recommendations page
alone (the page through Python-Markdown, without the theme) and measures only the search in
Chromium. The query figures are the full build's, since a query loads only index files; the page
load is not. A full build at 10,000 meetings takes about ten minutes of both cores.

Targets (issue 4) are printed beside the figures; nothing here fails a build.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from synth import generate as synthesise  # noqa: E402
from tiparchive.archive.echoes import Echoes  # noqa: E402
from tiparchive.render.site import render_site  # noqa: E402
from tiparchive.search.index import FOLDER, write_index  # noqa: E402
from tiparchive.search.records import SearchRecords  # noqa: E402

BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LISTINGS = re.compile(r"^(themes|countries|organisations|processes|meetings/\d{4})/.*index\.html$|"
                      r"^meetings/index\.html$")
FIRST_QUERY, FOLLOW_UP = "victims", "forced labour"
TEXT_TYPES = (".html", ".js", ".css", ".json", ".xml", ".svg")


def _timed(function: Any, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def generation(project: Path) -> dict[str, float]:
    """The project's own code alone: load and validate, index, render, make search records.

    Timed as the build runs it, with the cycle collector off (see `tiparchive.build`).
    """
    from tiparchive.build import without_cycle_collection

    with without_cycle_collection():
        return _generation(project)


def _generation(project: Path) -> dict[str, float]:
    from tiparchive.archive.indexes import load_archive

    archive, load = _timed(load_archive, project)
    records, facets = _timed(lambda: SearchRecords(archive))
    labels, _ = _timed(lambda: records.facets)
    echoes, echoing = _timed(Echoes, archive)
    pages, render = _timed(render_site, archive, echoes, labels, "")
    listed, listing = _timed(lambda: list(records))
    with tempfile.TemporaryDirectory() as folder:
        _, index = _timed(write_index, listed, Path(folder), records.words)
    return {"load": load, "render": echoing + render + facets, "records": listing, "index": index,
            "pages": len(pages), "items": sum(len(m.items) for m in archive.meetings)}


def build(project: Path, site: Path) -> tuple[float, int]:
    """(seconds, peak resident kB) of `tiparchive build`, run as a contributor runs it."""
    start = time.perf_counter()
    process = subprocess.Popen([BIN / "tiparchive", "build", "--site-dir", str(site)], cwd=project,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build of {project} failed:\n{process.stderr.read().decode() if process.stderr else ''}")
    return seconds, usage.ru_maxrss


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_rebuild(project: Path, timeout: float) -> tuple[float, float]:
    """Seconds from saving an edited record to `tiparchive serve` serving the changed meeting page,
    and to its year's page listing the change (after the whole rebuild the terminal announces)."""
    import urllib.request

    port = _free_port()
    server = subprocess.Popen([BIN / "tiparchive", "--root", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    record = sorted((project / "meetings").glob("*.yml"))[0]
    page = f"http://127.0.0.1:{port}/meetings/{record.stem}/"
    year = f"http://127.0.0.1:{port}/meetings/{record.stem[:4]}/"
    text = record.read_text(encoding="utf-8")

    def fetch(url: str) -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    def until(url: str, needle: str, start: float) -> float:
        while needle not in fetch(url):
            if time.monotonic() > start + timeout or server.poll() is not None:
                return float("nan")
            time.sleep(0.1)
        return time.monotonic() - start

    try:
        if math.isnan(until(page, "<h1", time.monotonic())):  # the first build never finished
            return float("nan"), float("nan")
        marker = "Benchmarkedited"
        record.write_text(text.replace("\ntitle: ", f"\ntitle: {marker} ", 1), encoding="utf-8")
        start = time.monotonic()
        return until(page, marker, start), until(year, marker, start)
    finally:
        server.terminate()
        server.wait()
        record.write_text(text, encoding="utf-8")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _transferred(body: bytes, url: str) -> int:
    """Bytes on the wire from a host that gzips text."""
    path = url.split("?")[0]
    return len(gzip.compress(body, 6)) if path.endswith(TEXT_TYPES) or path.endswith("/") else len(body)


def browser_queries(site: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    phase = {"name": "load"}
    sizes: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)

    shown_at: dict[str, int] = {}

    def on_response(response: Any) -> None:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        sizes[phase["name"]] += _transferred(body, response.url)
        counts[phase["name"]] += 1

    query = """async (q) => {
        const shown = new Promise((resolve) => document.addEventListener("tip:shown", resolve, { once: true }));
        const done = new Promise((resolve) => document.addEventListener("tip:results", resolve, { once: true }));
        const start = performance.now();
        const box = document.getElementById("tip-q");
        box.value = q;
        box.form.requestSubmit();
        await shown;
        const results = performance.now() - start;
        await window.benchShown();
        await done;
        return [results, performance.now() - start];
    }"""
    typing = """async (q) => {
        const longest = { ms: 0 };
        const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) longest.ms = Math.max(longest.ms, entry.duration);
        });
        observer.observe({ type: "longtask", buffered: false });
        const box = document.getElementById("tip-q");
        box.value = "";
        for (const ch of q) {
            box.value += ch;
            box.dispatchEvent(new Event("input", { bubbles: true }));
            await new Promise((r) => setTimeout(r, 60));
        }
        await new Promise((resolve) => document.addEventListener("tip:results", resolve, { once: true }));
        observer.disconnect();
        return longest.ms;
    }"""
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("response", on_response)
            page.expose_function("benchShown", lambda: shown_at.__setitem__(phase["name"], sizes[phase["name"]]))
            ready = time.perf_counter()
            page.goto(f"{base}/search/?q=", wait_until="load")
            page.wait_for_function("document.documentElement.dataset.searchReady === 'true'", timeout=120_000)
            loaded = time.perf_counter() - ready
            page.wait_for_timeout(500)
            phase["name"] = "first"
            first_ms, first_counts_ms = page.evaluate(query, FIRST_QUERY)
            page.wait_for_timeout(500)
            phase["name"] = "follow"
            follow_ms, follow_counts_ms = page.evaluate(query, FOLLOW_UP)
            page.wait_for_timeout(500)
            phase["name"] = "typing"
            longest = page.evaluate(typing, "trafficking victims")
            browser.close()
    finally:
        server.shutdown()
    return {"page_load_s": loaded, "load_kb": sizes["load"] / 1000, "load_requests": counts["load"],
            "first_kb": sizes["first"] / 1000, "first_requests": counts["first"], "first_ms": first_ms,
            "first_results_kb": shown_at.get("first", 0) / 1000, "first_counts_ms": first_counts_ms,
            "follow_kb": sizes["follow"] / 1000, "follow_ms": follow_ms, "follow_counts_ms": follow_counts_ms,
            "longest_task_ms": longest}


# The site's bytes by kind of file, each with its share of the 100 KB a meeting may take
# (GitHub Pages publishes at most 1 GB: 10,000 meetings at 100 KB). A kind over its share is
# where the next cut is; a new feature takes its bytes from one of these.
KINDS: list[tuple[str, re.Pattern[str], float]] = [
    ("meeting pages", re.compile(r"^meetings/\d{4}-\d\d-\d\d-[^/]+/index\.html$"), 55),
    ("search index", re.compile(rf"^{FOLDER}/"), 20),
    ("data tables", re.compile(r"^data/[^/]+\.(json|csv)$"), 12),
    ("citations", re.compile(r"^data/citations/"), 2),
    ("source texts", re.compile(r"^data/sources/"), 5),
    ("other pages", re.compile(r"\.html$"), 5),
    ("everything else", re.compile(r""), 1),
]
SITE_TARGET_KB = sum(budget for _, _, budget in KINDS)


def listing_sizes(site: Path) -> tuple[int, str, int, dict[str, tuple[int, int]]]:
    """(largest listing page bytes, its path, whole site bytes, kind -> (bytes, files))."""
    largest, where, total = 0, "", 0
    kinds: dict[str, tuple[int, int]] = {name: (0, 0) for name, _, _ in KINDS}
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            relative = path.relative_to(site).as_posix()
            if LISTINGS.match(relative) and size > largest:
                largest, where = size, relative
            kind = next(name for name, pattern, _ in KINDS if pattern.search(relative))
            kinds[kind] = (kinds[kind][0] + size, kinds[kind][1] + 1)
    return largest, where, total, kinds


def index_size(site: Path) -> dict[str, float]:
    """The search index on disk, and the facet files a browser fetches for its counts: the manifest,
    then each facet's columns when that facet is opened (gzipped KB of each)."""
    files = [path for path in (site / FOLDER).rglob("*") if path.is_file()]
    items = site / FOLDER / "items"
    facets = {path.stem: len(gzip.compress(path.read_bytes(), 6)) / 1000
              for path in [items / "facets.js", *sorted((items / "facet").glob("*.js"))] if path.is_file()}
    return {"index_mb": sum(path.stat().st_size for path in files) / 1e6, "index_files": len(files),
            "facets_kb": sum(facets.values()), "facet_files": facets}


def material_index(project: Path, scratch: Path) -> tuple[int, int]:
    """(bytes, gzipped bytes) of the theme's own search index for the same archive."""
    variant = project / "mkdocs-material-search.yml"
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("plugins: []", "plugins:\n  - search:\n      lang: en").replace("custom_dir: overrides", "")
    variant.write_text(config, encoding="utf-8")
    subprocess.run([BIN / "mkdocs", "build", "-q", "-f", str(variant), "-d", str(scratch)], cwd=project, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    data = (scratch / "search" / "search_index.json").read_bytes()
    variant.unlink()
    return len(data), len(gzip.compress(data, 6))


def search_site(project: Path, site: Path) -> dict[str, Any]:
    """The search index and the Recommendations page alone, as the build writes them."""
    import markdown

    from tiparchive import urls
    from tiparchive.archive.indexes import load_archive
    from tiparchive.render.search import render_search
    from tiparchive.search.browser import browser_scripts

    archive = load_archive(project)
    records = SearchRecords(archive)
    listed = list(records)
    _, seconds = _timed(write_index, listed, site, records.words)
    text = render_search(archive, records.facets).split("\n---\n", 1)[1]
    body = markdown.markdown(text, extensions=["md_in_html", "attr_list"])
    page = site / urls.SEARCH.replace("index.md", "index.html")
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
                    f'<link rel="stylesheet" href="../assets/archive.css"><title>Search</title></head>'
                    f"<body>{body}</body></html>", encoding="utf-8")
    for path, script in browser_scripts().items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(script, encoding="utf-8")
    shutil.copy(project / "docs" / "assets" / "archive.css", site / "assets" / "archive.css")
    return {"index": seconds, "items": sum(len(m.items) for m in archive.meetings)}


def measure_search(count: int, work: Path) -> dict[str, Any]:
    project = synthesise(count, work / f"archive-{count}")
    site = work / f"search-{count}"
    figures: dict[str, Any] = {"meetings": count, **search_site(project, site)}
    figures.update(index_size(site))
    figures.update(browser_queries(site))
    shutil.rmtree(project)
    shutil.rmtree(site)
    return figures


def _digest(site: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


NOT_MEASURED = float("nan")
PARTS = ("generation", "rebuild", "serve", "browser")


def measure(count: int, work: Path, compare: bool, serve_timeout: float, skip: frozenset[str] = frozenset()
            ) -> dict[str, Any]:
    project = synthesise(count, work / f"archive-{count}")
    figures: dict[str, Any] = {"meetings": count}
    figures.update(generation(project) if "generation" not in skip else
                   dict.fromkeys(("load", "render", "records", "index", "pages", "items"), NOT_MEASURED))
    site = work / f"site-{count}"
    figures["build_s"], figures["peak_kb"] = build(project, site)
    if "rebuild" not in skip:
        # The same records again: the echo scores come from the cache, and every byte must be the same.
        again = work / f"site-{count}-again"
        figures["rebuild_s"], figures["rebuild_peak_kb"] = build(project, again)
        figures["identical"] = _digest(site) == _digest(again)
        shutil.rmtree(again)
    figures["serve_rebuild_s"], figures["serve_listed_s"] = (
        serve_rebuild(project, serve_timeout) if "serve" not in skip else (NOT_MEASURED, NOT_MEASURED))
    (figures["largest_listing"], figures["largest_listing_path"], figures["site_bytes"],
     figures["kinds"]) = listing_sizes(site)
    figures["artifact_bytes"] = _tar_bytes(site)
    figures.update(index_size(site))
    if "browser" not in skip:
        figures.update(browser_queries(site))
    if compare:
        figures["material_bytes"], figures["material_gz"] = material_index(project, work / f"material-{count}")
    shutil.rmtree(project)
    shutil.rmtree(site)
    return figures


def _search_lines(figures: dict[str, Any]) -> list[str]:
    return [
        f"search page load      {figures['load_kb']:8.0f} KB  {figures['load_requests']} requests,"
        f" ready in {figures['page_load_s']:.2f} s",
        f"first query results   {figures['first_results_kb']:8.0f} KB  {figures['first_ms']:.0f} ms"
        "   (target: under 300 KB and 300 ms)",
        f"  ... with counts     {figures['first_kb']:8.0f} KB  {figures['first_requests']} requests,"
        f" {figures['first_counts_ms']:.0f} ms",
        f"follow-up query       {figures['follow_kb']:8.0f} KB  results {figures['follow_ms']:.0f} ms,"
        f" with counts {figures['follow_counts_ms']:.0f} ms",
        f"longest task typing   {figures['longest_task_ms']:8.0f} ms  (over 50 ms is a long task)",
    ]


def report_search(figures: dict[str, Any]) -> None:
    lines = [
        f"== {figures['meetings']:,} meetings, {figures['items']:,} items (search only)",
        f"search index          {figures['index']:8.2f} s   {figures['index_mb']:.1f} MB in {figures['index_files']:,}"
        f" files, facet columns {figures['facets_kb']:.0f} KB gzipped",
        "  facet files         " + ", ".join(f"{name} {kb:.0f} KB" for name, kb in figures["facet_files"].items()),
        *_search_lines(figures),
    ]
    print("\n".join(lines), flush=True)


def _verdict(value: float, target: float) -> str:
    return "not measured" if math.isnan(value) else "ok" if value <= target else "OVER"


def _tar_bytes(site: Path) -> int:
    """The Pages artifact: upload-pages-artifact packs the site as a tar, 512-byte blocks, a header per file."""
    return sum(512 + -(-path.stat().st_size // 512) * 512 for path in site.rglob("*") if path.is_file()) + 1024


def _size_lines(figures: dict[str, Any]) -> list[str]:
    n = figures["meetings"]
    per_meeting = figures["site_bytes"] / n / 1000
    lines = [f"site on disk          {figures['site_bytes'] / 1e6:8.1f} MB  {per_meeting:6.1f} KB/meeting"
             f"   (target: {SITE_TARGET_KB:.0f} KB/meeting, 1 GB at 10,000) {_verdict(per_meeting, SITE_TARGET_KB)}"]
    for name, _, budget in KINDS:
        size, files = figures["kinds"][name]
        lines.append(f"  {name:<19} {size / 1e6:8.1f} MB  {size / n / 1000:6.1f} KB/meeting in {files:,} files"
                     f"   (budget: {budget:.0f} KB/meeting) {_verdict(size / n / 1000, budget)}")
    return lines


def report(figures: dict[str, Any]) -> None:
    n = figures["meetings"]
    own = figures["load"] + figures["render"] + figures["records"]
    mkdocs = figures["build_s"] - own - figures["index"]
    serve_target = 3 if n <= 1000 else 10
    lines = [
        f"== {n:,} meetings, {figures['items']:,} items, {figures['pages']:,} generated pages",
        f"full build            {figures['build_s']:8.1f} s   {1000 * figures['build_s'] / n:7.1f} ms/meeting"
        f"   (target: under 300 s at 10,000) {_verdict(figures['build_s'], 300)}",
        f"peak memory           {figures['peak_kb'] / 1024:8.0f} MB   (target: under 3,000 MB at 10,000)"
        f" {_verdict(figures['peak_kb'] / 1024, 3000)}",
        f"rebuild, same records {figures.get('rebuild_s', NOT_MEASURED):8.1f} s   (echo scores from .cache/;"
        f" byte-identical to the first build: {figures.get('identical', 'not checked')})",
        f"our generation        {own:8.2f} s   (load+validate {figures['load']:.2f}, render {figures['render']:.2f},"
        f" search records {figures['records']:.2f}; echoes scored afresh, as on a first build)",
        f"search index          {figures['index']:8.2f} s   {figures['index_mb']:.1f} MB in {figures['index_files']:,}"
        f" files, facet columns {figures['facets_kb']:.0f} KB gzipped (target: under 300 KB)"
        f" {_verdict(figures['facets_kb'], 300)}",
        f"MkDocs itself         {mkdocs:8.2f} s   generation = {100 * own / mkdocs:.1f}% of it"
        f" (target: under 25%; goal 10%) {_verdict(own / mkdocs, 0.25)}",
        f"serve: edit to page   {figures['serve_rebuild_s']:8.1f} s   (edit one YAML -> changed meeting page served;"
        f" target: under {serve_target} s) {_verdict(figures['serve_rebuild_s'], serve_target)}",
        f"serve: lists right    {figures['serve_listed_s']:8.1f} s   (-> its year page lists the edit, after the"
        " whole rebuild the terminal announces)",
        f"largest listing page  {figures['largest_listing'] / 1000:8.0f} KB  {figures['largest_listing_path']}"
        f"   (target: under 1,000 KB) {_verdict(figures['largest_listing'] / 1000, 1000)}",
        *_size_lines(figures),
        f"Pages deploy          {figures['artifact_bytes'] / 1e9:8.2f} GB artifact (tar of the site; limit 1 GB)"
        f" {_verdict(figures['artifact_bytes'], 1e9)}; build {figures['build_s'] / 60:.1f} min on this machine's"
        f" 2 cores (deploy limit 10 min) {_verdict(figures['build_s'], 600)}",
        *(_search_lines(figures) if "first_ms" in figures else []),
    ]
    if "material_gz" in figures:
        lines += [
            f"compare: theme search index {figures['material_bytes'] / 1e6:.1f} MB,"
            f" {figures['material_gz'] / 1e3:.0f} KB gzipped, all downloaded before the first query",
        ]
    print("\n".join(lines), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--compare", action="store_true", help="also size the theme's search and an own index")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument("--serve-timeout", type=float, default=1800)
    parser.add_argument("--skip", nargs="*", choices=PARTS, default=[],
                        help="leave out these measurements (the build and the site's size are always measured)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--search-only", action="store_true",
                        help="write only the search index and page, and measure only the search")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    results = []
    for count in args.sizes:
        if args.search_only:
            figures = measure_search(count, work)
            report_search(figures)
        else:
            figures = measure(count, work, args.compare, args.serve_timeout, frozenset(args.skip))
            report(figures)
        results.append(figures)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
