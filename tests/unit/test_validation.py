"""validation.RecordChecker: a record becomes a resolved Meeting, or every problem is listed exactly."""

from __future__ import annotations

from datetime import date

import pytest
from unit_helpers import MEETING_ID, VALID_RECORD, CheckRecord, replace_line

from tiparchive.validation import MAX_THEMES, participant_number

SOURCE_FILE = f"sources/{MEETING_ID}.txt"


def variant(old: str, new: str) -> str:
    return replace_line(VALID_RECORD, old, new)


# -- a good record -------------------------------------------------------------------------------------

def test_the_valid_record_gives_a_meeting_and_no_problems(check_record: CheckRecord) -> None:
    checked = check_record()
    assert checked.problems == []
    meeting = checked.meeting
    assert meeting is not None
    assert meeting.id == MEETING_ID
    assert meeting.title == "Test meeting on trafficking in human beings"
    assert meeting.name == meeting.title  # no short title
    assert (meeting.kind.id, [p.id for p in meeting.processes]) == ("meeting", ["bali-process"])
    assert (meeting.start, meeting.end, meeting.year) == (date(2005, 10, 24), date(2005, 10, 25), 2005)
    assert (meeting.venue.city, meeting.venue.country.country.code, meeting.venue.detail) == (
        "Vienna", "AUT", "")
    assert meeting.participant_count == "79"
    assert meeting.source.file == SOURCE_FILE
    assert meeting.source.kind.id == "conclusions"
    assert meeting.source.text.startswith("Meeting Conclusions\n")


def test_countries_resolve_to_iso_entries_with_capacity_and_roles(check_record: CheckRecord) -> None:
    meeting = check_record().meeting
    assert meeting is not None
    resolved = [(c.mention.written, c.mention.country.code, c.mention.country.name, c.mention.capacity,
                 tuple(r.id for r in c.roles)) for c in meeting.countries]
    assert resolved == [
        ("Turkey", "TUR", "Türkiye", "", ("chair", "participant")),
        ("United Kingdom (EU Presidency)", "GBR", "United Kingdom", "EU Presidency", ("participant",)),
        ("Serbia and Montenegro", "SCG", "Serbia and Montenegro", "", ("participant",)),  # default role
    ]
    scg = meeting.countries[2].mention.country
    assert scg.is_historic
    assert scg.successors == ("SRB", "MNE")


def test_organisations_resolve_to_vocabulary_entries(check_record: CheckRecord) -> None:
    meeting = check_record().meeting
    assert meeting is not None
    resolved = [(o.mention.written, o.mention.organisation.id, tuple(r.id for r in o.roles))
                for o in meeting.organisations]
    assert resolved == [
        ("International Organisation for Migration (IOM)", "iom", ("participant",)),
        ("United Nations High Council for Refugees (UNHCR)", "unhcr", ("presenter",)),
    ]


def test_people_and_items_are_resolved(check_record: CheckRecord) -> None:
    meeting = check_record().meeting
    assert meeting is not None
    (person,) = meeting.people
    assert (person.name, person.role.id, person.position, person.honorific, person.organisation) == (
        "Jane Doe", "presenter", "", "", None)
    assert person.country is not None
    assert person.country.country.code == "AUT"
    first, second = meeting.items
    assert (first.id, first.number, first.kind.id, first.section) == ("para-1", "1", "conclusion", "")
    assert [t.id for t in first.themes] == ["victim-identification"]
    assert first.themes[0].group.id == "protection"
    assert [(c.written, c.country.code) for c in first.countries] == [("Turkey", "TUR")]
    assert first.text == "Turkey called for better identification of victims."
    assert (second.id, second.number, [t.id for t in second.themes]) == (
        "para-2", "", ["legislation", "victim-assistance"])
    assert meeting.sections == (("", meeting.items),)


def test_observers_do_not_count_as_taking_part(check_record: CheckRecord) -> None:
    text = variant('participant_count: "79"', 'participant_count: "2"')
    text = replace_line(text, "  - name: Serbia and Montenegro\n",
                        "  - name: Serbia and Montenegro\n    roles: [observer]\n")
    checked = check_record(text)
    assert checked.problems == []
    assert checked.meeting is not None


