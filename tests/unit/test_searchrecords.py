"""searchrecords: what each item and page is found by, filtered by and shown as in the search."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Item, Meeting, OrganisationMention, Origin
from tiparchive.search.index import NAMED
from tiparchive.search.records import FACETS, ITEM, PAGE, SearchRecord, SearchRecords, fold
from tiparchive.search.terms import words

CONVENERS = {"host", "co-host", "chair", "co-chair", "organiser"}


@pytest.fixture(scope="module")
def records(archive: Archive) -> SearchRecords:
    return SearchRecords(archive)


@pytest.fixture(scope="module")
def every(records: SearchRecords) -> list[SearchRecord]:
    return list(records)


@pytest.mark.parametrize(("written", "folded"), [
    ("Türkiye", "Turkiye"),
    ("Portorož", "Portoroz"),
    ("Côte d’Ivoire", "Cote d’Ivoire"),
    ("São Tomé and Príncipe", "Sao Tome and Principe"),
    ("Curaçao", "Curacao"),
    ("Réunion – Åland", "Reunion – Aland"),
    ("naïve coöperation", "naive cooperation"),
    ("ﬁnancial", "financial"),  # a ligature comes apart into its letters
    ("plain ASCII, unchanged.", "plain ASCII, unchanged."),
    ("", ""),
])
def test_fold_strips_accents_and_keeps_everything_else(written: str, folded: str) -> None:
    assert fold(written) == folded


@pytest.mark.parametrize(("path", "anchor", "address"), [
    ("index.md", "", ""),
    ("meetings/index.md", "", "meetings/"),
    ("meetings/2005-10-24-vienna-x.md", "", "meetings/2005-10-24-vienna-x/"),
    ("meetings/2005-10-24-vienna-x.md", "para-3", "meetings/2005-10-24-vienna-x/#para-3"),
    ("meetings/2005.md", "", "meetings/2005/"),
    ("search/index.md", "", "search/"),
    ("countries/turkiye.md", "", "countries/turkiye/"),
    ("contributing/vocabularies.md", "", "contributing/vocabularies/"),
])
def test_url_is_the_directory_url_mkdocs_gives_the_page(path: str, anchor: str, address: str) -> None:
    assert urls.at(path, anchor) == address


def _item(archive: Archive) -> tuple[Meeting, Item]:
    mention = next(iter(archive.items))
    return mention.meeting, mention.item


def _extra(record: SearchRecord, item: Item) -> str:
    """The names the record is also found by, because its text writes them: its context of weight NAMED."""
    assert record.content == item.text, "the matched text is the item's own: what it is also found by is apart"
    return " ".join(line for line, weight in record.context if weight == NAMED)


@pytest.mark.parametrize("spelling", ["International Organization for Migration",
                                      "International Organisation for Migration",
                                      "the international organization for migration"])
def test_an_item_writing_an_organisation_in_full_is_also_found_by_its_acronym(
    archive: Archive, records: SearchRecords, spelling: str
) -> None:
    meeting, item = _item(archive)
    item = replace(item, text=f"Officials thanked the {spelling} for its support.", organisations=())
    record = records.item_record(meeting, 0, item)
    assert "IOM" in _extra(record, item).split()
    assert record.meta["text"] == item.text, "what the result shows is the text alone"


def test_an_item_writing_an_acronym_is_also_found_by_the_full_name(archive: Archive, records: SearchRecords) -> None:
    meeting, item = _item(archive)
    item = replace(item, text="Officials thanked IOM and UNODC.", organisations=())
    extra = _extra(records.item_record(meeting, 0, item), item)
    assert "International Organization for Migration" in extra
    assert "United Nations Office on Drugs and Crime" in extra


def test_an_organisation_the_item_lists_gives_its_names_too(archive: Archive, records: SearchRecords) -> None:
    meeting, item = _item(archive)
    iom = archive.vocabularies.organisations.by_id["iom"]
    item = replace(item, text="Officials met.", organisations=(OrganisationMention("the Organization", iom),))
    assert set(_extra(records.item_record(meeting, 0, item), item).split()) >= {"IOM", "Migration"}


def test_acronyms_match_whole_words_only(archive: Archive, records: SearchRecords) -> None:
    meeting, item = _item(archive)
    item = replace(item, text="Biomass and kingdoms: geomorphology.", organisations=())
    assert _extra(records.item_record(meeting, 0, item), item) == ""


def test_facet_counts_count_the_items_with_each_value(archive: Archive, records: SearchRecords) -> None:
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for mention in archive.items:
        for facet, values in records.item_filters(mention.meeting, mention.item).items():
            for value in values if facet in counts else ():
                counts[facet][value] = counts[facet].get(value, 0) + 1
    assert records.facet_counts == counts
    assert sum(records.facet_counts["kind"].values()) == sum(1 for _ in archive.items)


def test_an_item_with_accents_is_also_found_without_them(archive: Archive, records: SearchRecords) -> None:
    meeting, item = _item(archive)
    item = replace(item, text="Met in Portorož with Türkiye.", organisations=())
    record = records.item_record(meeting, 0, item)
    assert _extra(record, item) == "", "folding is the index's job: no unaccented copies are added"
    assert {"portoroz", "turkiye"} <= set(words(record.content))


def test_item_filters_hold_the_facets_of_a_real_item(archive: Archive, records: SearchRecords) -> None:
    mention = next(m for m in archive.items
                   if any(r.id in CONVENERS for c in m.meeting.countries for r in c.roles) and m.item.countries)
    meeting, item = mention.meeting, mention.item
    filters = records.item_filters(meeting, item)
    assert tuple(filters) == FACETS, "items are filtered by the facets alone: pages have an index of their own"
    assert filters["theme"] == [t.id for t in item.themes]
    assert set(filters["country"]) == {c.mention.country.code for c in meeting.countries} | \
        {c.country.code for c in item.countries}
    assert len(filters["country"]) == len(set(filters["country"]))
    organisers = {f"process:{p.id}" for p in meeting.processes}
    organisers |= {f"org:{o.mention.organisation.id}" for o in meeting.organisations
                   if {r.id for r in o.roles} & CONVENERS}
    organisers |= {f"country:{c.mention.country.code}" for c in meeting.countries
                   if {r.id for r in c.roles} & CONVENERS}
    assert set(filters["organiser"]) == organisers
    assert any(value.startswith("country:") for value in filters["organiser"]), "no convening country to test"
    assert filters["year"] == [str(meeting.year)]
    assert filters["kind"] == [item.kind.id]


def test_an_item_record_shows_its_meeting_and_leads_to_its_anchor(archive: Archive, records: SearchRecords) -> None:
    meeting, item = _item(archive)
    record = records.item_record(meeting, 0, item)
    assert record.url == f"meetings/{meeting.id}/#{item.id}"
    assert record.meta["meeting"] == meeting.name
    assert record.meta["meeting_url"] == f"meetings/{meeting.id}/"
    assert record.meta["text"] == item.text
    assert record.meta["themes"] == "; ".join(t.label for t in item.themes)
    assert str(meeting.year) in record.meta["date"]


def test_facet_labels_list_facets_in_page_order_with_every_value_items_have(
    records: SearchRecords, every: list[SearchRecord], archive: Archive
) -> None:
    labels = records.facet_labels
    assert tuple(labels) == FACETS
    items = [r for r in every if r.kind == ITEM]
    for facet in FACETS:
        used = {value for record in items for value in record.filters[facet]}
        assert used <= set(labels[facet]), f"{facet}: values without a label: {used - set(labels[facet])}"
    assert list(labels["theme"]) == list(archive.vocabularies.themes)
    assert list(labels["kind"]) == list(archive.vocabularies.item_kinds)
    assert list(labels["year"]) == sorted(labels["year"], reverse=True), "years newest first"
    assert set(labels["year"]) == {str(m.year) for m in archive.meetings}
    organisers = list(labels["organiser"].values())
    assert organisers == sorted(organisers, key=str.casefold), "organisers alphabetical by label"
    assert set(labels["organiser"]) == {v for r in items for v in r.filters["organiser"]}
    countries = list(labels["country"].values())
    assert countries == [c.name for c in archive.countries.values()]


def test_there_is_one_item_record_per_item_and_a_page_record_per_page(
    every: list[SearchRecord], archive: Archive
) -> None:
    items = [r.url for r in every if r.kind == ITEM]
    assert items == [urls.at(urls.meeting(m.meeting), m.item.id) for m in archive.items]
    pages = {r.url: r for r in every if r.kind == PAGE}
    wanted = {
        "Meeting": [(urls.meeting(m), m.name) for m in archive.meetings],
        "Country": [(urls.country(c), c.name) for c in archive.countries.values()],
        "Theme": [(urls.theme(t), t.label) for t in archive.vocabularies.themes.values()],
        "Organisation": [(urls.organisation(o), o.label) for o in archive.organisations.values()],
        "Process": [(urls.process(p), p.name) for p in archive.vocabularies.processes.values()],
    }
    for what, expected in wanted.items():
        for path, title in expected:
            record = pages.get(urls.at(path))
            assert record is not None, f"no page record for {path}"
            assert record.meta == {"title": title, "what": what}
            assert record.content.startswith(title)
            assert set(words(fold(title))) <= set(words(record.content)), f"{path}: not findable by its name"
    assert len(pages) == sum(len(v) for v in wanted.values())
    assert len(every) == len(items) + len(pages)


def test_a_country_page_is_found_by_its_code_and_its_unaccented_name(
    every: list[SearchRecord], archive: Archive
) -> None:
    country = next(c for c in archive.countries.values() if fold(c.name) != c.name)
    record = next(r for r in every if r.url == urls.at(urls.country(country)))
    assert {country.code.lower(), *words(fold(country.name))} <= set(words(record.content))


@pytest.mark.parametrize(("origin", "after"), [
    (None, ""),
    (Origin("after-meeting"), " (Added after the meeting)"),
    (Origin("earlier-meeting", name="Ministerial Forum, Sofia", date="2003-12"),
     " (Quoted from an earlier meeting: Ministerial Forum, Sofia (December 2003))"),
])
def test_a_result_says_where_words_not_of_the_meeting_come_from(archive: Archive, records: SearchRecords,
                                                                 origin: Origin | None, after: str) -> None:
    meeting, item = _item(archive)
    changed = replace(item, number="", kind=archive.vocabularies.item_kinds["conclusion"], origin=origin)
    record = records.item_record(meeting, 0, changed)
    position = [other.id for other in meeting.items].index(item.id) + 1
    label = f"Conclusion · item {position} of {len(meeting.items)}{after}"
    assert record.meta["label"] == label
    assert record.meta["title"] == f"{label} · {meeting.name}"


def test_every_country_of_the_archive_is_a_filter_value_with_its_items(archive: Archive,
                                                                      records: SearchRecords) -> None:
    """Hosts included: a meeting held in a state that no longer exists is reachable by it."""
    present = {m.venue.country.country.code for m in archive.meetings}
    present |= {c.mention.country.code for m in archive.meetings for c in m.countries}
    present |= {c.country.code for mention in archive.items for c in mention.item.countries}
    assert set(records.facet_counts["country"]) == present
    for meeting in archive.meetings:
        assert records.facet_counts["country"][meeting.venue.country.country.code] >= len(meeting.items)
    assert any(archive.countries[code].is_historic for code in present), "no former state to check"


def test_each_organiser_is_offered_once(archive: Archive, records: SearchRecords) -> None:
    labels = records.facet_labels["organiser"]
    assert len(set(labels.values())) == len(labels), labels
    processes = {fold(n).casefold() for p in archive.vocabularies.processes.values() for n in (p.name, p.short_name)}
    for key in labels:
        if key.startswith("org:"):
            org = archive.vocabularies.organisations.by_id[key.removeprefix("org:")]
            assert not processes & {fold(n).casefold() for n in (org.acronym, org.name, *org.variants)}, key
