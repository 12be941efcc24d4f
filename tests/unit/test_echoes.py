"""echoes: similar items across meetings, found from the real records' texts."""

from __future__ import annotations

import dataclasses
import itertools
import os
from pathlib import Path

import pytest

from tiparchive.archive import echoes
from tiparchive.archive.echoes import Echoes, Tokeniser, sentences, weigh
from tiparchive.archive.indexes import Archive, Mention

BELGRADE = "2004-03-23-belgrade-sptf-6th-meeting"
VIENNA_2005 = "2005-10-24-vienna-joint-bali-budapest-meeting"
BALI = "2012-05-28-bali-bali-process-tip-workshop"
VIENNA_2015 = "2015-07-06-vienna-osce-alliance-15th-conference"
BUDAPEST = "2022-10-20-budapest-budapest-process-tip-conference"

# Pairs a reader agrees say the same thing, one per idea the issue names.
ECHOES = [
    # victim-centred approach: "Ensuring a victim-centered approach during investigations and
    # prosecutions ... remains an ongoing priority" / "pursue a comprehensive and victim-centred approach"
    ((BALI, "para-14"), (VIENNA_2015, "opening-1")),
    # forced labour: "syndicates that exploit victims for forced labour ... foreign employment" /
    # "Cooperation of LEAs with private enterprises (e.g. employers) ... identification of forced labour"
    ((BALI, "para-14"), (BUDAPEST, "panel-3-5")),
    # child victims: "identification of children in reception centres ... unaccompanied minors ...
    # among asylum seekers" / "VoTs are also identified in reception centres for asylum seekers, especially minors"
    ((VIENNA_2015, "panel-3-4"), (BUDAPEST, "panel-2-3")),
]

# Pairs that share a word or two and nothing else.
NOT_ECHOES = [
    # "Systematically collect data on child trafficking" / "Systematic capacity building of officials"
    ((BELGRADE, "sofia-2"), (BUDAPEST, "panel-1-2")),
    # "The SPTF Media Program." / "... requires the cooperation of social media companies"
    ((BELGRADE, "next-step-12"), (BUDAPEST, "panel-3-8")),
    # "forced and bonded labour" / "units and task forces of LEAs": "forced" and "force" share a stem
    ((BELGRADE, "forced-labour-2"), (BUDAPEST, "panel-3-10")),
    # "Crafting with NATO the development of its anti-trafficking policy" / migration policy measures
    ((BELGRADE, "next-step-11"), (VIENNA_2005, "para-13")),
]


@pytest.fixture(scope="module")
def found(archive: Archive) -> Echoes:
    return Echoes(archive)


def _mention(archive: Archive, meeting_id: str, item_id: str) -> Mention:
    return next(m for m in archive.items if m.meeting.id == meeting_id and m.item.id == item_id)


def _echoed(found: Echoes, archive: Archive, one: tuple[str, str], other: tuple[str, str]) -> bool:
    """Whether either item lists the other among its echoes."""
    first, second = _mention(archive, *one), _mention(archive, *other)
    return (any(e.mention == second for e in found.of(first))
            or any(e.mention == first for e in found.of(second)))


@pytest.mark.parametrize(("one", "other"), ECHOES)
def test_pairs_a_reader_agrees_on_are_echoes(found: Echoes, archive: Archive, one: tuple[str, str],
                                             other: tuple[str, str]) -> None:
    assert _echoed(found, archive, one, other)


@pytest.mark.parametrize(("one", "other"), NOT_ECHOES)
def test_pairs_sharing_only_a_word_are_not_echoes(found: Echoes, archive: Archive, one: tuple[str, str],
                                                  other: tuple[str, str]) -> None:
    assert not _echoed(found, archive, one, other)


def test_never_an_echo_from_the_same_meeting(found: Echoes) -> None:
    for mention in found.mentions:
        assert all(e.mention.meeting.id != mention.meeting.id for e in found.of(mention))


def test_echoes_are_few_strong_and_best_first(found: Echoes) -> None:
    lists = [found.of(mention) for mention in found.mentions]
    assert any(lists)
    for listed in lists:
        scores = [e.similarity for e in listed]
        assert len(listed) <= echoes.MAX_ECHOES
        assert scores == sorted(scores, reverse=True)
        assert all(echoes.MIN_SIMILARITY <= s <= 1.0001 for s in scores)
        assert len({(e.mention.meeting.id, e.mention.item.id) for e in listed}) == len(listed)


