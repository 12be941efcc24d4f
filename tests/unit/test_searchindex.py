"""searchindex: the facet labels embedded safely in the page, and the Pagefind index written atomically."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tiparchive.renderers.search import Facets, facets_script
from tiparchive.searchindex import FOLDER, PAGES_FOLDER, write_index
from tiparchive.searchrecords import ITEM, PAGE, SearchRecord

NASTY = ["</script><script>alert(1)</script>", "<!-- x", "a & b", "</SCRIPT >", "<![CDATA[", "\u2028 \u2029",
         '"quoted"']


@pytest.mark.parametrize("label", NASTY)
def test_facets_script_cannot_end_its_element_and_decodes_to_the_same_facets(label: str) -> None:
    labels = {"theme": {"t": label}, "country": {"<x>": f"{label} again"}}
    counts = {"theme": {"t": 3}, "country": {"<x>": 1}}
    script = facets_script(Facets(labels, counts))
    assert "<" not in script and ">" not in script and "&" not in script
    assert json.loads(script) == {"labels": labels, "counts": counts}


def _record(address: str, text: str, kind: str = ITEM) -> SearchRecord:
    filters = {"theme": ["legislation"]} if kind == ITEM else {}
    return SearchRecord(url=address, content=text, meta={"title": text[:20], "text": text}, filters=filters,
                        sort={"order": address}, kind=kind)


FIRST = [_record("meetings/a/#item-1", "Victims should be identified early."),
         _record("meetings/a/", "A meeting in Portorož", PAGE)]
SECOND = [_record("meetings/b/#item-1", "States should ratify the Palermo Protocol."),
          _record("meetings/b/#item-2", "States should share data."),
          _record("meetings/c/#item-1", "Referral mechanisms work."),
          _record("countries/austria/", "Austria", PAGE)]
INDEXES = sorted([FOLDER, PAGES_FOLDER])
FOLDERS = {ITEM: FOLDER, PAGE: PAGES_FOLDER}


def _urls_by_index(records: list[SearchRecord]) -> dict[str, set[str]]:
    """The URLs each index should hold: items in one, pages in the other."""
    return {folder: {r.url for r in records if FOLDERS[r.kind] == folder} for folder in INDEXES}


def _entry(index: Path) -> dict[str, object]:
    return dict(json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8")))


def _urls(index: Path) -> set[str]:
    """The record URLs the index's fragments hold."""
    fragments = (gzip.decompress(p.read_bytes()) for p in (index / "fragment").glob("*.pf_fragment"))
    return {json.loads(data.removeprefix(b"pagefind_dcd"))["url"] for data in fragments}


def _site_urls(site: Path) -> dict[str, set[str]]:
    return {folder: _urls(site / folder) for folder in INDEXES}


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _lasting(folder: Path) -> set[str]:
    """The index's files, less the one whose name changes from run to run."""
    return {name for name in _files(folder) if not name.endswith(".pf_meta")}


def _page_count(index: Path) -> int:
    languages = _entry(index)["languages"]
    assert isinstance(languages, dict) and list(languages) == ["en"]
    return int(languages["en"]["page_count"])


def test_write_index_writes_items_and_pages_to_separate_indexes(tmp_path: Path) -> None:
    assert write_index(FIRST, tmp_path) == len(FIRST)
    assert _site_urls(tmp_path) == _urls_by_index(FIRST)
    assert _page_count(tmp_path / FOLDER) == 1
    assert _page_count(tmp_path / PAGES_FOLDER) == 1
    for folder in INDEXES:
        assert (tmp_path / folder / "pagefind.js").is_file(), folder
    assert sorted(p.name for p in tmp_path.iterdir()) == INDEXES, "something besides the indexes was left in the site"


def test_a_second_write_replaces_the_first_cleanly(tmp_path: Path) -> None:
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    site.mkdir()
    fresh.mkdir()
    write_index(FIRST, site)
    (site / "index.html").write_text("<!doctype html>", encoding="utf-8")
    assert write_index(SECOND, site) == len(SECOND)
    assert _page_count(site / FOLDER) == 3
    assert _site_urls(site) == _urls_by_index(SECOND), "records of the first index survived the second"
    write_index(SECOND, fresh)
    for folder in INDEXES:
        # The .pf_meta file's name hashes facet names in the order of a Rust hash map, which varies.
        assert _lasting(site / folder) == _lasting(fresh / folder), f"files of the first {folder} were left behind"
        assert len([f for f in _files(site / folder) if f.endswith(".pf_meta")]) == 1
    assert sorted(p.name for p in site.iterdir()) == sorted([*INDEXES, "index.html"]), "a staging folder was left"


def test_a_failed_write_leaves_the_previous_index_in_place(tmp_path: Path) -> None:
    write_index(FIRST, tmp_path)

    def contents() -> dict[str, bytes]:
        return {f"{folder}/{name}": (tmp_path / folder / name).read_bytes()
                for folder in INDEXES for name in _files(tmp_path / folder)}

    before = contents()

    def broken() -> Iterator[SearchRecord]:
        yield SECOND[0]
        raise RuntimeError("the records could not be read")

    with pytest.raises(RuntimeError, match="could not be read"):
        write_index(broken(), tmp_path)
    assert contents() == before, "a failed write changed the indexes the site already had"
    assert sorted(p.name for p in tmp_path.iterdir()) == INDEXES, "a failed write left a staging folder behind"
