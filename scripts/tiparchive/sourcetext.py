"""Source report texts: cleaning conversion markup and checking quotations against them.

The source texts are conversions of PDF reports and carry stray markup (`**bold**`,
`<sup>`, `[link](#)` with dead targets, page-break blank lines) that is not part of the
content. Items quote the content, so both sides are compared after the same cleaning.
"""

from __future__ import annotations

import re

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