def test_optional_fields_may_be_left_empty(check_record: CheckRecord) -> None:
    text = variant('participant_count: "79"', "participant_count:\nshort_title:\nparticipation_note:")
    checked = check_record(text)
    assert checked.problems == []
    assert checked.meeting is not None
    assert (checked.meeting.participant_count, checked.meeting.short_title) == ("", "")


def test_dates_up_to_366_days_ahead_are_accepted(check_record: CheckRecord) -> None:
    assert check_record(variant("end: 2005-10-25", "end: 2026-06-02"), today=date(2025, 6, 1)).problems == []
    assert check_record(variant("end: 2005-10-25", "end: 2026-06-03"), today=date(2025, 6, 1)).triples == [
        (6, "end", "2026-06-03 is more than a year from today")]


# -- one defect, one exact problem ------------------------------------------------------------------------

THEMES_HEAD = ("must be one of the themes (awareness-raising, root-causes, migration-policy, "
               "labour-exploitation, child-trafficking, crisis-situations, online-technology, "
               "victim-identification, victim-assistance, victim-centred-approach, referral-mechanisms, "
               "residence-status, ...): ")

DEFECTS = [
    pytest.param(
        "title: Test meeting on trafficking in human beings\n", "",
        [(1, 1, "title", "is required but missing", "add `title:` to the record")],
        id="missing-required-field"),
    pytest.param("    country: Austria\nsource:", "source:", [], id="optional-field-removed"),
    pytest.param(
        "kind: meeting\n", "kind: meeting\nvenu: Vienna\n",
        [(4, 7, "venu", "is not a known field", "did you mean 'venue'?")],
        id="unknown-field-did-you-mean"),
    pytest.param(
        "kind: meeting\n", "kind: meeting\nrapporteur: none\n",
        [(4, 13, "rapporteur", "is not a known field",
          "known fields: id, title, short_title, kind, processes, start, end, venue, participant_count, "
          "participation_note, summary, countries, organisations, people, source, items")],
        id="unknown-field-no-guess"),
    pytest.param(
        "  city: Vienna\n", "  city: Vienna\n  hall: Hofburg\n",
        [(9, 9, "venue.hall", "is not a known field", "known fields: city, country, detail")],
        id="unknown-nested-field"),
    pytest.param(
        "themes: [victim-identification]", "themes: [victim-identfication]",
        [(35, 14, "items[0].themes[0]", THEMES_HEAD + "'victim-identfication'",
          "did you mean 'victim-identification'? the list is in meetings/vocabularies/")],
        id="unknown-theme"),
    pytest.param(
        "themes: [victim-identification]", "themes: [helth]",
        [(35, 14, "items[0].themes[0]", THEMES_HEAD + "'helth'", "the list is in meetings/vocabularies/")],
        id="unknown-theme-no-guess"),
    pytest.param(
        "  - name: Turkey\n", "  - name: Turky\n",
        [(13, 11, "countries[0].name", "unknown country 'Turky'",
          "did you mean 'Türkiye' (TUR)? if the spelling is right, add it under `aliases` in "
          "meetings/vocabularies/countries.yml")],
        id="unknown-country"),
    pytest.param(
        "    country: Austria\nsource:", "    country: Austira\nsource:",
        [(26, 14, "people[0].country", "unknown country 'Austira'",
          "did you mean 'Austria' (AUT)? if the spelling is right, add it under `aliases` in "
          "meetings/vocabularies/countries.yml")],
        id="unknown-person-country"),
    pytest.param(
        "  - name: International Organisation for Migration (IOM)",
        "  - name: International Organisation for Migrants",
        [(19, 11, "organisations[0].name", "unknown organisation 'International Organisation for Migrants'",
          "did you mean 'International Organization for Migration' (IOM)? add the organisation, or this "
          "spelling under its `variants`, in meetings/vocabularies/organisations.yml")],
        id="unknown-organisation"),
    pytest.param(
        "kind: meeting\n", "kind: meting\n",
        [(3, 7, "kind", "must be one of the meeting kinds (conference, workshop, meeting, "
          "task-force-meeting, ministerial-conference): 'meting'",
          "did you mean 'meeting'? the list is in meetings/vocabularies/")],
        id="unknown-meeting-kind"),
    pytest.param(
        "processes: [bali-process]", "processes: [bali]",
        [(4, 13, "processes[0]", "must be one of the processes (bali-process, budapest-process, "
          "osce-alliance, "
          "stability-pact-task-force, european-migration-network): 'bali'",
          "the list is in meetings/vocabularies/")],
        id="unknown-process"),
    pytest.param(
        "processes: [bali-process]", "processes: []",
        [(4, 12, "processes", "must list at least one process",
          "one of: bali-process, budapest-process, osce-alliance, stability-pact-task-force, "
          "european-migration-network")],
        id="no-process"),
    pytest.param(
        "    roles: [chair, participant]", "    roles: [chiar, participant]",
        [(14, 13, "countries[0].roles[0]", "must be one of the roles (host, co-host, chair, co-chair, "
          "organiser, "
          "presenter, participant, observer): 'chiar'", "did you mean 'chair'? the list is in "
          "meetings/vocabularies/")],
        id="unknown-role"),
    pytest.param(
        "    roles: [chair, participant]", "    roles: []",
        [(14, 12, "countries[0].roles", "must list at least one role", "for example [participant]")],
        id="no-role"),
    pytest.param(
        "end: 2005-10-25", "end: 2005-10-20",
        [(6, 6, "end", "2005-10-20 is before the start date 2005-10-24",
          "swap the two dates, or check the month")],
        id="end-before-start"),
    pytest.param(
        "start: 2005-10-24\nend: 2005-10-25", "start: 2099-10-24\nend: 2099-10-25",
        [(5, 8, "start", "2099-10-24 is more than a year from today",
          "records are for meetings that took place; check the year"),
         (6, 6, "end", "2099-10-25 is more than a year from today",
          "records are for meetings that took place; check the year")],
        id="far-future"),
    pytest.param(
        "start: 2005-10-24", "start: 1989-12-31",
        [(5, 8, "start", "1989-12-31 is before 1990, earlier than any meeting this archive covers",
          "check the year")],
        id="before-1990"),
    pytest.param(
        "start: 2005-10-24", "start: 24.10.2005",
        [(5, 8, "start", "must be a date written YYYY-MM-DD: '24.10.2005'", "for example 2005-10-24")],
        id="bad-date-format"),
    pytest.param(
        "start: 2005-10-24", "start: 2005-02-30",
        [(5, 8, "start", "must be a date written YYYY-MM-DD: '2005-02-30'", "for example 2005-10-24")],
        id="impossible-date"),
    pytest.param(
        "start: 2005-10-24", "start: 2005-1-24",
        [(5, 8, "start", "must be a date written YYYY-MM-DD: '2005-1-24'", "for example 2005-10-24")],
        id="date-without-zero"),
    pytest.param(
        f"id: {MEETING_ID}", "id: 2005-10-24-vienna-other-meeting",
        [(1, 5, "id", f"must equal the file name '{MEETING_ID}', not '2005-10-24-vienna-other-meeting'",
          "rename the file to 2005-10-24-vienna-other-meeting.yml or change the id")],
        id="id-not-file-name"),
    pytest.param(
        f"id: {MEETING_ID}", "id: ../x",
        [(1, 5, "id", "must be lower-case letters, digits and hyphens: '../x'",
          "for example 2005-10-24-vienna-joint-meeting")],
        id="id-with-path-characters"),
    pytest.param(
        f"id: {MEETING_ID}", f"id: {MEETING_ID.upper()}",
        [(1, 5, "id", f"must be lower-case letters, digits and hyphens: '{MEETING_ID.upper()}'",
          "for example 2005-10-24-vienna-joint-meeting")],
        id="id-upper-case"),
    pytest.param(
        "  - id: para-2", "  - id: para-1",
        [(39, 9, "items[1].id", "'para-1' is already used by items[0]",
          "give every item its own id; never reuse one")],
        id="duplicate-item-id"),
    pytest.param(
        "  - id: para-2", "  - id: Para 2",
        [(39, 9, "items[1].id", "must be lower-case letters, digits and hyphens: 'Para 2'",
          "for example para-7 or panel-2-3")],
        id="bad-item-id"),
    pytest.param(
        "    text: States should adopt laws.", "    text: ''",
        [(42, 11, "items[1].text", "must not be empty or only spaces",
          "write the text, or remove the field")],
        id="empty-text"),
    pytest.param(
        "    text: States should adopt laws.", "    text: '   '",
        [(42, 11, "items[1].text", "must not be empty or only spaces",
          "write the text, or remove the field")],
        id="whitespace-only-text"),
    pytest.param(
        "    text: States should adopt laws.", "    text:",
        [(42, 10, "items[1].text", "is empty",
          "write the value after the colon, or remove the field if it is optional")],
        id="nothing-after-colon"),
    pytest.param(
        "    text: States should adopt laws.", "    text: States must adopt laws.",
        [(42, 11, "items[1].text", f"does not occur word for word in meetings/{SOURCE_FILE}: differs at "
          "character 8 (after 'States'): the text has 'm', the source 's'",
          f"the closest passage starts on line 6 of meetings/{SOURCE_FILE}; copy the text exactly from there; "
          "only conversion markup (**, *, <sup>, [link](#)) and line breaks may differ")],
        id="text-not-in-source"),
    pytest.param(
        'participant_count: "79"', 'participant_count: "3"',
        [(10, 20, "participant_count", "says '3', fewer people than the 5 countries listed as taking part",
          "check the count against the report, or the list of countries")],
        id="count-below-countries"),
    pytest.param(
        "themes: [legislation, victim-assistance]",
        "themes: [legislation, victim-assistance, awareness-raising, root-causes, data-research]",
        [(41, 13, "items[1].themes", f"must list 1 to {MAX_THEMES} themes, not 5",
          "tag only what the item is about; see meetings/vocabularies/themes.yml")],
        id="too-many-themes"),
    pytest.param(
        "themes: [legislation, victim-assistance]", "themes: []",
        [(41, 13, "items[1].themes", f"must list 1 to {MAX_THEMES} themes, not 0",
          "tag only what the item is about; see meetings/vocabularies/themes.yml")],
        id="no-themes"),
    pytest.param(
        "themes: [legislation, victim-assistance]", "themes: [legislation, legislation]",
        [(41, 13, "items[1].themes", "lists the same theme twice", "remove the repeat")],
        id="duplicate-theme"),
    pytest.param(
        "  - name: Serbia and Montenegro\n", "  - name: Serbia and Montenegro\n  - name: Türkiye\n",
        [(18, 5, "countries[3]", "lists the same country twice (TUR)", "list it once, with all its roles")],
        id="duplicate-country"),
    pytest.param(
        "  - name: United Nations High Council for Refugees (UNHCR)",
        "  - name: International Organization for Migration",
        [(21, 5, "organisations[1]", "lists the same organisation twice (iom)",
          "list it once, with all its roles")],
        id="duplicate-organisation"),
    pytest.param(
        "venue:\n  city: Vienna\n  country: Austria\n", "venue: [Vienna, Austria]\n",
        [(7, 8, "venue", "must be a mapping of fields, not a list",
          "write fields as `name: value`, one per line (city, country, detail)")],
        id="list-where-a-mapping-belongs"),
    pytest.param(
        "venue:\n  city: Vienna\n  country: Austria\n", "venue: Vienna, Austria\n",
        [(7, 8, "venue", "must be a mapping of fields, not text",
          "write fields as `name: value`, one per line (city, country, detail)")],
        id="text-where-a-mapping-belongs"),
    pytest.param(
        "  - name: Serbia and Montenegro\n", "  - Serbia and Montenegro\n",
        [(17, 5, "countries[2]", "must be a mapping of fields, not text",
          "write fields as `name: value`, one per line (name, roles)")],
        id="list-entry-not-a-mapping"),
    pytest.param(
        "    countries: [Turkey]", "    countries: {name: Turkey}",
        [(36, 16, "items[0].countries", "must be a list, not a mapping",
          "start each entry on its own line with '- ', or write [a, b]")],
        id="mapping-where-a-list-belongs"),
    pytest.param(
        "    countries: [Turkey]", "    countries: Turkey",
        [(36, 16, "items[0].countries", "must be a list, not text",
          "start each entry on its own line with '- ', or write [a, b]")],
        id="text-where-a-list-belongs"),
    pytest.param(
        "title: Test meeting on trafficking in human beings", "title: [Test, meeting]",
        [(2, 8, "title", "must be text, not a list",
          "write the value on the same line after the colon, or as a `>-` block")],
        id="list-where-text-belongs"),
    pytest.param(
        f"  file: {SOURCE_FILE}", "  file: ../../etc/passwd",
        [(30, 9, "source.file", f"must be '{SOURCE_FILE}', not '../../etc/passwd'",
          "put the report's text in meetings/sources/, named after the meeting id")],
        id="source-file-elsewhere"),
    pytest.param(
        "    role: presenter\n", "",
        [(24, 5, "people[0].role", "is required but missing", "add `role:` to people[0]")],
        id="person-without-role"),
]


