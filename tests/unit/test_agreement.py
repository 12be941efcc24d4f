"""Agreement per facet between two taggings, on the fixture archive's vocabulary."""

from __future__ import annotations

import pytest

from tiparchive.archive.agreement import agreement
from tiparchive.records.vocabularies import Vocabularies


def test_kappa_and_positive_agreement_per_facet(vocabularies: Vocabularies) -> None:
    themes = vocabularies.themes
    measure = [t for t in themes.values() if t.facet.id == "measure"][:3]
    group = next(t for t in themes.values() if t.facet.id == "group")
    pairs = [((measure[0], group), (measure[0], group)),  # same tags
             ((measure[0],), (measure[1],)),  # one measure each, different
             ((measure[2],), (measure[2],))]
    by_facet = {a.facet.id: a for a in agreement(pairs, vocabularies.facets, themes)}
    m = by_facet["measure"]
    assert (m.items, m.both, m.first_only, m.second_only, m.same_sets) == (3, 2, 1, 1, 2)
    n = len([t for t in themes.values() if t.facet.id == "measure"]) * 3
    assert m.decisions == n and m.observed == pytest.approx((n - 2) / n)
    assert m.positive == pytest.approx(2 * 2 / (2 * 2 + 2))
    p = 3 / n  # each tagger said yes to 3 of n decisions
    chance = p * p + (1 - p) * (1 - p)
    assert m.kappa == pytest.approx((m.observed - chance) / (1 - chance))
    g = by_facet["group"]
    assert (g.kappa, g.positive, g.same_sets) == (1.0, 1.0, 3)
    # No tag in a facet from either tagger: nothing to disagree on.
    assert by_facet["exploitation"].positive == 1.0 and by_facet["exploitation"].same_sets == 3
