"""`mkdocs serve` picks up an edited record and serves the new text without a restart; `tiparchive serve`
also prints its address and every problem, shows the problems in the browser and recovers."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A seed record (they stay in every valid archive, see tests/test_records.py), edited in a copy.
MEETING = "2022-10-20-budapest-budapest-process-tip-conference"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _copy_project(tmp_path: Path) -> None:
    """What serve reads: the config, records, pages and theme overrides (the plugin is installed)."""
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("meetings", "docs", "overrides"):  # overrides: the theme's custom_dir in mkdocs.yml
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "scripts" / "tiparchive").mkdir(parents=True)  # watched by mkdocs.yml


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if needle in _fetch(url):
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_record_changes(tmp_path: Path) -> None:
    _copy_project(tmp_path)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/meetings/{MEETING}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload",
         "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(url, "Representatives of Budapest Process", 60), "serve never came up"
        record = tmp_path / "meetings" / f"{MEETING}.yml"
        text = record.read_text(encoding="utf-8")
        assert "  Representatives of Budapest Process" in text
        record.write_text(text.replace("  Representatives of Budapest Process",
                                       "  Freshly edited: representatives of Budapest Process", 1),
                          encoding="utf-8")
        assert _wait_for(url, "Freshly edited: representatives", 60), "the edit never reached the page"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _printed(log: Path, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if needle in log.read_text(encoding="utf-8"):
            return True
        time.sleep(0.3)
    return False


def _fetch_any(url: str) -> str:
    """The page's text whatever its status: the problems page is served as the 404 of every address."""
    try:
        return _fetch(url)
    except urllib.error.HTTPError as error:
        return str(error.read().decode("utf-8"))


def _tiparchive_serve(tmp_path: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    """`tiparchive serve` on a copy of the project: the server, its address and its log."""
    _copy_project(tmp_path)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "tiparchive", "--root", str(tmp_path), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT)
    return server, f"http://127.0.0.1:{port}/", log


def test_tiparchive_serve_prints_and_shows_problems_and_recovers(tmp_path: Path) -> None:
    server, address, log = _tiparchive_serve(tmp_path)
    url = f"{address}meetings/{MEETING}/"
    try:
        assert _printed(log, f"tiparchive serve: building the site, then serving it on {address}", 30)
        assert _printed(log, f"; serving on {address}", 90), log.read_text(encoding="utf-8")
        record = tmp_path / "meetings" / f"{MEETING}.yml"
        good = record.read_text(encoding="utf-8")
        record.write_text(good.replace("kind: conference\n", "kind: conferense\n", 1), encoding="utf-8")
        problem = f"meetings/{MEETING}.yml:5:7: kind: must be one of the meeting kinds"
        assert _printed(log, problem, 60), log.read_text(encoding="utf-8")
        assert _printed(log, f"tiparchive serve: the site cannot be built; {address} lists the problems", 10)
        # Every address answers at once with the problems instead of waiting for a good build.
        started = time.monotonic()
        page = _fetch_any(url)
        assert time.monotonic() - started < 5
        assert "The site cannot be built" in page and problem in page and "livereload" in page
        record.write_text(good, encoding="utf-8")
        assert _wait_for(url, "Representatives of Budapest Process", 60), "serve never recovered"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_tiparchive_serve_shows_an_edited_meeting_first_then_the_lists(tmp_path: Path) -> None:
    """The edited meeting's page is served from the last whole build before the whole site is built
    again; the year's list, which names the meeting, follows in the whole build the terminal announces."""
    server, address, log = _tiparchive_serve(tmp_path)
    try:
        assert _printed(log, f"; serving on {address}", 90), log.read_text(encoding="utf-8")
        record = tmp_path / "meetings" / f"{MEETING}.yml"
        text = record.read_text(encoding="utf-8")
        named = ("title: ", "short_title: ")
        fields = dict(line.split(": ", 1) for line in text.splitlines() if line.startswith(named))
        assert fields["short_title"] in _fetch(f"{address}meetings/2022/")
        for field, value in fields.items():
            text = text.replace(f"{field}: {value}", f"{field}: Renamed {value}", 1)
        record.write_text(text, encoding="utf-8")
        assert _wait_for(f"{address}meetings/{MEETING}/", f"Renamed {fields['title']}", 60), log.read_text("utf-8")
        assert _printed(log, f"tiparchive serve: /meetings/{MEETING}/ shown in ", 5), log.read_text(encoding="utf-8")
        assert _wait_for(f"{address}meetings/2022/", f"Renamed {fields['short_title']}", 90), log.read_text("utf-8")
        deadline = time.monotonic() + 10
        while log.read_text(encoding="utf-8").count("; serving on ") < 2 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert log.read_text(encoding="utf-8").count("; serving on ") == 2  # the whole build says it is done
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_with_zensical_regenerates_the_pages_when_a_record_changes(tmp_path: Path) -> None:
    """Zensical runs no MkDocs plugin: `tiparchive serve --builder zensical` regenerates the pages
    it serves from, and Zensical's own server rebuilds from them."""
    _copy_project(tmp_path)
    shutil.copy(ROOT / "zensical.yml", tmp_path / "zensical.yml")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/meetings/{MEETING}/"
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "tiparchive", "--root", str(tmp_path), "serve", "--builder", "zensical",
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT)
    try:
        assert _wait_for(url, "Representatives of Budapest Process", 90), log.read_text(encoding="utf-8")
        assert f"serving the Zensical build on http://127.0.0.1:{port}/" in log.read_text(encoding="utf-8")
        record = tmp_path / "meetings" / f"{MEETING}.yml"
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("  Representatives of Budapest Process",
                                       "  Freshly edited: representatives of Budapest Process", 1),
                          encoding="utf-8")
        assert _wait_for(url, "Freshly edited: representatives", 90), log.read_text(encoding="utf-8")
        assert _printed(log, "regenerated ", 5)
    finally:
        server.terminate()
        server.wait(timeout=10)
