"""maps and charts: inline SVG that links where it says, tells screen readers what it shows, and runs nothing."""

from __future__ import annotations

import itertools
import posixpath
import re
from collections import Counter
from pathlib import Path

import pytest
from unit_helpers import VALID_RECORD, check_record_in, replace_line, second_record

from tiparchive import urls
from tiparchive.archive.echoes import Echoes
from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Meeting
from tiparchive.records.vocabularies import Vocabularies
from tiparchive.render import charts, markup
from tiparchive.render.maps import classes, participation_map, took_part, venue_map
from tiparchive.render.site import render_site
from tiparchive.search.records import SearchRecords

SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
LINKED = re.compile(r'<a href="([^"]+)"[^>]*><title>([^<]*)</title>')


@pytest.fixture(scope="module")
def site(archive: Archive) -> dict[str, str]:
    return render_site(archive, Echoes(archive), SearchRecords(archive).facets)


def _page_of(source: str, href: str) -> str:
    """The generated page a raw-HTML href on `source` leads to (the site uses directory URLs)."""
    here = source.removesuffix(".md").removesuffix("index").rstrip("/")
    if not source.endswith("index.md"):
        here = source.removesuffix(".md")
    target = posixpath.normpath(posixpath.join(here, href.partition("#")[0])).removeprefix("./")
    return "index.md" if target == "." else f"{target}.md"


def _resolves(site: dict[str, str], source: str, href: str) -> bool:
    page = _page_of(source, href)
    index = page.removesuffix(".md") + "/index.md"
    return page in site or index in site


def _meeting(tmp_path: Path, vocabularies: Vocabularies, text: str = VALID_RECORD) -> Meeting:
    checked = check_record_in(tmp_path, vocabularies, text)
    assert checked.meeting is not None, [str(p) for p in checked.problems]
    return checked.meeting


def test_home_map_links_every_country_that_took_part(site: dict[str, str], archive: Archive) -> None:
    svg = SVG.search(site[urls.HOME])
    assert svg is not None
    linked = LINKED.findall(svg.group())
    counts = {code: len(ids) for code, ids in took_part(archive).items() if ids}
    expected = {archive.countries[code].name: count for code, count in counts.items()
                if not archive.countries[code].is_historic}
    shown = {title.partition(":")[0]: title for _, title in linked}
    assert set(expected) <= set(shown)
    for name, count in expected.items():
        assert shown[name].startswith(f"{name}: {markup.plural(count, 'meeting')}")
    assert all(_resolves(site, urls.HOME, href) for href, _ in linked)
    assert "The map as a table" in site[urls.HOME]


def test_countries_index_has_the_map_and_its_table(site: dict[str, str]) -> None:
    page = site[urls.COUNTRIES]
    svg = SVG.search(page)
    assert svg is not None and LINKED.findall(svg.group())
    assert page.index("</svg>") < page.index("| Country | Code | Meetings named taking part in |")


def test_every_svg_link_leads_to_a_generated_page(site: dict[str, str]) -> None:
    broken = [(source, href) for source, page in site.items() for svg in SVG.findall(page)
              for href in re.findall(r'href="([^"]+)"', svg) if not _resolves(site, source, href)]
    assert broken == []


def test_no_svg_runs_or_fetches_anything(site: dict[str, str]) -> None:
    svgs = [svg for page in site.values() for svg in SVG.findall(page)]
    assert len(svgs) > len(site) // 3
    for svg in svgs:
        assert "<script" not in svg and "<foreignObject" not in svg and "<image" not in svg
        assert "xlink:" not in svg and "url(" not in svg and "style=" not in svg
        assert not re.search(r"\son[a-z]+=", svg)
        assert "http" not in svg and "//" not in svg


