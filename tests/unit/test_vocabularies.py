"""vocabularies: names as reports write them resolve to one entry; broken vocabulary files are reported."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pycountry
import pytest
from unit_helpers import FIXTURE

from tiparchive.records.problems import RecordsInvalid
from tiparchive.records.vocabularies import VOCABULARY_DIR, Vocabularies, load_vocabularies, slugify, split_note


@pytest.mark.parametrize(("text", "slug"), [
    ("Türkiye", "turkiye"),
    ("Côte d'Ivoire", "cote-d-ivoire"),
    ("Serbia and Montenegro", "serbia-and-montenegro"),
    ("São Tomé and Príncipe", "sao-tome-and-principe"),
    ("Lao PDR", "lao-pdr"),
    ("  --Hello  World--  ", "hello-world"),
    ("../../etc/passwd", "etc-passwd"),
    ("日本", ""),
    ("", ""),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(("written", "split"), [
    ("United Kingdom (EU Presidency)", ("United Kingdom", "EU Presidency")),
    ("Turkey", ("Turkey", "")),
    ("Austria(host)", ("Austria", "host")),
    ("A ( b )", ("A", "b")),
    ("A (b) (c)", ("A (b)", "c")),
    ("A (b", ("A (b", "")),
    ("A (b) c", ("A (b) c", "")),
])
def test_split_note(written: str, split: tuple[str, str]) -> None:
    assert split_note(written) == split


# -- countries ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "code", "name", "capacity"), [
    ("Turkey", "TUR", "Türkiye", ""),
    ("Türkiye", "TUR", "Türkiye", ""),
    ("TURKEY", "TUR", "Türkiye", ""),
    ("  Austria  ", "AUT", "Austria", ""),
    ("the Netherlands", "NLD", "Netherlands", ""),
    ("Moldova, Republic of", "MDA", "Moldova", ""),
    ("Republic of Moldova", "MDA", "Moldova", ""),
    ("Cote d'Ivoire", "CIV", "Côte d'Ivoire", ""),
    ("Côte d’Ivoire", "CIV", "Côte d'Ivoire", ""),
    ("Lao PDR", "LAO", "Lao PDR", ""),
    ("Laos", "LAO", "Lao PDR", ""),
    ("Czech Republic", "CZE", "Czechia", ""),
    ("Macedonia", "MKD", "North Macedonia", ""),
    ("UK", "GBR", "United Kingdom", ""),
    ("United Kingdom (EU Presidency)", "GBR", "United Kingdom", "EU Presidency"),
    ("Turkey (Chair)", "TUR", "Türkiye", "Chair"),
    ("Serbia and Montenegro", "SCG", "Serbia and Montenegro", ""),
    ("serbia-and-montenegro", "SCG", "Serbia and Montenegro", ""),
    ("NO", "NOR", "Norway", ""),  # ISO codes in capitals, as meetings/README.md suggests
    ("NOR", "NOR", "Norway", ""),
    ("TR", "TUR", "Türkiye", ""),
])
def test_country_names_resolve(vocabularies: Vocabularies, written: str, code: str, name: str,
                               capacity: str) -> None:
    mention = vocabularies.countries.resolve(written)
    assert mention is not None
    assert (mention.written, mention.country.code, mention.country.name, mention.capacity) == (
        written.strip(), code, name, capacity)


@pytest.mark.parametrize(("written", "suggestion"), [
    ("Turky", "'Türkiye' (TUR)"),
    ("Germny", "'Germany' (DEU)"),
    ("Bosnia & Herzegovina", "'Bosnia and Herzegovina' (BIH)"),
    ("Turky (Chair)", "'Türkiye' (TUR)"),
    ("Xqzwv", None),
])
def test_unknown_countries_get_a_suggestion(vocabularies: Vocabularies, written: str,
                                            suggestion: str | None) -> None:
    assert vocabularies.countries.resolve(written) is None
    assert vocabularies.countries.suggest(written) == suggestion


def test_a_historic_state_has_its_successors(vocabularies: Vocabularies) -> None:
    scg = vocabularies.countries.by_code("SCG")
    assert scg.is_historic
    assert (scg.name, scg.slug, scg.existed, scg.successors) == (
        "Serbia and Montenegro", "serbia-and-montenegro", "2003–2006", ("SRB", "MNE"))
    assert [vocabularies.countries.by_code(code).name for code in scg.successors] == ["Serbia", "Montenegro"]
    assert not vocabularies.countries.by_code("SRB").is_historic


def test_every_country_has_its_own_page_path(vocabularies: Vocabularies) -> None:
    """Country pages live at countries/<slug>.md: two countries must never share a slug."""
    codes = [entry.alpha_3 for entry in pycountry.countries] + ["SCG"]
    slugs = [vocabularies.countries.by_code(code).slug for code in codes]
    assert all(slugs)
    assert len(set(slugs)) == len(slugs)


def test_display_names_override_iso_names(vocabularies: Vocabularies) -> None:
    assert vocabularies.countries.by_code("MDA").name == "Moldova"
    assert vocabularies.countries.by_code("TUR").slug == "turkiye"
    assert vocabularies.countries.by_code("TUR").alpha_2 == "TR"


# -- organisations ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "org_id"), [
    ("IOM", "iom"),
    ("iom", "iom"),
    ("International Organisation for Migration (IOM)", "iom"),
    ("the International Organisation for Migration", "iom"),
    ("International Organization for Migration", "iom"),
    ("United Nations High Council for Refugees (UNHCR)", "unhcr"),
    ("the United Nations High Council for Refugees (UNHCR)", "unhcr"),
    ("UNHCR", "unhcr"),
    ("Interpol", "interpol"),
    ("ILO/IPEC", "ilo"),
    ("Organisation for Security and Co-operation in Europe (OSCE)", "osce"),
])
def test_organisation_names_resolve(vocabularies: Vocabularies, written: str, org_id: str) -> None:
    mention = vocabularies.organisations.resolve(written)
    assert mention is not None
    assert (mention.written, mention.organisation.id) == (written, org_id)


@pytest.mark.parametrize(("written", "suggestion"), [
    # The bracketed acronym must agree with the name, or the reader would be misled.
    ("International Organisation for Migration (UNHCR)", "'International Organization for Migration' (IOM)"),
    ("International Organisation for Migrants", "'International Organization for Migration' (IOM)"),
    ("Xqzwv Foundation", None),
])
def test_unknown_organisations_get_a_suggestion(vocabularies: Vocabularies, written: str,
                                                suggestion: str | None) -> None:
    assert vocabularies.organisations.resolve(written) is None
    assert vocabularies.organisations.suggest(written) == suggestion


def test_the_real_vocabularies_load(vocabularies: Vocabularies) -> None:
    assert [g.id for g in vocabularies.theme_groups if g.facet.id == "measure"] == [
        "prevention", "protection", "prosecution", "partnership"]
    assert [f.id for f in vocabularies.facets] == ["measure", "exploitation", "group"]
    assert "victim-identification" in vocabularies.themes
    assert vocabularies.themes["victim-identification"].group.id == "protection"
    assert vocabularies.themes["labour-exploitation"].facet.id == "exploitation"
    assert vocabularies.themes["child-trafficking"].facet.id == "group"
    # Every entry tells an editor where its edge lies, and the frames it follows are cited.
    assert all(t.use_when and t.not_when for t in vocabularies.themes.values())
    assert {f.id for f in vocabularies.frames} >= {"unodc", "osce", "coe"}
    assert {"participant", "observer", "chair"} <= set(vocabularies.roles)
    assert {"bali-process", "budapest-process"} <= set(vocabularies.processes)
    assert vocabularies.organisations.by_id["iom"].label == "International Organization for Migration (IOM)"


# -- broken vocabulary files ----------------------------------------------------------------------------

def vocabulary_root(tmp_path: Path, name: str, edit: Callable[[str], str] | None) -> Path:
    """A copy of the real vocabularies with one file edited (or removed, when edit is None)."""
    folder = tmp_path / VOCABULARY_DIR
    shutil.copytree(FIXTURE / VOCABULARY_DIR, folder)
    path = folder / name
    if edit is None:
        path.unlink()
    else:
        text = path.read_text(encoding="utf-8")
        edited = edit(text)
        assert edited != text, "the edit did not change the file"
        path.write_text(edited, encoding="utf-8")
    return tmp_path


def once(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


BROKEN = [
    pytest.param("themes.yml", once("    group: prevention\n", "    group: prevent\n"),
                 ["meetings/vocabularies/themes.yml:{edited}:12: themes[0].group: theme 'awareness-raising' "
                  "names unknown group 'prevent'"], id="unknown-group"),
    pytest.param("themes.yml", once("    facet: exploitation\n", "    facet: exploit\n"),
                 ["meetings/vocabularies/themes.yml:{edited}:12: groups[4].facet: group 'forms-of-exploitation' "
                  "names unknown facet 'exploit'\n    hint: the facets are measure, exploitation, group"],
                 id="unknown-facet"),
    pytest.param("themes.yml", once("  - id: root-causes\n", "  - id: awareness-raising\n"),
                 ["meetings/vocabularies/themes.yml:{edited}:9: themes[1].id: 'awareness-raising' is listed twice"],
                 id="duplicate-theme"),
    pytest.param("organisations.yml", once("  - id: unhcr\n", "  - id: iom\n"),
                 ["meetings/vocabularies/organisations.yml:{edited}:9: organisations[1].id: 'iom' is listed twice"],
                 id="duplicate-organisation"),
    pytest.param("organisations.yml", once("    acronym: IOM\n", ""),
                 ["meetings/vocabularies/organisations.yml:{first_entry}:5: organisations[0]: is missing acronym"],
                 id="missing-field"),
    pytest.param("countries.yml", once("  Turkey: TUR\n", "  Turkey: TRK\n"),
                 ["meetings/vocabularies/countries.yml:{edited}:11: aliases.Turkey: 'TRK' is not an ISO 3166 "
                  "alpha-3 code"], id="bad-alias-code"),
    pytest.param("processes.yml", lambda _: "- a\n- b\n",
                 ["meetings/vocabularies/processes.yml:1:1: must be a mapping of lists"], id="not-a-mapping"),
    pytest.param("kinds.yml", None,
                 ["meetings/vocabularies/kinds.yml:1:1: cannot be read: No such file or directory"],
                 id="missing-file"),
    pytest.param("processes.yml", lambda text: text + "processes: []\n",
                 ["meetings/vocabularies/processes.yml:{end}:1: processes: appears twice (first on "
                  "line {first}); YAML would silently keep only the last\n    hint: delete one of the two, "
                  "or merge them"], id="duplicate-key"),
]


@pytest.mark.parametrize(("name", "edit", "expected"), BROKEN)
def test_broken_vocabularies_are_reported(tmp_path: Path, name: str, edit: Callable[[str], str] | None,
                                          expected: list[str]) -> None:
    original = (FIXTURE / VOCABULARY_DIR / name).read_text(encoding="utf-8").splitlines()
    places = {"end": len(original) + 1,
              "first": original.index("processes:") + 1 if "processes:" in original else 0}
    root = vocabulary_root(tmp_path, name, edit)
    edited = (root / VOCABULARY_DIR / name).read_text(encoding="utf-8").splitlines() if edit else []
    # Problems carry the line they concern: the first line the edit changed, or the first entry.
    changed = [i for i, (a, b) in enumerate(zip(original, edited, strict=False), start=1) if a != b]
    places = {"end": len(original) + 1,
              "first": original.index("processes:") + 1 if "processes:" in original else 0,
              "edited": changed[0] if changed else 0,
              "first_entry": next((i for i, line in enumerate(original, start=1) if line.startswith("  - ")), 0)}
    with pytest.raises(RecordsInvalid) as raised:
        load_vocabularies(root)
    assert [str(p) for p in raised.value.problems] == [e.format(**places) for e in expected]


def test_all_vocabulary_problems_are_reported_together(tmp_path: Path) -> None:
    duplicate = once("  - id: root-causes\n", "  - id: awareness-raising\n")
    root = vocabulary_root(tmp_path, "themes.yml", duplicate)
    (root / VOCABULARY_DIR / "kinds.yml").unlink()
    with pytest.raises(RecordsInvalid) as raised:
        load_vocabularies(root)
    assert [(p.file, p.field) for p in raised.value.problems] == [
        ("meetings/vocabularies/kinds.yml", ""),
        ("meetings/vocabularies/themes.yml", "themes[1].id"),
    ]


WRONG_SHAPES = [
    pytest.param("countries.yml",
                 once("aliases:\n  Turkey: TUR\n", "aliases:\n  - Turkey: TUR\nformer_aliases:\n"),
                 id="aliases-as-a-list"),
    pytest.param("themes.yml", once("    group: prevention\n", "    group: [prevention]\n"),
                 id="group-as-a-list"),
]


@pytest.mark.parametrize(("name", "edit"), WRONG_SHAPES)
def test_vocabulary_values_of_the_wrong_shape_are_problems(tmp_path: Path, name: str,
                                                           edit: Callable[[str], str]) -> None:
    root = vocabulary_root(tmp_path, name, edit)
    with pytest.raises(RecordsInvalid):
        load_vocabularies(root)


def test_a_variant_written_as_text_is_not_split_into_letters(tmp_path: Path) -> None:
    edit = once("    variants:\n      - International Organisation for Migration\n"
                "      - International Organization of Migration\n", "    variants: IOM Geneva\n")
    root = vocabulary_root(tmp_path, "organisations.yml", edit)
    try:
        vocabularies = load_vocabularies(root)
    except RecordsInvalid:
        return  # refusing the file is a fix too
    assert vocabularies.organisations.resolve("G") is None
    mention = vocabularies.organisations.resolve("IOM Geneva")
    assert mention is not None
    assert mention.organisation.id == "iom"


@pytest.mark.parametrize(("name", "old", "new"), [
    ("organisations.yml", "  - id: unhcr\n", "  - id: UN Refugee Agency/../x\n"),
    ("themes.yml", "  - id: legislation\n", "  - id: Legislation & laws\n"),
    ("processes.yml", "  - id: bali-process\n", "  - id: Bali Process\n"),
])
def test_vocabulary_ids_are_safe_page_names(tmp_path: Path, name: str, old: str, new: str) -> None:
    root = vocabulary_root(tmp_path, name, once(old, new))
    with pytest.raises(RecordsInvalid):
        load_vocabularies(root)


GLOSSARY_BROKEN = [
    pytest.param(once("  labour: labor\n", "  labour: Labor\n"), "spellings.labour",
                 "'Labor' must be a lower-case word", id="spelling-with-capitals"),
    pytest.param(once("  behaviour: behavior\n", "  behaviour: labor\n"), "spellings.behaviour",
                 "'labor' is listed twice", id="spelling-in-two-pairs"),
    pytest.param(once("  isation: ization\n", "  isation: isation\n"), "endings.isation",
                 "'isation' is the same on both sides", id="ending-same-both-sides"),
    pytest.param(once("  - [woman, women]\n", "  - [woman, children]\n"), "forms[1]",
                 "'children' is listed twice", id="word-in-two-forms"),
    pytest.param(once("  - [woman, women]\n", "  - [women]\n"), "forms[1]",
                 "must be a list of two or more words", id="form-of-one-word"),
    pytest.param(once("    acronym: THB\n", "    acronym: VoT\n"), "terms[1]",
                 "'VoT' is also a spelling of 'victim of trafficking'", id="acronym-of-two-terms"),
    pytest.param(once("    acronym: THB\n", "    acronym: [THB]\n"), "terms[1].acronym", "must be text",
                 id="acronym-as-a-list"),
]


@pytest.mark.parametrize(("edit", "field", "message"), GLOSSARY_BROKEN)
def test_a_broken_glossary_is_reported(tmp_path: Path, edit: Callable[[str], str], field: str, message: str) -> None:
    root = vocabulary_root(tmp_path, "glossary.yml", edit)
    with pytest.raises(RecordsInvalid) as raised:
        load_vocabularies(root)
    assert [(p.file, p.field, p.message) for p in raised.value.problems] == [
        ("meetings/vocabularies/glossary.yml", field, message)]


def test_the_glossary_loads_every_section(vocabularies: Vocabularies) -> None:
    glossary = vocabularies.glossary
    assert ("labour", "labor") in glossary.spellings and ("isation", "ization") in glossary.endings
    assert ("child", "children") in glossary.forms
    vot = next(term for term in glossary.terms if term.acronym == "VoT")
    assert vot.spellings[:2] == ("victim of trafficking", "VoT") and vot.definition
