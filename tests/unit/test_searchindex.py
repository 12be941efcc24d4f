"""searchindex: the facet labels embedded safely in the page; the sharded index read back, written atomically."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from index_reader import facet_values, read_index
from tiparchive.archive.facets import Facets
from tiparchive.render.search import facets_script
from tiparchive.search import terms as searchterms
from tiparchive.search.index import FOLDER, ITEMS, PAGES, TOP, write_index
from tiparchive.search.records import FACETS, ITEM, PAGE, SearchRecord
from tiparchive.search.terms import pair

NASTY = ["</script><script>alert(1)</script>", "<!-- x", "a & b", "</SCRIPT >", "<![CDATA[", "\u2028 \u2029",
         '"quoted"']


@pytest.mark.parametrize("label", NASTY)
def test_facets_script_cannot_end_its_element_and_decodes_to_the_same_facets(label: str) -> None:
    labels = {"theme": {"t": label}, "country": {"<x>": f"{label} again"}}
    counts = {"theme": {"t": 3}, "country": {"<x>": 1}}
    about = {"coverage": label, "site": label}
    script = facets_script(Facets(labels, counts), about)
    assert "<" not in script and ">" not in script and "&" not in script
    assert json.loads(script) == {"labels": labels, "counts": counts, "about": about}


def _record(address: str, text: str, kind: str = ITEM, meeting: str = "2010-01-01 a", position: int = 0,
            themes: tuple[str, ...] = ("legislation",)) -> SearchRecord:
    if kind != ITEM:
        return SearchRecord(url=address, content=text, meta={"title": text[:20], "what": "Meeting"}, filters={},
                            kind=kind)
    base = address.partition("#")[0]
    return SearchRecord(url=address, content=text,
                        meta={"title": text[:20], "text": text.partition("\n")[0], "label": "Item",
                              "meeting": f"Meeting {base}", "meeting_url": base, "date": meeting[:10],
                              "place": "Vienna, Austria", "themes": "; ".join(themes)},
                        filters={"theme": list(themes), "country": ["AUT"], "organiser": [f"process:{base}"],
                                 "year": [meeting[:4]], "kind": ["recommendation"],
                                 "instrument": ["un-tip-protocol"] if "Palermo" in text else []},
                        order=(meeting, position), kind=kind)


FIRST = [_record("meetings/a/#item-1", "Victims should be identified early."),
         _record("meetings/a/", "A meeting in Portorož", PAGE)]
SECOND = [_record("meetings/b/#item-1", "States should ratify the Palermo Protocol.", meeting="2012-05-01 b"),
          _record("meetings/b/#item-2", "States should share data.\nIOM", meeting="2012-05-01 b", position=1,
                  themes=("data", "legislation")),
          _record("meetings/c/#item-1", "Referral mechanisms work.", meeting="2004-03-01 c"),
          _record("countries/austria/", "Austria", PAGE)]


def _terms_of(record: SearchRecord) -> set[str]:
    return {term for line in record.content.split("\n") for term in searchterms.terms(line)}


def test_items_are_numbered_newest_meeting_first_in_report_order(tmp_path: Path) -> None:
    write_index(SECOND + FIRST, tmp_path)
    items = read_index(tmp_path / FOLDER, ITEMS)
    assert [row[0] for row in items.rows] == ["meetings/b/#item-1", "meetings/b/#item-2", "meetings/a/#item-1",
                                              "meetings/c/#item-1"]
    assert items.meetings["meetings/b/"] == ["Meeting meetings/b/", "2012-05-01", "Vienna, Austria"]
    pages = read_index(tmp_path / FOLDER, PAGES)
    assert [row[:2] for row in pages.rows] == [["countries/austria/", "Austria"],
                                               ["meetings/a/", "A meeting in Portoro"]], "pages keep their order"


def test_every_term_of_a_record_leads_back_to_it_and_to_no_other(tmp_path: Path) -> None:
    records = SECOND + FIRST
    write_index(records, tmp_path)
    for name, kind in ((ITEMS, ITEM), (PAGES, PAGE)):
        index = read_index(tmp_path / FOLDER, name)
        by_url = {r.url: r for r in records if r.kind == kind}
        wanted: dict[str, set[int]] = {}
        for ident, row in enumerate(index.rows):
            for term in _terms_of(by_url[row[0]]):
                wanted.setdefault(term, set()).add(ident)
        assert {term: t.members for term, t in index.terms.items()} == wanted
        for term, entry in index.terms.items():
            assert entry.count == len(entry.members) and 1 <= min(entry.weights.values()) <= 255
            assert searchterms.bucket(term, index.manifest["buckets"]) == index.buckets[term]


def test_a_word_is_found_by_its_stem_and_lists_its_written_forms(tmp_path: Path) -> None:
    write_index([_record("meetings/a/#i-1", "Victims and a victim in Portorož.")], tmp_path)
    index = read_index(tmp_path / FOLDER, ITEMS)
    assert index.stems["victims"] == "victim" and "victim" not in index.stems
    assert index.terms["victim"].forms == ["victim", "victims"]
    assert index.terms["portoroz"].forms == ["portoroz"], "words are folded before they are stored"
    assert pair("victim", "in") in index.terms and "and" not in index.terms, "stop words only in pairs"


def test_a_common_word_becomes_a_bitmap_with_its_best_items(tmp_path: Path) -> None:
    """Enough items that one word's list outgrows a bitmap of every item, and more than TOP hold it."""
    records = [_record(f"meetings/m{n // 20}/#i-{n}", ("trafficking " * (1 + n % 3)) + f"word{n} other{n}",
                       meeting=f"2010-01-01 m{n // 20:04d}", position=n % 20) for n in range(3 * TOP)]
    records += [_record(f"meetings/x{n}/#i", f"unrelated{n}", meeting=f"2009-01-01 x{n:05d}") for n in range(2000)]
    write_index(records, tmp_path)
    index = read_index(tmp_path / FOLDER, ITEMS)
    common = index.terms["traffick"]
    assert common.bitmap and common.count == 3 * TOP == len(common.members)
    assert len(common.weights) == TOP and set(common.weights) <= common.members
    thrice = {ident for ident, row in enumerate(index.rows) if row[2].startswith("trafficking " * 3)}
    assert len(thrice) == TOP and set(common.weights) == thrice, "the best items are the ones saying it most"


