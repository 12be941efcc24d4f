"""sourcetext: conversion markup is cleaned the same way on both sides of the verbatim check."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unit_helpers import ROOT

from tiparchive.records.sourcetext import Quotations, first_difference, normalise, paragraphs, strip_conversion_markup


@pytest.mark.parametrize(("text", "normalised"), [
    ("plain text", "plain text"),
    ("**bold** and *italic*", "bold and italic"),
    ("***both***", "both"),
    ("footnote<sup>12</sup> here", "footnote12 here"),
    ("<SUP>1</SUP>", "1"),
    ("see [the protocol](#fn1) now", "see the protocol now"),
    ("a [dead link](#) b", "a dead link b"),
    ("[**bold link**](#x)", "bold link"),
    ("a [live link](https://example.org) b", "a [live link](https://example.org) b"),
    ("# Heading\ntext", "Heading text"),
    ("### Panel 1\n\n1. First", "Panel 1 1. First"),
    ("not#a heading", "not#a heading"),
    ("line\nbreaks\n\n\nand   spaces\tand tabs", "line breaks and spaces and tabs"),
    ("  surrounding  \n", "surrounding"),
    ("", ""),
])
def test_normalise(text: str, normalised: str) -> None:
    assert normalise(text) == normalised


def test_strip_conversion_markup_keeps_line_breaks() -> None:
    assert strip_conversion_markup("## **Title**\n\n1. One<sup>a</sup>\n2. [Two](#t)\n") == (
        "Title\n\n1. Onea\n2. Two\n")


@pytest.mark.parametrize(("text", "blocks"), [
    ("one", ["one"]),
    ("one\ntwo", ["one two"]),
    ("one\n\ntwo", ["one", "two"]),
    ("one\n   \t\ntwo", ["one", "two"]),
    ("\n\n\none\n\n\n\ntwo\n\n", ["one", "two"]),
    ("intro:\n- first\n- second\n  continued\n- third",
     ["intro:", "- first", "- second continued", "- third"]),
    ("• a\n• b", ["• a", "• b"]),
    ("-not a bullet\n-either", ["-not a bullet -either"]),
    ("**Bold** heading\n\ntext with<sup>1</sup>", ["Bold heading", "text with1"]),
    ("## Heading\n\nBody", ["Heading", "Body"]),
    ("", []),
    ("   \n\n  ", []),
])
def test_paragraphs(text: str, blocks: list[str]) -> None:
    assert paragraphs(text) == blocks


def test_numbered_paragraphs_are_kept_apart() -> None:
    assert paragraphs("1. The meeting opened.\n2. The Chair spoke.\n10. It closed.") == [
        "1. The meeting opened.", "2. The Chair spoke.", "10. It closed."]


def test_every_source_keeps_its_words_in_paragraphs() -> None:
    """Splitting into paragraphs loses no word of any real source text."""
    for path in sorted((ROOT / "meetings" / "sources").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert " ".join(paragraphs(text)) == normalise(text), path.name


# -- Quotations: the same answer as searching the whole source, found through the index ----------

_WORDS = st.sampled_from(["the", "states", "agreed", "**on**", "victims", "of", "trafficking", "<sup>1</sup>",
                          "identification", "\n\n", "a", "co-operation"])


@settings(max_examples=300, deadline=None, database=None)
@given(source=st.lists(_WORDS, min_size=1, max_size=120).map(" ".join), start=st.integers(0, 400),
       length=st.integers(1, 200), extra=st.sampled_from(["", "x", " victims", "s"]))
def test_quotations_agree_with_searching_the_whole_source(source: str, start: int, length: int, extra: str) -> None:
    quotation = source[start: start + length] + extra
    assert (quotation in Quotations(source)) == (normalise(quotation) in normalise(source))


def test_a_prefix_repeated_more_often_than_the_candidates_checked_is_still_found() -> None:
    repeated = "the states agreed on the identification of victims " * (Quotations.CANDIDATES * 3)
    source = repeated + "the states agreed on the identification of victims of forced labour."
    quotations = Quotations(source)
    assert "the states agreed on the identification of victims of forced labour" in quotations
    assert "the states agreed on the identification of victims of forced marriage" not in quotations
SOURCE = """\
Chair’s Conclusions

1. **Participants** agreed that the States’ duty
to identify victims is clear.

2. Training should run from 2016–2018.
"""


@pytest.mark.parametrize(("text", "described", "line"), [
    pytest.param("Participants agreed that the States' duty to identify victims is clear.",
                 "differs at character 36 (after 'agreed that the States'): the text has \"'\" "
                 "(U+0027 APOSTROPHE), the source '’' (U+2019 RIGHT SINGLE QUOTATION MARK)", 3,
                 id="straight-for-curly-quote"),
    pytest.param("Training should run from 2016-2018.",
                 "differs at character 30 (after 'should run from 2016'): the text has '-' (U+002D "
                 "HYPHEN-MINUS), the source '–' (U+2013 EN DASH)", 6, id="hyphen-for-en-dash"),
    pytest.param("Participants agreed that the States’ duty to identify victims is clear and urgent.",
                 "differs at character 71 (after 'identify victims is clear'): the text has ' ' (U+0020 SPACE), "
                 "the source '.'", 3, id="text-goes-on"),
    pytest.param("Xarticipants agreed that the States’ duty to identify victims is clear.",
                 "differs at character 1 (its first character): the text has 'X', the source 'P'", 3,
                 id="first-character"),
    pytest.param("to identify victims is clear.", "", 0, id="occurs-across-a-line-break"),
    pytest.param("Nothing of the kind was ever said at this meeting.", "", 0, id="copied-from-elsewhere"),
])
def test_first_difference(text: str, described: str, line: int) -> None:
    difference = first_difference(text, SOURCE)
    if not described:
        assert difference is None
        return
    assert difference is not None
    assert (difference.describe(), difference.line) == (described, line)
