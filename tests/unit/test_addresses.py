"""build: hand-written and generated pages never share an address, whichever builder keeps which."""

from __future__ import annotations

import pytest

from tiparchive.build import address_clashes


@pytest.mark.parametrize(("written", "generated", "message"), [
    (["about.md", "search/intro.md"], ["search/index.md", "meetings/x.md"], ""),
    (["search/index.md"], ["search/index.md"],
     "docs/search/index.md is generated from the records; remove the file from docs/"),
    (["search.md"], ["search/index.md"],
     "docs/search.md and the generated search/index.md would both be served at /search/: "
     "rename or move the file in docs/"),
    (["meetings/2005.md", "about.md"], ["meetings/2005/index.md"],
     "docs/meetings/2005.md and the generated meetings/2005/index.md would both be served at /meetings/2005/: "
     "rename or move the file in docs/"),
    (["feed.xml"], ["feed.xml"], "docs/feed.xml is generated from the records; remove the file from docs/"),
])
def test_two_pages_at_one_address_are_refused(written: list[str], generated: list[str], message: str) -> None:
    assert address_clashes(written, generated) == message
