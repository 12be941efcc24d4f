"""searchindex: the facet labels embedded safely in the page, and the Pagefind index written atomically."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tiparchive.renderers.search import Facets, facets_script
from tiparchive.searchindex import FOLDER, write_index
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
    filters = {"type": [kind], "theme": ["legislation"]} if kind == ITEM else {"type": [kind]}
    return SearchRecord(url=address, content=text, meta={"title": text[:20], "text": text}, filters=filters,
                        sort={"order": address})


FIRST = [_record("meetings/a/#item-1", "Victims should be identified early."),
         _record("meetings/a/", "A meeting in Portorož", PAGE)]
SECOND = [_record("meetings/b/#item-1", "States should ratify the Palermo Protocol."),
          _record("meetings/b/#item-2", "States should share data."),
          _record("meetings/c/#item-1", "Referral mechanisms work.")]


def _entry(site: Path) -> dict[str, object]:
    return dict(json.loads((site / FOLDER / "pagefind-entry.json").read_text(encoding="utf-8")))


def _urls(site: Path) -> set[str]:
    """The record URLs the index's fragments hold."""
    fragments = (gzip.decompress(p.read_bytes()) for p in (site / FOLDER / "fragment").glob("*.pf_fragment"))
    return {json.loads(data.removeprefix(b"pagefind_dcd"))["url"] for data in fragments}


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _lasting(folder: Path) -> set[str]:
    """The index's files, less the one whose name changes from run to run."""
    return {name for name in _files(folder) if not name.endswith(".pf_meta")}


def _page_count(site: Path) -> int:
    languages = _entry(site)["languages"]
    assert isinstance(languages, dict) and list(languages) == ["en"]
    return int(languages["en"]["page_count"])


def test_write_index_writes_one_page_per_record(tmp_path: Path) -> None:
    assert write_index(FIRST, tmp_path) == len(FIRST)
    assert _page_count(tmp_path) == len(FIRST)
    assert _urls(tmp_path) == {r.url for r in FIRST}
    assert (tmp_path / FOLDER / "pagefind.js").is_file()
    assert [p.name for p in tmp_path.iterdir()] == [FOLDER], "something besides the index was left in the site"


def test_a_second_write_replaces_the_first_cleanly(tmp_path: Path) -> None:
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    site.mkdir()
    fresh.mkdir()
    write_index(FIRST, site)
    (site / "index.html").write_text("<!doctype html>", encoding="utf-8")
    assert write_index(SECOND, site) == len(SECOND)
    assert _page_count(site) == len(SECOND)
    assert _urls(site) == {r.url for r in SECOND}, "records of the first index survived the second"
    write_index(SECOND, fresh)
    # The .pf_meta file's name hashes facet names in the order of a Rust hash map, which varies.
    assert _lasting(site / FOLDER) == _lasting(fresh / FOLDER), "files of the first index were left behind"
    assert len([f for f in _files(site / FOLDER) if f.endswith(".pf_meta")]) == 1
    assert sorted(p.name for p in site.iterdir()) == sorted([FOLDER, "index.html"]), "a staging folder was left"


def test_a_failed_write_leaves_the_previous_index_in_place(tmp_path: Path) -> None:
    write_index(FIRST, tmp_path)
    before = {name: (tmp_path / FOLDER / name).read_bytes() for name in _files(tmp_path / FOLDER)}

    def broken() -> Iterator[SearchRecord]:
        yield SECOND[0]
        raise RuntimeError("the records could not be read")

    with pytest.raises(RuntimeError, match="could not be read"):
        write_index(broken(), tmp_path)
    after = {name: (tmp_path / FOLDER / name).read_bytes() for name in _files(tmp_path / FOLDER)}
    assert after == before, "a failed write changed the index the site already had"
    assert [p.name for p in tmp_path.iterdir()] == [FOLDER], "a failed write left a staging folder behind"
