"""Echoes: for each item, the most similar items from other meetings, by TF-IDF and cosine similarity.

Why this method: it is deterministic, a reader can check it ("these two sentences share these
unusual words"), it needs no model download, and it runs in pure Python at build time.

Texts become terms: words lowercased, names (capitalised past a sentence's first word) left
out, British and American spellings merged, stop words and
the verbs every report uses for its own proceedings ("highlighted", "strengthen") dropped,
stemmed with the Snowball English stemmer (as Sphinx's search does), plus each pair of
neighbouring words, so "forced labour" counts for more than "forced" and "labour" apart.
Each term weighs its sublinear frequency times its inverse document frequency: terms every
sentence uses weigh almost nothing, distinctive ones ("guardian", "reception centre") a lot.

The unit compared is the sentence, not the whole item: an item is often a paragraph on
several matters, and it echoes another when one of its points comes back. Two items score
the cosine of their most similar pair of sentences, and only count as echoes when that
similarity rests on a shared phrase or on three shared words, never on one rare word.

What is found is shown in two tiers. Read pair by pair (tests/echoes/judged.yml), most pairs
above that bar are on the same subject but make another point: they are shown as "related".
Only a pair of sentences much closer still is shown as an "echo", the same point made again;
each quotes the other item's closest sentence with the shared words marked.

Comparing every sentence with every other is quadratic (250,000 items would be tens of
billions of pairs). Instead an inverted index lists, for each term, the sentences it matters
most to (it is among their strongest `INDEXED_TERMS`), strongest first, cut at
`POSTINGS_LIMIT`. A sentence is compared only with those found under its own strongest
`QUERY_TERMS`, and the `RESCORED` best of these get an exact cosine; a pair found from
either side counts for both. Work per sentence is bounded, so the run grows linearly with the
archive. On the records, this finds at least 95% of what comparing every pair finds (a test
checks it); `scripts/bench_echoes.py` times it on synthetic archives of 10,000 meetings.

Scoring is most of a build's own time, and most builds change no item text: the scores (and
what the pages show of them: tiers, quotes, thread labels) are kept in `.cache/echoes/` of the
repository, under a key made from every item's text and this module's own source, so an
unchanged archive recomputes nothing and any change to a text or to the scorer recomputes everything.
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
# Shown as an "echo" (the same point again), not merely "related": a pair of sentences at least
# this similar, sharing at least ECHO_SHARED words (names left out). Set on the pairs a reader
# judged (tests/echoes/judged.yml): a stricter bar than MIN_SIMILARITY, since most pairs above
# that are on the same subject but make another point; scripts/echo_precision.py prints how the
# two tiers fare, and tests/test_echo_precision.py holds the echoes' precision at 0.8 or more.
ECHO_SIMILARITY = 0.4
ECHO_SHARED = 4
ECHO = "echo"
RELATED = "related"
# Words of context kept either side of the shared wording in a quoted sentence.
QUOTE_CONTEXT = 6
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
# A sentence ends at a semicolon, or at a full stop, question or exclamation mark followed by a
# capital, a digit or a quote, but not after a title or an abbreviation: "(e.g. employers)" and
# "H.E. Hasan Kleib" stay inside their sentence.
_SENTENCE_END = re.compile(r"(?<=;)\s+|(?<=[.!?])(?<!\bH\.E\.)(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bNo\.)"
                           r"(?<!\bSt\.)\s+(?![a-z(])")
_JOINED_PREFIXES = ("co-", "re-", "non-", "multi-", "inter-", "intra-", "cross-", "anti-", "pre-", "post-")
_BRITISH_IZE = re.compile(r"^(\w{3,}?)is(e|es|ed|ing|ation|ations|er|ers)$")
_BRITISH_OUR = re.compile(r"^(\w{3,})our(s|ed|ing|er|ers)?$")
_BRITISH_TRE = re.compile(r"^(\w{3,})tre(s|d)?$")
_IRREGULAR = {"children": "child", "women": "woman", "men": "man", "people": "person", "persons": "person"}

# English function words.
_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each either etc few for from further had has
have having he her here hers herself him himself his how however i if in into is it its itself just least
less let may me might more most much must my myself neither no nor not now of off on once only or other
ought our ours ourselves out over own per same shall she should so some such than that the their theirs
them themselves then there these they this those through thus to too under until up upon us very via
was we were what when where whether which while who whom whose why will with within without would yet
you your yours yourself yourselves among amongst including particular particularly well
"""
# The words a meeting report uses for its own proceedings, whatever the subject: they would make
# any two reports look alike. Unlike a function word, a shared wording may end on one
# ("trafficking in human beings").
_REPORT_TEXT = """
beings acknowledge acknowledged address addressed addressing agree agreed aim aimed combat combating combatting
consider considered continue continued discuss discussed effort efforts emphasize emphasized ensure
ensuring explore explored focus focused focusing highlight highlighted important importance improve
improved improving include includes included meeting need needs needed note noted participant
participants participate participating present presented promote promoting recall recalled recognize
recognized reiterate reiterated stress stressed strengthen strengthening underline underlined welcome
welcomed way ways various several given make making take taking use used good issue issues example key
main new
"""
FUNCTION_WORDS = frozenset(_STOP_TEXT.split())
STOP_WORDS = FUNCTION_WORDS | frozenset(_REPORT_TEXT.split())


