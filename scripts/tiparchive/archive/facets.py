"""What the Recommendations page offers to filter by: made by the search stage, shown by the render stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Facets:
    """What the page offers to filter by, from the same records the search index is written from."""

    labels: dict[str, dict[str, str]]  # facet -> value -> label
    counts: dict[str, dict[str, int]]  # facet -> value -> items with it
