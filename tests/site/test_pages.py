"""The built HTML: every page there, every item at its anchor, links both ways, no dead links."""

from __future__ import annotations

import pytest
from site_helpers import ROOT, Element, Site, collapse, is_internal, md_url, resolve

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.model import ORIGIN_KINDS
from tiparchive.records.sourcetext import normalise
from tiparchive.render.common import LISTED_ITEMS

INDEXES = {
    "home": urls.HOME,
    "meetings": urls.MEETINGS,
    "countries": urls.COUNTRIES,
    "themes": urls.THEMES,
    "processes": urls.PROCESSES,
    "organisations": urls.ORGANISATIONS,
}


def _children(site: Site, folder: str) -> set[str]:
    """The page folders directly below `folder` in the built site."""
    return {p.name for p in (site.folder / folder).iterdir() if (p / "index.html").is_file()}


def _h1(site: Site, markdown_path: str) -> str:
    heading = site.page(md_url(markdown_path)).content.find("h1")
    assert heading is not None, f"{markdown_path}: no <h1>"
    return heading.text()


@pytest.mark.parametrize("name", list(INDEXES))
def test_index_pages_exist(site: Site, name: str) -> None:
    assert _h1(site, INDEXES[name])


def test_every_meeting_country_theme_process_and_organisation_has_a_page(
    site: Site, archive: Archive
) -> None:
    expected = {
        "meetings": {m.id for m in archive.meetings} | {str(year) for year in archive.by_year},
        "countries": {c.slug for c in archive.countries.values()},
        "themes": set(archive.vocabularies.themes),
        "processes": set(archive.vocabularies.processes),
        "organisations": set(archive.organisations),
    }
    for folder, names in expected.items():
        assert names, f"the archive has no {folder}"
        assert _children(site, folder) == names, f"{folder}/ does not hold exactly one page per entry"
    for meeting in archive.meetings:
        assert _h1(site, urls.meeting(meeting)) == collapse(meeting.title)
    for year in archive.by_year:
        assert _h1(site, urls.year(year)) == f"Meetings in {year}"
    for country in archive.countries.values():
        assert _h1(site, urls.country(country)) == country.name


def test_home_page_shows_the_counts(site: Site, archive: Archive) -> None:
    home = site.page("/")
    counts = home.content.find(cls="tip-counts")
    assert counts is not None, "the home page has no counts block"
    shown: dict[str, int] = {}
    for entry in counts.find_all("li"):
        number, link = entry.find("strong"), entry.find("a")
        if number is None or link is None:
            continue
        target = home.links(entry)[0][1].url
        shown[target] = int(number.text().replace(",", ""))
    assert shown == {
        "/meetings/": len(archive.meetings),
        "/countries/": len(archive.countries),
        "/organisations/": len(archive.organisations),
        "/themes/": sum(len(m.items) for m in archive.meetings),
    }


def test_each_item_has_its_anchor_and_text_on_its_meeting_page(site: Site, archive: Archive) -> None:
    problems = []
    for meeting in archive.meetings:
        page = site.page(md_url(urls.meeting(meeting)))
        for item in meeting.items:
            heading = page.content.find(id=item.id)
            if heading is None:
                problems.append(f"{meeting.id}: no element with id={item.id!r}")
                continue
            following = heading.next_element()
            if following is None or following.text() != collapse(item.text):
                problems.append(f"{meeting.id}#{item.id}: the item's text does not follow its heading")
    assert problems == []


def test_source_text_section_holds_the_whole_source(site: Site, archive: Archive) -> None:
    for meeting in archive.meetings:
        page = site.page(md_url(urls.meeting(meeting)))
        heading = page.content.find(id="source-text")
        assert heading is not None, f"{meeting.id}: no #source-text section"
        boxes = page.content.find_all(cls="tip-source")
        assert len(boxes) == len(meeting.sources), f"{meeting.id}: not one source text box per source"
        shown = {source.id: _source_words(box) for source, box in zip(meeting.sources, boxes, strict=True)}
        for source in meeting.sources:
            assert shown[source.id] == normalise(source.text), f"{meeting.id}: {source.id} is not all there"
        for item in meeting.items:
            assert normalise(item.text) in shown[meeting.source_of(item).id], \
                f"{meeting.id}#{item.id} is not in the text shown of its source"


