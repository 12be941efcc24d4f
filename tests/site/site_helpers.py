"""Helpers for the site tests: a small HTML tree, page lookup, link resolution, repo copies.

Only the standard library's html.parser is used to read the built HTML, so the tests read
the pages the way a browser's parser sees their structure, not the way the renderers meant it.
"""

from __future__ import annotations

import contextlib
import io
import logging
import posixpath
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from tiparchive import urls
from tiparchive.cli import main as tiparchive_main

ROOT = Path(__file__).resolve().parents[2]

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr"}
NOT_TEXT = {"script", "style", "template"}
NOT_TEXT_CLASSES = {"headerlink"}  # the ¶ permalink after each heading
_SPACE = re.compile(r"\s+")


def collapse(value: str) -> str:
    """All whitespace runs as one space, trimmed."""
    return _SPACE.sub(" ", value).strip()


# -- a small HTML tree -------------------------------------------------------------------------


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [
            element for element in self.iter()
            if (tag is None or element.tag == tag)
            and (cls is None or cls in element.classes)
            and all(element.attrs.get(name.rstrip("_")) == value for name, value in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element | None:
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def raw_text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in NOT_TEXT and not child.classes & NOT_TEXT_CLASSES:
                parts.append(child.raw_text())
        return "".join(parts)

    def text(self) -> str:
        """The visible text, whitespace collapsed (scripts, styles and ¶ permalinks left out)."""
        return collapse(self.raw_text())

    def next_element(self) -> Element | None:
        """The next sibling element, skipping text between them."""
        if self.parent is None:
            return None
        siblings = self.parent.children
        for sibling in siblings[siblings.index(self) + 1:]:
            if isinstance(sibling, Element):
                return sibling
        return None


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, self.stack[-1])
        self.stack[-1].children.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


# -- pages and links ---------------------------------------------------------------------------


def url_of(relative_file: str) -> str:
    """The URL path a built file is served at: 'meetings/x/index.html' -> '/meetings/x/'."""
    if relative_file == "index.html":
        return "/"
    if relative_file.endswith("/index.html"):
        return "/" + relative_file[: -len("index.html")]
    return "/" + relative_file


def file_of(url_path: str) -> str:
    """The built file a URL path is served from: '/meetings/x/' -> 'meetings/x/index.html'."""
    path = unquote(url_path).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def md_url(markdown_path: str) -> str:
    """The URL path of a Markdown source path: 'meetings/x.md' -> '/meetings/x/' (the package's own rule)."""
    return "/" + urls.url(markdown_path)


def is_internal(reference: str) -> bool:
    parts = urlsplit(reference)
    return not parts.scheme and not parts.netloc and not reference.startswith("//")


@dataclass(frozen=True)
class Target:
    """Where an internal reference leads: the URL path, the file serving it, and the fragment."""

    url: str
    file: str
    fragment: str


def resolve(page_url: str, reference: str) -> Target:
    absolute = urlsplit(urljoin("http://site.invalid" + page_url, reference))
    path = absolute.path or "/"
    normal = posixpath.normpath(path)
    if path.endswith("/") and not normal.endswith("/"):
        normal += "/"
    if normal in (".", "//"):
        normal = "/"
    return Target(normal, file_of(normal), unquote(absolute.fragment))


class Page:
    def __init__(self, site: Path, relative_file: str) -> None:
        self.file = relative_file
        self.url = url_of(relative_file)
        self.source = (site / relative_file).read_text(encoding="utf-8")

    @cached_property
    def tree(self) -> Element:
        return parse_html(self.source)

    @cached_property
    def ids(self) -> set[str]:
        found = set()
        for element in self.tree.iter():
            if "id" in element.attrs:
                found.add(element.attrs["id"])
            if element.tag == "a" and "name" in element.attrs:
                found.add(element.attrs["name"])
        return found

    @cached_property
    def content(self) -> Element:
        """The page's article: the part the renderers wrote, without the theme's header and nav."""
        article = self.tree.find("article")
        assert article is not None, f"{self.file}: no <article>"
        return article

    def links(self, within: Element | None = None) -> list[tuple[Element, Target]]:
        """Every internal <a href> (in `within`, default the whole page) with where it leads."""
        scope = within or self.tree
        return [(a, resolve(self.url, a.attrs["href"])) for a in scope.find_all("a")
                if "href" in a.attrs and is_internal(a.attrs["href"])]

    def links_to(self, url: str, fragment: str | None = None, within: Element | None = None) -> bool:
        return any(target.url == url and (fragment is None or target.fragment == fragment)
                   for _, target in self.links(within or self.content))


class Site:
    """A built site folder, each page parsed once on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pages: dict[str, Page] = {}

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.html"))

    def has(self, url: str) -> bool:
        return (self.folder / file_of(url)).is_file()

    def page(self, url_or_file: str) -> Page:
        relative = url_or_file if url_or_file.endswith(".html") else file_of(url_or_file)
        if relative not in self._pages:
            self._pages[relative] = Page(self.folder, relative)
        return self._pages[relative]

    def pages(self) -> list[Page]:
        return [self.page(relative) for relative in self.html_files()]


# -- copies of the repository for builds that must not touch it --------------------------------


class _TagsAsNone(yaml.SafeLoader):
    """Reads mkdocs.yml with its !ENV tags (their values do not matter for what is copied)."""


_TagsAsNone.add_multi_constructor("!", lambda loader, suffix, node: None)


def _read_config(config_text: str) -> object:
    try:
        return yaml.load(config_text, Loader=_TagsAsNone)
    except yaml.YAMLError:
        return None


def _config_paths(config_text: str, key: str) -> list[str]:
    """The paths under a top-level key (a list), or under `theme.custom_dir` for key 'custom_dir'."""
    config = _read_config(config_text)
    if not isinstance(config, dict):
        return []
    if key == "custom_dir":
        theme = config.get("theme")
        folder = theme.get("custom_dir") if isinstance(theme, dict) else None
        return [str(folder)] if folder else []
    values = config.get(key)
    return [str(v) for v in values] if isinstance(values, list) else []


def _theme_dir(config_text: str) -> list[str]:
    config = _read_config(config_text)
    theme = config.get("theme") if isinstance(config, dict) else None
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return [custom] if isinstance(custom, str) else []


def copy_repo(destination: Path, root: Path = ROOT) -> Path:
    """Copies what a build reads into `destination`: mkdocs.yml, docs/, meetings/, any hooks,
    the theme's overrides, the watched paths and the top-level Markdown files (the contributing
    guide is a page)."""
    destination.mkdir(parents=True, exist_ok=True)
    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    shutil.copy2(root / "mkdocs.yml", destination / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("docs", "meetings"):
        shutil.copytree(root / folder, destination / folder, ignore=ignore)
    for markdown in root.glob("*.md"):
        shutil.copy2(markdown, destination / markdown.name)
    extra = [*_config_paths(config_text, "hooks"),
             *_config_paths(config_text, "custom_dir"), *_config_paths(config_text, "watch"),
             *_theme_dir(config_text)]
    for relative in extra:
        source, target = root / relative, destination / relative
        if target.exists() or not source.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        else:
            shutil.copy2(source, target)
    return destination


def write_record(repo: Path, meeting_id: str, record: dict[str, object], source_text: str) -> Path:
    """Writes a meeting record and its source text into a repository copy."""
    path = repo / "meetings" / f"{meeting_id}.yml"
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=1000),
                    encoding="utf-8")
    (repo / "meetings" / "sources" / f"{meeting_id}.txt").write_text(source_text, encoding="utf-8")
    return path


def minimal_record(meeting_id: str, start: str, **fields: object) -> dict[str, object]:
    """A small valid record (Austria hosts, one finding on legislation); `fields` override."""
    record: dict[str, object] = {
        "id": meeting_id,
        "title": f"Test meeting {meeting_id}",
        "kind": "meeting",
        "processes": ["bali-process"],
        "start": start,
        "end": start,
        "venue": {"city": "Vienna", "country": "Austria"},
        "summary": "Officials met in Vienna.",
        "countries": [{"name": "Austria", "roles": ["host", "participant"]}],
        "organisations": [],
        "people": [],
        "sources": [{"id": "report", "kind": "report", "title": "Test report", "coverage": "complete",
                     "file": f"sources/{meeting_id}.txt"}],
        "items": [{"id": "finding-1", "kind": "finding", "themes": ["legislation"], "countries": [],
                   "organisations": [], "text": "Officials met in Vienna."}],
    }
    record.update(fields)
    return record


# -- builds ------------------------------------------------------------------------------------

# Strings that mean something to HTML, Markdown, its extensions or Jinja. Each must reach the
# reader as the literal text, and none may run, link or include anything.
HOSTILE = (
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[x](javascript:alert(3))",
    '{: onclick="alert(4)" }',
    '--8<-- "/etc/passwd"',
    "{{ config }}",
    "| a | b |",
    "# heading",
)
# The repository address the site's own build is given, as GitHub Actions gives a fork its own.
REPO_URL = "https://github.com/example/tip-archive"

HOSTILE_TEXT = " ".join(HOSTILE)
HOSTILE_ROLE = f"Host {HOSTILE_TEXT}"  # the label of a role in kinds.yml
HOSTILE_ID = "2019-06-03-vienna-hostile-test-meeting"
# An https address that is valid in a record (printable, no spaces) but would break out of an href.
HOSTILE_URL = "https://example.org/report?a=\"><script>alert(5)</script>&b='x'"
HOSTILE_ITEM = "hostile-1"


@dataclass
class Build:
    code: int
    logged: list[str]  # WARNING and above
    stdout: str
    stderr: str


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record not in self.records:
            self.records.append(record)


@contextlib.contextmanager
def _warnings_logged() -> Iterator[list[logging.LogRecord]]:
    """Every log record at WARNING or above, from mkdocs, its plugins or anything else."""
    handler = _Collect()
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def run_build(root: Path, site_dir: Path) -> Build:
    """`tiparchive --root ROOT build --site-dir DIR` in process: exit code, output, log (WARNING+)."""
    out, err = io.StringIO(), io.StringIO()
    with _warnings_logged() as records, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = tiparchive_main(["--root", str(root), "build", "--site-dir", str(site_dir)])
    logged = [f"{r.name}: {r.levelname}: {r.getMessage()}" for r in records]
    return Build(code, logged, out.getvalue(), err.getvalue())


@dataclass
class Hostile:
    repo: Path
    site: Site
    meeting_id: str
    item_id: str
    strings: tuple[str, ...]
    build: Build

    @property
    def url(self) -> str:
        return f"/meetings/{self.meeting_id}/"
