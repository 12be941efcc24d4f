"""Source report texts: cleaning conversion markup and checking quotations against them.

The source texts are conversions of PDF reports and carry stray markup (`**bold**`,
`<sup>`, `[link](#)` with dead targets, page-break blank lines) that is not part of the
content. Items quote the content, so both sides are compared after the same cleaning.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

_SUP = re.compile(r"</?sup>", re.IGNORECASE)
_DEAD_LINK = re.compile(r"\[([^\]]*)\]\(#[^)]*\)")
_HEADING_MARK = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_SPACE = re.compile(r"\s+")
_NUMBERED = re.compile(r"\d{1,3}\.\s")


def strip_conversion_markup(text: str) -> str:
    """The text a reader of the original document saw, line breaks kept."""
    text = _SUP.sub("", text)
    text = _DEAD_LINK.sub(r"\1", text)
    text = _HEADING_MARK.sub("", text)
    return text.replace("*", "")


def normalise(text: str) -> str:
    """The form in which quotations are compared: cleaned, with all whitespace runs as one space."""
    return _SPACE.sub(" ", strip_conversion_markup(text)).strip()


def paragraphs(text: str) -> list[str]:
    """The cleaned text as paragraphs: blocks separated by blank lines, bullets kept apart."""
    blocks: list[str] = []
    for block in re.split(r"\n[ \t]*\n", strip_conversion_markup(text)):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        current: list[str] = []
        for line in lines:
            if current and (line.startswith(("- ", "• ")) or _NUMBERED.match(line)):
                blocks.append(" ".join(current))
                current = []
            current.append(line)
        blocks.append(" ".join(current))
    return blocks


class Quotations:
    """Answers whether a text occurs word for word in one source, for many texts of one record.

    Each text is looked up first by its first characters among the places where a word of the
    source starts (an index built once, linear in the source), and checked there; only a text
    found nowhere that way is searched for in the whole source, which is also linear in it.
    """

    KEY = 24  # characters: long enough that a key is rare, short enough for most quotations
    CANDIDATES = 8  # places checked through the index before searching the whole source

    def __init__(self, source: str) -> None:
        self.text = normalise(source)
        self._starts: dict[str, list[int]] | None = None

    def _index(self) -> dict[str, list[int]]:
        if self._starts is None:
            starts: dict[str, list[int]] = {}
            text, key = self.text, self.KEY
            for position in (0, *(match.end() for match in re.finditer(" ", text))):
                starts.setdefault(text[position: position + key], []).append(position)
            self._starts = starts
        return self._starts

    def __contains__(self, quotation: str) -> bool:
        needle = normalise(quotation)
        if len(needle) >= self.KEY:
            for start in self._index().get(needle[: self.KEY], ())[: self.CANDIDATES]:
                if self.text.startswith(needle, start):
                    return True
        return needle in self.text
# Characters a reader cannot tell apart on screen, though a comparison can: a converted PDF
# writes curly quotes and dashes where an editor's keyboard writes straight ones, and back.
_LOOKALIKES = ("'‘’‚‛′ʼ`´", '"“”„‟″', "-‐‑‒–—―−", "…", " \u00a0\u2009\u202f")
SHORTEST_ANCHOR = 12  # characters of a text that must match somewhere before a passage counts as close


@dataclass(frozen=True, slots=True)
class Difference:
    """Where a quoted text first leaves the closest passage of its source."""

    position: int  # 1-based, in the text as compared (markup removed, spaces collapsed)
    context: str  # the text's words just before the difference, for the editor to find it
    quoted: str  # the text's character there ("" when the text ends first)
    found: str  # the source's character there ("" when the source ends first)
    line: int  # the source line where the closest passage starts

    def describe(self) -> str:
        where = f"after {self.context!r}" if self.context else "its first character"
        return (f"differs at character {self.position} ({where}): "
                f"the text has {_shown(self.quoted, self.found)}, the source {_shown(self.found, self.quoted)}")


def _look_alike(one: str, other: str) -> bool:
    if not one or not other:
        return False
    if unicodedata.normalize("NFKC", one) == unicodedata.normalize("NFKC", other):
        return True
    return any(one in group and other in group for group in _LOOKALIKES)


def _shown(char: str, other: str) -> str:
    if not char:
        return "nothing more"
    if _look_alike(char, other) or not char.isprintable() or char.isspace():
        return f"{char!r} (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')})"
    return repr(char)


def _lines(source: str) -> tuple[str, list[int], list[int]]:
    """The source as compared, with each compared line's start offset and raw line number."""
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    length = 0
    for number, raw in enumerate(source.splitlines(), start=1):
        line = normalise(raw)
        if not line:
            continue
        if parts:
            length += 1  # the space that joins two lines
        starts.append(length)
        numbers.append(number)
        parts.append(line)
        length += len(line)
    return " ".join(parts), starts, numbers


def _longest(text: str, haystack: str, prefix: bool) -> int:
    """The length of the longest prefix (or suffix) of `text` found in `haystack`: a binary search
    over lengths, each test one substring search, so O(n log n) in the source's size."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if (text[:middle] if prefix else text[-middle:]) in haystack:
            low = middle
        else:
            high = middle - 1
    return low


def first_difference(text: str, source: str) -> Difference | None:
    """Where `text` first differs from the passage of `source` it matches longest; None when no
    passage begins or ends like it (it was copied from elsewhere) or when it does occur."""
    quoted = normalise(text)
    compared, starts, numbers = _lines(source)
    if quoted in compared:
        return None
    # A beginning this long is trusted; a shorter one only when the end does not match better.
    enough = min(SHORTEST_ANCHOR, max(1, len(quoted) // 4))
    head = _longest(quoted, compared, prefix=True)
    tail = _longest(quoted, compared, prefix=False) if head < enough else 0
    if max(head, tail) < enough:
        return None
    if head >= enough or head >= tail:
        start = compared.find(quoted[:head])
        at, there = head, start + head
    else:
        # Only the end matches: the difference is the last character before that end.
        end = compared.find(quoted[-tail:])
        at, there = len(quoted) - tail - 1, end - 1
        start = max(0, there - at)
    line = numbers[max(0, bisect.bisect_right(starts, start) - 1)]
    words = quoted[:at].split()
    context = " ".join(words[-4:]) if words else ""
    return Difference(at + 1, context, quoted[at] if at < len(quoted) else "",
                      compared[there] if 0 <= there < len(compared) else "", line)
