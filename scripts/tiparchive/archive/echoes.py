"""Echoes: for each item, the most similar items from other meetings, by TF-IDF and cosine similarity.

Why this method: it is deterministic, a reader can check it ("these two sentences share these
unusual words"), it needs no model download, and it runs in pure Python at build time.

Texts become terms: words lowercased, British and American spellings merged, stop words and
the verbs every report uses for its own proceedings ("highlighted", "strengthen") dropped,
stemmed with the Snowball English stemmer (as Sphinx's search does), plus each pair of
neighbouring words, so "forced labour" counts for more than "forced" and "labour" apart.
Each term weighs its sublinear frequency times its inverse document frequency: terms every
sentence uses weigh almost nothing, distinctive ones ("guardian", "reception centre") a lot.

The unit compared is the sentence, not the whole item: an item is often a paragraph on
several matters, and it echoes another when one of its points comes back. Two items score
the cosine of their most similar pair of sentences, and only count as echoes when that
similarity rests on a shared phrase or on three shared words, never on one rare word.

Comparing every sentence with every other is quadratic (250,000 items would be tens of
billions of pairs). Instead an inverted index lists, for each term, the sentences it matters
most to (it is among their strongest `INDEXED_TERMS`), strongest first, cut at
`POSTINGS_LIMIT`. A sentence is compared only with those found under its own strongest
`QUERY_TERMS`, and the `RESCORED` best of these get an exact cosine; a pair found from
either side counts for both. Work per sentence is bounded, so the run grows linearly with the
archive. On the records, this finds at least 95% of what comparing every pair finds (a test
checks it); `scripts/bench_echoes.py` times it on synthetic archives of 10,000 meetings.

Scoring is most of a build's own time, and most builds change no item text: the scores (and
the keywords of the threads shown) are kept in `.cache/echoes/` of the repository, under a key
made from every item's text and this module's own source, so an unchanged archive recomputes
nothing and any change to a text or to the scorer recomputes everything.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import itertools
import json
import math
import os
import pickle
import re
import sys
import threading
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import snowballstemmer  # type: ignore[import-untyped]

from tiparchive.archive.indexes import Archive, Mention

# Chosen by reading every pair the real records give: from about 0.2 up, the two sentences
# are on the same concrete matter (forced labour and employers, minors among asylum seekers
# in reception centres, countries of origin, transit and destination); below that, more and
# more pairs share only the field's general vocabulary.
MIN_SIMILARITY = 0.2
MAX_ECHOES = 3
# A shared term counts as evidence when it carries this share of the similarity.
EVIDENCE_SHARE = 0.1

QUERY_TERMS = 8
INDEXED_TERMS = 30
POSTINGS_LIMIT = 30
RESCORED = 6
# Below this many sentences a second process costs more than it saves.
PARALLEL_FROM = 20_000

T = TypeVar("T")

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
_JOINED_PREFIXES = ("co-", "re-", "non-", "multi-", "inter-", "intra-", "cross-", "anti-", "pre-", "post-")
_BRITISH_IZE = re.compile(r"^(\w{3,}?)is(e|es|ed|ing|ation|ations|er|ers)$")
_BRITISH_OUR = re.compile(r"^(\w{3,})our(s|ed|ing|er|ers)?$")
_BRITISH_TRE = re.compile(r"^(\w{3,})tre(s|d)?$")
_IRREGULAR = {"children": "child", "women": "woman", "men": "man", "people": "person", "persons": "person"}

# English function words, then the words a meeting report uses for its own proceedings,
# whatever the subject: they would make any two reports look alike.
_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each either etc few for from further had has
have having he her here hers herself him himself his how however i if in into is it its itself just least
less let may me might more most much must my myself neither no nor not now of off on once only or other
ought our ours ourselves out over own per same shall she should so some such than that the their theirs
them themselves then there these they this those through thus to too under until up upon us very via
was we were what when where whether which while who whom whose why will with within without would yet
you your yours yourself yourselves among amongst including particular particularly well beings
acknowledge acknowledged address addressed addressing agree agreed aim aimed combat combating combatting
consider considered continue continued discuss discussed effort efforts emphasize emphasized ensure
ensuring explore explored focus focused focusing highlight highlighted important importance improve
improved improving include includes included meeting need needs needed note noted participant
participants participate participating present presented promote promoting recall recalled recognize
recognized reiterate reiterated stress stressed strengthen strengthening underline underlined welcome
welcomed way ways various several given make making take taking use used good issue issues example key
main new
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True, slots=True)
class Echo:
    mention: Mention
    similarity: float
    tier: str = "echo"


@dataclass(frozen=True, slots=True)
class Thread:
    """Items on one theme that echo one another, oldest meeting first."""

    mentions: tuple[Mention, ...]
    keywords: tuple[str, ...]  # the terms they share, strongest first, as the texts write them
    similarity: float  # the strongest link in the thread


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def _spelling(word: str) -> str:
    """One spelling for British and American variants, so 'labour' meets 'labor'."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    word = _BRITISH_IZE.sub(r"\1iz\2", word)
    word = _BRITISH_OUR.sub(lambda m: f"{m[1]}or{m[2] or ''}", word)
    return _BRITISH_TRE.sub(lambda m: f"{m[1]}ter{'ed' if m[2] == 'd' else m[2] or ''}", word)


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


