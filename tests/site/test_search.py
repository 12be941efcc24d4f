"""The Recommendations page in a real browser, checked against counts computed from the search records.

Every expectation is worked out here from `SearchRecords(archive)` (the same objects the index is
written from) or from the archive itself, never typed in: the facets' counts with their
either-or-within, both-across semantics, what stemming, accent folding, phrases and acronyms must
and must not find, the address keeping the search, keyboard use, "Show more" and highlighting.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from browser_helpers import (
    PAGE_SIZE,
    SEARCH_READY,
    facet_counts,
    open_search,
    result_hrefs,
    session,
    settled,
    show_all,
    snapshot,
    status_count,
)
from site_helpers import HOSTILE_TEXT, Hostile, Site, collapse, md_url

from index_reader import edit_distance, read_index
from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Organisation
from tiparchive.search import terms as searchterms
from tiparchive.search.index import FOLDER, ITEMS, PAGES
from tiparchive.search.records import SearchRecord, SearchRecords, fold
from tiparchive.search.words import Words

pytestmark = pytest.mark.browser

CHECKBOX_FACETS = ("theme", "kind", "organiser", "country")  # in the order search.js writes them to the URL
PAGE_LINKS = 6  # pages (meetings, countries ...) the page lists above the results (docs/assets/search.js)
# A phrase a seed report uses (the 2022 Budapest conference), named here because a phrase search
# needs one that some item says; the items expected are still computed from all the records, and
# the seeds stay in every valid archive (tests/test_records.py), so an editor's meeting cannot break it.
PHRASE = "reflection period"
# The record fields a keyword is expected to be found in: the item's own text. A phrase, a stem or an
# acronym finds the items that say it, and those whose names, themes or meeting do (`_found_by`).
MATCHED_FIELDS = ("text",)


# -- expectations from the records -------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """A search as the page keeps it in its address."""

    q: str = ""
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    years: tuple[str, str] | None = None  # (from, to), both included
    sort: str = ""

    def query(self, all_years: list[str]) -> str:
        params: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        params += [(facet, value) for facet in CHECKBOX_FACETS for value in self.facets.get(facet, ())]
        if self.years and self.years[0] != all_years[0]:
            params.append(("from", self.years[0]))
        if self.years and self.years[1] != all_years[-1]:
            params.append(("to", self.years[1]))
        if self.sort:
            params.append(("sort", self.sort))
        return urlencode(params)

    def admits(self, record: SearchRecord, without: str = "") -> bool:
        """Whether the filters (all but the facet `without`) let the record through."""
        for facet, values in self.facets.items():
            if facet != without and values and not set(values) & set(record.filters[facet]):
                return False
        if self.years and without != "year":
            return self.years[0] <= record.filters["year"][0] <= self.years[1]
        return True


def expected_counts(records: Iterable[SearchRecord], state: State) -> dict[str, Counter[str]]:
    """Facet -> value -> items: each facet counted with every filter but its own."""
    records = list(records)
    return {facet: Counter(value for record in records if state.admits(record, without=facet)
                           for value in record.filters[facet])
            for facet in (*CHECKBOX_FACETS, "year")}


def _picks(records: list[SearchRecord], facet: str) -> list[str]:
    """The most common, a middling and the least common value of a facet."""
    ranked = [value for value, _ in Counter(v for r in records for v in r.filters[facet]).most_common()]
    assert ranked, f"no item has a {facet}"
    return list(dict.fromkeys([ranked[0], ranked[len(ranked) // 2], ranked[-1]]))


def _years(records: list[SearchRecord]) -> list[str]:
    return sorted({record.filters["year"][0] for record in records})


def _href(record: SearchRecord) -> str:
    return "/" + record.url


def _shown(record: SearchRecord, fields: Iterable[str] = MATCHED_FIELDS) -> str:
    return collapse(" ".join(record.meta[name] for name in fields))


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) is not None


def _filtered_status(count: int) -> str:
    return f"{count:,} {'item' if count == 1 else 'items'} with the chosen filters."


def _assert_counts(page: Any, records: list[SearchRecord], state: State) -> None:
    """The status, and every facet value's count and visibility, as computed from the records."""
    wanted = sum(1 for record in records if state.admits(record))
    assert status_count(page) == wanted, f"{state}: the status does not count the matching items"
    counts = expected_counts(records, state)
    # A "From" year counts the items from it to the chosen end, what choosing it would give.
    end = state.years[1] if state.years else max(_years(records))
    counts["year"] = Counter({year: sum(n for y, n in counts["year"].items() if min(year, end) <= y <= max(year, end))
                              for year in _years(records)})
    shown = facet_counts(page)
    problems = []
    for facet in (*CHECKBOX_FACETS, "year"):
        for value, (count, visible) in shown[facet].items():
            chosen = value in state.facets.get(facet, ())
            if count != counts[facet][value]:
                problems.append(f"{facet}={value}: shows {count}, the records give {counts[facet][value]}")
            if facet != "year" and visible != (counts[facet][value] > 0 or chosen):
                problems.append(f"{facet}={value}: {'shown' if visible else 'hidden'} with {count} items")
    assert problems == [], f"{state}:\n" + "\n".join(problems)


