"""renderers: every page the site needs, cross-linked both ways, and a golden meeting page."""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data
from unit_helpers import (
    MEETING_ID,
    ROOT,
    VALID_RECORD,
    check_record_in,
    mkdocs_markdown_extensions,
    replace_line,
)

from tiparchive import urls
from tiparchive.archive.echoes import Echoes
from tiparchive.archive.indexes import Archive
from tiparchive.records.labels import date_range, item_label, origin_words, partial_date
from tiparchive.records.model import Glossary, GlossaryTerm, Meeting, Origin
from tiparchive.records.vocabularies import Vocabularies
from tiparchive.render import markup
from tiparchive.render.guide import render_glossary, render_guide
from tiparchive.render.meeting import render_meeting
from tiparchive.render.site import render_site
from tiparchive.search.records import SearchRecords

GOLDEN = Path(__file__).parent / "golden" / "meeting.md"
GOLDEN_ID = "2005-10-24-vienna-golden-meeting"

GOLDEN_RECORD = f"""\
id: {GOLDEN_ID}
title: 'Joint meeting on <trafficking> & [smuggling] | part 1'
short_title: Joint meeting
kind: meeting
processes: [bali-process, budapest-process]
start: 2005-10-24
end: 2005-10-25
venue:
  city: Vienna
  country: Austria
  detail: Hofburg | Neuer Saal
participant_count: Eighty officials
participation_note: 'representatives of *all* States {{: onclick="x" }}'
participation:
  states: 5
  described_as: 'the 3 <participating> States & 2 {{partners}}'
summary: >-
  Officials met in Vienna under the chairmanship of Turkey. --8<-- "/etc/passwd"
  <script>alert(1)</script> [x](javascript:alert(1))
countries:
  - name: Turkey
    roles: [chair, participant]
  - name: United Kingdom (EU Presidency)
    roles: [participant, presenter]
  - name: Serbia and Montenegro
    roles: [observer]
organisations:
  - name: International Organisation for Migration (IOM)
    roles: [organiser, participant]
  - name: UNHCR
people:
  - name: Jane Doe
    honorific: H.E.
    position: Director, Ministry of <Interior>
    role: presenter
    country: Turkey
    organisation: IOM
sources:
  - id: conclusions
    kind: declaration
    title: Meeting Conclusions
    publisher: Budapest Process Secretariat (ICMPD)
    date: 2005-10-25
    language: en
    coverage: complete
    file: sources/{GOLDEN_ID}.txt
  - id: press
    kind: press-release
    title: 'Press <release> & "news" --8<-- x'
    publisher: ICMPD
    date: 2005-11
    language: fr
    url: https://example.org/press?a=1&b="x"<y>
    retrieved: 2024-03-01
    coverage: excerpt
    missing: 'the <annex> & the list of participants'
    file: sources/{GOLDEN_ID}--press.txt
items:
  - id: para-1
    number: "1"
    kind: conclusion
    section: "Panel 1: Legislation"
    themes: [legislation, victim-identification]
    countries: [Turkey]
    text: >-
      Turkey called for better identification of victims.
  - id: para-2
    number: "2"
    kind: recommendation
    section: "Panel 1: Legislation"
    themes: [victim-assistance]
    organisations: [IOM]
    origin:
      kind: earlier-meeting
      name: Ministerial <Forum> & [Sofia]
      date: 2003-12
      note: 'Quoted {{: onclick="x" }} from its declaration.'
    text: "# States should adopt laws | and {{: .x }} <b>now</b>."
  - id: next-1
    kind: next-step
    section: Next steps
    themes: [international-cooperation]
    origin:
      kind: after-meeting
    text: The next meeting will be held in 2006.
  - id: press-1
    source: press
    page: "2"
    kind: finding
    section: Next steps
    themes: [international-cooperation]
    text: Ministers <met> & agreed.
"""

GOLDEN_PRESS = """Press release

Ministers <met> & agreed.
"""

