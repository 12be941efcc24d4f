"""Writing record text into Markdown so that it stays text.

Record text is data, never markup. Python-Markdown and its extensions give meaning to many
characters: raw HTML, `[x](javascript:...)`, attribute lists `{: onclick=...}`, snippet
includes `--8<--`, admonitions, tables, emphasis. Every such character in record text is
written as a numeric character reference, which Markdown passes through untouched and the
browser shows as the character itself. The first character of a line is always escaped
when it is not a letter, so no text can start a block construct (lists, headings, quotes).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

from tiparchive import urls

# Characters with a meaning somewhere in Markdown, its extensions or HTML.
_SPECIAL = set("&<>\"'`*_{}[]()\\#|~^=$:!+%@")
_TABLE = {ord(ch): f"&#{ord(ch)};" for ch in _SPECIAL}
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x7f-\x9f]")


def text(value: str) -> str:
    """Inline text, safe anywhere in a Markdown line or table cell."""
    flat = _SPACE.sub(" ", value).strip()
    escaped = flat.translate(_TABLE)
    if escaped and not escaped[0].isalpha() and not escaped.startswith("&#"):
        escaped = f"&#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def run(value: str) -> str:
    """A run of text between tags in raw HTML, its spaces kept as they are: the characters `text`
    escapes, escaped alike, for a paragraph written in pieces (the source text around its passages)."""
    return value.translate(_TABLE)


def marked(parts: Iterable[tuple[str, bool]]) -> str:
    """Text in raw HTML with some stretches in `<mark>`: (text, marked?) pieces, each escaped as `text` escapes.

    Unlike `text`, a piece keeps the space at its ends: it sits between others in one line.
    """
    return "".join(f"<mark>{piece}</mark>" if on else piece
                   for piece, on in ((_SPACE.sub(" ", value).translate(_TABLE), on) for value, on in parts))


def front_matter_title(value: str) -> str:
    """A page title for front matter.

    The theme prints `page.title` unescaped in the header, the tab title and the
    navigation, so the title is HTML-escaped here once, and written as a JSON string,
    which YAML reads back verbatim.
    """
    written = json.dumps(html.escape(_SPACE.sub(" ", value).strip()), ensure_ascii=False)
    # YAML refuses raw DEL and C1 control characters even inside quotes; JSON escapes are fine.
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", written)


def page(title: str, body: str, *, description: str = "", hide: tuple[str, ...] = ()) -> str:
    """A complete Markdown page: front matter with the title, then the body.

    `hide` names parts of the theme's layout to leave out ("navigation", "toc").
    """
    meta = [f"title: {front_matter_title(title)}"]
    if description:
        meta.append(f"description: {front_matter_title(description)}")
    if hide:
        meta.append("hide: [" + ", ".join(hide) + "]")
    return "---\n" + "\n".join(meta) + "\n---\n\n" + body.rstrip() + "\n"


def link(source: str, target: str, label: str, anchor: str = "", query: str = "") -> str:
    """A Markdown link from one generated page to another, relative so MkDocs checks it."""
    relative = urls.markdown_target(source, target)
    return f"[{text(label)}]({relative}{'?' + query if query else ''}{'#' + anchor if anchor else ''})"


def plural(count: int, noun: str, nouns: str = "") -> str:
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"


def href(source: str, target: str, anchor: str = "") -> str:
    """A relative URL for raw HTML (SVG links), which MkDocs passes through without rewriting; escaped."""
    return html.escape(urls.relative_url(source, target, anchor))


def html_link(source: str, target: str, label: str, anchor: str = "") -> str:
    """A link inside a raw HTML block: `<a href="...">label</a>`, for lines made mostly of links.

    Python-Markdown passes a raw HTML block through in one piece, while each Markdown link costs
    it a pattern match and MkDocs a URL rewrite: on a meeting page, whose every item carries a
    line of theme, country and echo links, that was half of MkDocs's time. The label is escaped
    as `text` escapes it, which is valid HTML and stays inert even if Markdown ever read it.
    """
    address = f"#{html.escape(anchor)}" if target == source else href(source, target, anchor)
    return f'<a href="{address}">{text(label)}</a>'
