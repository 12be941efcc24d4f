"""indexes.Archive: who took part where and what was said on each theme, newest first."""

from __future__ import annotations

from pathlib import Path

import pytest
from unit_helpers import MEETING_ID, SECOND_ID, check_record_in, second_record

from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Meeting
from tiparchive.records.vocabularies import Vocabularies


@pytest.fixture
def small_archive(tmp_path: Path, vocabularies: Vocabularies) -> Archive:
    """Two fixture meetings, 2005 in Vienna and 2012 in Bali, given newest first on purpose."""
    text, source = second_record()
    later = check_record_in(tmp_path, vocabularies, text, name=SECOND_ID, source=source,
                            source_name=SECOND_ID)
    earlier = check_record_in(tmp_path, vocabularies)
    assert later.problems == [] and earlier.problems == []
    assert later.meeting is not None and earlier.meeting is not None
    return Archive([later.meeting, earlier.meeting], vocabularies)


# -- the small archive: exact contents ---------------------------------------------------------------

def test_meetings_are_kept_oldest_first(small_archive: Archive) -> None:
    assert [m.id for m in small_archive.meetings] == [MEETING_ID, SECOND_ID]
    assert small_archive.years == (2005, 2012)
    assert {year: [m.id for m in ms] for year, ms in small_archive.by_year.items()} == {
        2005: [MEETING_ID], 2012: [SECOND_ID]}
    assert [(m.meeting.id, m.item.id) for m in small_archive.items] == [
        (MEETING_ID, "para-1"), (MEETING_ID, "para-2"), (SECOND_ID, "para-1"), (SECOND_ID, "para-2")]


def test_by_theme_is_newest_meeting_first_in_report_order(small_archive: Archive) -> None:
    by_theme = {theme: [(m.meeting.id, m.item.id) for m in mentions]
                for theme, mentions in small_archive.by_theme.items() if mentions}
    assert by_theme == {
        "victim-identification": [(SECOND_ID, "para-1"), (MEETING_ID, "para-1")],
        "legislation": [(SECOND_ID, "para-2"), (MEETING_ID, "para-2")],
        "victim-assistance": [(SECOND_ID, "para-2"), (MEETING_ID, "para-2")],
    }
    assert set(small_archive.by_theme) == set(small_archive.vocabularies.themes)


def test_by_process_is_newest_first(small_archive: Archive) -> None:
    assert {p: [m.id for m in ms] for p, ms in small_archive.by_process.items()} == {
        "bali-process": [SECOND_ID, MEETING_ID], "budapest-process": [SECOND_ID]}


def test_by_country_has_roles_spellings_and_items(small_archive: Archive) -> None:
    def seen(code: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
        return [(a.meeting.id, tuple(r.id for r in a.roles), a.written, tuple(i.id for i in a.items))
                for a in small_archive.by_country[code]]

    assert seen("TUR") == [
        (SECOND_ID, ("observer",), ("Türkiye",), ("para-1",)),
        (MEETING_ID, ("chair", "participant"), ("Turkey",), ("para-1",)),
    ]
    assert seen("GBR") == [
        (SECOND_ID, ("participant",), ("United Kingdom (EU Presidency)",), ()),
        (MEETING_ID, ("participant",), ("United Kingdom (EU Presidency)",), ()),
    ]
    # Austria: the venue and a person's country in 2005, named by an item in 2012; no role either time.
    assert seen("AUT") == [(SECOND_ID, (), (), ("para-1",)), (MEETING_ID, (), (), ())]
    assert seen("IDN") == [(SECOND_ID, (), (), ())]
    assert seen("SCG") == [(MEETING_ID, ("participant",), ("Serbia and Montenegro",), ())]
    assert seen("AUS") == [(SECOND_ID, ("co-chair",), ("Australia",), ())]


def test_countries_include_venues_people_items_and_successors(small_archive: Archive) -> None:
    countries = small_archive.countries
    assert list(countries) == ["AUS", "AUT", "IDN", "MNE", "SRB", "SCG", "TUR", "GBR"]
    assert [c.name for c in countries.values()] == sorted(c.name for c in countries.values())
    assert "MNE" not in small_archive.by_country  # a successor has a page, but took part in nothing


def test_by_organisation(small_archive: Archive) -> None:
    assert list(small_archive.organisations) == ["iom", "unhcr"]
    assert [(a.meeting.id, tuple(r.id for r in a.roles), tuple(i.id for i in a.items))
            for a in small_archive.by_organisation["unhcr"]] == [
        (SECOND_ID, ("presenter",), ("para-1",)),
        (MEETING_ID, ("presenter",), ()),
    ]


def test_an_empty_archive(vocabularies: Vocabularies) -> None:
    archive = Archive([], vocabularies)
    assert archive.years == (0, 0)
    assert archive.by_year == {}
    assert archive.countries == {}
    assert all(mentions == [] for mentions in archive.by_theme.values())


# -- the real archive: properties that must hold for every record --------------------------------------

def test_real_by_theme_is_newest_first(archive: Archive) -> None:
    for theme, mentions in archive.by_theme.items():
        starts = [(m.meeting.start, m.meeting.id) for m in mentions]
        assert starts == sorted(starts, reverse=True), theme
        for meeting in archive.meetings:
            in_theme = [m.item.id for m in mentions if m.meeting is meeting]
            assert in_theme == [i.id for i in meeting.items if any(t.id == theme for t in i.themes)], theme


def test_real_by_theme_lists_every_tagged_item_once(archive: Archive) -> None:
    expected = sorted((m.id, i.id, t.id) for m in archive.meetings for i in m.items for t in i.themes)
    found = sorted((m.meeting.id, m.item.id, theme) for theme, ms in archive.by_theme.items() for m in ms)
    assert found == expected


def appearance(archive: Archive, code: str, meeting: Meeting):  # type: ignore[no-untyped-def]
    (found,) = [a for a in archive.by_country[code] if a.meeting is meeting]
    return found


def test_real_participants_appear_with_their_roles(archive: Archive) -> None:
    for meeting in archive.meetings:
        for participation in meeting.countries:
            code = participation.mention.country.code
            assert code in archive.countries
            found = appearance(archive, code, meeting)
            assert set(participation.roles) <= set(found.roles), (meeting.id, code)
            assert participation.mention.written in found.written
        assert appearance(archive, meeting.venue.country.country.code, meeting)
        for item in meeting.items:
            for mention in item.countries:
                assert item in appearance(archive, mention.country.code, meeting).items


def test_real_by_country_is_newest_first_and_has_no_repeats(archive: Archive) -> None:
    for code, appearances in archive.by_country.items():
        keys = [(a.meeting.start, a.meeting.id) for a in appearances]
        assert keys == sorted(keys, reverse=True), code
        assert len(set(keys)) == len(keys), code
        for a in appearances:
            assert len(set(a.items)) == len(a.items), code


def test_real_organisations_appear_with_their_roles(archive: Archive) -> None:
    for meeting in archive.meetings:
        for participation in meeting.organisations:
            org_id = participation.mention.organisation.id
            (found,) = [a for a in archive.by_organisation[org_id] if a.meeting is meeting]
            assert set(participation.roles) <= set(found.roles)
