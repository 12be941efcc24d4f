"""How text becomes search terms: the rules the index writer and search-index.js (beside it) share.

The browser never stems: the index maps every word it holds to its stem, so the two sides
only have to agree on folding, splitting and hashing, which are a few lines each and are
tested against each other under Node (tests/unit/test_search_js.py) and in a real browser
(tests/site/test_search.py).

- fold: accents off, lower case ("Türkiye" -> "turkiye");
- split: runs of letters and digits ("victim's" -> "victim", "s");
- stem: English Snowball, so "victims" and "victim" are one term;
- phrases: neighbouring stems make a pair term ("reflect period"), so a quoted phrase is found
  by its pairs without word positions in the index;
- stop words get no single-word term (they would list nearly every item) but stay in pairs,
  so "victims of trafficking" as a phrase still needs its "of".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

import snowballstemmer  # type: ignore[import-untyped]

_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("english")

# Words too common to narrow a search. They are dropped from a query outside quotes, and the
# browser reads this list from the index, so it is written down once.
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have", "in",
    "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "them", "there", "these", "they",
    "this", "to", "was", "were", "which", "will", "with",
})


@cache
def _marks() -> re.Pattern[str]:
    """Every character of Unicode category M (marks), as one class: a regex drops them far faster
    than asking for each character's category. Made on first use (it reads all of Unicode)."""
    ranges: list[list[int]] = []
    for code in range(0x110000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


def fold(text: str) -> str:
    """Accents and other marks off: 'Türkiye' -> 'Turkiye'. JavaScript: NFKD, then drop \\p{M}."""
    if text.isascii():
        return text
    return _marks().sub("", unicodedata.normalize("NFKD", text))


def words(text: str) -> list[str]:
    """The folded, lower-case words of a text, in order."""
    return _WORD.findall(fold(text).lower())


@cache
def stem(word: str) -> str:
    """The English Snowball stem of a folded, lower-case word. Cached: an archive repeats its words."""
    return str(_STEMMER.stemWord(word))


def pair(first: str, second: str) -> str:
    """The term for two neighbouring stems: what a quoted phrase is matched by."""
    return f"{first} {second}"


def terms(text: str) -> Iterator[str]:
    """Every term one line of text is found by: its stems (stop words aside) and its neighbouring pairs."""
    found = words(text)
    return terms_of(found, [stem(word) for word in found])


def terms_of(found: list[str], stems: list[str]) -> Iterator[str]:
    """`terms` of a line already split into words and stemmed."""
    for index, current in enumerate(stems):
        if found[index] not in STOP_WORDS:
            yield current
        if index:
            yield f"{stems[index - 1]} {current}"


def bucket(term: str, buckets: int) -> int:
    """Which of `buckets` files holds a term: FNV-1a over its UTF-8 bytes, as search.js computes it."""
    value = 0x811C9DC5
    for byte in term.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % buckets