@dataclass(frozen=True, slots=True)
class Echo:
    mention: Mention
    similarity: float
    tier: str  # ECHO: the same point again; RELATED: the same subject
    quote: tuple[tuple[str, bool], ...]  # the other item's closest sentence: (words, shared with this item?)


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    stems: tuple[str, ...]  # empty for a stop word or a name
    edge: bool  # may begin or end a shared wording: not a function word, not a name


@dataclass(frozen=True, slots=True)
class Thread:
    """Items on one theme that echo one another, oldest meeting first."""

    mentions: tuple[Mention, ...]
    label: str  # the longest wording two of them share, or the first one's opening words
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
    """Text -> terms, remembering each token's stems (stemming is the slow part)."""

    def __init__(self) -> None:
        self._stems: dict[str, str] = {}
        self._tokens: dict[str, tuple[str, ...]] = {}

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

    def stems(self, text: str, names: bool = True) -> list[str]:
        """The text's stems; with `names` False, leaving out every capitalised word but the first.

        In a sentence, a capital past the first word marks a name ("Bali Process", "OSCE Special
        Representative", "Palermo Protocol", "LEAs"): two items that share a body's name are
        not saying the same thing, and names were most of the echoes that a reader rejected.
        """
        found: list[str] = []
        known = self._tokens
        for number, token in enumerate(_WORD.findall(text)):
            if not names and number and not token.islower():
                continue
            token = token.casefold()
            stems = known.get(token)
            if stems is None:
                stems = known[token] = self._token(token)
            found.extend(stems)
        return found

    def words(self, text: str) -> list[_Word]:
        """Each word of a sentence with where it stands and its stems (none for a stop word or a name)."""
        found = []
        known = self._tokens
        for number, match in enumerate(_WORD.finditer(text)):
            token = match[0]
            if number and not token.islower():  # a name: see `stems`
                found.append(_Word(match.start(), match.end(), (), False))
                continue
            folded = token.casefold()
            stems = known.get(folded)
            if stems is None:
                stems = known[folded] = self._token(folded)
            found.append(_Word(match.start(), match.end(), stems, folded not in FUNCTION_WORDS))
        return found

    def terms(self, text: str) -> list[str]:
        """Stems of a sentence, names left out, and pairs of neighbouring stems."""
        stems = self.stems(text, names=False)
        # Interned: the same pair in many sentences is then one string in memory, not thousands.
        return stems + [sys.intern(f"{a} {b}") for a, b in itertools.pairwise(stems)]



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

# What a page shows of an echo beyond its score: its tier and the quote (see `Echo`).
Shown = tuple[str, tuple[tuple[str, bool], ...]]


@dataclass(frozen=True, slots=True)
class _Weighed:
    tokenise: Tokeniser
    ranges: list[range]  # item -> its sentences' positions
    texts: list[str]  # every sentence, as written
    vectors: list[dict[str, float]]


