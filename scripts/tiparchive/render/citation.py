"""How to cite a meeting's report, or one item in it: plain text, BibTeX, CSL-JSON and RIS.

One `Reference` per meeting and per item, built from the record; every format is written
from it, so the three never disagree. Record text is escaped for each format here (BibTeX's
special characters, JSON by the json module); the HTML around them escapes again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from tiparchive import urls
from tiparchive.records.labels import date_range, origin_words
from tiparchive.records.model import Item, Meeting, Source
from tiparchive.siteconfig import SiteConfig

_SPACE = re.compile(r"\s+")

# BibTeX counts braces even after a backslash, so `\{` would unbalance a field: braces and the
# backslash become brace-balanced commands instead, in one pass so no replacement is re-escaped.
_BIBTEX = str.maketrans({
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
})


@dataclass(frozen=True, slots=True)
class Reference:
    key: str  # BibTeX key and CSL id: the meeting id, or '<meeting id>:<item id>'
    author: str  # the publisher, else the organisers, else the processes
    title: str  # the report's own title
    part: str  # 'Recommendation, para. 3' for an item, '' for the whole report
    genre: str  # the kind of document: 'Conclusions', 'Report', ...
    year: int
    event: str
    place: str
    start: date
    end: date
    archive: str
    url: str  # the archive permalink: absolute when site_url is set, site-relative otherwise
    note: str = ""  # where an item's words come from when not from this meeting, and the original's address

    @property
    def full_title(self) -> str:
        return f"{self.title}, {self.part}" if self.part else self.title


def flat(value: str) -> str:
    return _SPACE.sub(" ", value).strip()


def author(meeting: Meeting, source: Source | None = None) -> str:
    """Who a reader should name as a source's author: its publisher, else the meeting's organisers or processes."""
    source = source or meeting.source
    if source.publisher:
        return flat(source.publisher)
    organisers = [o.mention.organisation.name for o in meeting.organisations
                  if any(role.id == "organiser" for role in o.roles)]
    names = organisers or [p.name for p in meeting.processes]
    return ", ".join(flat(name) for name in names)


def _original(source: Source) -> str:
    return f"Original: {source.url}" if source.url else ""


def meeting_reference(meeting: Meeting, config: SiteConfig) -> Reference:
    venue = meeting.venue
    return Reference(
        key=meeting.id,
        author=author(meeting),
        title=flat(meeting.source.title),
        part="",
        genre=flat(meeting.source.kind.label),
        note=_original(meeting.source),
        year=meeting.year,
        event=flat(meeting.title),
        place=flat(f"{venue.city}, {venue.country.shown}"),
        start=meeting.start,
        end=meeting.end,
        archive=config.name,
        url=config.absolute(urls.url(urls.meeting(meeting))),
    )


def locator(meeting: Meeting, item: Item) -> str:
    """Where the item is in its report, as a reader would look it up there: 'Recommendation, para. 12,
    p. 4', or without the report's own numbering 'Finding, Panel 3, item 5 of 24' (the part of a
    section's heading before its colon, and the item's place in the meeting's list)."""
    if item.number:
        where = [f"para. {flat(item.number)}"]
    else:
        position = next(index for index, other in enumerate(meeting.items, start=1) if other.id == item.id)
        section = flat(item.section.split(":", 1)[0])
        where = [*([section] if section else []), f"item {position} of {len(meeting.items)}"]
    return ", ".join([flat(item.kind.label), *where, *([f"p. {flat(item.page)}"] if item.page else [])])


def item_reference(meeting: Meeting, item: Item, config: SiteConfig) -> Reference:
    """The item in the source it is quoted from, saying so when its words are not this meeting's own."""
    whole = meeting_reference(meeting, config)
    source = meeting.source_of(item)
    origin = _sentence(flat(origin_words(item.origin))) if item.origin else ""
    return Reference(
        key=f"{meeting.id}:{item.id}",
        author=author(meeting, source), title=flat(source.title), part=locator(meeting, item),
        genre=flat(source.kind.label), year=whole.year, event=whole.event, place=whole.place, start=whole.start,
        end=whole.end, archive=whole.archive, url=f"{whole.url}#{item.id}",
        note=" ".join(part for part in (origin, _original(source)) if part),
    )


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def plain_parts(ref: Reference) -> tuple[str, str]:
    """The plain-text citation without its permalink, and the permalink, for pages that link it."""
    work = f"{ref.title} [{ref.genre}]" + (f", {ref.part}" if ref.part else "")
    text = (f"{_sentence(f'{ref.author} ({ref.year})')} {_sentence(work)} "
            f"{_sentence(f'{ref.event}, {ref.place}, {date_range(ref.start, ref.end)}')} "
            f"{_sentence(ref.note) + ' ' if ref.note else ''}{ref.archive}:")
    return text, ref.url


def compact_parts(ref: Reference) -> tuple[str, str]:
    """The short form an item's Cite block shows: author, year, title and part, without the meeting,
    which the page's full citation gives once."""
    work = f"{ref.title} [{ref.genre}]" + (f", {ref.part}" if ref.part else "")
    note = f"{_sentence(ref.note)} " if ref.note else ""
    return f"{_sentence(f'{ref.author} ({ref.year})')} {_sentence(work)} {note}{ref.archive}:", ref.url


def plain(ref: Reference) -> str:
    """'Publisher (2022). Title [Report], Recommendation 3. Meeting, City, Country, 20–21 October 2022.
    Archive: permalink'"""
    text, url = plain_parts(ref)
    return f"{text} {url}"


def bibtex_escape(value: str) -> str:
    return flat(value).translate(_BIBTEX)


def _bibtex_url(url: str) -> str:
    # A URL field is read verbatim by biblatex and url.sty; only what could unbalance it is encoded.
    return quote(url, safe=":/#?&=~-._%+!*',;@")


def bibtex(ref: Reference) -> str:
    """A @techreport entry; titles and the corporate author are braced so styles keep their case."""
    fields = [
        ("author", "{" + bibtex_escape(ref.author) + "}"),
        ("title", "{" + bibtex_escape(ref.full_title) + "}"),
        ("institution", bibtex_escape(ref.author)),
        ("type", bibtex_escape(ref.genre)),
        ("year", str(ref.year)),
        ("note", bibtex_escape(f"{ref.event}, {ref.place}, {date_range(ref.start, ref.end)}. "
                               + (f"{_sentence(ref.note)} " if ref.note else "") + f"Archived in {ref.archive}")),
        ("url", _bibtex_url(ref.url)),
    ]
    lines = [f"@techreport{{{ref.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _date_parts(day: date) -> list[int]:
    return [day.year, day.month, day.day]


def csl(ref: Reference) -> dict[str, Any]:
    """One CSL-JSON item (the format Zotero, Pandoc and citeproc read)."""
    return {
        "id": ref.key,
        "type": "report",
        "title": ref.full_title,
        "author": [{"literal": ref.author}],
        "publisher": ref.author,
        "genre": ref.genre,
        "issued": {"date-parts": [[ref.year]]},
        "event-title": ref.event,
        "event-place": ref.place,
        "event-date": {"date-parts": [_date_parts(ref.start), _date_parts(ref.end)]},
        "archive": ref.archive,
        "URL": ref.url,
        **({"note": ref.note} if ref.note else {}),
    }


def csl_entry(ref: Reference) -> str:
    """One reference as a CSL-JSON list for a page: a field per line, each value compact."""
    fields = [f"  {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}" for name, value in csl(ref).items()]
    return "[{\n" + ",\n".join(fields) + "\n}]"


def csl_json(refs: list[Reference]) -> str:
    """A CSL-JSON list, one reference per line."""
    lines = [json.dumps(csl(ref), ensure_ascii=False, separators=(",", ":")) for ref in refs]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def _ris_date(day: date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}/"


def ris(ref: Reference) -> str:
    """One RIS record (EndNote, Zotero, Mendeley, RefWorks). A record is read line by line, so every
    value is flattened to one line: no text can end the record or start a field of its own."""
    fields = [
        ("TY", "RPRT"),
        ("ID", ref.key),
        ("AU", ref.author),
        ("TI", ref.full_title),
        ("T2", ref.event),
        ("M3", ref.genre),
        ("PB", ref.author),
        ("CY", ref.place),
        ("PY", str(ref.year)),
        ("DA", _ris_date(ref.start)),
        *([("N1", ref.note)] if ref.note else []),
        ("DB", ref.archive),
        ("UR", ref.url),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {flat(value)}\r\n" for tag, value in fields)


def citation_files(meeting: Meeting, config: SiteConfig) -> dict[str, str]:
    """The meeting's report as BibTeX, CSL-JSON and RIS files, for reference managers to import.

    Each item's own reference is only on the page, in its Cite block: as files, the items'
    references repeated the report's fields once per item, and were 95% of the citation bytes
    (30 KB a meeting; 300 MB of a 10,000-meeting site, against GitHub Pages' 1 GB).
    """
    refs = [meeting_reference(meeting, config)]
    return {
        urls.citations(meeting, "bib"): "\n".join(bibtex(ref) for ref in refs),
        urls.citations(meeting, "csl.json"): csl_json(refs),
        urls.citations(meeting, "ris"): "\r\n".join(ris(ref) for ref in refs),
    }
