"""The "Cite" blocks of a meeting page: one for the report, a compact one under each item.

Written as raw HTML, every piece escaped with html.escape, because code blocks must show
BibTeX, JSON and RIS literally: a Markdown fence could be closed by a backtick run in record
text, and HTML parsed inside `markdown` blocks could be closed by a `</details>` in it.
`<details>` opens and closes without JavaScript and is a keyboard-operable button to
screen readers. Neither block is searchable: the item text is indexed once, at its anchor.

Each item's block holds only a short plain-text citation, which keeps a page of many items
small (measured on the largest page); the report's BibTeX, CSL-JSON and RIS are also files,
linked from the meeting's block.

A plain-text citation is selectable text that pastes as it reads; archive.js adds a "Copy
citation" button after it (a button that needs a script is only there with one). Where the
site's address is not configured the permalink is site-relative, and archive.js writes it out
in full from the page's own address, so what is copied always leads back here.
"""

from __future__ import annotations

import html

from tiparchive import urls
from tiparchive.records.model import Item, Meeting
from tiparchive.render.citation import (
    bibtex,
    compact_parts,
    csl_entry,
    item_reference,
    meeting_reference,
    plain_parts,
    ris,
)
from tiparchive.siteconfig import SiteConfig


def _e(text: str) -> str:
    """Text between tags; quotes need no escaping there, and code blocks stay readable."""
    return html.escape(text, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _citation(text: str, url: str, href: str, original: str) -> str:
    """The citation as a paragraph: its permalink and the original report's address (`original`,
    quoted in `text` as the reference's note gives it) are links."""
    before, found, after = text.partition(original) if original else (text, "", "")
    link = f'<a class="tip-cite__original" href="{_attr(urls.external(original))}">{_e(original)}</a>'
    quoted = f"{_e(before)}{link}{_e(after)}" if found else _e(text)
    return f'<p class="tip-cite__text">{quoted} <a class="tip-cite__permalink" href="{_attr(href)}">{_e(url)}</a></p>'


def _files(meeting: Meeting) -> list[str]:
    source = urls.meeting(meeting)
    return [urls.relative_url(source, urls.citations(meeting, suffix)) for suffix in ("bib", "csl.json", "ris")]


def meeting_block(meeting: Meeting, config: SiteConfig) -> list[str]:
    ref = meeting_reference(meeting, config)
    text, url = plain_parts(ref)
    bib, csl_file, ris_file = _files(meeting)
    return [
        # The id is on <summary>, not <details>: the theme names each code block after its closest
        # ancestor with an id, and two blocks named alike would copy the same text.
        '<details class="tip-cite">',
        f'<summary id="{urls.CITE_ANCHOR}">Cite this meeting</summary>',
        _citation(text, url, "./", meeting.source.url),
        '<p class="tip-cite__format">BibTeX</p>',
        f"<pre><code>{_e(bibtex(ref).rstrip())}</code></pre>",
        '<p class="tip-cite__format">CSL-JSON (Zotero, Pandoc, citeproc)</p>',
        f"<pre><code>{_e(csl_entry(ref))}</code></pre>",
        '<p class="tip-cite__format">RIS (EndNote, Mendeley, RefWorks, Zotero)</p>',
        f"<pre><code>{_e(ris(ref).replace(chr(13), '').rstrip())}</code></pre>",
        f'<p class="tip-cite__files">The report\'s reference as a file: '
        f'<a href="{_attr(bib)}">BibTeX</a> · <a href="{_attr(csl_file)}">CSL-JSON</a> · '
        f'<a href="{_attr(ris_file)}">RIS</a>.</p>',
        "</details>",
        "",
    ]


def item_block(meeting: Meeting, item: Item, config: SiteConfig) -> list[str]:
    ref = item_reference(meeting, item, config)
    text, url = compact_parts(ref)
    return [
        '<details class="tip-cite tip-cite--item">',
        f'<summary>Cite<span class="tip-visually-hidden"> {_e(ref.part)}</span></summary>',
        _citation(text, url, f"#{item.id}", meeting.source_of(item).url),
        "</details>",
        "",
    ]
