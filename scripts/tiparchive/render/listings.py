"""Theme, process and year listings, and the home page that leads into them."""

from __future__ import annotations

from collections import Counter

from tiparchive import urls
from tiparchive.archive.echoes import Echoes
from tiparchive.archive.indexes import Archive
from tiparchive.records.labels import date_range, item_label
from tiparchive.records.model import Process, Theme
from tiparchive.render import markup
from tiparchive.render.charts import per_year_bars
from tiparchive.render.common import (
    LISTED_ITEMS,
    LISTED_MEETINGS,
    MEETING_TABLE_HEAD,
    item_card,
    meeting_link,
    meeting_row,
    search_link,
    shown_of,
)
from tiparchive.render.maps import participation_map

LATEST = 5
EXCERPT = 24  # words of an item quoted in a thread


def _threads(source: str, theme: Theme, echoes: Echoes | None) -> list[str]:
    """Items on this theme that echo one another across meetings, each thread oldest first."""
    threads = echoes.threads(theme.id) if echoes else []
    if not threads:
        return []
    lines = ["## Threads across meetings {#threads}", "",
             "Items on this theme whose wording comes back at later meetings, found by comparing the texts, "
             "each thread named by the words two of its items share. Under each item on its meeting page, "
             "“Echo” marks the same point made again and “Related” the same subject. Oldest first.", "",
             # The quotes are indexed once, on their meeting pages, like the item cards.
             '<div class="tip-threads" markdown>', ""]
    for number, thread in enumerate(threads, start=1):
        years = sorted({m.meeting.year for m in thread.mentions})
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        lines += [f"**Thread {number}**, {span}: “{markup.text(thread.label)}”", ""]
        for mention in thread.mentions:
            meeting, item = mention.meeting, mention.item
            words = item.text.split()
            excerpt = " ".join(words[:EXCERPT]) + (" …" if len(words) > EXCERPT else "")
            lines.append(f"1. {meeting.year} · {meeting_link(source, meeting)}, "
                         f"{markup.link(source, urls.meeting(meeting), item_label(meeting, item), item.id)}: "
                         f"“{markup.text(excerpt)}”")
        lines.append("")
    return [*lines, "</div>", ""]


def render_theme(archive: Archive, theme: Theme, echoes: Echoes | None = None) -> str:
    source = urls.theme(theme)
    mentions = archive.by_theme.get(theme.id, [])
    meetings = {m.meeting.id for m in mentions}
    body = [f"# {markup.text(theme.label)}", "",
            f"{markup.text(theme.description)}", "",
            f"Part of {markup.link(source, urls.THEMES, theme.place, theme.group.id)}: "
            f"{markup.text(theme.group.description)}", "{: .tip-muted }", "",
            f"**Tagged when:** {markup.text(theme.use_when)} **Not when:** {markup.text(theme.not_when)}",
            "{: .tip-muted }", "",
            f"{markup.plural(len(mentions), 'item')} from {markup.plural(len(meetings), 'meeting')}, "
            f"newest first. {search_link(source, 'Search within this theme', {'theme': theme.id})}.", ""]
    per_year = Counter(m.meeting.year for m in mentions)
    if per_year:
        body += ['<figure class="tip-bars">', per_year_bars(archive, per_year, "item"), "</figure>", ""]
        body += ["| Year | " + " | ".join(str(y) for y in sorted(per_year)) + " |",
                 "|---|" + "--:|" * len(per_year),
                 "| Items | " + " | ".join(str(per_year[y]) for y in sorted(per_year)) + " |", ""]
    body += _threads(source, theme, echoes)
    body += shown_of(source, LISTED_ITEMS, len(mentions), "item", {"theme": theme.id})
    current = None
    for mention in mentions[:LISTED_ITEMS]:
        if mention.meeting.id != current:
            current = mention.meeting.id
            meeting = mention.meeting
            body += [f"## {markup.text(meeting.name)}, {meeting.year} {{#{meeting.id}}}", "",
                     f"{meeting_link(source, meeting)} · {markup.text(date_range(meeting.start, meeting.end))}",
                     ""]
        body.append(item_card(source, mention))
    return markup.page(theme.label, "\n".join(body), description=theme.description)


