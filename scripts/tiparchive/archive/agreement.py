"""Agreement between two taggings of the same items, per facet of the theme vocabulary.

Each (item, theme of the facet) pair is one yes/no decision of each tagger. Cohen's kappa corrects
the share of equal decisions for chance; because nearly every theme is absent from nearly every
item, it is given with positive agreement (how many of the tags either tagger gave both gave, the
Dice coefficient) and with the share of items whose tags in the facet are the same set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tiparchive.records.model import Facet, Theme


@dataclass(frozen=True, slots=True)
class Agreement:
    facet: Facet
    items: int
    decisions: int  # items x themes of the facet
    both: int  # tags both taggers gave
    first_only: int
    second_only: int
    same_sets: int  # items whose tags in this facet are identical

    @property
    def observed(self) -> float:
        return (self.decisions - self.first_only - self.second_only) / self.decisions if self.decisions else 1.0

    @property
    def kappa(self) -> float:
        if not self.decisions:
            return 1.0
        first = (self.both + self.first_only) / self.decisions
        second = (self.both + self.second_only) / self.decisions
        chance = first * second + (1 - first) * (1 - second)
        return 1.0 if chance == 1 else (self.observed - chance) / (1 - chance)

    @property
    def positive(self) -> float:
        given = 2 * self.both + self.first_only + self.second_only
        return 2 * self.both / given if given else 1.0


def agreement(pairs: Sequence[tuple[Iterable[Theme], Iterable[Theme]]], facets: Iterable[Facet],
              themes: Mapping[str, Theme]) -> list[Agreement]:
    """One Agreement per facet, over the same items tagged twice (first tagging, second tagging)."""
    results = []
    for facet in facets:
        of_facet = [t for t in themes.values() if t.facet == facet]
        both = first_only = second_only = same = 0
        for first_tags, second_tags in pairs:
            first = {t.id for t in first_tags if t.facet == facet}
            second = {t.id for t in second_tags if t.facet == facet}
            both += len(first & second)
            first_only += len(first - second)
            second_only += len(second - first)
            same += first == second
        results.append(Agreement(facet, len(pairs), len(pairs) * len(of_facet), both, first_only, second_only,
                                 same))
    return results