def _source_words(box: Element) -> str:
    """A source text box's text without the links back to the items: the source's own words."""
    def words(element: Element) -> str:
        return "".join(child if isinstance(child, str) else
                       ("" if "tip-passage__back" in child.classes else words(child)) for child in element.children)
    return collapse(words(box))


def test_each_item_links_to_its_passage_and_the_passage_back(site: Site, archive: Archive) -> None:
    """ "See in the report" targets a <mark> in the source text that starts the item's words, and
    a link beside the passage leads back to the item."""
    problems = []
    for meeting in archive.meetings:
        page = site.page(md_url(urls.meeting(meeting)))
        for item in meeting.items:
            anchor = urls.passage_anchor(item.id)
            mark = page.content.find(id=anchor)
            if mark is None or mark.tag != "mark":
                problems.append(f"{meeting.id}#{item.id}: no <mark id={anchor}>")
                continue
            if not normalise(item.text).startswith(mark.text()):
                problems.append(f"{meeting.id}#{item.id}: the passage {mark.text()[:40]!r} is not the item's")
            meta = page.content.find(id=item.id)
            while meta is not None and "tip-item__meta" not in meta.classes:
                meta = meta.next_element()
            if meta is None or not page.links_to(page.url, within=meta, fragment=anchor):
                problems.append(f"{meeting.id}#{item.id}: no 'See in the report' link")
            backs = [a for a in page.content.find_all("a", cls="tip-passage__back") if a.attrs["href"] == f"#{item.id}"]
            if len(backs) != 1:
                problems.append(f"{meeting.id}#{item.id}: {len(backs)} links back from the passage")
    assert problems == []


def test_sources_section_lists_every_source_with_its_links(site: Site, archive: Archive) -> None:
    for meeting in archive.meetings:
        page = site.page(md_url(urls.meeting(meeting)))
        for source in meeting.sources:
            entry = page.content.find(id=f"source-{source.id}")
            assert entry is not None, f"{meeting.id}: no entry for source {source.id}"
            text = entry.text()
            assert collapse(source.title) in text and source.kind.label in text
            assert ("excerpt" in text) == source.is_excerpt
            hrefs = [a.attrs.get("href", "") for a in entry.find_all("a")]
            assert urls.source_text(source).removeprefix("data/") in " ".join(hrefs)
            assert any(h.startswith("https://") for h in hrefs) == bool(source.url)


def test_items_not_of_the_meeting_say_where_they_come_from(site: Site, archive: Archive) -> None:
    for meeting in archive.meetings:
        page = site.page(md_url(urls.meeting(meeting)))
        for item in meeting.items:
            heading = page.content.find(id=item.id)
            assert heading is not None
            block, origin_line = heading.next_element(), None
            while block is not None and "tip-item__meta" not in block.classes:
                origin_line = block if "tip-item__origin" in block.classes else origin_line
                block = block.next_element()
            shown = origin_line.text() if origin_line else ""
            if item.origin:
                assert shown.startswith(item.origin.label), f"{meeting.id}#{item.id}: its origin is not shown"
            else:
                assert not any(label in shown for label in ORIGIN_KINDS.values()), f"{meeting.id}#{item.id}"


def test_meetings_and_participating_countries_link_both_ways(site: Site, archive: Archive) -> None:
    missing = []
    for meeting in archive.meetings:
        meeting_page = site.page(md_url(urls.meeting(meeting)))
        for participation in meeting.countries:
            country = participation.mention.country
            country_url = md_url(urls.country(country))
            if not meeting_page.links_to(country_url):
                missing.append(f"{meeting.id} -> {country.slug}")
            if not site.page(country_url).links_to(meeting_page.url):
                missing.append(f"{country.slug} -> {meeting.id}")
    assert missing == []