class Echoes:
    """Every item's echoes in the archive, computed once per build, or read from `cache` when no text changed."""

    def __init__(self, archive: Archive, *, may_fork: bool = True, cache: Path | None = None) -> None:
        self.mentions = tuple(archive.items)
        self._position = {(m.meeting.id, m.item.id): i for i, m in enumerate(self.mentions)}
        self._on_theme: dict[str, list[int]] = {}
        self._rarity: Counter[str] = Counter()
        for position, mention in enumerate(self.mentions):
            for theme in mention.item.themes:
                self._on_theme.setdefault(theme.id, []).append(position)
        self._cache = EchoCache(cache, self.mentions) if cache is not None else None
        stored = self._cache.load() if self._cache else None
        # Filled as pages ask for them and kept in the cache with the scores: thread members -> label,
        # item -> the tier and quote of each of its echoes.
        self._labels_of: dict[str, str] = {}
        self._shown_of: dict[int, tuple[Shown, ...]] = {}
        self._weighed: _Weighed | None = None
        # How many of each the cache already holds: `store` writes only when there is more to keep.
        self._kept = (-1, -1)
        if stored is not None:
            self._similar, self._labels_of, self._shown_of = stored
            self._kept = (len(self._labels_of), len(self._shown_of))
            return
        ranges = self._weigh().ranges
        owners = [owner for owner, sentences_of in enumerate(ranges) for _ in sentences_of]
        groups = [self.mentions[owner].meeting.id for owner in owners]
        self._similar = similar(self._weigh().vectors, owners, groups, may_fork)

    def _weigh(self) -> _Weighed:
        """The sentences and their vectors; made only when scores, tiers or labels must be computed."""
        if self._weighed is None:
            tokenise = Tokeniser()
            texts: list[str] = []
            ranges: list[range] = []
            for mention in self.mentions:
                first = len(texts)
                texts.extend(sentences(mention.item.text))
                ranges.append(range(first, len(texts)))
            self._weighed = _Weighed(tokenise, ranges, texts, weigh([tokenise.terms(text) for text in texts]))
        return self._weighed

    def store(self) -> None:
        """Keeps the scores, and the tiers, quotes and thread labels asked for so far, for the next build."""
        kept = (len(self._labels_of), len(self._shown_of))
        if self._cache is not None and kept != self._kept:
            self._kept = kept
            self._cache.save(self._similar, self._labels_of, self._shown_of)

    def of(self, mention: Mention) -> tuple[Echo, ...]:
        position = self._position.get((mention.meeting.id, mention.item.id))
        if position is None:  # an item added since these were scored (`serve` shows it before rescoring)
            return ()
        listed = self._similar.get(position, [])
        shown = self._shown_of.get(position)
        if shown is None:
            shown = self._shown_of[position] = tuple(self._shown(position, other) for other, _ in listed)
        return tuple(Echo(self.mentions[other], score, tier, quote)
                     for (other, score), (tier, quote) in zip(listed, shown, strict=True))

    def _shown(self, owner: int, other: int) -> Shown:
        """The pair's tier, from its closest pair of sentences, and the other's sentence with the shared words marked.

        Worked out when a page asks, for the few echoes it shows, not for every pair scored.
        """
        weighed = self._weigh()
        best: tuple[bool, float, int, int] | None = None
        for p in weighed.ranges[owner]:
            for q in weighed.ranges[other]:
                one, two = weighed.vectors[p], weighed.vectors[q]
                cosine = _evidence(one, two)
                shared = sum(1 for term in one if " " not in term and term in two)
                found = (cosine >= ECHO_SIMILARITY and shared >= ECHO_SHARED, cosine, -p, -q)
                if best is None or found > best:
                    best = found
        assert best is not None  # an item with an echo has a sentence
        echo, _, p, q = best
        # Its single words; a word of one sentence only is not in a vector, but then it is not shared.
        mine = {term for term in weighed.vectors[-p] if " " not in term}
        theirs = weighed.texts[-q]
        return ECHO if echo else RELATED, _quote(theirs, weighed.tokenise.words(theirs), mine)

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
        chains = []
        for head, indices in groups.items():
            if len(indices) < 2:
                continue
            indices.sort(key=lambda i: (self.mentions[i].meeting.start, self.mentions[i].meeting.id, i))
            chains.append((indices, strongest[head]))
        chains.sort(key=lambda chain: (-len({self.mentions[i].meeting.year for i in chain[0]}), -chain[1],
                                       self.mentions[chain[0][0]].meeting.start, self.mentions[chain[0][0]].item.id))
        # Labels only for the threads shown: finding the wording two items share is the slow part.
        return [Thread(tuple(self.mentions[i] for i in indices), self._label(indices), similarity)
                for indices, similarity in chains[:limit]]

    def _label(self, items: list[int], opening: int = 8) -> str:
        """The most telling wording that two of the items share word for word, as the older one writes it.

        A run counts from its first to its last word that is neither a stop word nor a name, and
        needs two such words. Failing one, the first item's opening words.
        """
        members = ",".join(map(str, items))
        found = self._labels_of.get(members)
        if found is None:
            found = self._labels_of[members] = self._shared_wording(items, opening)
        return found

    def _shared_wording(self, items: list[int], opening: int) -> str:
        weighed = self._weigh()
        if not self._rarity:  # sentences per stem, for the stems shared by two sentences or more
            self._rarity.update(term for vector in weighed.vectors for term in vector if " " not in term)
        total = len(weighed.vectors)
        best: tuple[float, int, str] = (0.0, 0, "")
        for one, two in itertools.combinations(items, 2):
            for p in weighed.ranges[one]:
                text = weighed.texts[p]
                words = weighed.tokenise.words(text)
                for q in weighed.ranges[two]:
                    other = weighed.texts[q]
                    for start, end in _common_runs(text, words, other, weighed.tokenise.words(other)):
                        phrase = text[words[start].start:words[end].end]
                        # The rarest wording, not the longest: "countries of origin, transit and
                        # destination" says more than "trafficking in human beings".
                        found = (sum(math.log(total / self._rarity[stem]) for w in words[start:end + 1]
                                     for stem in w.stems if stem in self._rarity), -len(phrase), phrase)
                        if found[:2] > best[:2]:
                            best = found
        if best[2]:
            return best[2]
        first = self.mentions[items[0]].item.text.split()
        return " ".join(first[:opening]) + (" …" if len(first) > opening else "")


