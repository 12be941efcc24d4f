"""Addresses: where each generated page lives, the URL it is served at, and every link between them.

The one module that knows paths, addresses, relative links, anchors and the id pattern; every
stage imports it and it imports nothing of ours. Paths are Markdown source paths relative to
the docs folder; with `use_directory_urls: true` (mkdocs.yml) MkDocs serves `meetings/<id>.md`
at `meetings/<id>/` and `countries/index.md` at `countries/`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import PurePosixPath
from typing import Protocol
from urllib.parse import quote

#: Meeting, item and vocabulary ids: lower-case words joined by single hyphens. They are file
#: names, URL segments and HTML anchors at once, so nothing else may ever reach an address.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Anchors the meeting page uses for its own sections; an item with one of these ids would
#: steal the section's permalink, so validation refuses them as item ids.
SOURCES_ANCHOR = "sources"
SOURCE_TEXT_ANCHOR = "source-text"
CITE_ANCHOR = "cite"
ABOUT_ANCHOR = "about"
MEETING_ANCHORS = re.compile(
    rf"^(participants|countries|organisations|people|outcomes|{ABOUT_ANCHOR}|{SOURCES_ANCHOR}|source-.+"
    rf"|{CITE_ANCHOR}|section-\d+|only-.+|passage-.+)$"
)
#: A source's anchors are source-<id> and source-text-<id>: a source id 'text...' would take another's.
RESERVED_SOURCE_IDS = re.compile(r"^text(-.*)?$")


def source_anchor(source_id: str) -> str:
    """Where a source is listed on its meeting's page."""
    return f"source-{source_id}"


def kind_anchor(kind_id: str) -> str:
    """The "show only" target for one kind of item on a meeting page: #only-recommendation."""
    return f"only-{kind_id}"


def passage_anchor(item_id: str) -> str:
    """Where an item's words are in the source text on its meeting's page."""
    return f"passage-{item_id}"


def source_text_anchor(source_id: str = "") -> str:
    """Where a source's text is on its meeting's page: the one text, or the one of `source_id`."""
    return f"{SOURCE_TEXT_ANCHOR}-{source_id}" if source_id else SOURCE_TEXT_ANCHOR


#: The builders the records are built with. MkDocs and ProperDocs pass hrefs in raw HTML through
#: as written, so they are relative to where the page is served (`meetings/x/`); Zensical resolves
#: them from the source file's folder (`meetings/`), as it does Markdown links.
BUILDERS = ("mkdocs", "properdocs", "zensical")
_FROM_SOURCE: ContextVar[bool] = ContextVar("raw_html_from_source", default=False)


@contextmanager
def built_by(builder: str) -> Iterator[None]:
    """Pages rendered inside write raw-HTML hrefs the way `builder` resolves them."""
    if builder not in BUILDERS:
        raise ValueError(f"unknown builder {builder!r}; one of {', '.join(BUILDERS)}")
    token = _FROM_SOURCE.set(builder == "zensical")
    try:
        yield
    finally:
        _FROM_SOURCE.reset(token)


class HasId(Protocol):
    @property
    def id(self) -> str: ...


class HasSlug(Protocol):
    @property
    def slug(self) -> str: ...


class HasFile(Protocol):
    @property
    def file(self) -> str: ...


HOME = "index.md"
MEETINGS = "meetings/index.md"
COUNTRIES = "countries/index.md"
THEMES = "themes/index.md"
PROCESSES = "processes/index.md"
INSTRUMENTS = "instruments/index.md"
ORGANISATIONS = "organisations/index.md"
TIMELINE = "timeline/index.md"
CONTRIBUTING = "contributing/index.md"
VOCABULARIES = "contributing/vocabularies.md"
GLOSSARY = "glossary.md"
HOW_SEARCH_WORKS = "how-search-works.md"  # hand-written, in docs/
SEARCH = "search/index.md"
OPEN_DATA = "data/index.md"
FEED = "feed.xml"
DATA = "data"  # the data files, their schemas and the citation files live below this folder
# The Recommendations page's scripts, written into the site from scripts/tiparchive/search/.
SEARCH_ENGINE_SCRIPT = "assets/search-index.js"
SEARCH_PAGE_SCRIPT = "assets/search.js"
SEARCH_EXPORT_SCRIPT = "assets/search-export.js"