def test_meetings_and_participating_organisations_link_both_ways(site: Site, archive: Archive) -> None:
    missing = []
    for meeting in archive.meetings:
        meeting_page = site.page(md_url(urls.meeting(meeting)))
        for participation in meeting.organisations:
            organisation = participation.mention.organisation
            url = md_url(urls.organisation(organisation))
            if not meeting_page.links_to(url):
                missing.append(f"{meeting.id} -> {organisation.id}")
            if not site.page(url).links_to(meeting_page.url):
                missing.append(f"{organisation.id} -> {meeting.id}")
    assert missing == []


def test_meetings_and_processes_link_both_ways(site: Site, archive: Archive) -> None:
    missing = []
    for meeting in archive.meetings:
        meeting_page = site.page(md_url(urls.meeting(meeting)))
        for process in meeting.processes:
            url = md_url(urls.process(process))
            if not meeting_page.links_to(url):
                missing.append(f"{meeting.id} -> {process.id}")
            if not site.page(url).links_to(meeting_page.url):
                missing.append(f"{process.id} -> {meeting.id}")
    assert missing == []


def test_items_and_their_themes_link_both_ways(site: Site, archive: Archive) -> None:
    """The item's own theme list links to each theme page; each theme page links to meeting#item
    for the items it lists (the newest LISTED_ITEMS; the rest are left to the search)."""
    listed = {(theme, m.meeting.id, m.item.id) for theme, mentions in archive.by_theme.items()
              for m in mentions[:LISTED_ITEMS]}
    missing = []
    for meeting in archive.meetings:
        meeting_page = site.page(md_url(urls.meeting(meeting)))
        for item in meeting.items:
            heading = meeting_page.content.find(id=item.id)
            assert heading is not None
            meta = heading.next_element()
            while meta is not None and "tip-item__meta" not in meta.classes:
                meta = meta.next_element()
            assert meta is not None, f"{meeting.id}#{item.id}: no theme line"
            for theme in item.themes:
                theme_url = md_url(urls.theme(theme))
                if not meeting_page.links_to(theme_url, within=meta):
                    missing.append(f"{meeting.id}#{item.id} -> {theme.id}")
                if (theme.id, meeting.id, item.id) in listed and \
                        not site.page(theme_url).links_to(meeting_page.url, fragment=item.id):
                    missing.append(f"{theme.id} -> {meeting.id}#{item.id}")
    assert missing == []


def test_countries_named_in_items_link_to_the_items(site: Site, archive: Archive) -> None:
    missing = []
    for meeting in archive.meetings:
        meeting_url = md_url(urls.meeting(meeting))
        for item in meeting.items:
            for mention in item.countries:
                if not site.page(md_url(urls.country(mention.country))).links_to(meeting_url, item.id):
                    missing.append(f"{mention.country.slug} -> {meeting.id}#{item.id}")
    assert missing == []


def test_every_internal_link_and_anchor_resolves(site: Site) -> None:
    """Every internal <a href>, <link href>, <script src> and <img src> on every page."""
    broken = []
    checked = anchors = 0
    for page in site.pages():
        for element in page.tree.iter():
            attribute = {"a": "href", "link": "href", "script": "src", "img": "src"}.get(element.tag)
            reference = element.attrs.get(attribute or "")
            if not attribute or not reference or not is_internal(reference):
                continue
            if reference.lower().startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            checked += 1
            target = resolve(page.url, reference)
            if not (site.folder / target.file).is_file():
                broken.append(f"{page.file}: {reference} (no {target.file})")
                continue
            if target.fragment and target.file.endswith(".html"):
                anchors += 1
                if target.fragment not in site.page(target.file).ids:
                    broken.append(f"{page.file}: {reference} (no id {target.fragment!r} in {target.file})")
    assert checked > 1000 and anchors > 100, f"only {checked} links and {anchors} anchors found"
    assert broken == [], f"{len(broken)} broken links:\n" + "\n".join(broken[:50])



