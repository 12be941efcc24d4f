"""search.words: the glossary's spellings, forms and terms, as the index applies them.

Every expectation is read from the fixture archive's glossary, so the tests hold for whatever it lists.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index_reader import read_files, read_index
from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Glossary, GlossaryTerm
from tiparchive.records.vocabularies import Vocabularies
from tiparchive.search import terms as searchterms
from tiparchive.search.index import FOLDER, write_index
from tiparchive.search.records import SearchRecord, SearchRecords
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