# -- facets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("facet", CHECKBOX_FACETS)
def test_each_facet_value_narrows_to_the_items_having_it(
    browser: Any, base_url: str, item_records: list[SearchRecord], facet: str
) -> None:
    years = _years(item_records)
    with session(browser) as opened:
        for value in _picks(item_records, facet):
            state = State(facets={facet: (value,)})
            open_search(opened, base_url, state.query(years))
            assert opened.page.locator(f'input[name="{facet}"][value="{value}"]').is_checked()
            _assert_counts(opened.page, item_records, state)
            assert opened.page.locator("#tip-status").inner_text() == _filtered_status(status_count(opened.page))
        opened.assert_clean()


def test_a_year_range_narrows_to_the_meetings_held_in_it(
    browser: Any, base_url: str, item_records: list[SearchRecord]
) -> None:
    years = _years(item_records)
    ranges = [(years[0], years[0]), (years[-1], years[-1]), (years[len(years) // 2], years[-1])]
    if len(years) > 2:
        ranges.append((years[1], years[-2]))
    with session(browser) as opened:
        for low, high in ranges:
            state = State(years=(low, high))
            open_search(opened, base_url, state.query(years))
            assert opened.page.locator("#tip-from").input_value() == low
            assert opened.page.locator("#tip-to").input_value() == high
            _assert_counts(opened.page, item_records, state)
        opened.assert_clean()


def test_two_values_of_a_facet_are_either_or_and_two_facets_are_both(
    browser: Any, base_url: str, item_records: list[SearchRecord]
) -> None:
    years = _years(item_records)
    themes = tuple(_picks(item_records, "theme")[:2])
    either = State(facets={"theme": themes})
    among = [r for r in item_records if either.admits(r)]
    country = Counter(c for r in among for c in r.filters["country"]).most_common(2)[-1][0]
    kind = Counter(r.filters["kind"][0] for r in among).most_common(1)[0][0]
    both = State(facets={"theme": themes, "country": (country,), "kind": (kind,)}, years=(years[0], years[-1]))
    alone = [sum(1 for r in item_records if State(facets={"theme": (t,)}).admits(r)) for t in themes]
    narrowed = sum(1 for r in item_records if both.admits(r))
    assert len(among) > max(alone) and 0 < narrowed < len(among), "the records cannot tell 'or' from 'and' here"
    with session(browser) as opened:
        for state in (either, both):
            open_search(opened, base_url, state.query(years))
            _assert_counts(opened.page, item_records, state)
            wanted = {_href(r) for r in item_records if state.admits(r)}
            assert set(show_all(opened.page)) == wanted, f"{state}: not the items the records give"
        opened.assert_clean()


# -- what a keyword finds ----------------------------------------------------------------------


def _search(opened: Any, base_url: str, q: str) -> list[str]:
    open_search(opened, base_url, urlencode({"q": q}))
    return show_all(opened.page)


def test_stemming_finds_other_forms_of_a_word_and_nothing_else(
    browser: Any, base_url: str, item_records: list[SearchRecord], search_records: SearchRecords
) -> None:
    singular = [r for r in item_records if _has_word(_shown(r), "victim") and not _has_word(_shown(r), "victims")]
    plural = [r for r in item_records if _has_word(_shown(r), "victims")]
    assert singular and plural, "the records no longer have both 'victim' and 'victims' to test stemming with"
    with session(browser) as opened:
        found = set(_search(opened, base_url, "victims"))
        missing = {_href(r) for r in singular + plural} - found
        assert missing == set(), f"'victims' does not find the items that say 'victim(s)': {sorted(missing)}"
        by_href = {_href(r): r for r in item_records}
        # Its text, a theme ("Victim identification") or a Glossary spelling ("VoTs") says it.
        says = re.compile(r"\bvictim", re.IGNORECASE)
        unrelated = [href for href in found if not says.search(_found_by(by_href[href], search_records.words))]
        assert unrelated == [], f"'victims' finds items that do not say it in any form: {unrelated}"
        opened.assert_clean()


def _unwritten_form(records: list[SearchRecord]) -> tuple[str, str]:
    """(a form of a word that no item writes, the stem it shares with forms items do write)."""
    written = {word for record in records for word in searchterms.words(record.content)}
    for word in sorted(written):
        for ending in ("ed", "s", "ing"):
            form = word + ending
            if len(word) >= 5 and form not in written and searchterms.stem(form) == searchterms.stem(word):
                return form, searchterms.stem(word)
    raise AssertionError("every form of every word is written somewhere")


def test_a_form_no_item_writes_finds_the_forms_items_do_write(
    browser: Any, base_url: str, item_records: list[SearchRecord]
) -> None:
    form, stem = _unwritten_form(item_records)
    wanted = {_href(r) for r in item_records
              if stem in {searchterms.stem(word) for word in searchterms.words(r.content)}}
    with session(browser) as opened:
        assert set(_search(opened, base_url, form)) == wanted, f"{form!r} does not find the items writing {stem}-"
        opened.assert_clean()


def test_a_word_no_record_has_finds_nothing(
    browser: Any, base_url: str, search_records: SearchRecords
) -> None:
    indexed = " ".join(fold(" ".join([r.content, *r.meta.values()])).lower() for r in search_records)
    word = next(w for w in ("zqxwv", "qjxzkv", "xqzjvk") if w not in indexed)
    with session(browser) as opened:
        assert _search(opened, base_url, word) == []
        assert status_count(opened.page) == 0
        assert opened.page.locator("#tip-pages a").count() == 0
        opened.assert_clean()


def _typo(records: list[SearchRecord]) -> tuple[str, str]:
    """(a misspelling no item writes, the one written word within two edits of it)."""
    written = {word for record in records for word in searchterms.words(record.content)
               if word not in searchterms.STOP_WORDS and len(word) >= 3 and not word.isdigit()}
    stems = {searchterms.stem(w) for w in written}
    for word in sorted(written, key=lambda w: (-len(w), w)):
        typo = word[:4] + word[5:]
        # A word ending like an inflection is also tried without it (search-index.js): not a typo then.
        if typo in written or searchterms.stem(typo) in stems or typo.endswith(("s", "ed", "ing", "ly", "ment")):
            continue
        close = [other for other in written if abs(len(other) - len(typo)) <= 2 and edit_distance(typo, other) <= 2]
        if close == [word]:
            return typo, word
    raise AssertionError("no written word gives a misspelling with one close word")


@pytest.fixture(scope="module")
def held(site: Site) -> Held:
    index = read_index(site.folder / FOLDER, "items")
    return Held({term: {"/" + index.rows[i][0] for i in entry.members} for term, entry in index.terms.items()
                 if " " not in term}, index.stems)


@dataclass
class Held:
    """What the built index lists under each word (its own words, names and glossary spellings):
    what the page's counts are made of."""

    items: dict[str, set[str]]  # stem -> item hrefs
    stems: dict[str, str]  # written word -> stem, where they differ

    def holding(self, word: str) -> set[str]:
        return self.items.get(self.stems.get(word, word), set())


def _help(page: Any) -> str:
    return collapse(page.locator("#tip-help").inner_text())


def test_a_typo_with_one_close_word_offers_to_search_for_it_instead(
    browser: Any, base_url: str, archive: Archive, item_records: list[SearchRecord], held: Held
) -> None:
    typo, word = _typo(item_records)
    with session(browser) as opened:
        page = opened.page
        assert _search(opened, base_url, typo.upper()) == []
        wanted = held.holding(word)
        instead = page.locator("#tip-help a", has_text=re.compile(rf"^{word}$"))
        assert f"Search instead for {word} ({len(wanted):,} item" in _help(page), _help(page)
        meetings = len(archive.meetings)
        covered = f"{meetings:,} meeting{'s' if meetings != 1 else ''}"
        assert covered in _help(page), "the help does not say what the archive holds"
        instead.first.click()
        page.wait_for_function(f"new URLSearchParams(location.search).get('q') === {json.dumps(word)}")
        settled(page)
        assert set(show_all(page)) == wanted
        assert page.locator("#tip-help").is_hidden(), "the help stays when the search finds items"
        page.go_back()
        page.wait_for_function(f"new URLSearchParams(location.search).get('q') === {json.dumps(typo.upper())}")
        settled(page)
        assert status_count(page) == 0
        opened.assert_clean()


def _apart(records: list[SearchRecord], held: Held) -> tuple[str, str]:
    """Two written words that no item holds together."""
    holders: dict[str, set[str]] = {}
    written: dict[str, str] = {}  # stem -> a long written form of it, to type
    for record in records:
        for word in searchterms.words(record.content):
            if word not in searchterms.STOP_WORDS:
                stem = held.stems.get(word, word)
                holders[stem] = held.holding(word)
                if word.isalpha() and len(word) >= 6:
                    written.setdefault(stem, word)
    common = sorted(written, key=lambda stem: (-len(holders[stem]), stem))[:40]
    for one, two in itertools.combinations(common, 2):
        if not holders[one] & holders[two]:
            return written[one], written[two]
    raise AssertionError("every two common words share an item")


def test_words_no_item_holds_together_are_offered_one_at_a_time_with_matching_themes(
    browser: Any, base_url: str, archive: Archive, item_records: list[SearchRecord], held: Held
) -> None:
    one, two = _apart(item_records, held)
    theme = next(t for t in archive.vocabularies.themes.values()
                 if any(t.id in r.filters["theme"] for r in item_records))
    named = max(searchterms.words(theme.label), key=len)
    with session(browser) as opened:
        page = opened.page
        assert _search(opened, base_url, f"{one} {two}") == []
        text = _help(page)
        assert "No item has all of these words together" in text, text
        for word in (one, two):
            count = len(held.holding(word))
            assert f"{word} ({count:,} item" in text, f"{word}: {text}"
        _search(opened, base_url, f"{named} zqxjvk")
        text = _help(page)
        assert "No item holds the word “zqxjvk”" in text, text
        holding = held.holding(named)
        if holding:  # the words the archive holds, searched without the one it does not
            assert f"Without the words no item holds: {named} ({len(holding):,} item" in text, text
        items = sum(1 for r in item_records if theme.id in r.filters["theme"])
        assert f"{theme.label} ({items:,} item" in text, f"the theme {theme.label!r} is not offered: {text}"
        page.locator("#tip-help a", has_text=theme.label).first.click()
        page.wait_for_function(f"new URLSearchParams(location.search).get('theme') === {json.dumps(theme.id)}")
        settled(page)
        assert status_count(page) == items
        opened.assert_clean()


def _download(page: Any, name: str) -> str:
    """Presses a download button of the search and returns the file it gives."""
    details = page.locator("#tip-export")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    with page.expect_download() as waiting:
        page.locator(f'#tip-export button[data-format="{name}"]').click()
    path = waiting.value.path()
    return Path(path).read_bytes().decode("utf-8")  # as written: RIS lines end in CRLF


def _bibtex_balanced(text: str) -> bool:
    depth = 0
    for char in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_every_result_downloads_in_four_formats_with_the_search_in_a_header_and_a_citation(
    browser: Any, base_url: str, archive: Archive, item_records: list[SearchRecord]
) -> None:
    """All the matches, not one page of them: the search chosen finds more than a page."""
    theme = Counter(v for r in item_records for v in r.filters["theme"]).most_common(1)[0][0]
    state = State(facets={"theme": (theme,)})
    wanted = [r for r in item_records if state.admits(r)]
    assert len(wanted) > PAGE_SIZE, "no theme has more items than one page shows"
    label = archive.vocabularies.themes[theme].label
    with session(browser) as opened:
        page = opened.page
        open_search(opened, base_url, state.query(_years(item_records)))
        hrefs = {urlsplit(h).path + "#" + urlsplit(h).fragment for h in show_all(page)}
        assert len(hrefs) == len(wanted)
        rows = list(csv.reader(io.StringIO(_download(page, "csv"))))
        header = rows[0][0]
        assert header.startswith("# ") and f"Theme: {label}" in header and f"{len(wanted):,} items" in header
        url = rows[1].index("url")
        assert {urlsplit(row[url]).path + "#" + urlsplit(row[url]).fragment for row in rows[2:]} == hrefs
        data = json.loads(_download(page, "json"))
        assert data["search"]["count"] == len(wanted) == len(data["items"])
        assert data["search"]["filters"] == [{"title": "Theme", "values": [label]}]
        assert [item["text"] for item in data["items"]] == [row[rows[1].index("text")].removeprefix("'")
                                                            for row in rows[2:]]
        bib = _download(page, "bibtex")
        assert bib.startswith("% ") and bib.count("\n@misc{") == len(wanted) and _bibtex_balanced(bib)
        ris = _download(page, "ris")
        assert ris.count("\r\nTY  - GEN\r\n") == len(wanted) and ris.count("ER  - ") == len(wanted)
        citation = page.locator("#tip-cite-search").inner_text()
        assert f"({len(wanted):,} items)" in citation and f"Theme: {label}" in citation
        assert "/search/?theme=" in citation and "accessed " in citation
        opened.assert_clean()


def test_hostile_text_stays_data_in_every_download(browser: Any, hostile: Hostile, hostile_url: str) -> None:
    with session(browser) as opened:
        page = opened.page
        open_search(opened, hostile_url, "q=passwd")
        assert status_count(page) >= 1
        data = json.loads(_download(page, "json"))
        texts = [item["text"] for item in data["items"]]
        assert f"Item {HOSTILE_TEXT}" in texts
        rows = list(csv.reader(io.StringIO(_download(page, "csv"))))
        assert f"Item {HOSTILE_TEXT}" in [row[rows[1].index("text")] for row in rows[2:]]
        assert _bibtex_balanced(_download(page, "bibtex"))
        ris = _download(page, "ris").split("\r\n")
        assert all(re.match(r"^([A-Z][A-Z0-9]  - .*|Search: .*|)$", line) for line in ris), ris
        opened.assert_clean()


def _facet_files(opened: Any) -> list[str]:
    return sorted(urlsplit(u).path.rpartition("/")[2].removesuffix(".js") for u in opened.requests
                  if urlsplit(u).path.startswith(f"/{FOLDER}/{ITEMS}/facet/"))


def test_a_facet_column_is_fetched_only_when_its_box_is_opened_or_it_filters(
    browser: Any, base_url: str, item_records: list[SearchRecord]
) -> None:
    with session(browser) as opened:
        page = opened.page
        open_search(opened, base_url, "q=victims")
        assert _facet_files(opened) == ["year"], "a first search fetched the columns of closed facets"
        page.locator('details[data-facet="theme"] > summary').click()
        page.wait_for_function("document.querySelector('details[data-facet=\"theme\"]').dataset.counted === 'true'")
        assert _facet_files(opened) == ["theme", "year"]
        kind = item_records[0].filters["kind"][0]
        open_search(opened, base_url, urlencode({"q": "victims", "kind": kind}))
        assert page.locator('details[data-facet="kind"]').get_attribute("open") is not None, \
            "a facet chosen in the address is not shown open"
        opened.assert_clean()


@pytest.mark.parametrize(("width", "height"), [(360, 740), (390, 844)])
def test_on_a_phone_the_results_come_first_and_the_filters_wait_behind_a_button(
    browser: Any, base_url: str, item_records: list[SearchRecord], width: int, height: int
) -> None:
    theme = item_records[0].filters["theme"][0]
    with session(browser, width=width) as opened:
        page = opened.page
        page.set_viewport_size({"width": width, "height": height})
        open_search(opened, base_url, urlencode({"q": "victims"}))
        first = page.locator("#tip-results > li").first.bounding_box()
        assert first is not None and first["y"] + 40 < height, f"the first result is at {first} on a {height} px screen"
        toggle = page.locator("#tip-filters-toggle")
        assert toggle.is_visible() and toggle.inner_text() == "Filters (0)"
        assert not page.locator("#tip-filters").is_visible()
        toggle.click()
        assert page.locator("#tip-filters").is_visible() and toggle.get_attribute("aria-expanded") == "true"
        for target in [toggle, *page.locator("details.tip-facet > summary").all()]:
            box = target.bounding_box()
            assert box is not None and box["height"] >= 24, f"a touch target {box} under 24 px"
        open_search(opened, base_url, urlencode({"q": "victims", "theme": theme}))
        assert page.locator("#tip-filters-toggle").inner_text() == "Filters (1)"
        opened.assert_clean()


def _accented(records: list[SearchRecord]) -> tuple[str, str]:
    """A word with accents that some item writes: (as written, folded)."""
    for record in records:
        for word in re.findall(r"\w+", record.meta["text"]):
            if fold(word) != word and fold(word).isascii():
                return word, fold(word)
    raise AssertionError("no item writes a word with accents")


def test_a_word_without_its_accents_finds_the_items_that_write_it_with_them(
    browser: Any, base_url: str, item_records: list[SearchRecord]
) -> None:
    written, folded = _accented(item_records)
    wanted = {_href(r) for r in item_records if _has_word(fold(_shown(r)), folded)}
    with session(browser) as opened:
        for query in (folded, written):
            assert set(_search(opened, base_url, query)) == wanted, f"{query!r}"
        marks = opened.page.locator("#tip-results mark").all_inner_texts()
        assert any(fold(mark).lower().startswith(folded.lower()) for mark in marks), \
            f"{written!r} is not highlighted in the results: {marks}"
        opened.assert_clean()


def test_a_country_name_without_accents_finds_its_page(browser: Any, base_url: str, archive: Archive) -> None:
    country = next((c for c in archive.countries.values() if fold(c.name) != c.name), None)
    assert country is not None, "no country in the archive has a name with accents"
    with session(browser) as opened:
        _search(opened, base_url, fold(country.name))
        links = opened.page.locator("#tip-pages a")
        pages = {urlsplit(a.get_attribute("href") or "").path: collapse(a.inner_text()) for a in links.all()}
        assert pages.get(md_url(urls.country(country))) == country.name, pages
        opened.assert_clean()


def _found_by(record: SearchRecord, words: Words) -> str:
    """Every text a record is found by, one per line: its own, the names it writes, its themes, the
    names of its meeting, and the Glossary's other spellings of any term in them."""
    lines = [record.content, *(line for line, _ in record.context)]
    if record.shared is not None:
        lines += [*record.shared.words, *record.shared.pairs]
    lines += [also for line in list(lines) for also in words.also(words.stems(searchterms.words(line)))]
    return "\n".join(fold(line) for line in lines)


def _phrase_items(records: list[SearchRecord], phrase: str, words: Words) -> set[str]:
    return {_href(r) for r in records if any(_has_word(line, phrase) for line in _found_by(r, words).split("\n"))}


def test_a_quoted_phrase_finds_exactly_the_items_that_say_it(
    browser: Any, base_url: str, item_records: list[SearchRecord], search_records: SearchRecords
) -> None:
    phrase = PHRASE
    wanted = _phrase_items(item_records, phrase, search_records.words)
    assert wanted, f"no item says {phrase!r} any more"
    reverse = " ".join(reversed(phrase.split()))
    assert _phrase_items(item_records, reverse, search_records.words) == set()
    with session(browser) as opened:
        assert set(_search(opened, base_url, f'"{phrase}"')) == wanted
        assert _search(opened, base_url, f'"{reverse}"') == [], "a phrase matched its words in another order"
        loose = set(_search(opened, base_url, reverse))
        assert wanted <= loose, "without quotes, the words in any order must still find the phrase"
        opened.assert_clean()


def _spellings(org: Organisation) -> list[str]:
    return [s for s in dict.fromkeys((org.name, *org.variants)) if s.casefold() != org.acronym.casefold()]


def _writes(text: str, spellings: Iterable[str]) -> bool:
    return any(_has_word(text, s) for s in spellings)


def _acronym_cases(archive: Archive) -> tuple[list[tuple[Organisation, str]], list[tuple[Organisation, str]]]:
    """(organisation, item href) where the item writes only the full name, and where it writes only the
    acronym; IOM first when the records have it."""
    full_only: list[tuple[Organisation, str]] = []
    acronym_only: list[tuple[Organisation, str]] = []
    for mention in archive.items:
        text, href = mention.item.text, "/" + urls.at(urls.meeting(mention.meeting), mention.item.id)
        for org in archive.organisations.values():
            if len(org.acronym) < 3 or not org.acronym.isalpha():
                continue
            names, acronym = _writes(text, _spellings(org)), _has_word(text, org.acronym)
            if names and not acronym:
                full_only.append((org, href))
            elif acronym and not names:
                acronym_only.append((org, href))
    return (sorted(full_only, key=lambda case: case[0].id != "iom"),
            sorted(acronym_only, key=lambda case: case[0].id != "iom"))


def test_an_acronym_finds_the_full_name_and_the_full_name_the_acronym(
    browser: Any, base_url: str, archive: Archive, item_records: list[SearchRecord], search_records: SearchRecords
) -> None:
    full_only, acronym_only = _acronym_cases(archive)
    assert full_only or acronym_only, "no item writes an organisation by only one of its names"
    by_href = {_href(r): r for r in item_records}
    with session(browser) as opened:
        if full_only:
            org, href = full_only[0]
            found = _search(opened, base_url, org.acronym)
            assert href in found, f"{org.acronym!r} does not find {href}, which writes {org.name!r}"
            named = [m for m in archive.items if org in (o.organisation for o in m.item.organisations)]
            named_hrefs = {"/" + urls.at(urls.meeting(m.meeting), m.item.id) for m in named}
            stray = [h for h in found if h not in named_hrefs
                     and not _writes(_found_by(by_href[h], search_records.words), [org.acronym, *_spellings(org)])]
            assert stray == [], f"{org.acronym!r} finds items that do not name {org.name}: {stray}"
        if acronym_only:
            org, href = acronym_only[0]
            assert href in _search(opened, base_url, f'"{org.name}"'), \
                f"{org.name!r} does not find {href}, which writes only {org.acronym!r}"
        opened.assert_clean()


def test_highlights_are_forms_of_the_searched_word(
    browser: Any, base_url: str, item_records: list[SearchRecord]
) -> None:
    with session(browser) as opened:
        _search(opened, base_url, "victims")
        results = opened.page.evaluate("""() => [...document.querySelectorAll('#tip-results > li')].map((li) => ({
            text: li.querySelector('.tip-result__text').textContent,
            marks: [...li.querySelectorAll('mark')].map((m) => m.textContent)}))""")
        by_text = {r.meta["text"]: r for r in item_records}
        marks = [mark for result in results for mark in result["marks"]]
        assert marks, "nothing is highlighted"
        wrong = [m for m in marks if not fold(m).lower().strip("‘’“”\"'(").startswith("victim")]
        assert wrong == [], f"highlighted words that are not forms of 'victim': {wrong}"
        for result in results:
            assert collapse(result["text"]) in {collapse(t) for t in by_text}, "a result does not show its item's text"
            says = re.search(r"\bvictim", result["text"], re.IGNORECASE) is not None
            assert says == bool(result["marks"]), f"highlighting does not follow the text: {result['text'][:80]}"
        opened.assert_clean()


def test_the_status_reads_as_a_sentence(browser: Any, base_url: str, item_records: list[SearchRecord]) -> None:
    _, folded = _accented(item_records)
    with session(browser) as opened:
        found = _search(opened, base_url, folded)
        verb = "matches" if len(found) == 1 else "match"
        noun = "item" if len(found) == 1 else "items"
        assert opened.page.locator("#tip-status").inner_text() == f"{len(found):,} {noun} {verb} “{folded}”."
        opened.assert_clean()


# -- the address keeps the search --------------------------------------------------------------


def _first_visible(page: Any, facet: str) -> Any:
    box = page.locator(f'details[data-facet="{facet}"]')
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    # Until its counts are in, an opened box lists every value; then those with none are hidden.
    page.wait_for_function(f"document.querySelector('details[data-facet=\"{facet}\"]').dataset.counted === 'true'")
    return page.locator(f'#tip-search input[name="{facet}"]:visible').first


def test_a_shared_address_restores_the_same_search_and_back_and_forward_work(
    browser: Any, base_url: str, item_records: list[SearchRecord]
) -> None:
    years = _years(item_records)
    with session(browser) as opened:
        page = opened.page
        open_search(opened, base_url)
        page.locator("#tip-q").fill("victims")
        page.locator("#tip-q").press("Enter")
        settled(page)
        steps = [snapshot(page)]
        changes = [lambda: _first_visible(page, "theme").check(), lambda: _first_visible(page, "kind").check(),
                   lambda: page.locator("#tip-sort").select_option("old")]
        if len(years) > 1:
            changes.append(lambda: page.locator("#tip-from").select_option(years[1]))
        for change in changes:
            change()
            settled(page)
            steps.append(snapshot(page))
        final = steps[-1]
        assert "q=victims" in final["search"] and "sort=old" in final["search"]
        assert final["checked"] and final["hrefs"], "the interactive search found nothing to compare"
        assert len({step["search"] for step in steps}) == len(steps), "a change did not reach the address"

        with session(browser) as shared:
            open_search(shared, base_url, final["search"].lstrip("?"))
            assert snapshot(shared.page) == final, "the shared address does not restore the same search"
            everything = show_all(shared.page)
            shared.assert_clean()

        for back in reversed(steps[:-1]):
            page.go_back()
            page.wait_for_function("search => location.search === search", arg=back["search"])
            settled(page)
            assert snapshot(page) == back, "back does not restore the search before"
        for forward in steps[1:]:
            page.go_forward()
            page.wait_for_function("search => location.search === search", arg=forward["search"])
            settled(page)
            assert snapshot(page) == forward, "forward does not restore the search after"
        assert show_all(page) == everything, "the shared address does not list the same results in order"
        opened.assert_clean()


# -- keyboard only -----------------------------------------------------------------------------


_FOCUS = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  const box = e.tagName === 'SUMMARY' ? e.parentElement : null;
  return {id: e.id, name: e.getAttribute('name'), value: e.value, outline: s.outlineStyle,
          width: s.outlineWidth, shadow: s.boxShadow, facet: box ? box.dataset.facet : null,
          open: box ? box.open : null}; }"""


def test_the_search_works_from_the_keyboard_alone(
    browser: Any, base_url: str, item_records: list[SearchRecord]
) -> None:
    with session(browser) as opened:
        page = opened.page
        open_search(opened, base_url)
        page.locator("#tip-q").focus()
        path = []
        for _ in range(10):
            page.keyboard.press("Tab")
            focus = page.evaluate(_FOCUS)
            path.append(focus["id"] or focus["name"] or focus["facet"])
            if focus["facet"] == "theme" and not focus["open"]:
                page.keyboard.press("Enter")  # the facet's box opens from the keyboard
            if focus["name"] in CHECKBOX_FACETS:
                break
        first = page.locator('#tip-search input[type="checkbox"]').first.get_attribute("value")
        assert (focus["name"], focus["value"]) == ("theme", first), \
            f"Tab from the keyword box never reached the first facet: {path}"
        assert (focus["outline"] != "none" and focus["width"] != "0px") or focus["shadow"] != "none", \
            f"the focused checkbox has no visible focus indicator: {focus}"
        value = focus["value"]
        page.keyboard.press("Space")
        settled(page)
        assert page.locator(f'input[name="theme"][value="{value}"]').is_checked()
        state = State(facets={"theme": (value,)})
        assert status_count(page) == sum(1 for r in item_records if state.admits(r))
        assert f"theme={value}" in urlsplit(page.url).query
        for _ in range(8):
            if page.evaluate("document.activeElement.id") == "tip-q":
                break
            page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.id") == "tip-q", "Shift+Tab does not lead back to the box"
        page.keyboard.type("victims")
        page.keyboard.press("Enter")
        settled(page)
        query = urlsplit(page.url).query
        assert "q=victims" in query and f"theme={value}" in query
        assert page.locator("#tip-status").inner_text().endswith("match “victims” with the chosen filters.")
        opened.assert_clean()


# -- listing everything ------------------------------------------------------------------------


def _in_order(archive: Archive, newest_first: bool) -> list[str]:
    """Every item's href, meetings by date, each meeting's items in report order."""
    meetings = sorted(archive.meetings, key=lambda m: (m.start, m.id), reverse=newest_first)
    return ["/" + urls.at(urls.meeting(m), item.id) for m in meetings for item in m.items]


def test_with_no_keyword_and_no_filter_the_page_counts_every_item(
    browser: Any, base_url: str, item_records: list[SearchRecord]
) -> None:
    with session(browser) as opened:
        open_search(opened, base_url)
        assert opened.page.locator("#tip-status").inner_text().startswith(f"{len(item_records):,} items in the archive")
        _assert_counts(opened.page, item_records, State())
        assert result_hrefs(opened.page) == []
        assert not opened.page.locator("#tip-more").is_visible()
        opened.assert_clean()


def _broad(records: list[SearchRecord]) -> State:
    """The most common country: a filter that lists more than two pages of items."""
    country = Counter(c for r in records for c in r.filters["country"]).most_common(1)[0][0]
    state = State(facets={"country": (country,)})
    assert sum(1 for r in records if state.admits(r)) > 2 * PAGE_SIZE, "no filter lists three pages of items"
    return state


def test_show_more_appends_the_next_page_until_every_item_is_listed(
    browser: Any, base_url: str, item_records: list[SearchRecord]
) -> None:
    state = _broad(item_records)
    wanted = {_href(r) for r in item_records if state.admits(r)}
    with session(browser) as opened:
        page = opened.page
        open_search(opened, base_url, state.query(_years(item_records)))
        assert status_count(page) == len(wanted)
        shown = result_hrefs(page)
        assert len(shown) == PAGE_SIZE
        more = page.locator("#tip-more")
        while len(shown) < len(wanted):
            assert more.is_visible() and more.inner_text() == f"Show {min(PAGE_SIZE, len(wanted) - len(shown))} more"
            more.click()
            page.wait_for_function(f"document.querySelectorAll('#tip-results > li').length > {len(shown)}")
            now = result_hrefs(page)
            assert now[:len(shown)] == shown, "Show more changed the results already shown"
            assert len(now) == min(len(shown) + PAGE_SIZE, len(wanted))
            shown = now
        assert len(set(shown)) == len(shown) and set(shown) == wanted
        assert not more.is_visible(), "'Show more' is still offered with every item listed"
        opened.assert_clean()


@pytest.mark.parametrize("sort", ["", "new", "old"])
def test_with_no_keyword_items_are_listed_by_date_in_report_order(
    browser: Any, base_url: str, archive: Archive, item_records: list[SearchRecord], sort: str
) -> None:
    """Every kind chosen: a filter that lets every item through, so the whole archive is in order."""
    every_kind = tuple(sorted({r.filters["kind"][0] for r in item_records}))
    state = State(facets={"kind": every_kind}, sort=sort)
    wanted = _in_order(archive, newest_first=sort != "old")
    with session(browser) as opened:
        open_search(opened, base_url, state.query(_years(item_records)))
        assert status_count(opened.page) == len(wanted)
        assert show_all(opened.page) == wanted
        opened.assert_clean()


# -- what the page loads -----------------------------------------------------------------------


def _manifest(site: Site, index: str) -> dict[str, Any]:
    script = (site.folder / FOLDER / index / "manifest.js").read_text(encoding="utf-8")
    return dict(json.loads(script[script.index(",") + 1:script.rindex(")")]))


def test_a_search_fetches_only_the_files_of_its_words_and_results(
    browser: Any, base_url: str, site: Site, item_records: list[SearchRecord]
) -> None:
    """The files a query needs are worked out here with searchterms' own hash: one disagreement
    between it and the browser's, and the search would fetch the wrong bucket and find nothing."""
    years = _years(item_records)
    record = next(r for r in item_records if _has_word(r.meta["text"], PHRASE))
    longest = max(re.findall(r"\w+", record.meta["text"]), key=len)  # a loose word beside the phrase
    query = f'{longest} "{PHRASE}"'
    state = State(q=query, facets={"theme": (record.filters["theme"][0],)}, years=(years[0], years[-1]))
    words = searchterms.words(query)
    stems = [searchterms.stem(word) for word in words]
    with session(browser) as opened:
        open_search(opened, base_url, state.query(years))
        fetched = [urlsplit(u).path for u in opened.requests if urlsplit(u).path.startswith(f"/{FOLDER}/")]
        assert len(fetched) == len(set(fetched)), "an index file was fetched twice"
        for index in (ITEMS, PAGES):
            buckets = _manifest(site, index)["buckets"]
            wanted = {searchterms.bucket(term, buckets) for term in [*words, *stems, "reflect period"]}
            got = {int(p.rpartition("/")[2].removesuffix(".js")) for p in fetched
                   if p.startswith(f"/{FOLDER}/{index}/t/")}
            assert got <= wanted and got, f"{index}: fetched buckets {sorted(got)}, the query's words are in {wanted}"
        blocks = [p for p in fetched if p.startswith(f"/{FOLDER}/{ITEMS}/s/")]
        assert 0 < len(blocks) <= PAGE_SIZE, f"{len(blocks)} result files fetched for one page of results"
        assert len([p for p in fetched if p.startswith(f"/{FOLDER}/{PAGES}/s/")]) <= PAGE_LINKS
        big = [p for p in fetched if "/b/" in p]
        assert len(big) <= len(set(stems)) + 1, f"files of common words the query does not have: {big}"
        others = [u for u in opened.requests if u.startswith(base_url) and not urlsplit(u).path.startswith(
            (f"/{FOLDER}/", "/assets/", "/search/", "/favicon"))]
        assert others == [], f"the search page fetched more than the search needs: {others}"
        opened.assert_clean()


def test_without_javascript_the_page_leads_to_the_listings(browser: Any, base_url: str) -> None:
    with session(browser, javascript=False) as opened:
        opened.goto(f"{base_url}{md_url(urls.SEARCH)}?q=victims")
        fallback = opened.page.locator("#tip-search-fallback")
        assert fallback.is_visible()
        targets = {urlsplit(a.get_attribute("href") or "").path.rstrip("/").rpartition("/")[2]
                   for a in fallback.locator("a").all()}
        assert {"themes", "countries", "meetings", "processes"} <= targets, targets
        assert opened.page.locator("#tip-results > li").count() == 0
        opened.assert_clean()
    with session(browser) as opened:
        open_search(opened, base_url)
        assert not opened.page.locator("#tip-search-fallback").is_visible()
        opened.assert_clean()



# -- the browser and the index agree -----------------------------------------------------------

AWKWARD = ["Türkiye", "Portorož", "ﬁnancial", "Côte d’Ivoire", "victim's", "co-operation", "snake_case", "Łódź",
           "Straße", "Ελλάδα", "Україна", "中华人民共和国", "Việt Nam", "2004–2005", "İstanbul", "ÅLAND", "naïve"]


def test_the_browser_folds_splits_and_hashes_words_as_the_index_does(browser: Any, base_url: str) -> None:
    """search-index.js repeats searchterms' folding, splitting and bucket hash; any drift would send a
    query to a bucket that does not hold its word."""
    with session(browser) as opened:
        open_search(opened, base_url)
        found = opened.page.evaluate("""(texts) => texts.map((text) => [TipSearch.words(text),
            TipSearch.words(text).map((word) => TipSearch.bucket(word, 997))])""", AWKWARD)
        wanted = [[searchterms.words(text), [searchterms.bucket(w, 997) for w in searchterms.words(text)]]
                  for text in AWKWARD]
        assert found == wanted
        opened.assert_clean()


def test_the_search_works_from_a_copy_opened_from_the_disk(browser: Any, base_url: str, site: Site) -> None:
    """No server: the index is read by script elements, which a file:// page may load, and the result
    links name index.html, which no server is there to add."""
    with session(browser) as opened:
        open_search(opened, base_url, "q=victims")
        served = snapshot(opened.page)
        opened.assert_clean()
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((site.folder / "search" / "index.html").as_uri() + "?q=victims")
        page.wait_for_selector(SEARCH_READY, state="attached")  # set once the first search has finished
        copy = snapshot(page)
        assert copy["status"] == served["status"]
        folder = (site.folder / "index.html").as_uri().removeprefix("file://").removesuffix("index.html")
        assert [h.removeprefix(folder).replace("/index.html#", "/#") for h in copy["hrefs"]] == \
            [h.removeprefix("/") for h in served["hrefs"]]
        assert all(h.startswith(folder) and "/index.html#" in h for h in copy["hrefs"])
        assert errors == [] and [r for r in requests if not r.startswith("file://")] == []
    finally:
        context.close()
