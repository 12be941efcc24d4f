"""The Recommendations page: a keyword box and facets, filled in by assets/search.js.

The form and every facet value are in the HTML, so the page reads sensibly before the script
runs; the script only adds counts and results. Without JavaScript the page says so and leads to
the theme, country and year pages, which between them reach every item.
"""

from __future__ import annotations

import html
import json
from typing import Any

from tiparchive import urls
from tiparchive.archive.facets import Facets
from tiparchive.archive.indexes import Archive
from tiparchive.render import markup
from tiparchive.siteconfig import SiteConfig

FACET_TITLES = {"theme": "Theme", "country": "Country", "organiser": "Organiser or process", "kind": "Kind of item",
                "instrument": "Instrument named or addressed"}
TIPS = ('Words are matched in all their forms (<em>victims</em> finds <em>victim</em>) and without accents '
        '(<em>Portoroz</em> finds <em>Portorož</em>). Put a phrase in quotes: <em>"reflection period"</em>. '
        'Acronyms find full names: <em>IOM</em> finds <em>International Organization for Migration</em>.')

# Downloads of every result of the search, and its citation: shown by search.js once there are results.
EXPORT = [
    '<details class="tip-export" id="tip-export" hidden>',
    "<summary>Download or cite these results</summary>",
    '<p class="tip-export__formats">All the results, each file opening with the search, the date and the count: '
    '<button type="button" class="md-button" data-format="csv">CSV</button> '
    '<button type="button" class="md-button" data-format="json">JSON</button> '
    '<button type="button" class="md-button" data-format="bibtex">BibTeX</button> '
    '<button type="button" class="md-button" data-format="ris">RIS</button></p>',
    '<p class="tip-export__cite"><strong>Cite this search</strong> '
    '<button type="button" class="md-button" id="tip-cite-copy">Copy</button></p>',
    '<p class="tip-export__citation" id="tip-cite-search"></p>',
    "</details>",
]


def coverage(archive: Archive) -> str:
    """What the archive covers, in one sentence: said when a search finds nothing, so a reader
    knows whether the archive could hold what they looked for."""
    meetings = archive.meetings
    if not meetings:
        return "The archive holds no meetings yet."
    items = sum(len(meeting.items) for meeting in meetings)
    first, last = meetings[0].year, meetings[-1].year
    years = str(first) if first == last else f"{first} to {last}"
    processes = sorted({process.short_name for meeting in meetings for process in meeting.processes},
                       key=str.casefold)
    held = f"{markup.plural(items, 'item')} from {markup.plural(len(meetings), 'meeting')} held {years}"
    if not processes:
        return f"The archive holds {held}."
    listed = processes[0] if len(processes) == 1 else ", ".join(processes[:-1]) + " and " + processes[-1]
    return f"The archive holds {held}, of {markup.plural(len(processes), 'process', 'processes')}: {listed}."


def facets_script(facets: Facets, about: dict[str, Any] | None = None) -> str:
    """The facets (and what the page says about the archive) as JSON that is safe inside a
    <script type="application/json"> element."""
    data = json.dumps({"labels": facets.labels, "counts": facets.counts, "about": about or {}},
                      ensure_ascii=True, separators=(",", ":"))
    # "</script" or "<!--" in a label must not end the element: \u003c is still "<" to JSON.
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _checkbox(facet: str, value: str, label: str) -> str:
    ident = f"f-{facet}-{value}".replace(":", "-")
    return (f'<label class="tip-facet__value" for="{html.escape(ident)}">'
            f'<input type="checkbox" id="{html.escape(ident)}" name="{facet}" value="{html.escape(value)}"> '
            f'<span class="tip-facet__label">{html.escape(label)}</span> '
            f'<span class="tip-facet__count" aria-hidden="true"></span></label>')


def _checkboxes(facet: str, values: dict[str, str], parts: list[tuple[str, list[str]]] | None = None) -> list[str]:
    """One box that opens: its counts (and the column they are counted from) are fetched when it is
    opened. `parts` splits its values under headings of their own (the theme facets)."""
    title = html.escape(FACET_TITLES[facet])
    lines = [f'<details class="tip-facet" data-facet="{facet}">',
             f'<summary>{title} <span class="tip-facet__chosen"></span></summary>']
    for heading, ids in parts or [("", list(values))]:
        name = html.escape(heading) if heading else title
        lines.append(f'<div class="tip-facet__values" role="group" aria-label="{name}">')
        if heading:
            lines.append(f'<p class="tip-facet__part">{name}</p>')
        lines += [_checkbox(facet, value, values[value]) for value in ids if value in values]
        lines.append("</div>")
    lines.append("</details>")
    return lines


