"""renderers.citation: exact citations for one real meeting, and BibTeX that survives hostile text."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Meeting, Origin, Term
from tiparchive.render.citation import (
    author,
    bibtex,
    bibtex_escape,
    citation_files,
    compact_parts,
    csl,
    csl_json,
    item_reference,
    locator,
    meeting_reference,
    plain,
    ris,
)
from tiparchive.siteconfig import SiteConfig, make_config

MEETING_ID = "2005-10-24-vienna-joint-bali-budapest-meeting"
EVENT = ("Joint Bali/ Budapest Processes meeting on implementation of anti-trafficking legislation and policies in "
         "the larger context of irregular migration")


@pytest.fixture(scope="module")
def meeting(archive: Archive) -> Meeting:
    return next(m for m in archive.meetings if m.id == MEETING_ID)


# -- a tiny BibTeX reader with BibTeX's own rules: braces count even after a backslash ------------------


def read_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(type, key, fields) of every entry; raises on unbalanced braces or a malformed entry."""
    entries = []
    pos = 0
    while (start := text.find("@", pos)) != -1:
        head = re.compile(r"@(\w+)\{([^,\s{}]+),").match(text, start)
        assert head, f"malformed entry at {text[start:start + 40]!r}"
        pos, fields = head.end(), {}
        while True:
            pos = _skip(text, pos)
            if text[pos] == "}":
                pos += 1
                break
            name = re.compile(r"(\w+)\s*=\s*\{").match(text, pos)
            assert name, f"malformed field at {text[pos:pos + 40]!r}"
            value, pos = _braced(text, name.end())
            fields[name.group(1)] = value
            pos = _skip(text, pos)
            if text[pos] == ",":
                pos += 1
        entries.append((head.group(1), head.group(2), fields))
    return entries


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    assert pos < len(text), "entry not closed"
    return pos


def _braced(text: str, pos: int) -> tuple[str, int]:
    depth, start = 1, pos
    while depth:
        assert pos < len(text), "unbalanced braces: the field never closes"
        depth += {"{": 1, "}": -1}.get(text[pos], 0)
        pos += 1
    return text[start:pos - 1], pos


_UNESCAPE = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}",
             r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\%": "%", r"\&": "&", r"\$": "$",
             r"\#": "#", r"\_": "_"}
_ESCAPES = re.compile("|".join(re.escape(e) for e in _UNESCAPE))


def unescape(value: str) -> str:
    return _ESCAPES.sub(lambda m: _UNESCAPE[m.group()], value)


def _braces_balanced(value: str) -> bool:
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def read_ris(text: str) -> list[dict[str, str]]:
    """Every record of a RIS file as tag -> value (one value a tag here), read line by line as
    reference managers do; every line must be a field."""
    records, fields = [], {}
    assert "\n" not in text.replace("\r\n", ""), "a line ends without CR LF"
    for line in text.split("\r\n"):
        if not line:
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match, f"not a RIS line: {line!r}"
        tag, value = match.groups()
        if tag == "ER":
            records.append(fields)
            fields = {}
        else:
            assert tag not in fields, f"{tag} twice in one record"
            fields[tag] = value
    assert not fields, "the last record is not closed"
    return records


# -- one real meeting, exactly ------------------------------------------------------------------------


def test_plain_citation_of_a_real_meeting(meeting: Meeting) -> None:
    assert plain(meeting_reference(meeting, SiteConfig())) == (
        "Budapest Process Secretariat (ICMPD) (2005). Meeting Conclusions [Declaration or outcome document]. "
        f"{EVENT}, Vienna, Austria, 24–25 October 2005. Anti-trafficking meetings archive: meetings/{MEETING_ID}/")


def test_plain_citation_of_an_item_with_the_site_address(meeting: Meeting) -> None:
    config = make_config("Anti-trafficking meetings archive", "https://example.org/archive")
    ref = item_reference(meeting, meeting.items[0], config)
    assert plain(ref) == (
        "Budapest Process Secretariat (ICMPD) (2005). Meeting Conclusions [Declaration or outcome document], "
        f"Statement, para. 2. {EVENT}, "
        f"Vienna, Austria, 24–25 October 2005. Anti-trafficking meetings archive: "
        f"https://example.org/archive/meetings/{MEETING_ID}/#para-2")
    assert compact_parts(ref) == (
        "Budapest Process Secretariat (ICMPD) (2005). Meeting Conclusions [Declaration or outcome document], "
        "Statement, para. 2. "
        "Anti-trafficking meetings archive:", f"https://example.org/archive/meetings/{MEETING_ID}/#para-2")


