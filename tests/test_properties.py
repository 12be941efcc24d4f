"""Properties that must hold for any input, checked with Hypothesis on a one-record fixture archive.

1. Any bytes as a record give a meeting or a list of problems: never an exception, never a hang.
2. Any string in a text field of a record or a vocabulary that validation accepts is shown as
   exactly that text: on the meeting page as a browser reads it (the Markdown rendered with the
   site's extensions, then parsed), and wherever it is exported, in the JSON, CSV, BibTeX and Atom
   files (each parsed with its own reader). Where a field is exported is learnt from a plain marker
   value, so a new export is checked without this file changing.

Examples are bounded (see SETTINGS) so that all properties together stay under a minute on
one core; `--hypothesis-seed` reproduces a run, and a failure prints the blob that replays it.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from tiparchive.build import generate_pages
from tiparchive.records.check import check_records

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "corpus"
GOOD = (CORPUS / "2010-01-01-good.yml").read_text(encoding="utf-8")
MEETING_ID = "2010-01-01-good"

BYTES_EXAMPLES = 150
RENDER_EXAMPLES = 25  # per field
SETTINGS = settings(deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.filter_too_much])
#: Longest a single record may take to be read and checked, whatever its bytes.
SECONDS_PER_RECORD = 2.0


def _fresh_root(base: Path) -> Path:
    root = base / "repo"
    if root.exists():
        shutil.rmtree(root)
    meetings = root / "meetings"
    shutil.copytree(ROOT / "meetings" / "vocabularies", meetings / "vocabularies")
    (meetings / "sources").mkdir()
    shutil.copyfile(CORPUS / "sources" / "base.txt", meetings / "sources" / f"{MEETING_ID}.txt")
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (meetings / f"{MEETING_ID}.yml").write_text(GOOD, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


# -- 1. any bytes: a meeting or problems --------------------------------------------------------

YAML_PIECES = ["[", "]", "{", "}", "- ", ": ", " #", "&a ", "*a", "!x ", "!!python/object ", "\n", "  ", '"',
               "'", "\\", "\\x1b", "\\ud800", "? ", "|", ">-", "---", "...", "%YAML 1.1\n", "\t", "\r\n", "\ufeff",
               "\u202e", "\u200b", "\x00", "\x85", "id", "title", "items", "text", "tëxt", "😀"]


@st.composite
def record_bytes(draw: st.DrawFn) -> bytes:
    """Random bytes, YAML-ish token soup, or the good record with a stretch replaced by either."""
    soup = st.lists(st.sampled_from(YAML_PIECES), max_size=60).map("".join).map(str.encode)
    noise = draw(st.one_of(st.binary(max_size=300), soup))
    if draw(st.booleans()):
        return noise
    good = GOOD.encode()
    start = draw(st.integers(0, len(good)))
    end = draw(st.integers(start, min(len(good), start + 80)))
    return good[:start] + noise + good[end:]


@settings(SETTINGS, max_examples=BYTES_EXAMPLES)
@given(raw=record_bytes())
def test_any_bytes_give_a_meeting_or_problems(base: Path, raw: bytes) -> None:
    root = _fresh_root(base)
    (root / "meetings" / f"{MEETING_ID}.yml").write_bytes(raw)
    started = time.perf_counter()
    meetings, problems = check_records(root)
    assert time.perf_counter() - started < SECONDS_PER_RECORD
    assert bool(meetings) != bool(problems)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message and "Traceback" not in problem.message


def test_nesting_as_deep_as_the_size_limit_allows_is_a_problem(base: Path) -> None:
    """The largest depth a record can hold, in each of the three ways to nest."""
    for opening, closing in (("[", "]"), ("{a: ", "}"), ("- ", "")):
        root = _fresh_root(base)
        body = opening * 40_000 + "x" + closing * 40_000
        (root / "meetings" / f"{MEETING_ID}.yml").write_text(f"title:\n  {body}\n", encoding="utf-8")
        meetings, problems = check_records(root)
        assert meetings == []
        assert any("nested more than" in p.message for p in problems), problems[:3]


# -- 2. any accepted string is shown as itself, in every format ---------------------------------

def _record_field(key: str, value: str) -> str:
    """The good record with one field set to `value`, written as a YAML double-quoted string."""
    written = json.dumps(value, ensure_ascii=False)
    lines = {
        "title": ("title: Corpus meeting on trafficking in human beings\n", f"title: {written}\n"),
        "summary": ("summary: >-\n  Officials from two states and one organisation met in Vienna and agreed on "
                    "better\n  identification of victims.\n", f"summary: {written}\n"),
        "venue.detail": ("  city: Vienna\n", f"  city: Vienna\n  detail: {written}\n"),
        "people[0].position": ("    role: presenter\n", f"    role: presenter\n    position: {written}\n"),
        "sources[0].publisher": ("    kind: declaration\n", f"    kind: declaration\n    publisher: {written}\n"),
        "items[0].section": ('    number: "1"\n', f'    number: "1"\n    section: {written}\n'),
    }
    old, new = lines[key]
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


# Vocabulary fields the meeting page shows: (file, entry id, field).
VOCABULARY_FIELDS = {
    "roles.host.label": ("kinds.yml", "host", "label"),
    "themes.victim-identification.label": ("themes.yml", "victim-identification", "label"),
    "processes.bali-process.short_name": ("processes.yml", "bali-process", "short_name"),
    "meeting_kinds.meeting.label": ("kinds.yml", "meeting", "label"),
}
RECORD_FIELDS = ("title", "summary", "venue.detail", "people[0].position", "sources[0].publisher", "items[0].section")


def _write_field(root: Path, key: str, value: str) -> None:
    if key in RECORD_FIELDS:
        (root / "meetings" / f"{MEETING_ID}.yml").write_text(_record_field(key, value), encoding="utf-8")
        return
    name, entry, field = VOCABULARY_FIELDS[key]
    path = root / "meetings" / "vocabularies" / name
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(  - id: {re.escape(entry)}\n(?:    .*\n)*?    {field}: ).*\n")
    edited, count = pattern.subn(lambda m: m.group(1) + json.dumps(value, ensure_ascii=False) + "\n", text, count=1)
    assert count == 1, (name, entry, field)
    path.write_text(edited, encoding="utf-8")


class _Text(HTMLParser):
    """The text a browser shows, as the parser decodes it: no script or style, references resolved.

    Citation blocks (`<pre>`) show BibTeX and CSL-JSON, each escaped its own way; their text is
    left out here and checked in the files they copy, but any element inside one is recorded.
    """

    HIDDEN = ("script", "style", "template", "pre")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []
        self.in_citation: list[str] = []  # elements found inside a <pre>, where only <code> belongs

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if "pre" in self.hidden and tag != "code":
            self.in_citation.append(tag)
        if tag in self.HIDDEN:
            self.hidden.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


_BIBTEX = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}",
           r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", **{"\\" + c: c for c in "%&$#_"}}
_BIBTEX_ESCAPE = re.compile("|".join(re.escape(k) for k in sorted(_BIBTEX, key=len, reverse=True)))


def _bibtex_text(content: str) -> str:
    """A .bib file's text with BibTeX's escapes undone; its braces must balance first."""
    depth = 0
    for character in content:
        depth += {"{": 1, "}": -1}.get(character, 0)
        assert depth >= 0, "a closing brace too many"
    assert depth == 0, "unclosed braces"
    return _BIBTEX_ESCAPE.sub(lambda m: _BIBTEX[m.group()], content)


@functools.lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    import sys
    sys.path.insert(0, str(HERE / "unit"))
    from unit_helpers import mkdocs_markdown_extensions

    names, configs = mkdocs_markdown_extensions()
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _page_text(page: str) -> str:
    body, _ = get_data(page)
    converter = _markdown()
    converter.reset()
    parser = _Text()
    parser.feed(converter.convert(body))
    assert parser.in_citation == [], f"markup inside a citation block: {parser.in_citation}"
    return " ".join("".join(parser.parts).split())


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from _json_strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _json_strings(child)


def _exported(pages: dict[str, str]) -> dict[str, list[str]]:
    """Every output file as the strings its own reader gives back."""
    out: dict[str, list[str]] = {"meeting page": [_page_text(pages[f"meetings/{MEETING_ID}.md"])]}
    for path, content in pages.items():
        if path.endswith(".json"):
            out[path] = list(_json_strings(json.loads(content)))
        elif path.endswith(".csv"):
            out[path] = [cell for row in csv.reader(io.StringIO(content)) for cell in row]
        elif path.endswith(".bib"):
            out[path] = [_bibtex_text(content)]
        elif path.endswith(".xml"):
            tree = ET.fromstring(content)
            out[path] = [s for element in tree.iter() for s in (element.text or "", *element.attrib.values())]
    return out


def _shown(strings: list[str], value: str) -> int:
    """How often the strings show the value, as written or with spaces collapsed (HTML, feed), in any case."""
    forms = {value.lower(), " ".join(value.lower().split())}  # role labels are shown in lower case too
    folded = [s.lower() for s in strings]
    return max(sum(s.count(form) for s in folded) for form in forms)


MARKER = "Qzxv marker text"


@functools.cache
def _places_showing(base: Path, key: str) -> tuple[tuple[str, int], ...]:
    """The outputs that show this field and how often, learnt by writing a plain marker into it."""
    root = _fresh_root(base)
    _write_field(root, key, MARKER)
    exported = _exported(generate_pages(root))
    return tuple((name, count) for name, strings in sorted(exported.items()) if (count := _shown(strings, MARKER)))


NASTY = ["<script>alert(1)</script>", "&amp; &lt;", "]]><x>", "a\\b{c}%$#_^~", '"quoted" \'single\'',
         "{: onclick=alert(1) }", "--8<-- \"/etc/passwd\"", "[x](javascript:alert(1))", "| a | b |", "*em* _u_",
         "{{ config }}", "{% raw %}", "@misc{x,", "\\end{document}", "R&D \u00a0 non-breaking", "😀 astral",
         "עברית \u200f mark", "line one\nline two", "=cmd|' /C calc'!A0", "-- --- ...", "</textarea>"]
strings = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(NASTY),  # twice: half the examples are the strings that mean something somewhere
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30),
)


@pytest.mark.parametrize("key", [*RECORD_FIELDS, *VOCABULARY_FIELDS])
@settings(SETTINGS, max_examples=RENDER_EXAMPLES)
@given(value=strings)
def test_any_accepted_string_is_shown_as_itself_everywhere(base: Path, key: str, value: str) -> None:
    places = dict(_places_showing(base, key))
    assert "meeting page" in places, f"{key} is not on the meeting page"
    root = _fresh_root(base)
    _write_field(root, key, value)
    _, problems = check_records(root)
    assume(not problems)  # refusals are the corpus's business
    expected = str(yaml.safe_load(json.dumps(value, ensure_ascii=False))).strip()
    exported = _exported(generate_pages(root))
    # Every place that shows the marker shows the value too: none of them turned it into markup.
    missing = {name: (_shown(exported.get(name, []), expected), count) for name, count in places.items()
               if _shown(exported.get(name, []), expected) < count}
    assert missing == {}, f"{key} = {expected!r} is not shown as itself in (found, expected): {missing}"
