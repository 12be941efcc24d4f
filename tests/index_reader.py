"""Reads a written search index back, independently of the code that wrote it, as search.js would.

Used by the unit tests of searchindex and the site tests of the built index: what a term's
postings decode to, what each document shows, and each item's facet values.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_CALL = re.compile(r'^tipSearch\.put\(("[^"]+"),(.*)\);\n$', re.DOTALL)


def read_files(folder: Path) -> dict[str, Any]:
    """File name ("items/t/3") -> the data its script hands to tipSearch.put."""
    found = {}
    for path in sorted(folder.rglob("*.js")):
        match = _CALL.match(path.read_text(encoding="utf-8"))
        assert match, f"{path}: not a single tipSearch.put(name, data) call"
        name = json.loads(match.group(1))
        assert name == path.relative_to(folder).with_suffix("").as_posix(), f"{path} says it is {name}"
        found[name] = json.loads(match.group(2))
    return found


def _varints(data: bytes, count: int) -> tuple[list[int], int]:
    numbers, at = [], 0
    for _ in range(count):
        value = shift = 0
        while True:
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        numbers.append(value)
    return numbers, at


def postings(encoded: str, count: int) -> dict[int, int]:
    """id -> weight."""
    data = base64.b64decode(encoded)
    gaps, at = _varints(data, count)
    ids = [sum(gaps[:i + 1]) for i in range(count)]
    assert len(data) == at + count, "postings hold more or fewer weights than ids"
    return dict(zip(ids, data[at:], strict=True))


@dataclass
class Term:
    count: int
    weights: dict[int, int]  # id -> weight; for a common term, its best items only
    members: set[int]  # every id holding the term
    forms: list[str]
    bitmap: bool


@dataclass
class ReadIndex:
    manifest: dict[str, Any]
    terms: dict[str, Term]
    stems: dict[str, str]  # word -> stem, where they differ
    buckets: dict[str, int]  # term or word -> the bucket file it was found in
    rows: list[list[Any]]  # what each document shows, by id
    meetings: dict[str, list[str]]  # meeting URL -> (name, date, place), items only


def read_index(folder: Path, name: str) -> ReadIndex:
    files = {key.removeprefix(f"{name}/"): data for key, data in read_files(folder).items()
             if key.startswith(f"{name}/")}
    manifest = files["manifest"]
    terms: dict[str, Term] = {}
    stems: dict[str, str] = {}
    buckets: dict[str, int] = {}
    for number in range(manifest["buckets"]):
        shard = files[f"t/{number}"]
        for word, stem in shard["w"].items():
            stems[word] = stem
            buckets[word] = number
        for term, (count, where, *forms) in shard["t"].items():
            buckets[term] = number
            bitmap = False
            if isinstance(where, str):
                weights = postings(where, count)
                members = set(weights)
            elif "list" in files[f"b/{where}"]:
                weights = postings(files[f"b/{where}"]["list"], count)
                members = set(weights)
            else:
                big = files[f"b/{where}"]
                bits = base64.b64decode(big["bits"])
                members = {i for i in range(manifest["documents"]) if bits[i >> 3] & (1 << (i & 7))}
                weights = postings(big["top"], big["n"])
                bitmap = True
            terms[term] = Term(count, weights, members, forms[0] if forms else [], bitmap)
    rows: list[list[Any]] = []
    meetings: dict[str, list[str]] = {}
    for number in range(-(-manifest["documents"] // manifest["block"])):
        block = files[f"s/{number}"]
        rows += block["i"]
        meetings.update(block.get("m", {}))
    return ReadIndex(manifest, terms, stems, buckets, rows, meetings)


def facet_values(folder: Path) -> list[dict[str, set[str]]]:
    """Each item's facet values, by id, decoded from the facet manifest and each facet's own file."""
    files = read_files(folder)
    columns = files["items/facets"]
    alphabet = columns["alphabet"]
    sizes = columns["meetings"]
    found: list[dict[str, set[str]]] = [{} for _ in range(sum(sizes))]
    for facet, column in columns["facets"].items():
        width, values = column["width"], column["values"]

        def decode(entry: str, width: int = width, values: list[str] = values) -> set[str]:
            codes = [entry[i:i + width] for i in range(0, len(entry), width)]
            return {values[sum(alphabet.index(c) * 64 ** (len(code) - 1 - p) for p, c in enumerate(code))]
                    for code in codes}

        data = files[f"items/facet/{facet}"]
        shared = data["meeting"].split(",")
        own = data["item"].split(",")
        assert len(shared) == len(sizes) and len(own) == len(found), f"{facet}: entries do not match"
        ident = 0
        for meeting, size in enumerate(sizes):
            for _ in range(size):
                found[ident][facet] = decode(shared[meeting]) | decode(own[ident])
                ident += 1
    return found


def edit_distance(a: str, b: str) -> int:
    """Edit distance counting a swap of neighbours as one edit (optimal string alignment): what
    the browser measures a typo's nearness by, written here plainly to check it against."""
    table = [[i + j if not i * j else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]