def test_bibtex_of_a_real_meeting(meeting: Meeting) -> None:
    assert bibtex(meeting_reference(meeting, SiteConfig())) == f"""\
@techreport{{{MEETING_ID},
  author = {{{{Budapest Process Secretariat (ICMPD)}}}},
  title = {{{{Meeting Conclusions}}}},
  institution = {{Budapest Process Secretariat (ICMPD)}},
  type = {{Declaration or outcome document}},
  year = {{2005}},
  note = {{{EVENT}, Vienna, Austria, 24–25 October 2005. Archived in Anti-trafficking meetings archive}},
  url = {{meetings/{MEETING_ID}/}},
}}
"""


def test_csl_json_of_a_real_meeting(meeting: Meeting) -> None:
    assert csl(meeting_reference(meeting, SiteConfig())) == {
        "id": MEETING_ID,
        "type": "report",
        "title": "Meeting Conclusions",
        "author": [{"literal": "Budapest Process Secretariat (ICMPD)"}],
        "publisher": "Budapest Process Secretariat (ICMPD)",
        "genre": "Declaration or outcome document",
        "issued": {"date-parts": [[2005]]},
        "event-title": EVENT,
        "event-place": "Vienna, Austria",
        "event-date": {"date-parts": [[2005, 10, 24], [2005, 10, 25]]},
        "archive": "Anti-trafficking meetings archive",
        "URL": f"meetings/{MEETING_ID}/",
    }


def test_the_author_falls_back_to_organisers_then_processes(meeting: Meeting) -> None:
    unpublished = replace(meeting, sources=(replace(meeting.source, publisher=""),))
    assert author(unpublished) == "International Centre for Migration Policy Development"
    unorganised = replace(unpublished, organisations=())
    assert author(unorganised) == ", ".join(p.name for p in meeting.processes)


# -- every meeting's files ------------------------------------------------------------------------------


def test_citation_files_hold_the_report(archive: Archive) -> None:
    for meeting in archive.meetings:
        files = citation_files(meeting, SiteConfig())
        (bib_path, bib), (csl_path, csl_text), (ris_path, ris_text) = sorted(files.items())
        assert bib_path == f"data/citations/{meeting.id}.bib" and csl_path == f"data/citations/{meeting.id}.csl.json"
        assert ris_path == f"data/citations/{meeting.id}.ris"
        keys = [meeting.id]
        entries = read_bibtex(bib)
        assert [key for _, key, _ in entries] == keys
        assert all(kind == "techreport" and {"author", "title", "institution", "year", "url"} <= set(fields)
                   for kind, _, fields in entries)
        references = json.loads(csl_text)
        assert [r["id"] for r in references] == keys
        for reference in references:
            assert reference["type"] == "report" and reference["title"]
            assert reference["issued"]["date-parts"][0][0] == meeting.year
            assert reference["URL"].startswith(f"meetings/{meeting.id}/")
        records = read_ris(ris_text)
        assert [record["ID"] for record in records] == keys
        assert [record["TI"] for record in records] == [r["title"] for r in references]
        assert all(record["TY"] == "RPRT" and record["PY"] == str(meeting.year) for record in records)


# -- hostile text -----------------------------------------------------------------------------------------

