"""pagetypes: one page of each type, the largest of its kind, each a page the site really has."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tiparchive import urls
from tiparchive.archive.echoes import Echoes
from tiparchive.archive.indexes import Archive
from tiparchive.render.pagetypes import page_types
from tiparchive.render.site import render_site
from tiparchive.search.records import SearchRecords


@pytest.mark.parametrize(("markdown", "expected"), [
    ("index.md", ""),
    ("meetings/index.md", "meetings/"),
    ("meetings/2004-x.md", "meetings/2004-x/"),
    ("contributing/vocabularies.md", "contributing/vocabularies/"),
])
def test_url_of_a_generated_page(markdown: str, expected: str) -> None:
    assert urls.at(markdown) == expected


def test_every_page_type_is_a_generated_or_hand_written_page(archive: Archive) -> None:
    site = render_site(archive, Echoes(archive), SearchRecords(archive).facets, contributing="# Contributing\n")
    generated = {urls.at(path) for path in site if path.endswith(".md")}
    hand_written = {"about/", "404.html"}  # docs/about.md and the theme's 404 page
    types = page_types(archive)
    assert {"home", "meeting", "country", "theme", "organisation", "process"} <= set(types)
    opened = [urlsplit(value).path for value in types.values()]  # a type may carry a query
    assert set(opened) <= generated | hand_written
    assert len(set(types.values())) == len(types), "two page types open the same page"


def test_the_largest_of_each_kind_is_taken(archive: Archive) -> None:
    types = page_types(archive)
    most_items = max(len(m.items) for m in archive.meetings)
    meeting = next(m for m in archive.meetings if urls.at(urls.meeting(m)) == types["meeting"])
    assert len(meeting.items) == most_items
    theme_sizes = {urls.at(urls.theme(archive.theme(t))): len(found) for t, found in archive.by_theme.items()}
    assert theme_sizes[types["theme"]] == max(theme_sizes.values())


def test_an_empty_archive_has_no_page_types(archive: Archive) -> None:
    with pytest.raises(ValueError, match="no meetings"):
        page_types(Archive([], archive.vocabularies))