@pytest.mark.parametrize(("old", "new", "expected"), DEFECTS)
def test_each_defect_gives_its_exact_problem(check_record: CheckRecord, old: str, new: str,
                                             expected: list[tuple[int, int, str, str, str]]) -> None:
    text = variant(old, new)
    if "participant_count: \"3\"" in new:  # five countries, so that three people are too few
        text = replace_line(text, "  - name: Serbia and Montenegro\n",
                            "  - name: Serbia and Montenegro\n  - name: Albania\n  - name: Norway\n")
    checked = check_record(text)
    assert [(p.line, p.column, p.field, p.message, p.hint) for p in checked.problems] == expected
    assert all(p.file == f"meetings/{MEETING_ID}.yml" for p in checked.problems)
    assert (checked.meeting is None) == bool(expected)


def test_a_problem_reads_as_place_field_rule_and_hint(check_record: CheckRecord) -> None:
    checked = check_record(variant("  - name: Turkey\n", "  - name: Turky\n"))
    assert [str(p) for p in checked.problems] == [
        f"meetings/{MEETING_ID}.yml:13:11: countries[0].name: unknown country 'Turky'\n"
        "    hint: did you mean 'Türkiye' (TUR)? if the spelling is right, add it under `aliases` in "
        "meetings/vocabularies/countries.yml"
    ]


