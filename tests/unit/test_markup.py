"""markup: record text written into Markdown stays text, whatever it contains."""

from __future__ import annotations

import html
import json
import re

import markdown
import pytest
import yaml
from unit_helpers import mkdocs_markdown_extensions

from tiparchive import urls
from tiparchive.render import markup

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<div markdown="1">*x*</div>',
    "<!-- comment -->",
    "[x](javascript:alert(1))",
    "![i](x.png)",
    "<https://evil.example>",
    "[^1] and *[HTML]: abbreviation",
    '{: onclick="x" }',
    "x{#id .class}",
    '--8<-- "/etc/passwd"',
    '--8<-- "secret.txt"',
    ";--8<-- secret.txt",
    "{{ config }}",
    "{% include 'x' %}",
    "| a | b |",
    "a | b\n---|---\nc | d",
    "# heading",
    "###### small heading",
    "1. list",
    "2005. A year",
    "9) list",
    "- item",
    "* item",
    "+ item",
    "> quote",
    "!!! note",
    "??? note",
    "    indented code",
    "```\nfenced\n```",
    "~~~ fenced",
    "---",
    "===",
    "Text\n===",
    "Text\n---",
    "**bold** _it_ ~~del~~ ==mark== ^^ins^^",
    "\\*escaped\\*",
    "&amp; &lt;b&gt; &#60;",
    "a  \nb",
    "Term\n: definition",
    "http://example.com and www.example.com",
    ":smile: $$x$$ @user",
    "\u2028# after a line separator",
    "\t\ttabbed",
    "O'Brien said \"yes\"",
    "—dash first",
    "Ordinary text, with (brackets), 50% and 3:1.",
]

SECRET = "TOP-SECRET-SNIPPET-CONTENT"


@pytest.fixture(scope="module")
def site_markdown(tmp_path_factory: pytest.TempPathFactory) -> markdown.Markdown:
    """Python-Markdown as the site runs it, plus snippets, which would include files if given the chance."""
    snippets = tmp_path_factory.mktemp("snippets")
    (snippets / "secret.txt").write_text(SECRET, encoding="utf-8")
    names, configs = mkdocs_markdown_extensions()
    assert {"attr_list", "md_in_html", "tables", "toc"} <= set(names)
    configs["pymdownx.snippets"] = {"base_path": [str(snippets)], "check_paths": False}
    return markdown.Markdown(extensions=[*names, "pymdownx.snippets"], extension_configs=configs)


