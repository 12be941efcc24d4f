"""sourcetext: conversion markup is cleaned the same way on both sides of the verbatim check."""

from __future__ import annotations

import pytest
from unit_helpers import ROOT

from tiparchive.sourcetext import normalise, paragraphs, strip_conversion_markup


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