HOSTILE_TITLES = [
    "Braces { open and } close",
    "One unbalanced {",
    "One unbalanced }",
    r"Back\slash and \} and \{ and \\",
    "100% & $5 # _under_ ~tilde^ caret",
    "@misc{injected, title={x}}",
    '"Quoted", with = signs, and @ at',
    "Ends with a backslash \\",
    r"\input{/etc/passwd} \def\x{}",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_bibtex_keeps_hostile_text_as_text(meeting: Meeting, title: str) -> None:
    hostile = replace(meeting, title=title, sources=(replace(meeting.source, title=title, publisher=title),))
    entries = read_bibtex(bibtex(meeting_reference(hostile, SiteConfig())))
    assert len(entries) == 1, "the text started an entry of its own"
    _, key, fields = entries[0]
    assert key == meeting.id
    assert set(fields) == {"author", "title", "institution", "type", "year", "note", "url"}
    for value in fields.values():
        assert _braces_balanced(value)
        assert not re.search(r"(?<!\\)[%&$#_]", value), value
    assert fields["title"].startswith("{") and unescape(fields["title"][1:-1]) == title
    assert unescape(fields["institution"]) == title
    assert unescape(fields["note"]).startswith(f"{title}, Vienna")


def test_bibtex_escape_is_one_pass() -> None:
    assert bibtex_escape("\\{}") == r"\textbackslash{}\textbraceleft{}\textbraceright{}"
    assert bibtex_escape("a  \n b") == "a b"


def test_ris_of_an_item_with_the_site_address(meeting: Meeting) -> None:
    config = make_config("Anti-trafficking meetings archive", "https://example.org/archive")
    assert ris(item_reference(meeting, meeting.items[0], config)).split("\r\n") == [
        "TY  - RPRT", f"ID  - {MEETING_ID}:para-2", "AU  - Budapest Process Secretariat (ICMPD)",
        "TI  - Meeting Conclusions, Statement, para. 2", f"T2  - {EVENT}", "M3  - Declaration or outcome document",
        "PB  - Budapest Process Secretariat (ICMPD)", "CY  - Vienna, Austria", "PY  - 2005", "DA  - 2005/10/24/",
        "DB  - Anti-trafficking meetings archive", f"UR  - https://example.org/archive/meetings/{MEETING_ID}/#para-2",
        "ER  - ", ""]


@pytest.mark.parametrize("title", [*HOSTILE_TITLES, "Two\nlines\r\nER  - \nTY  - JOUR", "Line\u2028separator"])
def test_ris_keeps_hostile_text_on_its_line(meeting: Meeting, title: str) -> None:
    hostile = replace(meeting, title=title, sources=(replace(meeting.source, title=title, publisher=title),))
    records = read_ris(citation_files(hostile, SiteConfig())[f"data/citations/{meeting.id}.ris"])
    assert len(records) == 1, "the text started a record of its own"
    assert records[0]["TI"] == records[0]["AU"] == records[0]["T2"] == " ".join(title.split())


def test_an_item_without_the_report_numbering_is_found_by_section_and_place(archive: Archive) -> None:
    meeting, item = next((m, i) for m in archive.meetings for i in m.items if not i.number and i.section)
    position = [i.id for i in meeting.items].index(item.id) + 1
    section = " ".join(item.section.split(":")[0].split())
    assert locator(meeting, item).startswith(
        f"{item.kind.label}, {section}, item {position} of {len(meeting.items)}")
    assert f"{item.id}" not in item_reference(meeting, item, SiteConfig()).part


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_csl_json_keeps_hostile_text_exactly(meeting: Meeting, title: str) -> None:
    hostile = replace(meeting, sources=(replace(meeting.source, title=title),))
    text = citation_files(hostile, SiteConfig())[f"data/citations/{meeting.id}.csl.json"]
    assert [r["title"] for r in json.loads(text)] == [title]
    item = csl_json([item_reference(hostile, hostile.items[0], SiteConfig())])
    assert [r["title"] for r in json.loads(item)] == [f"{title}, Statement, para. 2"]


# -- provenance -------------------------------------------------------------------------------------------


def test_an_item_is_cited_from_its_own_source_with_its_origin(meeting: Meeting) -> None:
    press = replace(meeting.source, id="press", title="Ministers agree", kind=Term("press-release", "Press release"),
                    publisher="ICMPD", url="https://example.org/press_release?id=7%20&x=~1")
    item = replace(meeting.items[0], source="press",
                   origin=Origin("earlier-meeting", name="Ministerial Forum, Sofia", date="2003-12"))
    two = replace(meeting, sources=(meeting.source, press), items=(item,))
    ref = item_reference(two, item, SiteConfig())
    note = ("Quoted from an earlier meeting: Ministerial Forum, Sofia (December 2003). "
            "Original: https://example.org/press_release?id=7%20&x=~1")
    assert (ref.author, ref.title, ref.genre, ref.note) == ("ICMPD", "Ministers agree", "Press release", note)
    assert f"[Press release], Statement, para. 2. {EVENT}" in plain(ref) and f" {note}. " in plain(ref)
    (_, _, fields), = read_bibtex(bibtex(ref))
    assert unescape(fields["note"]).endswith(f"October 2005. {note}. Archived in Anti-trafficking meetings archive")
    assert _braces_balanced(fields["note"]) and not re.search(r"(?<!\\)[%&$#_]", fields["note"])
    assert csl(ref)["note"] == note
    whole = meeting_reference(two, SiteConfig())
    assert (whole.title, whole.note) == (meeting.source.title, "")  # the meeting is cited from its main source


def test_a_meeting_whose_main_source_is_online_cites_the_address(meeting: Meeting) -> None:
    online = replace(meeting, sources=(replace(meeting.source, url="https://example.org/c.pdf"),))
    ref = meeting_reference(online, SiteConfig())
    assert ref.note == "Original: https://example.org/c.pdf"
    assert csl(ref)["note"] == ref.note
    assert "note" not in csl(meeting_reference(meeting, SiteConfig()))