def render_themes_index(archive: Archive) -> str:
    source = urls.THEMES
    lines = ["# Themes", "",
             "Every item in the archive is tagged with themes from a controlled vocabulary of three facets: "
             "the measures it is about, grouped under the field's usual frame (prevention, protection, "
             "prosecution and partnership), the forms of exploitation and the groups of people. "
             f"{markup.link(source, urls.VOCABULARIES, 'The vocabulary', 'themes')} says when each theme is used "
             "and which frames it follows.", ""]
    for facet, groups in archive.vocabularies.theme_tree():
        single = len(groups) == 1 and groups[0][0].label == facet.label
        anchor = groups[0][0].id if single else facet.id
        lines += [f"## {markup.text(facet.label)} {{#{anchor}}}", "", markup.text(facet.description), ""]
        for group, themes in groups:
            if not single:
                lines += [f"### {markup.text(group.label)} {{#{group.id}}}", "", markup.text(group.description), ""]
            lines += ["| Theme | What it covers | Items |", "|---|---|--:|"]
            lines += [f"| {markup.link(source, urls.theme(theme), theme.label)} | "
                      f"{markup.text(theme.description)} | {len(archive.by_theme.get(theme.id, []))} |"
                      for theme in themes]
            lines.append("")
    return markup.page("Themes", "\n".join(lines))


def render_process(archive: Archive, process: Process) -> str:
    source = urls.process(process)
    meetings = archive.by_process.get(process.id, [])
    body = [f"# {markup.text(process.name)}", "", markup.text(process.description), ""]
    facts = [("Short name", process.short_name), ("Since", process.since), ("Region", process.region)]
    rows = [f"| {k} | {markup.text(v)} |" for k, v in facts if v]
    # Headed like the meeting page's facts: a table whose header row is empty reads as a broken one.
    body += ["| Fact | Detail |", "|---|---|", *rows, ""] if rows else []
    items = sum(len(m.items) for m in meetings)
    body += ["## Meetings {#meetings}", "",
             f"{markup.plural(len(meetings), 'meeting')} in the archive, {markup.plural(items, 'item')}; "
             "newest first.", "",
             *shown_of(source, LISTED_MEETINGS, len(meetings), "meeting", {"organiser": f"process:{process.id}"}),
             MEETING_TABLE_HEAD, *(meeting_row(source, m) for m in meetings[:LISTED_MEETINGS]), ""]
    return markup.page(process.short_name, "\n".join(body), description=process.description)


def render_processes_index(archive: Archive) -> str:
    source = urls.PROCESSES
    lines = ["# Processes and organisers", "",
             "The intergovernmental processes and fora whose meetings the archive holds.", "",
             "| Process | Region | Meetings | Latest |", "|---|---|--:|---|"]
    for process in archive.vocabularies.processes.values():
        meetings = archive.by_process.get(process.id, [])
        latest = meeting_link(source, meetings[0]) if meetings else "—"
        lines.append(f"| {markup.link(source, urls.process(process), process.name)} | "
                     f"{markup.text(process.region)} | {len(meetings)} | {latest} |")
    lines += ["", "Organisations that convened, hosted or took part in meetings are listed under "
              f"{markup.link(source, urls.ORGANISATIONS, 'Organisations')}.", ""]
    return markup.page("Processes", "\n".join(lines))


