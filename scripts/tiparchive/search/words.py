"""Words as researchers write them: the glossary (meetings/vocabularies/glossary.yml) applied to the index.

All of it happens when the index is written, so the browser stays as small as it was:

- one stem for every spelling and form: "labor" and "labour", "criminalization" and
  "criminalisation", "children" and "child" are one term, and the index's word -> stem map
  (which the browser reads for every query word) also holds the spellings no record writes, so
  a query for "labor" lands on the term of "labour";
- other ways of writing a term of the field are added to each item that writes one of them, as
  words it is also found by: an item writing "VoTs" is found by "victim of trafficking", and one
  writing "victims of trafficking" by "VoT". These carry a little less weight than the item's own
  words (`SAME` in index.py), so an item that writes what was asked ranks first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tiparchive.records.model import Glossary
from tiparchive.search import terms as searchterms

MIN_STEM = 3  # letters an ending needs before it: "criminalize" changes, "size" and "prize" do not


class Words:
    """Stems with the glossary's spellings and forms made one, and the glossary's terms found in a text."""

    def __init__(self, glossary: Glossary | None = None) -> None:
        glossary = glossary or Glossary()
        # Longest ending first, so "isations" is tried before "ise" would cut "isations" wrongly.
        self._to_british = sorted(((american, british) for british, american in glossary.endings),
                                  key=lambda pair: -len(pair[0]))
        self._to_american = sorted(glossary.endings, key=lambda pair: -len(pair[0]))
        self._cache: dict[str, str] = {}
        self.canonical: dict[str, str] = {}  # a stem -> the stem it is one term with
        phrases: list[tuple[str, ...]] = []
        for british, american in glossary.spellings:
            if "-" in british or "-" in american:  # two words on one side: matched as a phrase
                phrases.append((british, american))
            else:
                self._join(self._plain_stem(british), [self._plain_stem(american)])
        for group in glossary.forms:
            self._join(self._plain_stem(group[0]), [self._plain_stem(word) for word in group[1:]])
        self.listed = {word for pair in glossary.spellings for word in pair if "-" not in word}
        self.listed |= {word for group in glossary.forms for word in group}
        phrases += [term.spellings for term in glossary.terms]
        # First stem -> (a spelling's stems, its group), longest first: how a text's terms are found.
        self._starting: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self._groups: list[list[tuple[tuple[str, ...], str]]] = []
        for spellings in phrases:
            stemmed = [(tuple(self.stems(searchterms.words(s))), s) for s in spellings]
            for stems, _ in stemmed:
                if stems:
                    self._starting.setdefault(stems[0], []).append((stems, len(self._groups)))
            self._groups.append(stemmed)
        for candidates in self._starting.values():
            candidates.sort(key=lambda candidate: -len(candidate[0]))

    @property
    def phrases(self) -> list[list[str]]:
        """Groups of spellings: a text writing one of a group is also found by the others."""
        return [[text for _, text in group] for group in self._groups]

    def _join(self, target: str, others: list[str]) -> None:
        for other in others:
            if other != target:
                self.canonical[other] = target

    def british(self, word: str) -> str:
        """The word with an American ending spelled as the British one ("organized" -> "organised")."""
        for american, british in self._to_british:
            if word.endswith(american) and len(word) - len(american) >= MIN_STEM:
                return word[: -len(american)] + british
        return word

    def other_spelling(self, word: str) -> str:
        """The word with its ending in the other spelling, or the word itself when it has neither."""
        changed = self.british(word)
        if changed != word:
            return changed
        for british, american in self._to_american:
            if word.endswith(british) and len(word) - len(british) >= MIN_STEM:
                return word[: -len(british)] + american
        return word

    def _plain_stem(self, word: str) -> str:
        return searchterms.stem(self.british(word))

    def stem(self, word: str) -> str:
        """The one stem of every spelling and form of a folded, lower-case word."""
        found = self._cache.get(word)
        if found is None:
            plain = self._plain_stem(word)
            found = self._cache[word] = self.canonical.get(plain, plain)
        return found

    def stems(self, found: Iterable[str]) -> list[str]:
        return [self.stem(word) for word in found]

    def also(self, stems: list[str]) -> Iterator[str]:
        """The other spellings of every glossary term the stems write: the words a text is also found by."""
        written: dict[int, set[tuple[str, ...]]] = {}
        at = 0
        while at < len(stems):
            for spelling, group in self._starting.get(stems[at], ()):
                if tuple(stems[at:at + len(spelling)]) == spelling:
                    written.setdefault(group, set()).add(spelling)
                    break
            at += 1
        for group, seen in written.items():
            for spelling, text in self._groups[group]:
                if spelling not in seen:
                    seen.add(spelling)
                    yield text

    def variants(self, held: Iterable[str]) -> dict[str, str]:
        """Words no record writes that a query may use -> their stem: the other spelling of each held
        word, and every word the glossary lists. Written into the index's word -> stem map only."""
        out: dict[str, str] = {}
        for word in held:
            other = self.other_spelling(word)
            if other != word:
                out[other] = self.stem(word)
        for word in sorted(self.listed):  # a set: sorted, or the index differs from one build to the next
            out[word] = self.stem(word)
        return out
