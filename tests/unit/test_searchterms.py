"""searchterms: folding, splitting, stemming, pair terms and the bucket hash search.js repeats."""

from __future__ import annotations

import pytest

from tiparchive.search.terms import STOP_WORDS, bucket, fold, pair, stem, terms, words


@pytest.mark.parametrize(("text", "found"), [
    ("Türkiye and Portorož", ["turkiye", "and", "portoroz"]),
    ("victim's rights", ["victim", "s", "rights"]),
    ("co-operation, 2004–2005", ["co", "operation", "2004", "2005"]),
    ("ﬁnancial ÉCOLE", ["financial", "ecole"]),
    ("snake_case", ["snake", "case"]),  # an underscore splits, as \p{L}\p{N} does in the browser
    ("Łódź Straße", ["łodz", "straße"]),  # letters without a decomposition stay as they are
    ("", []),
    ("  ...  ", []),
])
def test_words_are_folded_lower_case_runs_of_letters_and_digits(text: str, found: list[str]) -> None:
    assert words(text) == found


@pytest.mark.parametrize(("word", "stemmed"), [
    ("victims", "victim"), ("victim", "victim"), ("trafficking", "traffick"), ("trafficked", "traffick"),
    ("identification", "identif"), ("countries", "countri"), ("country", "countri"),
])
def test_stems_join_the_forms_of_a_word(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_terms_are_stems_without_stop_words_and_every_neighbouring_pair() -> None:
    assert list(terms("Victims of trafficking")) == ["victim", pair("victim", "of"), "traffick",
                                                     pair("of", "traffick")]
    assert list(terms("the")) == []
    assert "of" in STOP_WORDS and "victim" not in STOP_WORDS


# FNV-1a 32-bit reference values (http://www.isthe.com/chongo/tech/comp/fnv/), taken modulo 2**32.
@pytest.mark.parametrize(("term", "value"), [("", 0x811C9DC5), ("a", 0xE40C292C), ("foobar", 0xBF9CF968)])
def test_bucket_is_fnv_1a_of_the_utf8_bytes(term: str, value: int) -> None:
    assert bucket(term, 2**32) == value
    assert bucket(term, 7) == value % 7


def test_fold_is_the_same_as_before_for_searchrecords() -> None:
    assert fold("Côte d’Ivoire") == "Cote d’Ivoire"