def test_a_former_state_is_drawn_as_its_successors(tmp_path: Path, vocabularies: Vocabularies) -> None:
    record = replace_line(VALID_RECORD, "  - name: Serbia and Montenegro\n",
                          "  - name: Serbia and Montenegro\n    roles: [participant]\n")
    record = replace_line(record, "  city: Vienna\n  country: Austria",
                          "  city: Belgrade\n  country: Serbia and Montenegro")
    archive = Archive([_meeting(tmp_path, vocabularies, record)], vocabularies)
    titles = dict((t.partition(":")[0], t) for _, t in LINKED.findall("\n".join(
        participation_map(archive, urls.HOME, table=True))))
    assert titles["Serbia"] == "Serbia: 1 meeting (1 as Serbia and Montenegro)"
    assert titles["Montenegro"] == "Montenegro: 1 meeting (1 as Serbia and Montenegro)"
    scg = vocabularies.countries.by_code("SCG")
    venues = "\n".join(venue_map(archive, scg, urls.country(scg)))
    assert venues.count('class="tip-map__venue tip-map__self"') == 2  # Serbia and Montenegro, both its own
    assert "Belgrade (1)" in venues


def test_a_country_page_shades_the_venue_countries_and_lists_the_cities(site: dict[str, str],
                                                                       archive: Archive) -> None:
    austria = archive.vocabularies.countries.by_code("AUT")
    page = site[urls.country(austria)]
    svg = SVG.search(page)
    assert svg is not None
    venues = {m.venue.country.country.name for a in archive.by_country["AUT"] if a.roles or a.venue
              for m in [a.meeting]}
    for name in venues:
        assert f"<title>{name}: venue of" in svg.group()
    assert "it does not place the cities" in page
    vienna = sum(1 for m in archive.meetings if m.venue.city == "Vienna" and m.venue.country.country.code == "AUT")
    assert vienna and f"Vienna ({vienna})" in page


def test_colour_classes_cover_every_count_once() -> None:
    assert classes(1) == [(1, 1)]
    assert classes(3) == [(1, 1), (2, 2), (3, 3)]
    assert classes(40) == [(1, 2), (3, 4), (5, 9), (10, 19), (20, 40)]
    for top in range(1, 300):
        ranges = classes(top)
        assert ranges[0][0] == 1 and ranges[-1][1] == top and len(ranges) <= 5
        assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(ranges))


def test_timeline_has_a_linked_mark_per_meeting_and_process(site: dict[str, str], archive: Archive) -> None:
    page = site[urls.TIMELINE]
    svg = SVG.search(page)
    assert svg is not None
    marks = Counter(href for href, _ in LINKED.findall(svg.group()))
    expected = Counter(markup.href(urls.TIMELINE, urls.meeting(m)) for m in archive.meetings for _ in m.processes)
    assert marks == expected
    for meeting in archive.meetings:
        assert f"]({posixpath.relpath(urls.meeting(meeting), 'timeline')})" in page  # the table
    for process in archive.vocabularies.processes.values():
        assert (f">{process.short_name}</text>" in svg.group()) == bool(archive.by_process.get(process.id))


def test_timeline_counts_per_year_when_meetings_are_many(monkeypatch: pytest.MonkeyPatch,
                                                         archive: Archive) -> None:
    monkeypatch.setattr(charts, "MAX_MARKS", 2)
    svg = charts.timeline(archive, urls.TIMELINE)
    assert "<circle" not in svg
    assert "<title>Bali Process, 2005: 1 meeting</title>" in svg
    assert f'<a href="{markup.href(urls.TIMELINE, urls.year(2005))}"><title>Bali Process, 2005' in svg
    table = "\n".join(charts.timeline_table(archive, urls.TIMELINE))
    assert "005](../meetings/2005.md) | 1 | 1 | 0 | 0 | 0 |" in table  # the year's own page


def test_record_text_in_a_chart_is_escaped(tmp_path: Path, vocabularies: Vocabularies) -> None:
    record = replace_line(VALID_RECORD, "kind: meeting\n",
                          "short_title: '</title><script>x</script> & co'\nkind: meeting\n")
    archive = Archive([_meeting(tmp_path, vocabularies, record)], vocabularies)
    svg = charts.timeline(archive, urls.TIMELINE)
    assert "<script>" not in svg and "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &amp; co, Vienna" in svg


