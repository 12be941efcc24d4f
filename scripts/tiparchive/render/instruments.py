"""The instruments crosswalk: an index, a page per instrument and a page per provision.

Two kinds of link are kept apart on every page: items whose text *names* an instrument (found by
the archive from the instrument's aliases, word for word) and items an editor reads as
*addressing* it or one of its provisions (the record's `addresses:`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from tiparchive import urls
from tiparchive.archive.indexes import Archive, Mention
from tiparchive.records.labels import partial_date
from tiparchive.records.model import Instrument, Provision
from tiparchive.render import markup
from tiparchive.render.common import LISTED_ITEMS, item_card, meeting_link, search_link

NAMED = "Names it"
ADDRESSED = "Addresses it (editors' reading)"
ABOUT_LINKS = ("An item **names** an instrument when its text does, word for word: the archive finds it "
               "from the names listed for the instrument. An item **addresses** a provision when an editor "
               "reads it as being about what the provision requires, whatever the item's date: that reading "
               "is the editors', not the report's.")


def _by_year(named: list[Mention], addressed: list[Mention]) -> list[str]:
    named_years, addressed_years = Counter(m.meeting.year for m in named), Counter(m.meeting.year for m in addressed)
    years = sorted(set(named_years) | set(addressed_years))
    if not years:
        return []
    return ["| Year | " + " | ".join(str(y) for y in years) + " |", "|---|" + "--:|" * len(years),
            "| Items naming it | " + " | ".join(str(named_years[y]) for y in years) + " |",
            "| Items addressing it | " + " | ".join(str(addressed_years[y]) for y in years) + " |", ""]


def _where(source: str, mentions: Iterable[Mention]) -> list[str]:
    """The processes and the countries taking part in the meetings whose items are linked."""
    meetings = {m.meeting.id: m.meeting for m in mentions}
    processes = Counter(p for meeting in meetings.values() for p in meeting.processes)
    countries = Counter(c.mention.country for meeting in meetings.values() for c in meeting.countries)
    if not meetings:
        return []
    lines = [f"At {markup.plural(len(meetings), 'meeting')} of "
             + ", ".join(f"{markup.link(source, urls.process(p), p.short_name)} ({n})" for p, n in processes.items())
             + "."]
    if countries:
        lines[0] += (f" Countries taking part in them ({len(countries)}): "
                     + ", ".join(f"{markup.link(source, urls.country(c), c.name)} ({n})"
                                 for c, n in sorted(countries.items(), key=lambda pair: (-pair[1], pair[0].name)))
                     + ".")
    return [*lines, ""]


def _items(source: str, title: str, anchor: str, mentions: list[Mention], none: str) -> list[str]:
    lines = [f"## {title} {{#{anchor}}}", ""]
    if not mentions:
        return [*lines, none, ""]
    lines += [f"{markup.plural(len(mentions), 'item')}, newest first.", ""]
    if len(mentions) > LISTED_ITEMS:
        lines += [f"Showing the latest {LISTED_ITEMS:,}.", "{: .tip-more }", ""]
    return lines + [item_card(source, mention) for mention in mentions[:LISTED_ITEMS]]


def _facts(instrument: Instrument) -> list[str]:
    facts = [("Full name", instrument.name), ("Kind", instrument.kind.replace("-", " ")),
             ("Adopted by", instrument.body),
             ("Adopted", partial_date(instrument.adopted) if instrument.adopted else ""),
             ("Found in item texts as", "; ".join(f"“{a}”" for a in instrument.aliases))]
    return ["| Fact | Detail |", "|---|---|",
            *(f"| {label} | {markup.text(value)} |" for label, value in facts if value), ""]


def render_instrument(archive: Archive, instrument: Instrument) -> str:
    source = urls.instrument(instrument)
    links = archive.by_instrument[instrument.id]
    body = [f"# {markup.text(instrument.short_name)}", "", *_facts(instrument),
            f"{markup.plural(len(links.named), 'item')} name it; "
            f"{markup.plural(len(links.addressed), 'item')} address it in the editors' reading. "
            f"{search_link(source, 'Search the items linked to it', {'instrument': instrument.id})}.", "",
            ABOUT_LINKS, "{: .tip-muted }", "", *_by_year(links.named, links.addressed),
            *_where(source, links.all)]
    if instrument.provisions:
        body += ["## Provisions {#provisions}", "", "| Provision | Title | Items addressing it |", "|---|---|--:|"]
        body += [f"| {markup.link(source, urls.provision(instrument, p), p.label)} | {markup.text(p.title)} | "
                 f"{len(archive.by_provision[f'{instrument.id}/{p.id}'])} |" for p in instrument.provisions]
        body.append("")
    body += _items(source, NAMED, "names", links.named, "No item's text names it.")
    body += _items(source, ADDRESSED, "addresses", links.addressed, "No item is read as addressing it yet.")
    return markup.page(instrument.short_name, "\n".join(body), description=instrument.name)


def render_provision(archive: Archive, instrument: Instrument, provision: Provision) -> str:
    source = urls.provision(instrument, provision)
    mentions = archive.by_provision[f"{instrument.id}/{provision.id}"]
    title = f"{instrument.short_name}, {provision.label}"
    body = [f"# {markup.text(title)}: {markup.text(provision.title)}", "",
            f"{markup.text(provision.label)} of the "
            f"{markup.link(source, urls.instrument(instrument), instrument.name)}.", "",
            ABOUT_LINKS, "{: .tip-muted }", "", *_by_year([], mentions), *_where(source, mentions)]
    body += _items(source, ADDRESSED, "addresses", mentions, "No item is read as addressing it yet.")
    return markup.page(title, "\n".join(body), description=f"{title}: {provision.title}")


def render_instruments_index(archive: Archive) -> str:
    source = urls.INSTRUMENTS
    lines = ["# Instruments", "",
             "The treaties, action plans, goals and declarations that the archive's items name or address, "
             "with their provisions article by article.", "", ABOUT_LINKS, "",
             "| Instrument | Adopted | Provisions | Items naming it | Items addressing it | Latest meeting |",
             "|---|---|--:|--:|--:|---|"]
    for instrument in archive.vocabularies.instruments.all:
        links = archive.by_instrument[instrument.id]
        latest = links.all[0].meeting if links.all else None
        lines.append(f"| {markup.link(source, urls.instrument(instrument), instrument.short_name)} | "
                     f"{markup.text(partial_date(instrument.adopted)) if instrument.adopted else '—'} | "
                     f"{len(instrument.provisions)} | {len(links.named)} | {len(links.addressed)} | "
                     f"{meeting_link(source, latest) if latest else '—'} |")
    return markup.page("Instruments", "\n".join(lines) + "\n")
