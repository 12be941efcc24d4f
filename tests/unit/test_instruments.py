"""The instruments crosswalk: names found from the text, addresses read from the record, pages apart."""

from __future__ import annotations

import re

from unit_helpers import VALID_RECORD, CheckRecord, replace_line

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.sourcetext import normalise
from tiparchive.records.vocabularies import Vocabularies
from tiparchive.render import markup
from tiparchive.render.instruments import render_instrument, render_provision


def test_names_are_found_word_for_word_longest_first(vocabularies: Vocabularies) -> None:
    instruments = vocabularies.instruments
    text = ("As required by the Palermo\n Protocol and the OSCE Action Plan to Combat Trafficking in Human Beings, "
            "and again the palermo protocol; not the Palermo Protocols' cousin: Palermo Protocolx.")
    found = instruments.named_in(text)
    assert [(n.instrument.id, n.alias) for n in found] == [
        ("un-tip-protocol", "Palermo Protocol"),
        ("osce-action-plan-2003", "OSCE Action Plan to Combat Trafficking in Human Beings")]
    assert instruments.named_in("the Protocol") == ()  # too vague to name one instrument


def test_addresses_resolve_to_provisions_or_whole_instruments(vocabularies: Vocabularies) -> None:
    instruments = vocabularies.instruments
    address = instruments.resolve("un-tip-protocol/art-6")
    assert address is not None and address.provision is not None and address.key == "un-tip-protocol/art-6"
    assert instruments.resolve("sofia-declaration-2003") is not None
    assert instruments.resolve("un-tip-protocol/art-99") is None
    assert instruments.resolve("no-such-instrument") is None


def test_every_named_link_is_the_items_own_words(archive: Archive) -> None:
    """The automatic links are checked: each alias occurs in its item's text as written."""
    for mention in archive.items:
        for naming in mention.item.names:
            assert normalise(naming.alias).casefold() in normalise(mention.item.text).casefold()
            assert naming.alias in naming.instrument.aliases or naming.alias.casefold() in {
                a.casefold() for a in naming.instrument.aliases}


def test_an_instrument_page_keeps_named_and_addressed_apart(archive: Archive) -> None:
    for instrument in archive.vocabularies.instruments.all:
        links = archive.by_instrument[instrument.id]
        page = render_instrument(archive, instrument)
        named, _, addressed = page.partition("{#addresses}")
        assert named.count('<div class="tip-card"') == len(links.named)
        assert addressed.count('<div class="tip-card"') == len(links.addressed)
        for provision in instrument.provisions:
            count = len(archive.by_provision[f"{instrument.id}/{provision.id}"])
            assert re.search(rf"\| {re.escape(markup.text(provision.title))} \| {count} \|", page)
            provision_page = render_provision(archive, instrument, provision)
            assert provision_page.count('<div class="tip-card"') == count
            assert urls.instrument(instrument).rpartition("/")[2] in provision_page


def test_a_record_addresses_provisions_and_is_told_when_one_is_unknown(check_record: CheckRecord) -> None:
    good = replace_line(VALID_RECORD, "    themes: [victim-identification]\n",
                        "    themes: [victim-identification]\n"
                        "    addresses: [coe-convention/art-10, sofia-declaration-2003]\n")
    meeting = check_record(good).meeting
    assert meeting is not None
    assert [a.key for a in meeting.items[0].addresses] == ["coe-convention/art-10", "sofia-declaration-2003"]
    bad = replace_line(VALID_RECORD, "    themes: [victim-identification]\n",
                       "    themes: [victim-identification]\n    addresses: [coe-convention/art-99, untok]\n")
    problems = [(p.field, p.message, p.hint) for p in check_record(bad).problems]
    assert problems[0][:2] == ("items[0].addresses[0]", "'coe-convention' has no provision 'art-99'")
    assert problems[0][2].startswith("its provisions: art-4, art-5")
    assert problems[1][0] == "items[0].addresses[1]" and "did you mean 'untoc'?" in problems[1][2]
