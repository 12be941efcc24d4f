"""`tiparchive serve`: MkDocs' live-reloading server, made to speak to an editor.

MkDocs' own `serve` stays silent without its command line's logging set up, prints only "Aborted
with a BuildError!" when a record is broken, and then holds every request until a build succeeds,
so the browser hangs. Here each build's problems are printed in full, the site is replaced by one
page listing them (served at every address, reloading itself when the next build succeeds), and a
change to the package's own code, which a running server cannot take in, says that a restart is
needed.

An edited meeting record is shown first on its own: its page is made again from the last whole
build (navigation, theme, echoes) and served within a second or two, then the whole site is
built again, beside the one being served, for the lists, search and echoes that name it, and
swapped in; the terminal says when each is done.
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
from typing import TYPE_CHECKING, TextIO

from tiparchive.folders import publish, staged

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

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


def _file_times(watched: list[Path]) -> dict[Path, int]:
    found: dict[Path, int] = {}
    for place in watched:
        for path in [place] if place.is_file() else place.rglob("*"):
            try:
                if path.is_file():
                    found[path] = path.stat().st_mtime_ns
            except OSError:  # removed while listed
                continue
    return found


def edited_records(before: dict[Path, int], now: dict[Path, int], records: Path) -> list[Path] | None:
    """The meeting records changed between two listings, when nothing else changed; else None.

    Only then can pages be made again one by one: a new or removed record, a source text, a
    vocabulary, a page of docs/ or the configuration changes other pages too.
    """
    changed = [path for path in before.keys() | now.keys() if before.get(path) != now.get(path)]
    if not changed or any(path not in before or path not in now or path.parent != records
                          or path.suffix != ".yml" for path in changed):
        return None
    return sorted(changed)


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
        from mkdocs.livereload import LiveReloadServer

        console = logging.StreamHandler(self.out)
        console.setFormatter(logging.Formatter("%(message)s"))
        console.addFilter(_Progress())
        logger = logging.getLogger("mkdocs")
        logger.addHandler(console)
        logger.setLevel(logging.INFO)
        from mkdocs.livereload import _timestamp

        site_dir = Path(tempfile.mkdtemp(prefix="tiparchive-serve-"))
        host, _, port = self.dev_addr.rpartition(":")

        def config(target: Path) -> MkDocsConfig:  # read afresh on every rebuild, as MkDocs' serve does
            loaded = load_config(str(self.config_file), site_dir=str(target), dev_addr=self.dev_addr)
            loaded.site_url = self.url
            # As MkDocs' own `serve` does: plugins learn they run beside a server (see plugin.on_startup).
            loaded.plugins.on_startup(command="serve", dirty=False)
            return loaded

        first = config(site_dir)
        watched = [Path(first.docs_dir), self.config_file, *map(Path, first.watch)]
        records = self.config_file.parent / "meetings"
        last: dict[str, MkDocsConfig] = {}  # the configuration of the last whole build that succeeded
        times: dict[str, dict[Path, int]] = {"built": {}}  # watched files as the last whole build read them

        def whole_build() -> None:
            # Built beside the served folder, which keeps serving until the new one is swapped in.
            times["built"] = _file_times(watched)
            last.pop("config", None)
            with staged(site_dir) as staging:
                loaded = config(staging)
                build(loaded, serve_url=self.url)
                publish(staging, site_dir)
            last["config"] = loaded

        def show_edited() -> bool:
            """The edited meetings' pages alone, served at once; False when the whole build must come first."""
            edited = edited_records(times["built"], _file_times(watched), records)
            built = last.get("config")
            if not edited or built is None:
                return False
            started = time.perf_counter()
            plugin = built.plugins["tiparchive"]
            shown = [plugin.show_edited(record, built, site_dir) for record in edited]  # type: ignore[attr-defined]
            if not all(shown):
                return False
            with server._epoch_cond:  # serve the pages now, while the whole site is built again
                server._visible_epoch = server._wanted_epoch
                server._epoch_cond.notify_all()
            self.say(f"tiparchive serve: {', '.join(f'/{url}' for url in shown)} shown in "
                     f"{time.perf_counter() - started:.1f} s; now building the whole site again for the lists, "
                     "search and echoes that name it (this says when it is done)")
            return True

        def builder() -> None:
            early = show_edited()
            if self.build_once(whole_build, site_dir) and early:
                server._wanted_epoch = _timestamp()  # browsers showing the early page reload into the whole site

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
            self.build_once(whole_build, site_dir)
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
