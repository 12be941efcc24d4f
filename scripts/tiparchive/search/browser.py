"""The browser half of the search: the scripts that read the index, published with the site.

They live beside their Python twins (`terms.py` holds the rules `search-index.js` repeats,
`index.py` writes the files it reads), so a change to one is made next to the other.
"""

from __future__ import annotations

from pathlib import Path

from tiparchive import urls

HERE = Path(__file__).parent

#: Site path -> the script's file in this package.
SCRIPTS = {
    urls.SEARCH_ENGINE_SCRIPT: HERE / "search-index.js",
    urls.SEARCH_PAGE_SCRIPT: HERE / "search.js",
    urls.SEARCH_EXPORT_SCRIPT: HERE / "search-export.js",
}


def browser_scripts() -> dict[str, str]:
    """Docs-relative path -> text of each script the Recommendations page loads."""
    return {path: file.read_text(encoding="utf-8") for path, file in SCRIPTS.items()}