GOLDEN_SOURCE = """\
# Meeting Conclusions

## Panel 1: Legislation

1. **Turkey** called for better *identification* of
victims.
2. # States should adopt laws | and {: .x } <b>now</b>.

## Next steps

- The next meeting will be held in 2006.<sup>1</sup>
- Another bullet with a [footnote](#fn1).

Representatives of the 3 <participating> States & 2 {partners} took part.
"""


def golden_meeting(root: Path, vocabularies: Vocabularies) -> Meeting:
    (root / "meetings" / "sources").mkdir(parents=True, exist_ok=True)
    (root / "meetings" / "sources" / f"{GOLDEN_ID}--press.txt").write_text(GOLDEN_PRESS, encoding="utf-8")
    checked = check_record_in(root, vocabularies, GOLDEN_RECORD, name=GOLDEN_ID, source=GOLDEN_SOURCE,
                              source_name=GOLDEN_ID)
    assert checked.problems == [], [str(p) for p in checked.problems]
    assert checked.meeting is not None
    return checked.meeting


@pytest.fixture
def golden(tmp_path: Path, vocabularies: Vocabularies) -> Meeting:
    return golden_meeting(tmp_path, vocabularies)


@pytest.fixture
def golden_echoes(golden: Meeting, tmp_path: Path, vocabularies: Vocabularies) -> Echoes:
    """Echoes of the golden meeting in a second meeting that says two of its things again."""
    text = replace_line(VALID_RECORD, "kind: meeting\n", "short_title: '<i>Echo</i> *meeting* [x]'\nkind: meeting\n")
    partner = check_record_in(tmp_path / "partner", vocabularies, text).meeting
    assert partner is not None
    return Echoes(Archive([golden, partner], vocabularies))


# -- the golden meeting page ----------------------------------------------------------------------------

def test_meeting_page_matches_the_golden_file(golden: Meeting, golden_echoes: Echoes) -> None:
    """The whole meeting page, byte for byte. After a deliberate change: UPDATE_GOLDEN=1 pytest ..."""
    page = render_meeting(golden, echoes=golden_echoes)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(page, encoding="utf-8")
    assert GOLDEN.is_file(), f"{GOLDEN} is missing: run with UPDATE_GOLDEN=1 to write it"
    assert page == GOLDEN.read_text(encoding="utf-8"), "meeting page changed; if intended, UPDATE_GOLDEN=1"