def test_two_runs_give_the_same_echoes(archive: Archive, found: Echoes) -> None:
    again = Echoes(archive)
    assert [again.of(m) for m in again.mentions] == [found.of(m) for m in found.mentions]
    themes = list(archive.vocabularies.themes)
    assert [again.threads(t) for t in themes] == [found.threads(t) for t in themes]


def test_scoring_on_two_cores_gives_what_one_pass_gives(archive: Archive, found: Echoes,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(echoes, "PARALLEL_FROM", 0)
    monkeypatch.setattr(echoes.threading, "active_count", lambda: 1)  # as in `tiparchive build`
    children = []
    real_fork = echoes.os.fork

    def counted_fork() -> int:
        child = real_fork()
        children.append(child)
        return child

    monkeypatch.setattr(echoes.os, "fork", counted_fork)
    forked = Echoes(archive)
    assert len(children) == 1 or not hasattr(os, "fork")
    assert [forked.of(m) for m in forked.mentions] == [found.of(m) for m in found.mentions]


def test_a_failed_child_leaves_its_half_to_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    parent = os.getpid()
    monkeypatch.setattr(echoes, "PARALLEL_FROM", 0)
    monkeypatch.setattr(echoes.threading, "active_count", lambda: 1)
    monkeypatch.setattr(echoes.os, "cpu_count", lambda: 2)

    def work(half: range) -> list[int]:
        if os.getpid() != parent:
            raise MemoryError  # the child dies without a result
        return list(half)

    assert echoes._on_two_cores(work, 5) == [[0, 1], [2, 3, 4]]


def test_no_fork_beside_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(echoes, "PARALLEL_FROM", 0)
    monkeypatch.setattr(echoes.threading, "active_count", lambda: 2)  # `mkdocs serve`'s server thread

    def refuse() -> int:
        raise AssertionError("forked beside a thread")

    monkeypatch.setattr(echoes.os, "fork", refuse)
    assert echoes._on_two_cores(lambda half: list(half), 4) == [[0, 1], [2, 3]]


def test_the_index_finds_what_comparing_every_pair_finds(found: Echoes, archive: Archive) -> None:
    """The pruned index against the quadratic comparison it replaces, on the real records."""
    tokenise = Tokeniser()
    texts, owners = [], []
    for position, mention in enumerate(found.mentions):
        for sentence in sentences(mention.item.text):
            texts.append(tokenise.terms(sentence))
            owners.append(position)
    vectors = weigh(texts)
    best: dict[int, dict[int, float]] = {}
    for (p, a), (q, b) in itertools.permutations(enumerate(vectors), 2):
        one, two = owners[p], owners[q]
        if found.mentions[one].meeting.id == found.mentions[two].meeting.id:
            continue
        score = echoes._evidence(a, b)
        if score >= echoes.MIN_SIMILARITY and score > best.setdefault(one, {}).get(two, 0.0):
            best[one][two] = score
    exact = {(one, two) for one, others in best.items()
             for two, _ in sorted(others.items(), key=lambda p: (-p[1], p[0]))[:echoes.MAX_ECHOES]}
    indexed = {(one, found.mentions.index(e.mention)) for one, m in enumerate(found.mentions) for e in found.of(m)}
    assert len(exact) > 50
    assert indexed <= {(one, two) for one, others in best.items() for two in others}  # nothing invented
    assert len(exact & indexed) >= 0.95 * len(exact), f"found {len(exact & indexed)} of {len(exact)}"


def test_copies_of_a_meeting_echo_each_other(archive: Archive) -> None:
    """Whatever the index prunes, an item repeated word for word at other meetings is found there."""
    model = archive.meetings[-1]
    copies = [dataclasses.replace(model, id=f"{model.id}-copy-{n}") for n in range(3)]
    found = Echoes(Archive([*archive.meetings, *copies], archive.vocabularies))
    item = next(i for i in model.items if len(i.text.split()) > 12)
    listed = found.of(Mention(copies[0], item))
    assert {e.mention.meeting.id for e in listed} >= {model.id, copies[1].id, copies[2].id}
    assert all(e.similarity > 0.99 for e in listed)


def test_threads_stay_on_their_theme_and_run_oldest_first(found: Echoes, archive: Archive) -> None:
    threads = {theme: found.threads(theme) for theme in archive.vocabularies.themes}
    assert any(threads.values())
    for theme, listed in threads.items():
        for thread in listed:
            assert len(thread.mentions) >= 2 and thread.label
            assert all(any(t.id == theme for t in m.item.themes) for m in thread.mentions)
            starts = [m.meeting.start for m in thread.mentions]
            assert starts == sorted(starts)
            assert len({m.meeting.id for m in thread.mentions}) >= 2


def test_child_victims_in_reception_centres_are_a_thread(found: Echoes) -> None:
    thread = found.threads("child-trafficking")[0]
    assert [(m.meeting.id, m.item.id) for m in thread.mentions] == [(VIENNA_2015, "panel-3-4"),
                                                                    (BUDAPEST, "panel-2-3")]
    assert thread.label == "reception centres"


def test_a_thread_is_named_by_the_rarest_wording_two_items_share(found: Echoes, archive: Archive) -> None:
    """Word for word as the older item writes it, never cut on a function word or a name."""
    labels = {thread.label for theme in archive.vocabularies.themes for thread in found.threads(theme)}
    assert "countries of origin, transit and destination" in labels  # not "trafficking in persons"
    assert "trafficking in human beings" in labels or "mixed flows" in labels
    for theme in archive.vocabularies.themes:
        for thread in found.threads(theme):
            texts = [m.item.text for m in thread.mentions]
            shared = sum(1 for text in texts if thread.label.casefold() in text.casefold())
            opening = texts[0].startswith(thread.label.removesuffix(" …"))
            assert shared >= 2 or opening, (theme, thread.label)
            first, last = thread.label.split()[0], thread.label.removesuffix(" …").split()[-1]
            assert opening or (first.casefold() not in echoes.FUNCTION_WORDS
                               and last.casefold() not in echoes.FUNCTION_WORDS), thread.label


def test_the_echo_tier_is_the_stricter_bar(found: Echoes) -> None:
    tiers = [e.tier for m in found.mentions for e in found.of(m)]
    assert set(tiers) == {echoes.ECHO, echoes.RELATED}
    for mention in found.mentions:
        for echo in found.of(mention):
            if echo.tier == echoes.ECHO:
                assert echo.similarity >= echoes.ECHO_SIMILARITY


def test_echoes_of_the_same_point_and_related_subjects(found: Echoes, archive: Archive) -> None:
    """One pair of each tier a reader judged (tests/echoes/judged.yml has them all)."""
    children = _mention(archive, VIENNA_2015, "panel-3-4")
    echo = next(e for e in found.of(children) if e.mention.item.id == "panel-2-3")
    assert echo.tier == echoes.ECHO
    labour = _mention(archive, BALI, "para-14")
    related = next(e for e in found.of(labour) if e.mention.item.id == "panel-3-5")
    assert related.tier == echoes.RELATED


def test_an_echo_quotes_the_closest_sentence_with_the_shared_words_marked(found: Echoes, archive: Archive) -> None:
    children = _mention(archive, VIENNA_2015, "panel-3-4")
    echo = next(e for e in found.of(children) if e.mention.item.id == "panel-2-3")
    assert [text for text, on in echo.quote if on] == ["reception centres for asylum seekers", "minors"]
    assert "".join(text for text, _ in echo.quote).strip("… ") in echo.mention.item.text
    for mention in found.mentions:
        for listed in found.of(mention):
            assert any(on for _, on in listed.quote)
            quoted = "".join(text for text, _ in listed.quote).removeprefix("… ").removesuffix(" …")
            assert quoted in listed.mention.item.text


def test_a_quote_keeps_some_context_around_the_shared_words() -> None:
    tokenise = Tokeniser()
    sentence = ("One two three four five six seven eight nine reception centres ten eleven twelve thirteen "
                "fourteen fifteen sixteen seventeen.")
    shared = set(tokenise.stems("reception centres"))
    quote = echoes._quote(sentence, tokenise.words(sentence), shared)
    assert quote == (("… ", False), ("four five six seven eight nine ", False), ("reception centres", True),
                     (" ten eleven twelve thirteen fourteen fifteen", False), (" …", False))


def test_names_are_not_evidence() -> None:
    """A body's name shared is not the same point made: capitalised words past the first are left out."""
    assert Tokeniser().terms("The OSCE Special Representative will serve the Bali Process countries") == [
        "serv", "countri", "serv countri"]
    assert Tokeniser().stems("The OSCE Special Representative") == ["osc", "special", "repres"]


def test_abbreviations_and_titles_do_not_end_a_sentence() -> None:
    assert sentences("Cooperation with enterprises (e.g. employers) matters. The workshop was opened by "
                     "H.E. Hasan Kleib. Dr. Akapin spoke.") == [
        "Cooperation with enterprises (e.g. employers) matters.",
        "The workshop was opened by H.E. Hasan Kleib.", "Dr. Akapin spoke."]


@pytest.mark.parametrize(("one", "other"), [
    ("labour exploitation", "labor exploitation"),
    ("victim-centred approach", "victim-centered approach"),
    ("organised crime organisations", "organized crime organizations"),
    ("co-operation", "cooperation"),
    ("trafficked children", "trafficking child"),
    ("Ministries of the Interior's", "ministry interior"),
])
def test_spellings_and_forms_meet(one: str, other: str) -> None:
    tokenise = Tokeniser()
    assert tokenise.stems(one) == tokenise.stems(other)


def test_stop_words_and_report_verbs_carry_nothing() -> None:
    assert Tokeniser().stems("It was highlighted that the States should also strengthen the") == ["state"]


def test_pairs_of_neighbouring_words_are_terms() -> None:
    assert Tokeniser().terms("forced labour") == ["forc", "labor", "forc labor"]


def test_sentences_split_at_full_stops_and_semicolons() -> None:
    assert sentences("One thing. Another; a third? Yes") == ["One thing.", "Another;", "a third?", "Yes"]


def _all(found: Echoes, archive: Archive) -> tuple[list[tuple[echoes.Echo, ...]], list[list[echoes.Thread]]]:
    return [found.of(m) for m in found.mentions], [found.threads(t) for t in archive.vocabularies.themes]


def _scoring_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("scored although the cache held every score")

    monkeypatch.setattr(echoes, "similar", refuse)
    monkeypatch.setattr(echoes, "weigh", refuse)


def test_an_unchanged_archive_reads_every_score_from_the_cache(archive: Archive, found: Echoes, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    first = Echoes(archive, cache=tmp_path)
    expected = _all(first, archive)
    first.store()
    assert expected == _all(found, archive)  # the cache changes no echo, quote, thread or label
    _scoring_forbidden(monkeypatch)
    again = Echoes(archive, cache=tmp_path)
    assert _all(again, archive) == expected


def _with_text(archive: Archive, meeting_id: str, item_id: str, text: str) -> Archive:
    meetings = [dataclasses.replace(m, items=tuple(dataclasses.replace(i, text=text) if i.id == item_id else i
                                                   for i in m.items)) if m.id == meeting_id else m
                for m in archive.meetings]
    return Archive(meetings, archive.vocabularies)


def test_a_changed_text_or_scorer_recomputes(archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Echoes(archive, cache=tmp_path).store()
    (kept,) = tmp_path.iterdir()
    edited = _with_text(archive, BALI, "para-14", "Guardians for unaccompanied minors in reception centres.")
    assert echoes.EchoCache(tmp_path, tuple(edited.items)).load() is None
    Echoes(edited, cache=tmp_path).store()
    assert [path.name for path in tmp_path.iterdir()] != [kept.name]  # only the newest scores are kept
    assert len(list(tmp_path.iterdir())) == 1
    assert echoes.EchoCache(tmp_path, tuple(edited.items)).load() is not None
    monkeypatch.setattr(echoes, "_scorer_version", lambda: "a changed scorer")
    assert echoes.EchoCache(tmp_path, tuple(edited.items)).load() is None


def test_an_unreadable_cache_is_a_miss(archive: Archive, found: Echoes, tmp_path: Path) -> None:
    Echoes(archive, cache=tmp_path).store()
    (stored,) = tmp_path.iterdir()
    stored.write_text('{"similar": {"0": [[1, "x"', encoding="utf-8")
    assert _all(Echoes(archive, cache=tmp_path), archive) == _all(found, archive)