class Tokeniser:
    """Text -> terms, remembering each token's stems (stemming is the slow part) and how it was written."""

    def __init__(self) -> None:
        self._stems: dict[str, str] = {}
        self._tokens: dict[str, tuple[str, ...]] = {}
        self._shortest: dict[str, str] = {}
        self._shortest_of = 0

    def stem(self, word: str) -> str:
        found = self._stems.get(word)
        if found is None:
            plain = _spelling(word)
            found = "" if plain in STOP_WORDS or len(plain) < 3 else _stemmer().stemWord(plain)
            if found in STOP_WORDS:
                found = ""
            self._stems[word] = found
        return found

    def _token(self, token: str) -> tuple[str, ...]:
        word = token.replace("’", "'").removesuffix("'s")
        if "'" in word:
            return ()
        parts = [word.replace("-", "")] if word.startswith(_JOINED_PREFIXES) else word.split("-")
        return tuple(stem for stem in map(self.stem, parts) if stem)

    def stems(self, text: str) -> list[str]:
        found: list[str] = []
        known = self._tokens
        for token in _WORD.findall(text.casefold()):
            stems = known.get(token)
            if stems is None:
                stems = known[token] = self._token(token)
            found.extend(stems)
        return found

    def terms(self, text: str) -> list[str]:
        """Stems and pairs of neighbouring stems."""
        stems = self.stems(text)
        # Interned: the same pair in many sentences is then one string in memory, not thousands.
        return stems + [sys.intern(f"{a} {b}") for a, b in itertools.pairwise(stems)]

    def written(self, term: str) -> str:
        """A term as the texts write it: the shortest word for each stem ('unaccompanied minors')."""
        if self._shortest_of != len(self._stems):  # words were stemmed since the last call
            self._shortest_of = len(self._stems)
            self._shortest = {}
            for word, stem in sorted(self._stems.items(), key=lambda pair: (len(pair[0]), pair[0]), reverse=True):
                self._shortest[stem] = word
        return " ".join(self._shortest.get(stem, stem) for stem in term.split(" "))


