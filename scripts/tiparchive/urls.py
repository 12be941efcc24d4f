"""Where each generated page lives. The only place page paths are spelled out.

Paths are Markdown source paths relative to the docs folder; MkDocs turns
`meetings/<id>.md` into the URL `meetings/<id>/`.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from tiparchive.records.model import Country, Meeting, Organisation, Process, Source, Theme
from tiparchive.render.markup import relative_path

HOME = "index.md"
MEETINGS = "meetings/index.md"
COUNTRIES = "countries/index.md"
THEMES = "themes/index.md"
PROCESSES = "processes/index.md"
ORGANISATIONS = "organisations/index.md"
TIMELINE = "timeline/index.md"
CONTRIBUTING = "contributing/index.md"
VOCABULARIES = "contributing/vocabularies.md"
SEARCH = "search/index.md"
OPEN_DATA = "data/index.md"
FEED = "feed.xml"
DATA = "data"  # the data files, their schemas and the citation files live below this folder


def meeting(meeting: Meeting) -> str:
    return meeting_by_id(meeting.id)


def meeting_by_id(meeting_id: str) -> str:
    return f"meetings/{meeting_id}.md"


def country(country: Country) -> str:
    return f"countries/{country.slug}.md"


def theme(theme: Theme) -> str:
    return f"themes/{theme.id}.md"


def process(process: Process) -> str:
    return f"processes/{process.id}.md"


def organisation(organisation: Organisation) -> str:
    return f"organisations/{organisation.id}.md"


def year(year: int) -> str:
    return f"meetings/{year}.md"


def citations(meeting: Meeting, suffix: str) -> str:
    """A meeting's citation file: suffix 'bib' (BibTeX) or 'csl.json' (CSL-JSON)."""
    return f"{DATA}/citations/{meeting.id}.{suffix}"


def source_text(source: Source) -> str:
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


def relative_url(source: str, target: str) -> str:
    """A URL for an HTML href on the page built from docs path `source`, leading to docs path `target`.

    Markdown links are rewritten by MkDocs; hrefs in raw HTML are not, so they are computed here.
    """
    page = url(source)
    wanted = url(target)
    relative = relative_path(wanted, page)
    if relative == ".":
        return "./"
    return relative + ("/" if wanted == "" or wanted.endswith("/") else "")