def test_the_top_level_must_be_a_mapping(check_record: CheckRecord) -> None:
    checked = check_record("- a\n- b\n")
    assert checked.meeting is None
    assert [(p.line, p.field, p.message) for p in checked.problems] == [
        (1, "(top level)", "must be a mapping of fields, not a list")]


def test_a_missing_source_file_is_reported(check_record: CheckRecord) -> None:
    checked = check_record(source=None)
    assert checked.meeting is None
    [problem] = checked.problems
    assert (problem.line, problem.field) == (30, "source.file")
    assert problem.message.startswith("cannot be read: [Errno 2] No such file or directory")
    assert problem.hint == f"add the report's full text as meetings/{SOURCE_FILE} (UTF-8)"


def test_an_empty_source_file_is_reported(check_record: CheckRecord) -> None:
    checked = check_record(source=" \n\n")
    assert checked.triples == [(30, "source.file", f"meetings/{SOURCE_FILE} is empty")]


def test_id_is_checked_against_the_file_name(check_record: CheckRecord) -> None:
    """`id: ../x` in a file named x.yml: the id matches the name but still is not an id."""
    checked = check_record(variant(f"id: {MEETING_ID}", "id: ../x"), name="x")
    assert checked.triples == [(1, "id", "must be lower-case letters, digits and hyphens: '../x'")]