def render(md: markdown.Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


def tags(rendered: str) -> set[str]:
    return {name.lower() for name in re.findall(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)", rendered)}


@pytest.mark.parametrize("value", HOSTILE)
def test_text_has_no_markup_characters(value: str) -> None:
    escaped = markup.text(value)
    bare = re.sub(r"&#[0-9]+;", "", escaped)  # what is left besides numeric character references
    assert not set(bare) & set("<>[]{}|`*_\\!#~=^$:&\n\t\r"), escaped
    assert escaped[0].isalpha() or escaped.startswith("&#"), escaped


@pytest.mark.parametrize("value", HOSTILE)
def test_text_renders_as_one_paragraph_showing_the_literal_text(site_markdown: markdown.Markdown,
                                                                value: str) -> None:
    rendered = render(site_markdown, markup.text(value))
    assert tags(rendered) == {"p"}, rendered
    match = re.fullmatch(r"<p>(.*)</p>", rendered, re.DOTALL)
    assert match is not None, rendered
    assert html.unescape(match.group(1)) == " ".join(value.split())
    assert SECRET not in rendered


@pytest.mark.parametrize("value", HOSTILE)
def test_text_stays_text_in_a_table_cell_and_a_heading(site_markdown: markdown.Markdown, value: str) -> None:
    expected = " ".join(value.split())
    table = render(site_markdown, f"| A | B |\n|---|---|\n| {markup.text(value)} | end |")
    cells = re.findall(r'<td data-label="(?:A|B)">(.*?)</td>', table, re.DOTALL)
    assert [html.unescape(c) for c in cells] == [expected, "end"]
    assert tags(table) == {"table", "thead", "tbody", "tr", "th", "td"}
    heading = render(site_markdown, f"#### {markup.text(value)} {{#anchor .tip-item}}")
    match = re.fullmatch(r'<h4 class="tip-item" id="anchor">(.*?)<a class="headerlink" href="#anchor" '
                         r'title="Permanent link">&para;</a></h4>', heading, re.DOTALL)
    assert match is not None, heading
    assert html.unescape(match.group(1)) == expected


@pytest.mark.parametrize("value", HOSTILE)
def test_each_table_cell_is_labelled_with_its_column_heading_as_written(site_markdown: markdown.Markdown,
                                                                        value: str) -> None:
    """The stacked rows of the phone layout show each cell under its column's name, read from
    the data-label the build writes: the heading as the reader sees it, escaped as an attribute."""
    table = render(site_markdown, f"| {markup.text(value)} | [B](x.md) |\n|---|--:|\n| one | two |\n| three |")
    labels = re.findall(r'<td data-label="([^"]*)"', table)
    expected = " ".join(value.split())
    assert [html.unescape(label) for label in labels] == [expected, "B"] * 2, table
    assert tags(table) == {"table", "thead", "tbody", "tr", "th", "td", "a"}


@pytest.mark.parametrize(("value", "evidence"), [
    ("<script>alert(1)</script>", "script"),
    ("[x](javascript:alert(1))", "a"),
    ('--8<-- "secret.txt"', SECRET),
    ("# heading", "h1"),
    ("1. list", "ol"),
    ("| a | b |\n|---|---|", "table"),
    ('x\n{: onclick="alert(1)" }', "onclick"),
])
def test_the_render_check_would_catch_unescaped_text(site_markdown: markdown.Markdown, value: str,
                                                     evidence: str) -> None:
    """Without markup.text the same strings do become markup: the checks above are not vacuous."""
    rendered = render(site_markdown, value)
    assert evidence in tags(rendered) or evidence in rendered


@pytest.mark.parametrize(("value", "escaped"), [
    ("Plain words", "Plain words"),
    ("  spaced \n out\t", "spaced out"),
    ("a < b", "a &#60; b"),
    ("1. First", "&#49;. First"),
    ("-dash", "&#45;dash"),
    ("#x", "&#35;x"),
    ("Ä umlaut first", "Ä umlaut first"),
    ("", ""),
])
def test_text_examples(value: str, escaped: str) -> None:
    assert markup.text(value) == escaped


# -- front matter ---------------------------------------------------------------------------------------

TITLES = [
    "Plain",
    'A "quoted" <b>bold</b> & co',
    "O'Brien",
    "a: b # c",
    "- dash first",
    "{x} [y] *z*",
    "!!python/object:os.system",
    "&amp; already",
    "back\\slash",
    "  spaced\n\ttitle  ",
    "Türkiye — 2005",
    "null",
    "true",
    "~",
    "@x `y` %z",
    "bell\x07char",
    "---",
]


@pytest.mark.parametrize("title", TITLES)
def test_front_matter_title_reads_back_as_the_escaped_title(title: str) -> None:
    written = markup.front_matter_title(title)
    expected = html.escape(" ".join(title.split()))
    assert "\n" not in written
    assert json.loads(written) == expected
    assert yaml.safe_load(f"title: {written}") == {"title": expected}


@pytest.mark.parametrize("title", ["delete\x7fchar", "c1\x9fcontrol"])
def test_front_matter_title_with_control_characters(title: str) -> None:
    written = markup.front_matter_title(title)
    assert yaml.safe_load(f"title: {written}") == {"title": html.escape(title)}


def test_page_has_front_matter_then_body() -> None:
    assert markup.page("A <b> title", "# Body\n\ntext\n\n\n") == (
        '---\ntitle: "A &lt;b&gt; title"\n---\n\n# Body\n\ntext\n')
    assert markup.page("T", "body", description="It's") == (
        '---\ntitle: "T"\ndescription: "It&#x27;s"\n---\n\nbody\n')


def test_page_front_matter_is_read_by_mkdocs() -> None:
    from mkdocs.utils.meta import get_data

    body, meta = get_data(markup.page('Title: "x" <y>', "# Heading\n", description="a: b"))
    assert meta == {"title": "Title: &quot;x&quot; &lt;y&gt;", "description": "a: b"}
    assert body == "# Heading\n"


# -- links ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "label", "anchor", "link"), [
    ("meetings/x.md", "countries/austria.md", "Austria", "", "[Austria](../countries/austria.md)"),
    ("countries/index.md", "countries/austria.md", "Austria", "items", "[Austria](austria.md#items)"),
    ("index.md", "countries/index.md", "Countries", "", "[Countries](countries/index.md)"),
    ("themes/index.md", "index.md", "Home [x]", "", "[Home &#91;x&#93;](../index.md)"),
    ("meetings/a.md", "meetings/a.md", "Self", "para-1", "[Self](a.md#para-1)"),
    ("a/b/c.md", "a/d.md", "Up", "", "[Up](../d.md)"),
    ("meetings/x.md", "themes/legislation.md", "Legislation (laws)", "",
     "[Legislation &#40;laws&#41;](../themes/legislation.md)"),
])
def test_link(source: str, target: str, label: str, anchor: str, link: str) -> None:
    assert markup.link(source, target, label, anchor) == link


