"""search.words: the glossary's spellings, forms and terms, as the index applies them.

Every expectation is read from the fixture archive's glossary, so the tests hold for whatever it lists.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from index_reader import ReadIndex, read_files, read_index
from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Glossary, GlossaryTerm
from tiparchive.records.vocabularies import Vocabularies
from tiparchive.search import terms as searchterms
from tiparchive.search.index import FOLDER, write_index
from tiparchive.search.records import ITEM, SearchRecord, SearchRecords
from tiparchive.search.words import Words


@pytest.fixture(scope="module")
def glossary(vocabularies: Vocabularies) -> Glossary:
    return vocabularies.glossary


def _stems(words: Words, text: str) -> list[str]:
    return words.stems(searchterms.words(text))


def test_each_spelling_pair_is_one_stem(glossary: Glossary) -> None:
    words = Words(glossary)
    pairs = [(b, a) for b, a in glossary.spellings if "-" not in b + a]
    assert pairs, "the glossary lists no one-word spelling pairs to test"
    for british, american in pairs:
        assert words.stem(british) == words.stem(american), (british, american)
        assert words.stem(f"{british}s") == words.stem(f"{american}s"), (british, american)


def test_each_group_of_forms_is_one_stem(glossary: Glossary) -> None:
    words = Words(glossary)
    assert glossary.forms
    for group in glossary.forms:
        assert len({words.stem(word) for word in group}) == 1, group


@pytest.mark.parametrize(("british", "american"), [("criminalisation", "criminalization"),
                                                   ("organised", "organized"), ("prioritising", "prioritizing")])
def test_endings_are_spelled_one_way_in_any_word(glossary: Glossary, british: str, american: str) -> None:
    words = Words(glossary)
    assert ("isation", "ization") in glossary.endings
    assert words.stem(british) == words.stem(american)
    assert words.other_spelling(british) == american and words.other_spelling(american) == british


@pytest.mark.parametrize("word", ["size", "prize", "rise", "seize"])
def test_short_words_keep_their_ending(glossary: Glossary, word: str) -> None:
    assert Words(glossary).british(word) == word


def test_without_a_glossary_stems_are_the_stemmers(glossary: Glossary) -> None:
    assert Words().stem("children") == searchterms.stem("children") != Words(glossary).stem("children")


def test_a_text_writing_a_term_is_also_found_by_its_other_spellings(glossary: Glossary) -> None:
    words = Words(glossary)

    def inside(part: list[str], whole: list[str]) -> bool:
        return any(whole[at:at + len(part)] == part for at in range(len(whole)))

    for term in glossary.terms:
        for written in term.spellings:
            also = {tuple(_stems(words, spelling)) for spelling in words.also(_stems(words, f"For {written} here."))}
            for spelling in term.spellings:  # every other spelling, unless the text writes it already
                stems = _stems(words, spelling)
                assert tuple(stems) in also or inside(stems, _stems(words, written)), (written, spelling)


def test_a_term_is_found_by_its_words_not_inside_others() -> None:
    words = Words(Glossary(terms=(GlossaryTerm("joint investigation team", "", "JIT"),)))
    assert list(words.also(_stems(words, "Joint investigation teams work."))) == ["JIT"]
    assert list(words.also(_stems(words, "A joint team investigation."))) == []
    assert list(words.also(_stems(words, "JITs work."))) == ["joint investigation team"]


def test_the_index_maps_every_spelling_a_query_may_use_to_the_written_stem(tmp_path: Path,
                                                                             glossary: Glossary) -> None:
    records = [SearchRecord(f"meetings/m/#i-{n}", text, {"label": "", "text": "", "themes": "",
                                                          "meeting_url": "", "meeting": "", "date": "",
                                                          "place": ""}, {}, ("m", n))
               for n, text in enumerate(["Forced labour and organised crime.", "Children at risk.",
                                         "VoTs were identified."])]
    write_index(records, tmp_path, Words(glossary))
    index = read_index(tmp_path / FOLDER, "items")

    def found(word: str) -> set[int]:
        return index.terms[index.stems.get(word, word)].members

    assert found("labor") == found("labour") == {0}
    assert found("organized") == found("organised") == {0}
    assert found("child") == found("children") == {1}
    assert found("vot") == {2}
    assert index.terms["victim of"].members == {2}, "an acronym's item is found by its phrase"
    offered = read_files(tmp_path / FOLDER)["items/words"]["words"].split()
    assert "labour" in offered and "labor" not in offered, "only written words are offered as corrections"


def test_child_and_children_find_the_same_items_in_the_archive(tmp_path: Path, archive: Archive) -> None:
    records = SearchRecords(archive)
    write_index(records, tmp_path)
    index = read_index(tmp_path / FOLDER, "items")
    words = records.words
    written = [group for group in archive.vocabularies.glossary.forms if words.stem(group[0]) in index.terms]
    assert any("children" in group for group in written)
    for group in written:
        assert {index.stems.get(word, word) for word in group} == {words.stem(group[0])}, group


def _weights(index: ReadIndex, word: str) -> dict[int, int]:
    term = index.terms[index.stems.get(word, word)]
    assert not term.bitmap
    return term.weights


def test_names_find_the_items_of_their_meetings_and_naming_ranks_first(tmp_path: Path, archive: Archive) -> None:
    records = SearchRecords(archive)
    write_index(records, tmp_path)
    index = read_index(tmp_path / FOLDER, "items")
    ident = {row[0]: number for number, row in enumerate(index.rows)}
    items = [record for record in records if record.kind == ITEM]
    countries = archive.vocabularies.countries
    checked = 0
    for meeting in archive.meetings:
        mine = [r for r in items if r.meta["meeting_url"] == urls.at(urls.meeting(meeting))]
        for named in {c.country.code for item in meeting.items for c in item.countries}:
            took_part = named in {c.mention.country.code for c in meeting.countries}
            for name in countries.names(named):
                found = searchterms.words(name)
                if len(found) != 1:
                    continue
                weights = _weights(index, found[0])
                naming = [ident[r.url] for r, item in zip(mine, meeting.items, strict=True)
                          if named in {c.country.code for c in item.countries}]
                assert all(number in weights for number in naming), name
                if took_part:
                    others = [ident[r.url] for r in mine if ident[r.url] not in naming]
                    assert all(number in weights for number in others), f"{name}: not found by its meeting"
                    assert min(weights[n] for n in naming) > max((weights[n] for n in others), default=0), name
                    checked += 1
    assert checked, "no item names a country that took part in its meeting"


def test_a_former_state_is_found_by_its_successors_names(tmp_path: Path, archive: Archive) -> None:
    records = SearchRecords(archive)
    held = [m for m in archive.meetings if m.venue.country.country.successors]
    assert held, "no meeting was held in a former state"
    write_index(records, tmp_path)
    index = read_index(tmp_path / FOLDER, "items")
    countries = archive.vocabularies.countries
    for meeting in held:
        prefix = urls.at(urls.meeting(meeting)) + "#"
        mine = {number for number, row in enumerate(index.rows) if row[0].startswith(prefix)}
        for successor in meeting.venue.country.country.successors:
            word = searchterms.words(countries.by_code(successor).name)[0]
            assert mine <= index.terms[index.stems.get(word, word)].members, word


def test_words_names_share_find_nothing_alone(archive: Archive) -> None:
    """'Process' is in the name of more than one process: a meeting's names never add it alone,
    but they add the words only one name has ('Bali'), and every name whole as a phrase."""
    records = SearchRecords(archive)
    common = records.words.stem("process")
    assert sum(common in {records.words.stem(w) for w in searchterms.words(p.name + " " + p.short_name)}
               for p in archive.vocabularies.processes.values()) > 1
    for meeting in archive.meetings:
        names = records.meeting_names(meeting)
        alone = {records.words.stem(w) for line in names.words for w in searchterms.words(line)}
        assert common not in alone, meeting.id
        for process in meeting.processes:  # by a word or a pair of its short name no other name has
            stems = records.words.stems(searchterms.words(process.short_name))
            held = alone | set(names.pairs)
            assert held & {*stems, *(searchterms.pair(a, b) for a, b in itertools.pairwise(stems))}, meeting.id