def test_facet_columns_give_each_item_its_filters(tmp_path: Path) -> None:
    write_index(SECOND + FIRST, tmp_path)
    items = read_index(tmp_path / FOLDER, ITEMS)
    by_url = {r.url: r for r in SECOND + FIRST}
    decoded = facet_values(tmp_path / FOLDER)
    assert [{k: sorted(v) for k, v in d.items()} for d in decoded] == \
        [{k: sorted(by_url[row[0]].filters[k]) for k in FACETS} for row in items.rows]


def test_write_index_writes_items_and_pages(tmp_path: Path) -> None:
    assert write_index(FIRST, tmp_path) == len(FIRST)
    assert read_index(tmp_path / FOLDER, ITEMS).manifest["documents"] == 1
    assert read_index(tmp_path / FOLDER, PAGES).manifest["documents"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [FOLDER], "something besides the index was left"


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_second_write_replaces_the_first_cleanly_and_is_deterministic(tmp_path: Path) -> None:
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    site.mkdir()
    fresh.mkdir()
    write_index(FIRST, site)
    (site / "index.html").write_text("<!doctype html>", encoding="utf-8")
    assert write_index(SECOND, site) == len(SECOND)
    write_index(SECOND, fresh)
    assert _contents(site / FOLDER) == _contents(fresh / FOLDER), "files of the first index were left behind"
    assert sorted(p.name for p in site.iterdir()) == sorted([FOLDER, "index.html"]), "a staging folder was left"


def test_a_failed_write_leaves_the_previous_index_in_place(tmp_path: Path) -> None:
    write_index(FIRST, tmp_path)
    before = _contents(tmp_path)

    def broken() -> Iterator[SearchRecord]:
        yield SECOND[0]
        raise RuntimeError("the records could not be read")

    with pytest.raises(RuntimeError, match="could not be read"):
        write_index(broken(), tmp_path)
    assert _contents(tmp_path) == before, "a failed write changed the index the site already had"
    assert sorted(p.name for p in tmp_path.iterdir()) == [FOLDER], "a failed write left a staging folder behind"