@pytest.mark.parametrize(("count", "noun", "nouns", "expected"), [
    (0, "item", "", "0 items"),
    (1, "item", "", "1 item"),
    (2, "item", "", "2 items"),
    (1, "country", "countries", "1 country"),
    (30, "country", "countries", "30 countries"),
    (1200, "meeting", "", "1,200 meetings"),
])
def test_plural(count: int, noun: str, nouns: str, expected: str) -> None:
    assert markup.plural(count, noun, nouns) == expected


@pytest.mark.parametrize(("target", "start"), [
    ("countries/austria.md", "meetings/2004"),
    ("countries/austria.md", ""),
    ("index.md", "countries"),
    ("", "countries/austria"),
    ("meetings/2004/x", "meetings/2004/x"),
    ("meetings/2004/x", "meetings/2004"),
    ("meetings", "meetings/2004/x"),
    ("a/b/c", "a/x/y/z"),
    ("./themes/index.md", "."),
])
def test_relative_path_agrees_with_posixpath(target: str, start: str) -> None:
    import posixpath
    assert urls.relative_path(target, start) == posixpath.relpath(target or ".", start or ".")


@pytest.mark.parametrize("value", HOSTILE)
def test_marked_text_is_text_with_only_its_marks_as_markup(site_markdown: markdown.Markdown, value: str) -> None:
    """An echo's quote: hostile words on either side of a mark, and inside it, render as themselves."""
    pieces = [(f"before {value} ", False), (value, True), (f" after {value}", False)]
    rendered = site_markdown.convert(f'<p class="tip-item__echoes">{markup.marked(pieces)}</p>')
    assert rendered.count("<mark>") == 1 and rendered.count("</mark>") == 1
    assert SECRET not in rendered
    shown = html.unescape(re.sub(r"</?(?:mark|p)[^>]*>", "", rendered))
    assert shown == "".join(re.sub(r"\s+", " ", piece) for piece, _ in pieces)  # spaces run together


def test_marked_text_keeps_the_spaces_between_its_pieces() -> None:
    assert markup.marked([("in ", False), ("reception centres", True), (" for", False)]) == \
        "in <mark>reception centres</mark> for"
