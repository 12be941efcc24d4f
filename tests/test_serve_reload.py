"""`mkdocs serve` picks up an edited record and serves the new text without a restart."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEETING = "2022-10-20-budapest-budapest-process-tip-conference"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("meetings", "docs", "overrides"):  # overrides: the theme's custom_dir
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "scripts" / "tiparchive").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "tiparchive" / "mkdocs_hook.py", tmp_path / "scripts" / "tiparchive")
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
