"""Writes the search records into a Pagefind index inside a built site.

Pagefind splits the index into small fragments, so a query downloads only the words and
results it needs instead of one file holding the whole archive; why it was chosen over the
theme's own search and over an index of our own is set out in docs/search.md. The binary comes
from the `pagefind_bin` wheel on PyPI; nothing is downloaded at build time.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from .searchrecords import SearchRecord

FOLDER = "pagefind"
LANGUAGE = "en"


async def _write(records: Iterable[SearchRecord], output: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex  # imported late: it starts a subprocess service

    count = 0
    config = IndexConfig(output_path=str(output), force_language=LANGUAGE)
    async with PagefindIndex(config=config) as index:
        for record in records:
            await index.add_custom_record(url=record.url, content=record.content, language=LANGUAGE,
                                          meta=record.meta, filters=record.filters, sort=record.sort or None)
            count += 1
    return count


def write_index(records: Iterable[SearchRecord], site_dir: Path) -> int:
    """Replace `site_dir/pagefind/` with a fresh index of `records`; returns how many were indexed."""
    output = site_dir / FOLDER
    staging = site_dir / f".{FOLDER}-new"
    shutil.rmtree(staging, ignore_errors=True)
    count = asyncio.run(_write(records, staging))
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)
    return count


def facets_script(labels: dict[str, dict[str, str]]) -> str:
    """The facet labels as JSON that is safe inside a <script type="application/json"> element."""
    data = json.dumps(labels, ensure_ascii=True, separators=(",", ":"))
    # "</script" or "<!--" in a label must not end the element: \u003c is still "<" to JSON.
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
