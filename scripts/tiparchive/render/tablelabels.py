"""A Markdown extension that gives every table cell its column's heading as `data-label`.

On a phone a table becomes stacked rows (docs/assets/archive.css), each cell shown under the
name of its column. The name is written into the HTML here, at build time, so the stacked
layout needs no script. Listed under `markdown_extensions` in mkdocs.yml, so it runs for
every builder that reads that file, on hand-written pages as on generated ones.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# Python-Markdown keeps character references and raw HTML aside while it works, leaving this
# placeholder in the text; a label must read as the reader sees the heading.
_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")
_SPACE = re.compile(r"\s+")


class _Labels(Treeprocessor):  # type: ignore[misc]  # Python-Markdown ships no types
    def _label(self, heading: etree.Element) -> str:
        stash = self.md.htmlStash.rawHtmlBlocks

        def restore(match: re.Match[str]) -> str:
            index = int(match.group(1))
            raw = stash[index] if index < len(stash) else ""
            return html.unescape(re.sub(r"<[^>]*>", "", str(raw)))

        return _SPACE.sub(" ", _STASHED.sub(restore, "".join(heading.itertext()))).strip()

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            head = table.find("thead")
            body = table.find("tbody")
            if head is None or body is None:
                continue
            labels = [self._label(cell) for cell in head.iter("th")]
            for row in body.iter("tr"):
                for cell, label in zip(row.findall("td"), labels, strict=False):
                    if label:
                        # Python-Markdown's serializer leaves '&' alone where it starts an entity, so a
                        # heading reading "&amp;" would show as "&": every '&' is escaped here first.
                        cell.set("data-label", label.replace("&", "&amp;"))


class TableLabels(Extension):  # type: ignore[misc]  # as above
    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (priority 20), which turn a heading's Markdown into text.
        md.treeprocessors.register(_Labels(md), "tiparchive_table_labels", 5)


def makeExtension(**kwargs: object) -> TableLabels:  # the name Python-Markdown looks up
    return TableLabels(**kwargs)