def test_theme_chart_has_a_bar_for_every_year_zero_included(site: dict[str, str], archive: Archive) -> None:
    theme = archive.theme("child-trafficking")
    page = site[urls.theme(theme)]
    svg = SVG.search(page)
    assert svg is not None
    first, last = archive.years
    bars = re.findall(r'height="([\d.]+)"><title>(\d{4}): (\d+) items?</title>', svg.group())
    assert [int(year) for _, year, _ in bars] == list(range(first, last + 1))
    per_year = Counter(m.meeting.year for m in archive.by_theme[theme.id])
    assert {int(y): int(n) for _, y, n in bars} == {y: per_year.get(y, 0) for y in range(first, last + 1)}
    assert all((float(h) == 0) == (n == "0") for h, _, n in bars)
    assert 'role="img"' in svg.group() and "other years: 0" in svg.group()


def test_theme_pages_show_threads_and_meeting_pages_show_echoes(site: dict[str, str], archive: Archive) -> None:
    page = site[urls.theme(archive.theme("child-trafficking"))]
    assert "## Threads across meetings {#threads}" in page
    assert "**Thread 1**, 2015–2022: “reception centres”" in page
    meeting = next(m for m in archive.meetings if m.id.startswith("2015-07-06"))
    echoed = [line for line in site[urls.meeting(meeting)].splitlines()
              if line.startswith('<p class="tip-item__echoes tip-item__echoes--echo"><strong>Echo</strong> ')]
    assert any('href="../2022-10-20-budapest-budapest-process-tip-conference/#panel-2-3"' in line
               and "<mark>reception centres for asylum seekers</mark>" in line for line in echoed)


def test_meeting_pages_have_no_echo_lines_without_other_meetings(tmp_path: Path,
                                                                 vocabularies: Vocabularies) -> None:
    archive = Archive([_meeting(tmp_path, vocabularies)], vocabularies)
    assert "tip-item__echoes" not in "".join(
        render_site(archive, Echoes(archive), SearchRecords(archive).facets).values())


def test_a_second_meeting_saying_the_same_is_echoed(tmp_path: Path, vocabularies: Vocabularies) -> None:
    first = _meeting(tmp_path / "a", vocabularies)
    text, source = second_record()
    checked = check_record_in(tmp_path / "b", vocabularies, text, name="2012-05-28-bali-test-workshop",
                              source=source, source_name="2012-05-28-bali-test-workshop")
    assert checked.meeting is not None
    both = Archive([first, checked.meeting], vocabularies)
    pages = render_site(both, Echoes(both), SearchRecords(both).facets)
    page = pages[urls.meeting(first)]
    assert ('<p class="tip-item__echoes tip-item__echoes--echo"><strong>Echo</strong> (the same point at another '
            'meeting): <a href="../2012-05-28-bali-test-workshop/#para-1">Conclusion 1</a> (Test workshop on victim '
            "identification, 2012): “<mark>Turkey called for better identification of victims</mark>.”</p>") in page
    assert ('<p class="tip-item__echoes tip-item__echoes--related"><strong>Related</strong> (the same subject at '
            'another meeting): <a href="../2012-05-28-bali-test-workshop/#para-2">') in page


@pytest.mark.parametrize(("source", "target", "anchor", "expected"), [
    ("index.md", "countries/austria.md", "", "countries/austria/"),
    ("countries/index.md", "countries/austria.md", "", "austria/"),
    ("countries/austria.md", "countries/hungary.md", "", "../hungary/"),
    ("timeline/index.md", "meetings/index.md", "year-2005", "../meetings/#year-2005"),
    ("themes/legislation.md", "meetings/x.md", "para-1", "../../meetings/x/#para-1"),
])
def test_raw_html_links_use_directory_urls(source: str, target: str, anchor: str, expected: str) -> None:
    assert markup.href(source, target, anchor) == expected