def test_golden_meeting_page_renders_to_safe_html(golden: Meeting, golden_echoes: Echoes) -> None:
    names, configs = mkdocs_markdown_extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    body, meta = get_data(render_meeting(golden, echoes=golden_echoes))
    assert meta["title"] == "Joint meeting"
    rendered = md.convert(body)
    tags = {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", rendered)}
    assert tags <= {"h1", "h2", "h3", "h4", "p", "div", "table", "thead", "tbody", "tr", "th", "td", "a",
                    "strong", "em", "ul", "li", "details", "summary", "span", "pre", "code", "nav", "mark"}
    assert "onclick=" not in rendered
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert hrefs
    citations = rf"\.\./\.\./data/citations/{GOLDEN_ID}\.(bib|csl\.json|ris)"  # the Cite block's raw HTML
    texts = rf"\.\./\.\./data/sources/{GOLDEN_ID}(--press)?\.txt"  # the Sources list
    # The one address from the record, with its quotes and angle brackets percent-encoded.
    original = "https://example.org/press?a=1&b=%22x%22%3Cy%3E"
    # Linked from the Sources list and from the citation of the item quoted from that source.
    assert hrefs.count(html.escape(original, quote=False)) == 1 + sum(
        1 for item in golden.items if golden.source_of(item).url == 'https://example.org/press?a=1&b="x"<y>')
    hrefs = [h for h in hrefs if h != html.escape(original, quote=False)]
    assert all(re.fullmatch(texts, h) or h.startswith("#") or h == "./"
               or re.fullmatch(r"\.\./[a-z]+/[a-z0-9-]+\.md", h)
               or re.fullmatch(r"[a-z0-9-]+\.md#[a-z0-9-]+", h)
               # the item lines' raw HTML, written for the page's address meetings/ID/
               or re.fullmatch(r"\.\./\.\./[a-z]+/[a-z0-9-]+/", h) or re.fullmatch(r"\.\./[a-z0-9-]+/#[a-z0-9-]+", h)
               or re.fullmatch(citations, h) for h in hrefs), hrefs
    echoes = re.findall(r'<p class="tip-item__echoes tip-item__echoes--(?:echo|related)">(.*?)</p>', rendered)
    assert len(echoes) == 2 and all("<i>" not in line for line in echoes)
    assert "(<i>Echo</i> *meeting* [x], 2005)" in html.unescape(echoes[0])
    # Only <mark> is markup in a quote; the record's own characters stay text.
    quoted = [re.sub(r"</?mark>", "", line.split("): “", 1)[1]) for line in echoes]
    assert all("<" not in line for line in quoted)
    ids = re.findall(r'<h4 class="tip-item [^"]*" id="([^"]+)"', rendered)
    assert ids == [item.id for item in golden.items]
    sources = re.findall(r'<li id="(source-[a-z-]+)"><strong>(.*?)</strong>', rendered)
    assert [(anchor, html.unescape(title)) for anchor, title in sources] == [
        ("source-conclusions", "Meeting Conclusions"), ("source-press", 'Press <release> & "news" --8<-- x')]
    origins = [html.unescape(re.sub(r"<[^>]+>", "", line))
               for line in re.findall(r'<p class="tip-item__origin[ "][^>]*>(.*?)</p>', rendered)]
    assert origins == [
        "Source: Meeting Conclusions",
        'Quoted from an earlier meeting: Ministerial <Forum> & [Sofia] (December 2003). Quoted {: onclick="x" } '
        "from its declaration. · Source: Meeting Conclusions",
        "Added after the meeting · Source: Meeting Conclusions",
        'Source: Press <release> & "news" --8<-- x, page 2',
    ]
    heading = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", rendered)
    assert heading is not None
    assert html.unescape(heading.group(1)) == "Joint meeting on <trafficking> & [smuggling] | part 1"


# -- pieces ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "shown"), [
    (date(2004, 6, 7), date(2004, 6, 7), "7 June 2004"),
    (date(2005, 10, 24), date(2005, 10, 25), "24–25 October 2005"),
    (date(2012, 5, 28), date(2012, 6, 2), "28 May – 2 June 2012"),
    (date(2012, 12, 30), date(2013, 1, 2), "30 December 2012 – 2 January 2013"),
])
def test_date_range(start: date, end: date, shown: str) -> None:
    assert date_range(start, end) == shown


def test_item_label(golden: Meeting) -> None:
    assert [item_label(golden, item) for item in golden.items] == [
        "Conclusion 1", "Recommendation 2", "Next step · item 3 of 4", "Finding · item 4 of 4"]


@pytest.mark.parametrize(("number", "position", "shown"), [
    ("12", 0, "Conclusion 12"),  # the report's own numbering, as written
    ("3.5", 2, "Conclusion 3.5"),
    ("", 0, "Conclusion · item 1 of 4"),  # no numbering: where it stands, never its id
    ("", 3, "Conclusion · item 4 of 4"),
])
def test_item_label_shows_numbering_or_position_never_the_id(
        golden: Meeting, number: str, position: int, shown: str) -> None:
    items = list(golden.items)
    items[position] = replace(items[position], kind=golden.items[0].kind, number=number)
    meeting = replace(golden, items=tuple(items))
    label = item_label(meeting, meeting.items[position])
    assert label == shown
    assert meeting.items[position].id not in label