def test_source_text_is_compared_without_conversion_markup(check_record: CheckRecord) -> None:
    source = ("**Turkey** called\nfor better <sup>identification</sup> of [victims](#fn3).\n\n"
              "States should adopt laws.")
    checked = check_record(source=source)
    assert checked.problems == []


# -- collecting, not stopping -----------------------------------------------------------------------------

def test_a_record_with_several_defects_reports_all_of_them(check_record: CheckRecord) -> None:
    text = VALID_RECORD
    for old, new in [
        ("title: Test meeting on trafficking in human beings\n", ""),
        ("end: 2005-10-25", "end: 2005-10-20"),
        ("  - name: Turkey\n", "  - name: Turky\n"),
        ("  - name: International Organisation for Migration (IOM)", "  - name: Acme Xqzwv"),
        ("themes: [victim-identification]", "themes: [victim-identfication]"),
        ("    text: States should adopt laws.", "    text: States must adopt laws."),
    ]:
        text = replace_line(text, old, new)
    checked = check_record(text)
    assert checked.meeting is None
    assert checked.triples == [
        (1, "title", "is required but missing"),
        (5, "end", "2005-10-20 is before the start date 2005-10-24"),
        (12, "countries[0].name", "unknown country 'Turky'"),
        (18, "organisations[0].name", "unknown organisation 'Acme Xqzwv'"),
        (34, "items[0].themes[0]", THEMES_HEAD + "'victim-identfication'"),
        (41, "items[1].text", f"does not occur word for word in meetings/{SOURCE_FILE}: differs at character 8 "
         "(after 'States'): the text has 'm', the source 's'"),
    ]