def _years(values: dict[str, str]) -> list[str]:
    years = sorted(values)
    lines = ['<fieldset class="tip-facet tip-facet--years" data-facet="year">', "<legend>Year</legend>"]
    for name, label, chosen in (("from", "From", years[0] if years else ""), ("to", "To", years[-1] if years else "")):
        options = "".join(f'<option value="{y}"{" selected" if y == chosen else ""}>{y}</option>' for y in years)
        lines.append(f'<label for="tip-{name}">{label} '
                     f'<select id="tip-{name}" name="{name}">{options}</select></label>')
    lines.append("</fieldset>")
    return lines


def render_search(archive: Archive, facets: Facets, config: SiteConfig | None = None) -> str:
    """The page, with every facet value some item has."""
    config = config or SiteConfig()
    # The cited address of a search is absolute when the site's address is configured.
    about = {"site": config.name, "root": config.url, "coverage": coverage(archive),
             "titles": {**FACET_TITLES, "year": "Years"}}
    source = urls.SEARCH
    labels = facets.labels
    fallback = (f"Searching needs JavaScript. Every item can also be reached without it: by "
                f"{markup.link(source, urls.THEMES, 'theme')}, by "
                f"{markup.link(source, urls.COUNTRIES, 'country')}, by "
                f"{markup.link(source, urls.MEETINGS, 'year')} and by "
                f"{markup.link(source, urls.PROCESSES, 'organiser')}.")
    body = [
        "# Recommendations", "",
        '<p class="tip-search__intro">Search every recommendation, conclusion, commitment, finding and next step '
        "in the archive, and narrow them by theme, country, organiser, year and kind. The address of this page "
        "keeps the search, so it can be shared, bookmarked and cited.</p>", "",
        '<div class="tip-search__fallback" id="tip-search-fallback" markdown>', "", fallback, "", "</div>", "",
        '<form class="tip-search" id="tip-search" action="./" method="get" role="search" '
        'aria-label="Search the recommendations">',
        '<div class="tip-search__box">',
        '<label for="tip-q">Keywords</label>',
        '<input id="tip-q" name="q" type="search" autocomplete="off" spellcheck="false" '
        'aria-describedby="tip-search-tips">',
        '<button type="submit" class="md-button md-button--primary">Search</button>',
        "</div>",
        f'<p class="tip-search__tips" id="tip-search-tips">{TIPS}</p>',
        # On a phone the filters wait behind this button, so the results come on the first screen;
        # search.js shows it (without JavaScript there is nothing to filter).
        '<button type="button" class="md-button tip-search__filters-toggle" id="tip-filters-toggle" '
        'aria-controls="tip-filters" aria-expanded="false" hidden>Filters (0)</button>',
        '<div class="tip-search__layout">',
        '<div class="tip-search__facets" id="tip-filters">',
        '<p class="tip-search__clear"><a href="./" id="tip-clear">Clear the search and all filters</a></p>',
        *_checkboxes("theme", labels["theme"], [
            (facet.label, [t.id for _, themes in groups for t in themes])
            for facet, groups in archive.vocabularies.theme_tree()]),
        *_years(labels["year"]),
        *_checkboxes("kind", labels["kind"]),
        *_checkboxes("organiser", labels["organiser"]),
        *_checkboxes("country", labels["country"]),
        *_checkboxes("instrument", labels["instrument"]),
        "</div>",
        '<div class="tip-search__results">',
        '<label for="tip-sort">Order</label> <select id="tip-sort" name="sort">'
        '<option value="">Best match first</option><option value="new">Newest first</option>'
        '<option value="old">Oldest first</option></select>',
        '<p class="tip-search__status" id="tip-status" role="status" aria-live="polite"></p>',
        '<div id="tip-help" class="tip-search__help" hidden></div>',
        *EXPORT,
        '<div id="tip-pages" class="tip-search__pages"></div>',
        '<ol id="tip-results" class="tip-results"></ol>',
        '<button type="button" class="md-button" id="tip-more" hidden>Show more</button>',
        "</div>",
        "</div>",
        "</form>", "",
        f'<script type="application/json" id="tip-facet-labels">{facets_script(facets, about)}</script>',
        # Classic scripts, not modules: a browser refuses modules in a copy opened from the disk.
        f'<script src="{html.escape(urls.relative_url(urls.SEARCH, urls.SEARCH_ENGINE_SCRIPT))}"></script>',
        f'<script src="{html.escape(urls.relative_url(urls.SEARCH, urls.SEARCH_EXPORT_SCRIPT))}"></script>',
        f'<script src="{html.escape(urls.relative_url(urls.SEARCH, urls.SEARCH_PAGE_SCRIPT))}"></script>', "",
    ]
    return markup.page("Recommendations", "\n".join(body),
                       description="Search and filter every recommendation in the archive.",
                       hide=("navigation", "toc"))