def test_each_numbered_step_of_the_contributing_guide_stays_a_step_of_its_own() -> None:
    """A step whose example is indented too little ends the list: the steps after it ran into one paragraph."""
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    steps = [re.sub(r"[*`]", "", step) for step in re.findall(r"^\d+\. (.+)$", contributing, flags=re.MULTILINE)]
    names, configs = mkdocs_markdown_extensions()
    rendered = markdown.Markdown(extensions=names, extension_configs=configs).convert(
        get_data(render_guide(contributing))[0])
    items = [html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
             for item in re.findall(r"<li>(?:\s*<p>)?(.*?)(?:\n|</p>|</li>)", rendered, flags=re.DOTALL)]
    assert len(steps) >= 7
    assert "<pre><code>meetings/" in rendered, "the example of a check's message is shown as it prints"
    assert [step for step in steps if step not in items] == []


def test_a_process_pages_facts_table_has_a_header(archive: Archive, site: dict[str, str]) -> None:
    names, configs = mkdocs_markdown_extensions()
    for process in archive.vocabularies.processes.values():
        rendered = markdown.Markdown(extensions=names, extension_configs=configs).convert(
            get_data(site[urls.process(process)])[0])
        headers = re.findall(r"<th[^>]*>(.*?)</th>", rendered, flags=re.DOTALL)
        assert headers and all(h.strip() for h in headers), f"{urls.process(process)}: {headers}"


# -- the whole site from the real archive ----------------------------------------------------------------

@pytest.fixture(scope="module")
def site(archive: Archive) -> dict[str, str]:
    return render_site(archive, Echoes(archive), SearchRecords(archive).facets)


def markdown_pages(site: dict[str, str]) -> dict[str, str]:
    """The pages; render_site also holds data files, a feed and citation files."""
    return {path: content for path, content in site.items() if path.endswith(".md")}


LINK = re.compile(r"\]\(([^)\s]+)\)")
HTML_LINK = re.compile(r'<a href="([^"]*)"')
# Pages served at a folder of their own name (their docs path is FOLDER/index.md).
SECTIONS = {"meetings", "countries", "themes", "organisations", "processes", "search", "timeline", "data",
            "contributing", "instruments"}
ANCHOR = re.compile(r'(?:\{#| id=")([A-Za-z0-9_-]+)')  # Markdown's {#id} and raw HTML's id="..."


def _served_at(source: str) -> str:
    """The folder a page is served from under `use_directory_urls`, which raw HTML hrefs start in."""
    stem = source.removesuffix(".md")
    return stem.removesuffix("index").rstrip("/") if stem == "index" or stem.endswith("/index") else stem


def links(page: str, source: str) -> set[str]:
    """Docs-relative targets (with #anchor) of the relative links on a page: Markdown and raw HTML."""
    found = set()
    for target in LINK.findall(page):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        path = path.partition("?")[0]  # links into the search carry its filters
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path)) if path else source
        found.add(f"{resolved}#{anchor}" if anchor else resolved)
    for target in HTML_LINK.findall(page):
        target = html.unescape(target)
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        path = path.partition("?")[0]
        if not path:
            resolved = source
        else:
            joined = posixpath.normpath(posixpath.join(_served_at(source), path))
            if path.endswith("/"):  # a page's address: countries/austria/ is countries/austria.md
                resolved = "index.md" if joined == "." else (f"{joined}/index.md" if joined in SECTIONS
                                                             else f"{joined}.md")
            else:  # a file beside the pages (citations, data)
                resolved = joined
        found.add(f"{resolved}#{anchor}" if anchor else resolved)
    return found


def linked_pages(page: str, source: str) -> set[str]:
    return {target.partition("#")[0] for target in links(page, source)}


def test_render_site_has_a_page_for_everything(archive: Archive, site: dict[str, str]) -> None:
    expected = {urls.HOME, urls.MEETINGS, urls.COUNTRIES, urls.THEMES, urls.PROCESSES,
                urls.ORGANISATIONS, urls.SEARCH, urls.TIMELINE}
    expected |= {urls.meeting(m) for m in archive.meetings}
    expected |= {urls.year(year) for year in archive.by_year}
    expected |= {urls.country(c) for c in archive.countries.values()}
    expected |= {urls.organisation(o) for o in archive.organisations.values()}
    expected |= {urls.theme(t) for t in archive.vocabularies.themes.values()}
    expected |= {urls.process(p) for p in archive.vocabularies.processes.values()}
    expected |= {urls.instrument(i) for i in archive.vocabularies.instruments.all}
    expected |= {urls.provision(i, p) for i in archive.vocabularies.instruments.all for p in i.provisions}
    expected |= {urls.INSTRUMENTS, urls.OPEN_DATA, urls.GLOSSARY}
    assert expected <= set(site)
    extra = {page for page in set(site) - expected if page.endswith(".md") and not page.startswith("contributing/")}
    assert extra == set()
    for meeting in archive.meetings:
        assert f"meetings/{meeting.id}.md" in site