def render_meetings_index(archive: Archive) -> str:
    source = urls.MEETINGS
    first, last = archive.years
    lines = ["# Meetings by year", "",
             f"{markup.plural(len(archive.meetings), 'meeting')} from {first} to {last}. Each year has a page "
             "listing all its meetings.", "",
             "| Year | Meetings | Items |", "|---|--:|--:|"]
    for year, meetings in reversed(archive.by_year.items()):
        items = sum(len(m.items) for m in meetings)
        lines.append(f"| {markup.link(source, urls.year(year), str(year))} | {len(meetings):,} | {items:,} |")
    latest = list(reversed(archive.meetings[-LISTED_MEETINGS:]))
    lines += ["", f"## Latest {markup.plural(len(latest), 'meeting')} {{#latest}}", "", MEETING_TABLE_HEAD,
              *(meeting_row(source, m) for m in latest), ""]
    return markup.page("Meetings", "\n".join(lines))


def render_year(archive: Archive, year: int) -> str:
    """Every meeting of one year: with the meeting pages, the way to every item without JavaScript."""
    source = urls.year(year)
    meetings = archive.by_year.get(year, [])
    items = sum(len(m.items) for m in meetings)
    years = list(archive.by_year)
    index = years.index(year)
    around = [markup.link(source, urls.year(y), f"{label} {y}")
              for y, label in ((years[index - 1] if index else 0, "←"),
                               (years[index + 1] if index + 1 < len(years) else 0, "→")) if y]
    lines = [f"# Meetings in {year}", "",
             f"{markup.plural(len(meetings), 'meeting')}, {markup.plural(items, 'item')}. "
             f"{search_link(source, f'Search the items of {year}', {'from': str(year), 'to': str(year)})}.", "",
             " · ".join([*around, markup.link(source, urls.MEETINGS, "All years")]), "{: .tip-muted }", "",
             MEETING_TABLE_HEAD, *(meeting_row(source, m) for m in meetings), ""]
    return markup.page(f"Meetings in {year}", "\n".join(lines))


def render_home(archive: Archive) -> str:
    source = urls.HOME
    first, last = archive.years
    items = sum(len(m.items) for m in archive.meetings)
    counts = [
        (len(archive.meetings), "meeting", "meetings", urls.MEETINGS),
        (len(archive.countries), "country", "countries", urls.COUNTRIES),
        (len(archive.organisations), "organisation", "organisations", urls.ORGANISATIONS),
        (items, "recommendation and conclusion", "recommendations and conclusions", urls.THEMES),
    ]
    lines = [
        "# Anti-trafficking meetings archive", "",
        "What the Bali Process, the Budapest Process, the OSCE Alliance against Trafficking in Persons, "
        "the Stability Pact Task Force and their peers met about, who took part, and what they "
        "recommended, taken word for word from the meeting reports.", "",
        '<div class="tip-counts" markdown>', "",
        *(f"- **{count:,}** {markup.link(source, target, one if count == 1 else many)}"
          for count, one, many, target in counts),
        f"- **{last - first + 1}** years covered, {first}–{last}",
        "", "</div>", "",
        "## Who took part {#map}", "",
        *participation_map(archive, source, table=True),
        "## Ways in {#ways-in}", "",
        f"- **By theme**: {markup.link(source, urls.THEMES, 'prevention, protection, prosecution, partnership')}",
        f"- **By country**: {markup.link(source, urls.COUNTRIES, 'every country that took part or is named')}",
        f"- **By organiser**: {markup.link(source, urls.PROCESSES, 'processes')} and "
        f"{markup.link(source, urls.ORGANISATIONS, 'organisations')}",
        f"- **By year**: {markup.link(source, urls.MEETINGS, 'meetings by year')}",
        f"- **By keyword**: {markup.link(source, urls.SEARCH, 'search the recommendations')}, with filters "
        "for theme, country, organiser, year and kind", "",
        "## Latest meetings {#latest}", "", MEETING_TABLE_HEAD,
        *(meeting_row(source, m) for m in reversed(archive.meetings[-LATEST:])), "",
    ]
    return markup.page("Home", "\n".join(lines))