def weigh(documents: Sequence[list[str]]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors.

    Terms in every document weigh nothing and are left out. So are word pairs found in one
    document only: most pairs are, and as noise they would only shrink every similarity.
    """
    df: Counter[str] = Counter()
    for terms in documents:
        df.update(set(terms))
    total = len(documents)
    idf = {term: math.log(total / count) for term, count in df.items()
           if count < total and (count > 1 or " " not in term)}
    vectors = []
    for terms in documents:
        raw = {term: (1 + math.log(count) if count > 1 else 1.0) * idf[term]
               for term, count in Counter(terms).items() if term in idf}
        norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
        # Terms of one document only count towards its length; no dot product can use them.
        vectors.append({term: w / norm for term, w in sorted(raw.items()) if df[term] > 1})
    return vectors


def _evidence(a: dict[str, float], b: dict[str, float]) -> float:
    """The cosine of two unit vectors, or 0 when it rests on less than a shared phrase or three words."""
    if len(b) < len(a):
        a, b = b, a
    cosine = sum(weight * b[term] for term, weight in a.items() if term in b)
    if cosine < MIN_SIMILARITY:
        return cosine
    shared = [(term, weight * b[term]) for term, weight in a.items() if term in b]
    carrying = [term for term, part in shared if part >= EVIDENCE_SHARE * cosine]
    if any(" " in term for term in carrying) or len(carrying) >= 3:
        return cosine
    return 0.0


def _by_weight(pair: tuple[str, float]) -> float:
    return -pair[1]


def _score(positions: range, vectors: Sequence[dict[str, float]], owners: Sequence[int],
           groups: Sequence[Hashable], strongest: Sequence[list[tuple[str, float]]],
           index: dict[str, list[tuple[int, float, Hashable]]]) -> dict[int, dict[int, float]]:
    """Owner -> {owner: best similarity} for the pairs the sentences at `positions` lead to."""
    best: dict[int, dict[int, float]] = {}
    rescored: dict[tuple[int, int], float] = {}  # a pair found from both sides is scored once
    for position in positions:
        scores: dict[int, float] = {}
        add = scores.get
        group, owner = groups[position], owners[position]
        for term, weight in strongest[position][:QUERY_TERMS]:
            for other, other_weight, other_group in index[term]:
                if other_group != group:
                    scores[other] = add(other, 0.0) + weight * other_weight
        # Best partial score first; ties keep the order found, which is the same on every run
        # (nlargest is sorted(..., reverse=True)[:n], without sorting all of them).
        for other in heapq.nlargest(RESCORED, scores, key=scores.__getitem__):
            pair = (position, other) if position < other else (other, position)
            score = rescored.get(pair)
            if score is None:
                score = rescored[pair] = _evidence(vectors[pair[0]], vectors[pair[1]])
            if score >= MIN_SIMILARITY:
                # Similarity is symmetric: a pair found from either side counts for both.
                for one, two in ((owner, owners[other]), (owners[other], owner)):
                    found = best.setdefault(one, {})
                    if score > found.get(two, 0.0):
                        found[two] = score
    return best


def _on_two_cores(work: Callable[[range], T], count: int, may_fork: bool = True) -> list[T]:
    """`work` over the two halves of range(count), the second half in a forked child when that is safe.

    Each sentence's candidates are scored independently and halves are merged by taking each
    pair's highest similarity, which does not depend on order: the result is the same as one
    pass over everything. Forking is done only where it cannot go wrong: on a system with
    fork, two cores or more, and no other thread (a thread holding a lock at the fork would
    leave the child stuck). The caller says when it knows of a thread (`serve` runs a server
    thread: the plugin passes `may_fork=False`); counting threads stays as a guard for callers
    that cannot know, such as a test runner's watchdog.
    """
    middle = count // 2
    halves = [range(middle), range(middle, count)]
    can_fork = may_fork and hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
    if not can_fork or count < PARALLEL_FROM:
        return [work(half) for half in halves]
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child; its result is checked in the parent
        status = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                pickle.dump(work(halves[1]), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    received: list[T] = []
    pipe = os.fdopen(read, "rb")
    try:
        first = work(halves[0])
        with contextlib.suppress(EOFError, pickle.UnpicklingError):  # the child died: see below
            received.append(pickle.load(pipe))
    finally:
        pipe.close()  # before waiting: a child still writing then gets a broken pipe and ends
        _, status = os.waitpid(child, 0)
    if not received or os.waitstatus_to_exitcode(status) != 0:
        received = [work(halves[1])]  # the child failed (out of memory, say): do its half here
    return [first, received[0]]


def similar(vectors: Sequence[dict[str, float]], owners: Sequence[int],
            groups: Sequence[Hashable], may_fork: bool = True) -> dict[int, list[tuple[int, float]]]:
    """Owner -> up to MAX_ECHOES (owner, similarity) in other groups, best first.

    `vectors` are sentences; `owners[i]` is the item sentence i belongs to and `groups[i]`
    its meeting. Two owners' similarity is that of their best pair of sentences.
    """
    # Each vector's heaviest terms (all are shared with another vector); ties go by term, as vectors are sorted.
    strongest = [sorted(vector.items(), key=_by_weight)[:INDEXED_TERMS] for vector in vectors]
    # Term -> the POSTINGS_LIMIT vectors it weighs most in, kept as a min-heap while filling.
    postings: dict[str, list[tuple[float, int]]] = {}
    for position, terms in enumerate(strongest):
        for term, weight in terms:
            heap = postings.get(term)
            if heap is None:
                postings[term] = [(weight, -position)]
            elif len(heap) < POSTINGS_LIMIT:
                heapq.heappush(heap, (weight, -position))
            elif (weight, -position) > heap[0]:
                heapq.heapreplace(heap, (weight, -position))
    # Each posting carries its meeting, so candidates from the sentence's own meeting are
    # skipped while scoring rather than sorted and then dropped.
    index = {term: [(-negative, weight, groups[-negative]) for weight, negative in sorted(heap, reverse=True)]
             for term, heap in postings.items()}

    def score(positions: range) -> dict[int, dict[int, float]]:
        return _score(positions, vectors, owners, groups, strongest, index)

    best: dict[int, dict[int, float]] = {}
    for part in _on_two_cores(score, len(vectors), may_fork):
        for one, found in part.items():
            mine = best.setdefault(one, {})
            for two, value in found.items():
                if value > mine.get(two, 0.0):
                    mine[two] = value
    return {owner: sorted(((o, round(s, 4)) for o, s in found.items()), key=lambda p: (-p[1], p[0]))[:MAX_ECHOES]
            for owner, found in best.items()}


class Echoes:
    """Every item's echoes in the archive, computed once per build, or read from `cache` when no text changed."""

    def __init__(self, archive: Archive, *, may_fork: bool = True, cache: Path | None = None) -> None:
        self.mentions = tuple(archive.items)
        self._position = {(m.meeting.id, m.item.id): i for i, m in enumerate(self.mentions)}
        self._on_theme: dict[str, list[int]] = {}
        for position, mention in enumerate(self.mentions):
            for theme in mention.item.themes:
                self._on_theme.setdefault(theme.id, []).append(position)
        self._cache = EchoCache(cache, self.mentions) if cache is not None else None
        stored = self._cache.load() if self._cache else None
        # Thread members -> keywords, filled as threads are asked for and kept in the cache with the scores.
        self._keywords_of: dict[str, tuple[str, ...]] = {}
        self._weighed: tuple[Tokeniser, list[range], list[dict[str, float]]] | None = None
        # How many keywords the cache already holds: `store` writes only when there is more to keep.
        self._kept = -1
        if stored is not None:
            self._similar, self._keywords_of = stored
            self._kept = len(self._keywords_of)
            return
        _, ranges, vectors = self._weigh()
        owners = [owner for owner, sentences_of in enumerate(ranges) for _ in sentences_of]
        groups = [self.mentions[owner].meeting.id for owner in owners]
        self._similar = similar(vectors, owners, groups, may_fork)

    def _weigh(self) -> tuple[Tokeniser, list[range], list[dict[str, float]]]:
        """The sentences' vectors and each item's sentences; made only when scores or keywords must be computed."""
        if self._weighed is None:
            tokenise = Tokeniser()
            texts: list[list[str]] = []
            ranges: list[range] = []  # item -> its sentences' positions
            for mention in self.mentions:
                first = len(texts)
                texts.extend(tokenise.terms(sentence) for sentence in sentences(mention.item.text))
                ranges.append(range(first, len(texts)))
            self._weighed = tokenise, ranges, weigh(texts)
        return self._weighed

    def store(self) -> None:
        """Keeps the scores and the keywords of every thread asked for so far for the next build."""
        if self._cache is not None and len(self._keywords_of) != self._kept:
            self._kept = len(self._keywords_of)
            self._cache.save(self._similar, self._keywords_of)

    def of(self, mention: Mention) -> tuple[Echo, ...]:
        position = self._position.get((mention.meeting.id, mention.item.id))
        if position is None:  # an item added since these were scored (`serve` shows it before rescoring)
            return ()
        return tuple(Echo(self.mentions[other], score) for other, score in self._similar.get(position, ()))

    def threads(self, theme_id: str, limit: int = 5, longest: int = 6) -> list[Thread]:
        """Chains of echoes between items on one theme, the strongest links joined first.

        Joining stops at `longest` items, so one idea's thread does not swallow the theme.
        Threads reaching over more years come first.
        """
        members = self._on_theme.get(theme_id, [])
        on_theme = set(members)
        edges = sorted({(score, min(i, j), max(i, j)) for i in members for j, score in self._similar.get(i, ())
                        if j in on_theme}, key=lambda edge: (-edge[0], edge[1], edge[2]))
        parent = {i: i for i in members}
        size = dict.fromkeys(members, 1)
        strongest: dict[int, float] = {}

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for score, i, j in edges:
            a, b = sorted((root(i), root(j)))
            if a != b and size[a] + size[b] <= longest:
                parent[b] = a
                size[a] += size.pop(b)
                strongest[a] = max(strongest.get(a, 0.0), strongest.pop(b, 0.0), score)
        groups: dict[int, list[int]] = {}
        for i in members:
            groups.setdefault(root(i), []).append(i)
        threads = []
        for head, indices in groups.items():
            if len(indices) < 2:
                continue
            indices.sort(key=lambda i: (self.mentions[i].meeting.start, self.mentions[i].meeting.id, i))
            threads.append(Thread(tuple(self.mentions[i] for i in indices), self._keywords(indices),
                                  strongest[head]))
        threads.sort(key=lambda t: (-len({m.meeting.year for m in t.mentions}), -t.similarity,
                                    t.mentions[0].meeting.start, t.mentions[0].item.id))
        return threads[:limit]

    def _keywords(self, items: list[int]) -> tuple[str, ...]:
        members = ",".join(map(str, items))
        found = self._keywords_of.get(members)
        if found is None:
            found = self._keywords_of[members] = self._shared_terms(items)
        return found

    def _shared_terms(self, items: list[int], count: int = 4) -> tuple[str, ...]:
        """Terms found in at least two of the items, by their summed weight."""
        tokenise, ranges, vectors = self._weigh()
        weights: Counter[str] = Counter()
        holders: Counter[str] = Counter()
        for item in items:
            terms: set[str] = set()
            for position in ranges[item]:
                weights.update(vectors[position])
                terms.update(vectors[position])
            holders.update(terms)
        chosen: list[str] = []
        covered: set[str] = set()
        for term in sorted((t for t in weights if holders[t] > 1), key=lambda t: (-weights[t], t)):
            words = set(term.split(" "))
            if words <= covered:
                continue
            # A phrase replaces the single words it contains: 'reception centre', not 'reception' too.
            chosen = [t for t in chosen if " " in t or t not in words] + [term]
            covered |= words
            if len(chosen) == count:
                break
        return tuple(tokenise.written(term) for term in chosen)


def _scorer_version() -> str:
    """This module's source: any change to how items are scored makes every cached score stale."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


class EchoCache:
    """Scores of one archive's item texts, in one JSON file of `folder` named by their key.

    The key covers every item's meeting, id and text, in order (positions in the file are
    positions in `mentions`), and the scorer's version. Only the newest file is kept. A file
    that cannot be read is a miss: the cache can only ever save time, never change a page.
    """

    def __init__(self, folder: Path, mentions: Sequence[Mention]) -> None:
        digest = hashlib.sha256(_scorer_version().encode())
        for mention in mentions:
            # Ids are slugs and texts hold no NUL: the fields cannot run into one another.
            digest.update(f"{mention.meeting.id}\0{mention.item.id}\0{mention.item.text}\0".encode())
        self.folder = folder
        self.path = folder / f"echoes-{digest.hexdigest()[:32]}.json"

    def load(self) -> tuple[dict[int, list[tuple[int, float]]], dict[str, tuple[str, ...]]] | None:
        try:
            stored: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
            scores = {int(owner): [(int(other), float(score)) for other, score in found]
                      for owner, found in stored["similar"].items()}
            keywords = {members: tuple(map(str, words)) for members, words in stored["keywords"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return scores, keywords

    def save(self, scores: dict[int, list[tuple[int, float]]], keywords: dict[str, tuple[str, ...]]) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(f".{os.getpid()}.partial")
            partial.write_text(json.dumps({"similar": scores, "keywords": keywords}, sort_keys=True,
                                          separators=(",", ":")), encoding="utf-8")
            partial.replace(self.path)  # whole or not at all, even with two builds at once
            for old in self.folder.glob("echoes-*.json"):
                if old != self.path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout builds as before, only without keeping the scores
