"""Writes the search records into a sharded index inside a built site: the files search.js reads.

The index is made for an archive of 10,000 meetings (about 256,000 items) on a static host:

- a query fetches only the files of its own words: each word's postings sit in one of many
  small bucket files, chosen by a hash of the term (searchterms.bucket);
- a word found in many items is stored as a bitmap (one bit per item) plus its best-scoring
  items, so no single word costs more than about N/8 bytes however common it is;
- what a result shows is fetched per block of consecutive items, which are one meeting's;
- facet values for the counts are stored once per meeting and per item, in one file per facet,
  fetched after the first results when that facet's counts are shown or it filters, and then kept
  for every later count of the visit;
- the words the index holds, with how many documents hold each, in one file fetched only when a
  search finds nothing: the browser offers the nearest of them (a typo's correction) from it.

Every file is a script calling `tipSearch.put(name, data)`, not JSON: a script loads from a
downloaded copy of the site opened from the disk, where the browser refuses fetch().
"""

from __future__ import annotations

import base64
import json
import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tiparchive.folders import publish, staged
from tiparchive.search import terms as searchterms
from tiparchive.search.words import Words

if TYPE_CHECKING:
    from tiparchive.search.records import MeetingNames, SearchRecord

FOLDER = "search-index"
ITEMS, PAGES = "items", "pages"  # the two indexes: items with facets, and pages found by name
FORMAT = 3  # raised whenever search-index.js must change to read the files; it checks this number

BUCKET_BYTES = 8_000  # aim for bucket files of about this size: small enough to fetch per word
SEPARATE_BYTES = 1_500  # a term whose postings exceed this gets a file of its own
TOP = 200  # best-scoring items kept with a bitmap, so a common word still ranks its results
MIN_SUGGESTED = 3  # shorter words are never offered as the correction of a typo
BLOCK = 8  # items per file of what the results show: 20 scattered results fetch about 40 KB
# BM25: how quickly repeating a word stops adding to the score, and how much length dilutes it.
K1, B = 1.2, 0.75
# How much one occurrence of a word counts, by where it comes from: the document's own words; another
# spelling of a term it writes (glossary.yml); a name it writes (a country, an organisation); words of
# its context (the meeting's participants, its themes). Counts are kept in these units.
TEXT, SAME, NAMED, CONTEXT = 4, 3, 2, 1
ALSO_SHARE = 0.5  # the most that words a document is only also found by add to a term's weight, of 1
# The digits of facet codes; written into the facet file, so the browser reads them from there.
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _varints(numbers: Iterable[int]) -> bytearray:
    out = bytearray()
    for number in numbers:
        while number >= 0x80:
            out.append((number & 0x7F) | 0x80)
            number >>= 7
        out.append(number)
    return out


def _postings(ids: Iterable[int], weights: bytes) -> str:
    """Ascending ids as varint gaps, then one weight byte per id; base64."""
    previous = 0
    gaps = []
    for ident in ids:
        gaps.append(ident - previous)
        previous = ident
    return base64.b64encode(bytes(_varints(gaps)) + weights).decode("ascii")