def test_ids_are_unique_on_every_page(site: Site) -> None:
    """A repeated id sends a permalink to whichever element comes first."""
    repeated = []
    for page in site.pages():
        seen: set[str] = set()
        for element in page.tree.iter():
            identifier = element.attrs.get("id")
            if identifier is None:
                continue
            if identifier in seen:
                repeated.append(f"{page.file}: id={identifier!r}")
            seen.add(identifier)
    assert repeated == []


def test_venues_link_both_ways(site: Site, archive: Archive) -> None:
    missing = []
    for meeting in archive.meetings:
        meeting_page = site.page(md_url(urls.meeting(meeting)))
        country_url = md_url(urls.country(meeting.venue.country.country))
        if not meeting_page.links_to(country_url):
            missing.append(f"{meeting.id} -> venue {country_url}")
        if not site.page(country_url).links_to(meeting_page.url):
            missing.append(f"venue {country_url} -> {meeting.id}")
    assert missing == []


def test_every_page_links_to_the_repository_and_each_meeting_page_to_its_record(
        site: Site, archive: Archive, repo_url: str) -> None:
    for page in site.pages():
        assert any(a.attrs.get("href") == repo_url for a in page.tree.iter() if a.tag == "a"), page.file
    for meeting in archive.meetings:
        page = site.page(md_url(urls.meeting(meeting)))
        edit = [a for a in page.tree.iter() if a.tag == "a" and a.attrs.get("rel") == "edit"]
        record = meeting.path.relative_to(ROOT).as_posix()
        assert [(a.attrs["href"], a.attrs["title"]) for a in edit] == [
            (f"{repo_url}/edit/main/{record}", "Edit this record")]


def test_participation_says_how_many_took_part_and_counts_say_named(site: Site, archive: Archive) -> None:
    """A report that counts more states than it names: its page gives the count in the report's
    words, and the participation counts elsewhere say they count the countries reports name."""
    fewer = [m for m in archive.meetings if m.participation and m.participation.states > m.states_named]
    for meeting in archive.meetings:
        if meeting.participation is None:
            continue
        text = site.page(md_url(urls.meeting(meeting))).content.text()
        assert f"States taking part: {meeting.participation.states}, as the report counts them" in text
        assert collapse(meeting.participation.described_as) in text
        assert f"Named in the report: {len(meeting.countries)} countr" in text
    countries = site.page(md_url(urls.COUNTRIES))
    assert "Meetings named taking part in" in countries.content.text()
    assert "Counted from the countries each meeting's report names as taking part." in countries.content.text()
    for meeting in fewer:
        assert countries.links_to(md_url(urls.meeting(meeting)), fragment="participants"), meeting.id


def test_the_404_page_offers_search_the_sections_and_the_latest_meetings(site: Site, archive: Archive) -> None:
    """Served for a missing address at any depth, so every link starts from the site's root."""
    page = site.page("404.html")
    content = page.content.find("div", cls="tip-not-found")
    assert content is not None, "the 404 page has no content made from the archive"
    form = content.find("form")
    assert form is not None and form.attrs["action"] == "/search/" and form.attrs["method"] == "get"
    assert content.find("input", name="q") is not None
    hrefs = [a.attrs["href"] for a in content.find_all("a")]
    assert hrefs and all(href.startswith("/") for href in hrefs), hrefs
    for href in hrefs:
        assert (site.folder / href.lstrip("/") / "index.html").is_file(), href
    for section in (urls.MEETINGS, urls.SEARCH, urls.THEMES, urls.COUNTRIES, urls.PROCESSES, urls.ORGANISATIONS,
                    urls.OPEN_DATA, urls.TIMELINE):
        assert "/" + urls.url(section) in hrefs, section
    newest = sorted(archive.meetings, key=lambda m: (m.start, m.id), reverse=True)
    meeting_links = [h for h in hrefs if h.startswith("/meetings/") and h != "/meetings/"]
    assert meeting_links == ["/" + urls.url(urls.meeting(m)) for m in newest[:len(meeting_links)]]
    assert len(meeting_links) == min(len(newest), 8)