def test_every_page_has_front_matter_with_a_title(site: dict[str, str]) -> None:
    for path, page in markdown_pages(site).items():
        body, meta = get_data(page)
        assert isinstance(meta.get("title"), str) and meta["title"], path
        assert not body.startswith("---"), path


def test_render_site_is_deterministic(archive: Archive, site: dict[str, str]) -> None:
    assert render_site(archive, Echoes(archive), SearchRecords(archive).facets) == site


def test_every_relative_link_and_anchor_exists(site: dict[str, str]) -> None:
    docs = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*") if p.is_file()}
    anchors = {path: set(ANCHOR.findall(page)) for path, page in markdown_pages(site).items()}
    broken = []
    for source, page in markdown_pages(site).items():
        for target in links(page, source):
            path, _, anchor = target.partition("#")
            dangling = path not in site and path not in docs
            if dangling or (anchor and path in site and anchor not in anchors[path]):
                broken.append((source, target))
    assert broken == []


def test_meeting_pages_have_an_anchor_for_every_item(archive: Archive, site: dict[str, str]) -> None:
    for meeting in archive.meetings:
        page = site[urls.meeting(meeting)]
        anchors = ANCHOR.findall(page)
        for item in meeting.items:
            assert f"{{#{item.id} .tip-item " in page, (meeting.id, item.id)
        assert len(anchors) == len(set(anchors)), meeting.id


def test_meeting_pages_and_entity_pages_link_both_ways(archive: Archive, site: dict[str, str]) -> None:
    for meeting in archive.meetings:
        source = urls.meeting(meeting)
        targets = linked_pages(site[source], source)
        entities = {urls.country(meeting.venue.country.country)}
        entities |= {urls.country(c.mention.country) for c in meeting.countries}
        entities |= {urls.organisation(o.mention.organisation) for o in meeting.organisations}
        entities |= {urls.process(p) for p in meeting.processes}
        for item in meeting.items:
            entities |= {urls.theme(t) for t in item.themes}
            entities |= {urls.country(c.country) for c in item.countries}
            entities |= {urls.organisation(o.organisation) for o in item.organisations}
        missing_there = sorted(entities - targets)
        assert missing_there == [], meeting.id
        missing_back = sorted(e for e in entities if source not in linked_pages(site[e], e))
        assert missing_back == [], meeting.id


def test_theme_pages_link_to_each_item_permalink(archive: Archive, site: dict[str, str]) -> None:
    for theme_id, mentions in archive.by_theme.items():
        source = urls.theme(archive.theme(theme_id))
        targets = links(site[source], source)
        for mention in mentions:
            permalink = f"{urls.meeting(mention.meeting)}#{mention.item.id}"
            assert permalink in targets, (theme_id, mention.item.id)


def test_a_former_state_links_to_its_successors(archive: Archive, site: dict[str, str]) -> None:
    scg = archive.vocabularies.countries.by_code("SCG")
    if scg.code not in archive.countries:
        pytest.skip("no record names Serbia and Montenegro")
    source = urls.country(scg)
    assert {"countries/serbia.md", "countries/montenegro.md"} <= linked_pages(site[source], source)
    assert {"countries/serbia.md", "countries/montenegro.md"} <= set(site)