def test_a_duplicate_id_does_not_hide_a_text_that_is_not_in_the_source(check_record: CheckRecord) -> None:
    text = variant("  - id: para-2", "  - id: para-1")
    text = replace_line(text, "    text: States should adopt laws.", "    text: States must adopt laws.")
    checked = check_record(text)
    message = (f"does not occur word for word in meetings/{SOURCE_FILE}: differs at character 8 (after 'States'): "
               "the text has 'm', the source 's'")
    assert (37, "items[0].text", message) not in checked.triples
    assert (42, "items[1].text", message) in checked.triples


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    roles: [chair, participant]", "    roles: []",
     (13, "countries[0].roles", "must list at least one role")),
    (VALID_RECORD[VALID_RECORD.index("items:"):], "items: []\n",
     (30, "items", "must list at least one item")),
])
def test_empty_lists_are_reported_alongside_other_problems(check_record: CheckRecord, old: str, new: str,
                                                           expected: tuple[int, str, str]) -> None:
    text = replace_line(variant(old, new), "title: Test meeting on trafficking in human beings\n", "")
    checked = check_record(text)
    assert checked.triples == [(1, "title", "is required but missing"), expected]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("processes: [bali-process]", "processes: {id: bali-process}",
     [(4, "processes", "must be a list, not a mapping")]),
    ("processes: [bali-process]", "processes: bali-process",
     [(4, "processes", "must be a list, not text")]),
    (VALID_RECORD[VALID_RECORD.index("items:"):], "items: {id: para-1}\n",
     [(31, "items", "must be a list, not a mapping")]),
])
def test_a_list_field_of_the_wrong_shape_is_reported_once(check_record: CheckRecord, old: str, new: str,
                                                          expected: list[tuple[int, str, str]]) -> None:
    """Fixed: these were reported twice, and processes a third time as 'must list at least one process'."""
    assert check_record(variant(old, new)).triples == expected


def test_a_repeated_country_is_reported_where_it_is_repeated(check_record: CheckRecord) -> None:
    text = variant("  - name: Turkey\n", "  - name: Turky\n  - name: Turkey\n")
    text = replace_line(text, "  - name: Serbia and Montenegro\n", "  - name: Serbia and Montenegro\n"
                        "  - name: Türkiye\n")
    checked = check_record(text)
    assert checked.triples == [
        (13, "countries[0].name", "unknown country 'Turky'"),
        (19, "countries[4]", "lists the same country twice (TUR)"),
    ]


def test_no_written_for_norway_as_the_readme_says(check_record: CheckRecord) -> None:
    """Fixed: meetings/README.md says to write `NO` unquoted; it used to be an unknown country."""
    text = variant("  - name: Serbia and Montenegro\n", "  - name: Serbia and Montenegro\n  - name: NO\n")
    checked = check_record(text)
    assert checked.problems == []
    assert checked.meeting is not None
    assert checked.meeting.countries[-1].mention.country.code == "NOR"


# -- participant counts -------------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "number"), [
    ("79", 79),
    ("over 320", 320),
    ("Over 1,200 participants", 1200),
    ("Eighty officials and experts", 80),
    ("Over two hundred", 200),
    ("one hundred", 100),
    ("Twenty-five", 25),
    ("thirty five delegates", 35),
    ("some 40 representatives of 30 states", 40),
    ("several", None),
    ("", None),
    ("representatives of all participating States", None),
])
def test_participant_number(count: str, number: int | None) -> None:
    assert participant_number(count) == number