def _bitmap(ids: Iterable[int], count: int) -> str:
    bits = bytearray((count + 7) // 8)
    for ident in ids:
        bits[ident >> 3] |= 1 << (ident & 7)
    return base64.b64encode(bytes(bits)).decode("ascii")


def _code(index: int, width: int) -> str:
    return "".join(ALPHABET[(index >> (6 * place)) & 63] for place in reversed(range(width)))


def _script(name: str, data: Any) -> str:
    # JSON is a JavaScript expression; no HTML parser ever reads these files.
    return f"tipSearch.put({json.dumps(name)},{json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n"


@dataclass
class _Term:
    ids: array[int] = field(default_factory=lambda: array("I"))
    counts: bytearray = field(default_factory=bytearray)  # how often each writes the term, at most 255
    also: bytearray = field(default_factory=bytearray)  # how much each is also found by it, in weight units


class _Inverted:
    """Terms -> the documents holding them, with BM25 weights, for documents numbered 0, 1, 2 ..."""

    def __init__(self, words: Words) -> None:
        self.words = words
        self.terms: dict[str, _Term] = {}
        self.lengths = array("I")
        self.forms: dict[str, set[str]] = {}  # stem -> the words written for it, for highlighting
        self.stem_of: dict[str, str] = {}  # every word -> its stem
        self._shared: dict[int, tuple[MeetingNames, Counter[str]]] = {}

    def _stems(self, found: list[str]) -> list[str]:
        stem_of = self.stem_of
        for word in found:
            if word not in stem_of:  # each new word once: an archive repeats its words
                stem = stem_of[word] = self.words.stem(word)
                self.forms.setdefault(stem, set()).add(word)
        return [stem_of[word] for word in found]

    def shared(self, names: MeetingNames | None) -> Counter[str]:
        """The terms of a meeting's names, worked out once for all of its items."""
        if names is None:
            return Counter()
        kept = self._shared.get(id(names))
        if kept is None or kept[0] is not names:
            counted: Counter[str] = Counter()
            for line in names.words:
                found = searchterms.words(line)
                counted.update(searchterms.terms_of(found, self._stems(found)))
            counted.update(names.pairs)
            kept = self._shared[id(names)] = (names, Counter({term: CONTEXT for term in counted}))
        return kept[1]

    def add(self, lines: Iterable[tuple[str, int]], names: MeetingNames | None = None) -> None:
        """One document: lines of (text, weight), TEXT for its own words, less for words it is also found by.

        What a document writes and what it is also found by are counted apart: only its own words
        count towards its length and are weighed by BM25; the others add a smaller part (`weights`).
        """
        ident = len(self.lengths)
        own: Counter[str] = Counter()
        also = self.shared(names).copy()
        length = 0
        for line, weight in lines:
            found = searchterms.words(line)
            stems = self._stems(found)
            if weight == TEXT:
                length += len(found)
                own.update(searchterms.terms_of(found, stems))
            else:
                for term in searchterms.terms_of(found, stems):
                    also[term] += weight
            for spelling in self.words.also(stems):
                found = searchterms.words(spelling)
                for term in searchterms.terms_of(found, self._stems(found)):
                    also[term] += min(weight, SAME)
        self.lengths.append(length)
        # In the order the words come, not a set's: a set's order changes with the hash seed, and the
        # index files must be the same bytes from one build to the next.
        for term in (*own, *(term for term in also if term not in own)):
            entry = self.terms.get(term)
            if entry is None:
                entry = self.terms[term] = _Term()
            entry.ids.append(ident)
            entry.counts.append(min(own[term], 255))
            entry.also.append(min(also[term], 255))

    def weights(self, entry: _Term, average: float, cache: dict[tuple[int, int, int], int]) -> bytes:
        """Each posting's BM25 term-frequency part, scaled to 1..255; the browser multiplies in the idf.

        Words a document is also found by add at most ALSO_SHARE of a full weight, not normalised by
        its length: a short item found only through its meeting or its themes must not outrank a long
        one that writes the word.
        """
        out = bytearray(len(entry.ids))
        for index, (ident, count, also) in enumerate(zip(entry.ids, entry.counts, entry.also, strict=True)):
            key = (count, also, self.lengths[ident])
            weight = cache.get(key)
            if weight is None:
                norm = K1 * (1 - B + B * key[2] / average) if average else K1
                extra = also / TEXT
                score = count / (count + norm) + ALSO_SHARE * extra / (extra + K1)
                weight = cache[key] = min(255, max(1, round(255 * score)))
            out[index] = weight
        return bytes(out)

    def vocabulary(self) -> dict[str, Any]:
        """The written words a typo may be corrected to, and how many documents hold each one's stem.

        Stop words, numbers and words under MIN_SUGGESTED letters are left out: no typo is corrected
        to them. One string of words, not a list, keeps the file about as small as the words.
        """
        held = sorted((word, len(self.terms[stem].ids)) for word, stem in self.stem_of.items()
                      if len(word) >= MIN_SUGGESTED and not word.isdigit() and word not in searchterms.STOP_WORDS
                      and stem in self.terms)
        return {"words": " ".join(word for word, _ in held), "counts": [count for _, count in held]}

    def files(self, name: str) -> Iterator[tuple[str, Any]]:
        """(file name, data) of the manifest, the vocabulary, the buckets and the files of common terms."""
        count = len(self.lengths)
        small: dict[str, list[Any]] = {}
        big: list[tuple[str, dict[str, Any]]] = []
        average = sum(self.lengths) / max(count, 1)
        cache: dict[tuple[int, int, int], int] = {}
        for term, entry in sorted(self.terms.items()):  # insertion order follows sets: sorted, one index per build
            weights = self.weights(entry, average, cache)
            encoded = _postings(entry.ids, weights)
            forms = sorted(self.forms.get(term, ())) if " " not in term else []
            if len(encoded) <= SEPARATE_BYTES:
                small[term] = [len(entry.ids), encoded, *([forms] if forms else [])]
                continue
            if len(encoded) * 3 // 4 > count // 8 + TOP * 3:
                ranked = sorted(range(len(entry.ids)), key=lambda i: -weights[i])
                top = sorted(ranked[:TOP])
                floor = weights[ranked[TOP]] if len(ranked) > TOP else 0
                data = {"bits": _bitmap(entry.ids, count), "top": _postings((entry.ids[i] for i in top),
                                                                           bytes(weights[i] for i in top)),
                        "n": len(top), "floor": floor}
            else:
                data = {"list": encoded}
            big.append((term, data))
            small[term] = [len(entry.ids), len(big) - 1, *([forms] if forms else [])]
        stems = {word: stem for word, stem in self.stem_of.items() if word != stem}  # the others need no entry
        # Spellings no document writes, so that the browser finds their stem too ("labor" -> "labour").
        stems.update((word, stem) for word, stem in sorted(self.words.variants(self.stem_of).items())
                     if word != stem and word not in self.stem_of and stem in self.terms)
        size = sum(len(term) + len(json.dumps(value)) for term, value in small.items())
        size += sum(len(word) + len(stem) + 6 for word, stem in stems.items())
        buckets = max(1, math.ceil(size / BUCKET_BYTES))
        shards: list[dict[str, dict[str, Any]]] = [{"t": {}, "w": {}} for _ in range(buckets)]
        for term, value in small.items():
            shards[searchterms.bucket(term, buckets)]["t"][term] = value
        for word, stem in stems.items():
            shards[searchterms.bucket(word, buckets)]["w"][word] = stem
        yield f"{name}/words", self.vocabulary()
        yield f"{name}/manifest", {"format": FORMAT, "documents": count, "buckets": buckets,
                                   "stop": sorted(searchterms.STOP_WORDS), "k1": K1, "block": BLOCK}
        for number, shard in enumerate(shards):
            yield f"{name}/t/{number}", shard
        for number, (_, data) in enumerate(big):
            yield f"{name}/b/{number}", data


def _lines(record: SearchRecord) -> list[tuple[str, int]]:
    """The record's text and the words it is also found by, one per line (no phrase spans two), weighted."""
    return [(line, TEXT) for line in record.content.split("\n")] + list(record.context)


def _item_row(record: SearchRecord) -> list[str]:
    return [record.url, record.meta["label"], record.meta["text"], record.meta["themes"], record.meta["meeting_url"]]


def _page_row(record: SearchRecord) -> list[str]:
    return [record.url, record.meta["title"], record.meta["what"]]


def _documents(name: str, records: list[SearchRecord], row: Callable[[SearchRecord], list[str]],
               words: Words) -> Iterator[tuple[str, Any]]:
    """One index: its terms, and what each block of BLOCK documents shows (with their meetings, for items)."""
    inverted = _Inverted(words)
    for record in records:
        inverted.add(_lines(record), record.shared)
    yield from inverted.files(name)
    for start in range(0, len(records), BLOCK):
        block = records[start:start + BLOCK]
        data: dict[str, Any] = {"i": [row(r) for r in block]}
        if row is _item_row:  # a meeting's name, date and place once per block, not once per item
            data["m"] = {r.meta["meeting_url"]: [r.meta["meeting"], r.meta["date"], r.meta["place"]] for r in block}
        yield f"{name}/s/{start // BLOCK}", data


def _facet_columns(items: list[SearchRecord], facets: Iterable[str]) -> Iterator[tuple[str, Any]]:
    """The facet manifest, then each facet's values in a file of its own.

    The browser fetches a facet's file only when its counts are shown (its box is opened) or it
    filters, so a first visit does not pay for all of them. In each file a value is a fixed-width
    code into the facet's list of values, stored once per meeting where all its items share it,
    else per item; entries are joined by commas. Country, organiser and year are nearly all per
    meeting, theme and kind per item.
    """
    groups: list[list[SearchRecord]] = []
    for record in items:
        if not groups or groups[-1][0].order[0] != record.order[0]:
            groups.append([])
        groups[-1].append(record)
    manifest: dict[str, Any] = {"format": FORMAT, "alphabet": ALPHABET, "meetings": [len(group) for group in groups],
                                "facets": {}}
    files = []
    for facet in facets:
        values = sorted({value for record in items for value in record.filters.get(facet, [])})
        width = 1
        while 64**width < len(values):
            width += 1
        code = {value: _code(index, width) for index, value in enumerate(values)}
        per_meeting, per_item = [], []
        for group in groups:
            shared = set.intersection(*(set(r.filters.get(facet, [])) for r in group))
            per_meeting.append("".join(code[v] for v in sorted(shared)))
            per_item += ["".join(code[v] for v in r.filters.get(facet, []) if v not in shared) for r in group]
        manifest["facets"][facet] = {"values": values, "width": width}
        files.append((f"{ITEMS}/facet/{facet}", {"meeting": ",".join(per_meeting), "item": ",".join(per_item)}))
    yield f"{ITEMS}/facets", manifest
    yield from files


def index_files(records: Iterable[SearchRecord], words: Words | None = None) -> Iterator[tuple[str, Any]]:
    """(name, data) of every file of the index; `words` are the glossary's rules (the records' own
    when they are `SearchRecords`, else none).

    Items are numbered newest meeting first and in report order within a meeting, so "newest
    first" is the order of the numbers and a meeting's items are neighbours in one block.
    """
    from tiparchive.search.records import FACETS, ITEM, SearchRecords

    if words is None:
        words = records.words if isinstance(records, SearchRecords) else Words()
    listed = list(records)
    items = [r for r in listed if r.kind == ITEM]
    items.sort(key=lambda r: r.order[1])
    items.sort(key=lambda r: r.order[0], reverse=True)
    yield from _documents(ITEMS, items, _item_row, words)
    yield from _facet_columns(items, FACETS)
    yield from _documents(PAGES, [r for r in listed if r.kind != ITEM], _page_row, words)


def write_index(records: Iterable[SearchRecord], site_dir: Path, words: Words | None = None) -> int:
    """Replace `site_dir/search-index/` with a fresh index of `records`; returns how many were indexed.

    The index is written beside the site's own first and swapped in only when complete
    (`folders.staged`), so a failed run leaves the previous index as it was.
    """
    from tiparchive.search.records import SearchRecords

    if words is None:
        words = records.words if isinstance(records, SearchRecords) else Words()
    listed = list(records)
    with staged(site_dir / FOLDER) as staging:
        for name, data in index_files(listed, words):
            path = staging / f"{name}.js"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_script(name, data), encoding="utf-8")
        publish(staging, site_dir / FOLDER)
    return len(listed)
