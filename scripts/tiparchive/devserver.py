"""`tiparchive serve`: MkDocs' live-reloading server, made to speak to an editor.

MkDocs' own `serve` stays silent without its command line's logging set up, prints only "Aborted
with a BuildError!" when a record is broken, and then holds every request until a build succeeds,
so the browser hangs. Here each build's problems are printed in full, the site is replaced by one
page listing them (served at every address, reloading itself when the next build succeeds), and a
change to the package's own code, which a running server cannot take in, says that a restart is
needed.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

PACKAGE = Path(__file__).resolve().parent


class _Collect(logging.Handler):
    """Keeps what MkDocs logs at WARNING and above during one build: the problems to list."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _Progress(logging.Filter):
    """Lets MkDocs' progress lines through to the console; problems are printed as one block."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.WARNING


def problems_page(messages: list[str]) -> bytes:
    """The page served at every address while the site cannot be built: the problems, as text."""
    html = ET.Element("html", lang="en")
    head = ET.SubElement(html, "head")
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "title").text = "The site cannot be built"
    ET.SubElement(head, "style").text = "body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}" \
        "pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem}"
    body = ET.SubElement(html, "body")
    ET.SubElement(body, "h1").text = "The site cannot be built"
    ET.SubElement(body, "p").text = (
        "Fix the problems below and save: this page reloads by itself when the site builds again.")
    for message in messages:
        ET.SubElement(body, "pre").text = message
    return b"<!DOCTYPE html>\n" + bytes(ET.tostring(html, encoding="utf-8", method="html"))


def _code_times(package: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in package.rglob("*.py")}


@dataclass
class DevServer:
    """One `tiparchive serve` run: what the last build found, and the code it started with."""

    config_file: Path
    dev_addr: str
    out: TextIO = field(default_factory=lambda: sys.stdout)
    package: Path = PACKAGE
    problems: list[str] = field(default_factory=list)
    started_code: dict[Path, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.started_code = self.started_code or _code_times(self.package)

    @property
    def url(self) -> str:
        return f"http://{self.dev_addr}/"

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def code_changed(self) -> list[str]:
        """The package's files changed since the server started: a running server keeps the old code."""
        now = _code_times(self.package)
        changed = [path for path, mtime in now.items() if self.started_code.get(path) != mtime]
        changed += [path for path in self.started_code if path not in now]
        return sorted(path.relative_to(self.package.parent.parent).as_posix() for path in changed)

    def build_once(self, build: Callable[[], None], site_dir: Path) -> bool:
        """Runs one build; on failure prints every problem and leaves only the problems page."""
        from mkdocs.utils import clean_directory

        changed = self.code_changed()
        if changed:
            self.say(f"tiparchive serve: {', '.join(changed)} changed; this server still runs the code it "
                     "started with: stop it (Ctrl+C) and run `tiparchive serve` again to use the new code")
        collect = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        started = time.perf_counter()
        try:
            build()
        except Exception as error:  # any failure: the editor sees it and the server keeps serving
            self.problems = collect.messages or [str(error)]
            clean_directory(str(site_dir))  # no stale page may pass for the current records
            self.say("\n".join(self.problems))
            self.say(f"tiparchive serve: the site cannot be built; {self.url} lists the problems until a "
                     "save fixes them")
            return False
        finally:
            logger.removeHandler(collect)
        self.problems = []
        self.say(f"tiparchive serve: built in {time.perf_counter() - started:.1f} s; serving on {self.url}")
        return True

    def serve(self) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.config.defaults import MkDocsConfig
        from mkdocs.livereload import LiveReloadServer

        console = logging.StreamHandler(self.out)
        console.setFormatter(logging.Formatter("%(message)s"))
        console.addFilter(_Progress())
        logger = logging.getLogger("mkdocs")
        logger.addHandler(console)
        logger.setLevel(logging.INFO)
        site_dir = Path(tempfile.mkdtemp(prefix="tiparchive-serve-"))
        host, _, port = self.dev_addr.rpartition(":")

        def config() -> MkDocsConfig:  # read afresh on every rebuild, as MkDocs' serve does
            loaded = load_config(str(self.config_file), site_dir=str(site_dir), dev_addr=self.dev_addr)
            loaded.site_url = self.url
            return loaded

        first = config()

        def builder() -> None:
            self.build_once(lambda: build(config(), serve_url=self.url), site_dir)

        server = LiveReloadServer(builder=builder, host=host, port=int(port), root=str(site_dir))

        def error_page(code: int) -> bytes | None:
            if self.problems:
                # The page carries the live-reload script, so it turns into the site once a build succeeds.
                page: bytes = server._inject_js_into_html(  # type: ignore[no-untyped-call]
                    problems_page(self.problems), server._visible_epoch)
                return page
            missing = site_dir / f"{code}.html"
            return missing.read_bytes() if missing.is_file() else None

        server.error_handler = error_page
        self.say(f"tiparchive serve: building the site, then serving it on {self.url} (Ctrl+C stops)")
        try:
            self.build_once(lambda: build(first, serve_url=self.url), site_dir)
            server.watch(str(first.docs_dir))
            server.watch(str(self.config_file))
            for path in first.watch:
                server.watch(path)
            try:
                server.serve()  # type: ignore[no-untyped-call]
            except KeyboardInterrupt:
                self.say("tiparchive serve: stopped")
            finally:
                server.shutdown()
        finally:
            logger.removeHandler(console)
            shutil.rmtree(site_dir, ignore_errors=True)
