#!/usr/bin/env python3
"""Prints how long finding echoes takes, on the real records and on synthetic archives made from them.

    .venv/bin/python scripts/bench_echoes.py [--meetings 1000 10000] [--seed 1]

A synthetic archive of N meetings repeats the real meetings with perturbed texts: about one
word in seven dropped, one in ten replaced by a word from an invented vocabulary, sentences
shuffled. It is held in memory only. Every real item then has hundreds of near-copies, the
worst case for the inverted index, whose postings fill up with them.

Figures, not assertions: speed targets live here, not in timed unit tests.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import resource
import time
from datetime import timedelta
from pathlib import Path

from tiparchive.archive.echoes import Echoes, sentences
from tiparchive.archive.indexes import Archive, load_archive
from tiparchive.records.model import Meeting

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pra", "dun", "mel", "tor", "vis", "gra"]


def invented_words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def perturb(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    parts = sentences(text)
    rng.shuffle(parts)
    words = []
    for word in " ".join(parts).split():
        roll = rng.random()
        if roll < 0.14:
            continue
        # Zipf-like: low indexes come up far more often, as real words do.
        words.append(vocabulary[int(len(vocabulary) * rng.random() ** 3)] if roll < 0.24 else word)
    return " ".join(words)


def synthetic(real: Archive, count: int, seed: int) -> Archive:
    rng = random.Random(seed)
    vocabulary = invented_words(rng, 30_000)
    meetings: list[Meeting] = []
    for number in range(count):
        model = real.meetings[number % len(real.meetings)]
        items = tuple(dataclasses.replace(item, text=perturb(item.text, rng, vocabulary)) for item in model.items)
        meetings.append(dataclasses.replace(model, id=f"{model.id}-synthetic-{number}", items=items,
                                            start=model.start + timedelta(days=number % 3000)))
    return Archive(meetings, real.vocabularies)


def measure(archive: Archive) -> tuple[float, float, int, int, int]:
    started, cpu = time.perf_counter(), time.process_time()
    echoes = Echoes(archive)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    found = [echoes.of(mention) for mention in echoes.mentions]
    return seconds, cpu, len(echoes.mentions), sum(1 for e in found if e), sum(len(e) for e in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--meetings", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    real = load_archive(ROOT)
    rows = [("real records", len(real.meetings), *measure(real))]
    for count in options.meetings:
        rows.append(("synthetic", count, *measure(synthetic(real, count, options.seed))))
    print(f"{'archive':<14}{'meetings':>9}{'items':>9}{'wall s':>9}{'CPU s':>9}{'CPU µs/item':>13}"
          f"{'with echoes':>13}{'echoes':>9}")
    for name, meetings, seconds, cpu, items, with_echoes, echoes in rows:
        print(f"{name:<14}{meetings:>9,}{items:>9,}{seconds:>9.2f}{cpu:>9.2f}{cpu / items * 1e6:>13.0f}"
              f"{with_echoes / items:>13.0%}{echoes:>9,}")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
