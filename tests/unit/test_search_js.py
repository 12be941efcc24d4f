"""search-index.js under Node's own test runner (tests/js/), reading an index this package wrote.

The expectations are worked out here, from the records and with tests/index_reader.py, which
reads the files independently of both the writer and the browser: so the JavaScript is held to
what the Python side wrote for whatever archive the fixture holds.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from index_reader import ReadIndex, edit_distance, facet_values, read_files, read_index
from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.search import terms
from tiparchive.search.browser import SCRIPTS
from tiparchive.search.index import FOLDER, FORMAT, write_index
from tiparchive.search.records import SearchRecords

TESTS = Path(__file__).resolve().parent.parent / "js"
SAMPLES = ["Portorož", "Türkiye's anti-trafficking ﬁnance", "ÉTATS-UNIS 2005 & IOM/OIM", "Ⅻ ²", "—", ""]


# search-index.js tries a word no document writes without one of these endings ("trafficked" ->
# "traffick"): a typo that lands on a held word that way ("beging" -> "beg") is no typo to the engine.
ENDINGS = ("ations", "ation", "ments", "ment", "ings", "ing", "ed", "es", "s", "ly")


def _known_without_ending(typo: str, index: ReadIndex) -> bool:
    bases = [typo[: -len(e)] for e in ENDINGS if typo.endswith(e) and len(typo) - len(e) >= 3]
    return any(base in index.stems or base in index.terms for base in bases)


def _typos(folder: Path) -> list[list[object]]:
    """Words of the vocabulary with a letter dropped, each with the words it must suggest, nearest
    first, then the commoner: [typo, [[word, count, distance] ...]]."""
    vocabulary = read_files(folder)["items/words"]
    held = dict(zip(vocabulary["words"].split(" "), vocabulary["counts"], strict=True))
    long = sorted(word for word in held if len(word) >= 7 and word.isalpha())
    typos = []
    index = read_index(folder, "items")
    for word in long[:: max(1, len(long) // 12)]:
        typo = word[:3] + word[4:]
        if typo in held or _known_without_ending(typo, index):
            continue
        reach = 1 if len(typo) < 5 else 2
        near = sorted(([other, count, edit_distance(typo, other)] for other, count in held.items()
                       if abs(len(other) - len(typo)) <= reach), key=lambda n: (n[2], -n[1], n[0]))
        typos.append([typo, [n for n in near if n[2] <= reach][:5]])
    return typos


def _expected(folder: Path, records: SearchRecords) -> dict[str, object]:
    index = read_index(folder, "items")
    items = [record for record in records if record.kind == "item"]
    written = [word for record in items for word in terms.words(record.content) if word not in terms.STOP_WORDS]
    queries = {}
    for word in sorted(set(written))[:: max(1, len(set(written)) // 40)]:
        queries[word] = sorted(index.terms[index.stems.get(word, word)].members)
    phrases = []
    for record in items[:: max(1, len(items) // 8)]:
        found = terms.words(record.content.partition("\n")[0])
        pairs = [(one, two) for one, two in itertools.pairwise(found) if terms.STOP_WORDS.isdisjoint((one, two))]
        if pairs:  # two neighbouring words that are not stop words: what a quoted phrase matches
            phrases.append(" ".join(pairs[0]))
    values = facet_values(folder)
    columns = read_files(folder)["items/facets"]["facets"]
    counts = {facet: {value: sum(value in item.get(facet, set()) for item in values) for value in column["values"]}
              for facet, column in columns.items()}
    filtered = [[facet, value, [i for i, item in enumerate(values) if value in item.get(facet, set())]]
                for facet, column in columns.items() for value in column["values"][:2]]
    return {
        "script": str(SCRIPTS[urls.SEARCH_ENGINE_SCRIPT]),
        "export_script": str(SCRIPTS[urls.SEARCH_EXPORT_SCRIPT]),
        "format": FORMAT,
        "words": [[text, terms.words(text), [terms.bucket(w, 997) for w in terms.words(text)]] for text in SAMPLES],
        "queries": queries,
        "phrases": phrases,
        "documents": index.manifest["documents"],
        "counts": counts,
        "filtered": filtered,
        "rows": index.rows,
        "typos": _typos(folder),
    }


def test_the_index_reader_passes_its_node_tests(archive: Archive, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: `python3 scripts/dev.py test` installs Debian's nodejs")
    records = SearchRecords(archive)
    write_index(records, tmp_path)
    expected = tmp_path / "expected.json"
    expected.write_text(json.dumps(_expected(tmp_path / FOLDER, records)), encoding="utf-8")
    run = subprocess.run([node, "--test", "--test-reporter=tap", str(TESTS)], capture_output=True, text=True,
                         env={"TIP_INDEX": str(tmp_path / FOLDER), "TIP_EXPECTED": str(expected),
                              "TMPDIR": str(tmp_path), "PATH": ""}, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass 17" in run.stdout, run.stdout[-1000:]