def meeting(meeting: HasId) -> str:
    return meeting_by_id(meeting.id)


def meeting_by_id(meeting_id: str) -> str:
    return f"meetings/{meeting_id}.md"


def country(country: HasSlug) -> str:
    return f"countries/{country.slug}.md"


def theme(theme: HasId) -> str:
    return f"themes/{theme.id}.md"


def instrument(instrument: HasId) -> str:
    return f"instruments/{instrument.id}.md"


def provision(instrument: HasId, provision: HasId) -> str:
    return f"instruments/{instrument.id}/{provision.id}.md"


def process(process: HasId) -> str:
    return f"processes/{process.id}.md"


def organisation(organisation: HasId) -> str:
    return f"organisations/{organisation.id}.md"


def year(year: int) -> str:
    return f"meetings/{year}.md"


# What may stay as it is in an address from a record; the rest is percent-encoded.
_EXTERNAL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def external(address: str) -> str:
    """A record's address (a source's `url`) as an href: quotes and angle brackets are valid in a
    record's https address but not in an href, so they are percent-encoded."""
    return quote(address, safe=_EXTERNAL_SAFE)


def citations(meeting: HasId, suffix: str) -> str:
    """A meeting's citation file: suffix 'bib' (BibTeX), 'csl.json' (CSL-JSON) or 'ris' (RIS)."""
    return f"{DATA}/citations/{meeting.id}.{suffix}"


def source_text(source: HasFile) -> str:
    """A source's text file: the name it has in meetings/sources/, which validation keeps unique."""
    return f"{DATA}/sources/{PurePosixPath(source.file).name}"


def url(path: str) -> str:
    """The site-relative URL a docs path is served at: 'meetings/x.md' -> 'meetings/x/', 'index.md' -> ''."""
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def at(path: str, anchor: str = "") -> str:
    """The site-relative address of a place on a page: its URL with the anchor, if any."""
    return url(path) + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=65536)
def relative_path(target: str, start: str) -> str:
    """`posixpath.relpath` for the site's own relative paths, without touching the file system.

    `posixpath.relpath` makes both paths absolute from the working directory on every call;
    pages link to each other tens of thousands of times per build, so that cost was a fifth
    of all rendering. Both paths are relative to the same root; "" and "." are the root.
    """
    to = [part for part in target.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def markdown_target(source: str, target: str) -> str:
    """What a Markdown link on docs page `source` writes to reach docs path `target`.

    MkDocs resolves Markdown links from the source file's folder and checks them, so the
    target is the docs path, relative to that folder.
    """
    return relative_path(target, source.rpartition("/")[0])


def relative_url(source: str, target: str, anchor: str = "") -> str:
    """An href for raw HTML on the page built from `source`, leading to `target` (unescaped).

    Markdown links are rewritten by MkDocs; hrefs in raw HTML are not, so they are computed
    from where the page is served, not where its source file lies (but see `built_by`).
    """
    page = source.rpartition("/")[0] if _FROM_SOURCE.get() else url(source)
    wanted = url(target)
    relative = relative_path(wanted, page)
    address = "./" if relative == "." else relative + ("/" if wanted == "" or wanted.endswith("/") else "")
    return address + (f"#{anchor}" if anchor else "")


def clashes(paths: Iterable[str]) -> dict[str, list[str]]:
    """Address -> the docs paths that would be served there, for every address claimed twice.

    `search.md` and `search/index.md` are two files but one page, `search/`: a builder keeps one
    and drops the other (MkDocs silently, Zensical with an error), so the build refuses both.
    """
    served: dict[str, list[str]] = {}
    for path in paths:
        served.setdefault(url(path), []).append(path)
    return {address: sorted(found) for address, found in served.items() if len(found) > 1}