def test_predecessors_follow_succession_through_every_former_state(archive: Archive) -> None:
    countries = archive.vocabularies.countries
    assert [c.code for c in countries.predecessors("SRB")] == ["SCG", "YUG"]
    assert [c.code for c in countries.predecessors("MNE")] == ["SCG", "YUG"]
    assert [c.code for c in countries.predecessors("SCG")] == ["YUG"]
    assert countries.predecessors("AUT") == ()


def test_a_successor_page_is_one_dossier_with_each_period_marked(archive: Archive, site: dict[str, str]) -> None:
    """Each meeting of a former state is on each successor's page, in the table's "As" column
    under the former state's name; the successor's own meetings under its own."""
    countries = archive.vocabularies.countries
    checked = 0
    for code, country in archive.countries.items():
        formers = countries.predecessors(code)
        if not formers:
            continue
        page = site[urls.country(country)]
        assert "One dossier across state succession" in page
        table = [line for line in page.splitlines() if line.startswith("| ") and "](../meetings/" in line]
        for states in ((country, *formers)):
            for appearance in archive.by_country.get(states.code, []):
                link = f"]({posixpath.relpath(urls.meeting(appearance.meeting), 'countries')})"
                rows = [row for row in table if link in row]
                assert rows and all(f" | {markup.text(states.name)} | " in row for row in rows), (code, link)
                checked += 1
    if not checked:
        pytest.skip("no record names a state that succeeded another")


# -- page anchors and item ids -----------------------------------------------------------------------------

@pytest.mark.parametrize("item_id", ["source-text", "outcomes", "participants", "section-1", "cite"])
def test_an_item_id_never_collides_with_a_page_anchor(tmp_path: Path, vocabularies: Vocabularies,
                                                      item_id: str) -> None:
    text = replace_line(VALID_RECORD, "  - id: para-2", f"  - id: {item_id}")
    text = replace_line(text, '    number: "1"\n', '    number: "1"\n    section: Panel 1\n')
    checked = check_record_in(tmp_path, vocabularies, text)
    if checked.meeting is None:  # refusing the id is a fix too
        assert [p.field for p in checked.problems] == ["items[1].id"]
        return
    page = render_meeting(checked.meeting)
    assert page.count(f"{{#{item_id}") == 1
    assert checked.meeting.id == MEETING_ID


@pytest.mark.parametrize(("written", "shown"), [
    ("2003", "2003"), ("2003-12", "December 2003"), ("2003-12-09", "9 December 2003"), ("", ""),
])
def test_partial_date(written: str, shown: str) -> None:
    assert partial_date(written) == shown


@pytest.mark.parametrize(("origin", "words"), [
    (Origin("after-meeting"), "Added after the meeting"),
    (Origin("earlier-meeting", name="Forum", date="2003"), "Quoted from an earlier meeting: Forum (2003)"),
    (Origin("earlier-meeting", meeting="2003-12-10-sofia"), "Quoted from an earlier meeting: 2003-12-10-sofia"),
])
def test_origin_words(origin: Origin, words: str) -> None:
    assert origin_words(origin) == words


def test_the_glossary_page_lists_every_entry_as_text(vocabularies: Vocabularies) -> None:
    glossary = vocabularies.glossary
    page = render_glossary(glossary)
    body = markdown.markdown(page.split("\n---\n", 1)[1], extensions=["tables", "attr_list"])
    shown = html.unescape(re.sub(r"<[^>]+>", " ", body))
    for term in glossary.terms:
        assert all(spelling in shown for spelling in term.spellings) and term.definition in shown, term.term
    assert all(f"| {british} | {american} |" in page for british, american in glossary.spellings)
    assert all(", ".join(group) in page for group in glossary.forms)
    hostile = Glossary(terms=(GlossaryTerm("<script>alert(1)</script> | cell", "*bold* [x](javascript:1)", "A|B"),))
    body = markdown.markdown(render_glossary(hostile).split("\n---\n", 1)[1], extensions=["tables"])
    assert "<script>" not in body and 'href="javascript' not in body and "<em>bold</em>" not in body
    assert body.split("<h2")[1].count("<td>") == 4, "a | in a term must not add cells"
