#!/usr/bin/env python3
"""Synthetic archives for benchmarks: N meetings shaped like the real ones, the same for the same seed.

    python3 scripts/synth.py 1000 /tmp/archive-1000 [--seed 7]

The output folder is a complete project (mkdocs.yml, docs/, overrides/, vocabularies) whose
meetings/ holds N generated records and their source texts, ready for `tiparchive build`.
Every generated record passes validation. Shapes come from the real records: each synthetic
meeting copies the field sizes of one real meeting (how many countries, organisations and items),
countries and organisations are drawn with their real frequencies, each item copies the kind,
themes and named-entity counts of a real item, and its text is a word chain trained on the real
item texts, about as long as that item. Nothing generated is ever committed.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from tiparchive.archive.indexes import load_archive

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "docs", "overrides", "CONTRIBUTING.md", "pyproject.toml")
FIRST_DAY = date(2000, 1, 1)
DAYS = (date(2025, 12, 31) - FIRST_DAY).days


class _Dumper(yaml.SafeDumper):
    """Writes shared values out in full: records refuse YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


@dataclass
class Real:
    """What the generator learns from the real records."""

    meetings: list[dict[str, Any]]
    items: list[dict[str, Any]]
    countries: Counter[str]
    organisations: Counter[str]
    chain: dict[str, list[str]]
    starts: list[str]


def learn(root: Path = ROOT) -> Real:
    meetings = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((root / "meetings").glob("*.yml"))]
    items = [item for m in meetings for item in m["items"]]
    # Count by the normalised entry, so that "Turkey" and "Türkiye" are one country, not two.
    archive = load_archive(root)
    written: dict[str, str] = {}
    for m in archive.meetings:
        for c in m.countries:
            written.setdefault(c.mention.country.code, c.mention.written)
        for o in m.organisations:
            written.setdefault(o.mention.organisation.id, o.mention.written)
    countries = Counter(written[c.mention.country.code] for m in archive.meetings for c in m.countries)
    organisations = Counter(written[o.mention.organisation.id] for m in archive.meetings for o in m.organisations)
    chain: dict[str, list[str]] = defaultdict(list)
    starts = []
    for item in items:
        words = item["text"].split()
        starts.append(words[0])
        for a, b in itertools.pairwise(words):
            chain[a].append(b)
    return Real(meetings, items, countries, organisations, dict(chain), starts)


def _text(rng: random.Random, real: Real, length: int) -> str:
    words = [rng.choice(real.starts)]
    while len(words) < length:
        followers = real.chain.get(words[-1])
        words.append(rng.choice(followers) if followers else rng.choice(real.starts))
    text = " ".join(words)
    return text if text[-1] in ".;:" else text + "."


def _sample(rng: random.Random, pool: Counter[str], count: int) -> list[str]:
    names, weights = list(pool), list(pool.values())
    chosen: dict[str, None] = {}
    while len(chosen) < min(count, len(names)):
        chosen[rng.choices(names, weights)[0]] = None
    return list(chosen)


def meeting(rng: random.Random, real: Real, number: int) -> tuple[str, dict[str, Any], str]:
    """(id, record, source text) of synthetic meeting `number`."""
    template = rng.choice(real.meetings)
    start = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    end = start + timedelta(days=rng.randrange(3))
    city = template["venue"]["city"]
    ident = f"{start.isoformat()}-{city.lower()}-synthetic-{number:05d}"
    countries = _sample(rng, real.countries, len(template.get("countries", [])))
    organisations = _sample(rng, real.organisations, len(template.get("organisations", [])))
    items = []
    count = max(1, round(len(template["items"]) * rng.uniform(0.7, 1.3)))
    for index in range(count):
        shape = rng.choice(real.items)
        length = max(8, round(len(shape["text"].split()) * rng.uniform(0.7, 1.3)))
        items.append({
            "id": f"item-{index + 1}",
            "number": str(index + 1),
            "kind": shape["kind"],
            "themes": shape["themes"],
            "countries": rng.sample(countries, min(len(shape.get("countries", [])), len(countries))),
            "organisations": rng.sample(organisations, min(len(shape.get("organisations", [])), len(organisations))),
            "text": _text(rng, real, length),
        })
        if shape.get("section"):
            items[-1]["section"] = shape["section"]
    title = f"{template.get('short_title') or template['title']}, synthetic meeting {number}"
    record = {
        "id": ident,
        "title": title,
        "kind": template["kind"],
        "processes": template["processes"],
        "start": start.isoformat(),
        "end": end.isoformat(),
        "venue": {"city": city, "country": template["venue"]["country"]},
        "summary": _text(rng, real, rng.randrange(60, 130)),
        "countries": [{"name": name, "roles": ["chair", "participant"] if i == 0 else ["participant"]}
                      for i, name in enumerate(countries)],
        "organisations": [{"name": name, "roles": ["organiser"] if i == 0 else ["participant"]}
                          for i, name in enumerate(organisations)],
        "sources": [{"id": "report", "kind": template["sources"][0]["kind"], "title": f"Report of the {title}",
                     "coverage": "complete", "file": f"sources/{ident}.txt"}],
        "items": items,
    }
    source = "\n\n".join([title, *(item["text"] for item in items)]) + "\n"
    return ident, record, source


def generate(count: int, out: Path, seed: int = 7) -> Path:
    """Writes a project with `count` synthetic meetings into `out` (replaced if it exists)."""
    real = learn()
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name in COPIED:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, out / name)
        elif path.exists():
            shutil.copy2(path, out / name)
    # mkdocs.yml watches scripts/tiparchive; the plugin itself is installed, not read from here.
    (out / "scripts").symlink_to(ROOT / "scripts", target_is_directory=True)
    shutil.copytree(ROOT / "meetings" / "vocabularies", out / "meetings" / "vocabularies")
    (out / "meetings" / "sources").mkdir()
    for number in range(1, count + 1):
        ident, record, source = meeting(rng, real, number)
        text = yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        (out / "meetings" / f"{ident}.yml").write_text(re.sub(r"\r", "", text), encoding="utf-8")
        (out / "meetings" / "sources" / f"{ident}.txt").write_text(source, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.count, args.out, args.seed)
    print(f"wrote {args.count} synthetic meetings to {args.out}")


if __name__ == "__main__":
    main()