def _common_runs(one: str, one_words: list[_Word], two: str, two_words: list[_Word]) -> list[tuple[int, int]]:
    """Word runs of `one` (first and last index) that `two` also has word for word, with two words that
    count as evidence, cut to begin and end on neither a function word nor a name."""
    forms = [one[w.start:w.end].casefold() for w in one_words]
    other = [two[w.start:w.end].casefold() for w in two_words]
    runs = []
    for i, j in itertools.product(range(len(forms)), range(len(other))):
        if forms[i] != other[j] or (i and j and forms[i - 1] == other[j - 1]):
            continue  # not the start of a run
        length = 0
        while i + length < len(forms) and j + length < len(other) and forms[i + length] == other[j + length]:
            length += 1
        edges = [k for k in range(i, i + length) if one_words[k].edge]
        if sum(1 for k in range(i, i + length) if one_words[k].stems) >= 2:
            runs.append((edges[0], edges[-1]))
    return runs


def _quote(sentence: str, words: list[_Word], shared: set[str]) -> tuple[tuple[str, bool], ...]:
    """The sentence cut to its shared wording and some context: (text, shared?) in order.

    Shared words close together are marked as one stretch with the stop words and names between
    them ("countries of origin, transit and destination").
    """
    marked = [i for i, word in enumerate(words) if shared.intersection(word.stems)]
    if not marked:
        return ((sentence, False),)
    stretches: list[list[int]] = []
    for i in marked:
        if stretches and i - stretches[-1][1] <= 3 and not any(words[k].stems for k in range(stretches[-1][1] + 1, i)) \
                and not any(mark in sentence[words[stretches[-1][1]].end:words[i].start] for mark in ";:()"):
            stretches[-1][1] = i
        else:
            stretches.append([i, i])
    first = max(0, marked[0] - QUOTE_CONTEXT)
    last = min(len(words) - 1, marked[-1] + QUOTE_CONTEXT)
    begin = 0 if first == 0 else words[first].start
    finish = len(sentence) if last == len(words) - 1 else words[last].end
    parts: list[tuple[str, bool]] = [("… ", False)] if begin else []
    at = begin
    for start, end in stretches:
        parts += [(sentence[at:words[start].start], False), (sentence[words[start].start:words[end].end], True)]
        at = words[end].end
    parts.append((sentence[at:finish], False))
    if finish < len(sentence):
        parts.append((" …", False))
    return tuple(part for part in parts if part[0])

def _scorer_version() -> str:
    """This module's source: any change to how items are scored makes every cached score stale."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


class EchoCache:
    """Scores of one archive's item texts and what pages showed of them, in a JSON file of `folder` named by their key.

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

    def load(self) -> tuple[dict[int, list[tuple[int, float]]], dict[str, str], dict[int, tuple[Shown, ...]]] | None:
        try:
            stored: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
            scores = {int(owner): [(int(other), float(score)) for other, score in found]
                      for owner, found in stored["similar"].items()}
            labels = {str(members): str(label) for members, label in stored["labels"].items()}
            shown = {int(owner): tuple((str(tier), tuple((str(text), bool(on)) for text, on in quote))
                                       for tier, quote in listed)
                     for owner, listed in stored["shown"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return scores, labels, shown

    def save(self, scores: dict[int, list[tuple[int, float]]], labels: dict[str, str],
             shown: dict[int, tuple[Shown, ...]]) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(f".{os.getpid()}.partial")
            partial.write_text(json.dumps({"similar": scores, "labels": labels, "shown": shown}, sort_keys=True,
                                          separators=(",", ":")), encoding="utf-8")
            partial.replace(self.path)  # whole or not at all, even with two builds at once
            for old in self.folder.glob("echoes-*.json"):
                if old != self.path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout builds as before, only without keeping the scores
