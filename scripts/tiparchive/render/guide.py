"""The editors' pages: the contributing guide and the vocabularies with their meanings; and the glossary."""

from __future__ import annotations

from tiparchive import urls
from tiparchive.records.model import Glossary
from tiparchive.records.vocabularies import Vocabularies
from tiparchive.render import markup


def render_guide(contributing: str) -> str:
    """CONTRIBUTING.md as a site page. It is maintained in the repository, so it is trusted Markdown."""
    return markup.page("Contributing", contributing)


def render_vocabularies(vocab: Vocabularies) -> str:
    source = urls.VOCABULARIES
    lines = ["# Vocabularies", "",
             "The controlled lists every meeting record chooses from, read from `meetings/vocabularies/`. "
             "The [JSON Schema](../schema/meeting.schema.json) for text editors is generated from the same files.",
             ""]
    lines += ["## Themes {#themes}", "",
              "Three facets, each answering its own question about an item: which measures it is about, "
              "which forms of exploitation, which groups of people. An item takes every theme it is about, "
              "of any facet; the rules are in the tagging guide, \"Choosing items, kinds and themes\" on the "
              "Contributing page.",
              "", "The vocabulary follows the frames of these documents:", ""]
    lines += [f"- {markup.text(frame.citation)} Used for: {markup.text(frame.used_for)}" for frame in vocab.frames]
    lines.append("")
    for facet, groups in vocab.theme_tree():
        lines += [f"### {markup.text(facet.label)} {{#facet-{facet.id}}}", "", markup.text(facet.description), ""]
        for group, themes in groups:
            if len(groups) > 1:
                lines += [f"#### {markup.text(group.label)} {{#group-{group.id}}}", "",
                          markup.text(group.description), ""]
            lines += ["| id | Theme | Use it for | Use when | Not when |", "|---|---|---|---|---|"]
            lines += [f"| `{t.id}` | {markup.link(source, urls.theme(t), t.label)} | {markup.text(t.description)} | "
                      f"{markup.text(t.use_when)} | {markup.text(t.not_when)} |" for t in themes]
            lines.append("")
    lines += ["## Instruments {#instruments}", "",
              "Treaties, plans, goals and declarations, from `meetings/vocabularies/instruments.yml`. An item's "
              "text names one when it contains one of the names listed; an editor adds the provisions an item "
              "addresses under its `addresses:`.", "",
              "| id | Instrument | Names found in texts | Provisions |", "|---|---|---|---|"]
    lines += [f"| `{i.id}` | {markup.link(source, urls.instrument(i), i.short_name)} | "
              f"{'; '.join(markup.text(a) for a in i.aliases) or '—'} | "
              f"{', '.join(f'`{p.id}`' for p in i.provisions) or '—'} |" for i in vocab.instruments.all]
    lines.append("")
    lines += ["## Processes {#processes}", "", "| id | Process | Region |", "|---|---|---|"]
    lines += [f"| `{p.id}` | {markup.link(source, urls.process(p), p.name)} | {markup.text(p.region)} |"
              for p in vocab.processes.values()]
    lines += ["", "## Organisations {#organisations}", "",
              "A record may write any of the spellings listed; all lead to the same organisation.", "",
              "| id | Acronym | Name | Also written as |", "|---|---|---|---|"]
    lines += [f"| `{o.id}` | {markup.text(o.acronym)} | {markup.text(o.name)} | "
              f"{'; '.join(markup.text(v) for v in o.variants) or '—'} |" for o in vocab.organisations.all]
    for title, anchor, terms in (("Kinds of meeting", "meeting-kinds", vocab.meeting_kinds),
                                 ("Kinds of item", "item-kinds", vocab.item_kinds),
                                 ("Kinds of source", "source-kinds", vocab.source_kinds),
                                 ("Roles", "roles", vocab.roles)):
        lines += ["", f"## {title} {{#{anchor}}}", "", "| id | Label | Meaning |", "|---|---|---|"]
        lines += [f"| `{t.id}` | {markup.text(t.label)} | {markup.text(t.description) or '—'} |"
                  for t in terms.values()]
    return markup.page("Vocabularies", "\n".join(lines) + "\n")


def render_glossary(glossary: Glossary) -> str:
    """The terms of the field, and the spellings and forms a search treats as one, from glossary.yml."""
    source = urls.GLOSSARY
    lines = ["# Glossary", "",
             "The terms and acronyms of the field as the reports write them, and the spellings the "
             f"{markup.link(source, urls.SEARCH, 'search')} treats as one. A search for any way of writing a "
             "term below finds the items that write it another way: `VoT` finds *victims of trafficking*, "
             "`labor` finds *labour*, `children` finds *child*. Read from `meetings/vocabularies/glossary.yml`; "
             f"{markup.link(source, urls.HOW_SEARCH_WORKS, 'How search works')} says how.", ""]
    lines += ["## Terms and acronyms {#terms}", "", "| Term | Acronym | Also written | Meaning |", "|---|---|---|---|"]
    lines += [f"| {markup.text(term.term)} | {markup.text(term.acronym) or '—'} | "
              f"{'; '.join(markup.text(also) for also in term.also) or '—'} | {markup.text(term.definition)} |"
              for term in sorted(glossary.terms, key=lambda term: term.term.casefold())]
    lines += ["", "## British and American spellings {#spellings}", "",
              "Either spelling finds both, with every form of the word (*labor* finds *labours* and *laborers*).",
              "", "| British | American |", "|---|---|"]
    lines += [f"| {markup.text(british)} | {markup.text(american)} |" for british, american in glossary.spellings]
    lines += ["", "Endings spelled either way in any word (*criminalization* finds *criminalisation*, "
              "*organized* finds *organised*):", "", "| British | American |", "|---|---|"]
    lines += [f"| -{markup.text(british)} | -{markup.text(american)} |" for british, american in glossary.endings]
    lines += ["", "## Forms of one word {#forms}", "",
              "Irregular plurals and related forms that word endings alone would keep apart; each finds the others.",
              ""]
    lines += [f"- {', '.join(markup.text(word) for word in group)}" for group in glossary.forms]
    return markup.page("Glossary", "\n".join(lines) + "\n",
                       description="Terms, acronyms and spellings of the field, as the search reads them.")
