"""validation.RecordChecker: a record becomes a resolved Meeting, or every problem is listed exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from unit_helpers import MEETING_ID, VALID_RECORD, VALID_SOURCE, CheckRecord, replace_line

from tiparchive.records.validation import participant_number

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
    assert meeting.source.kind.id == "declaration"
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
               "demand, business-supply-chains, crisis-situations, online-technology, "
               "victim-identification, victim-assistance, victim-centred-approach, gender, "
               "referral-mechanisms, ...): ")

DEFECTS = [
    pytest.param(
        "title: Test meeting on trafficking in human beings\n", "",
        [(1, 1, "title", "is required but missing", "add `title:` to the record")],
        id="missing-required-field"),
    pytest.param("    country: Austria\nsources:", "sources:", [], id="optional-field-removed"),
    pytest.param(
        "kind: meeting\n", "kind: meeting\nvenu: Vienna\n",
        [(4, 7, "venu", "is not a known field", "did you mean 'venue'?")],
        id="unknown-field-did-you-mean"),
    pytest.param(
        "kind: meeting\n", "kind: meeting\nrapporteur: none\n",
        [(4, 13, "rapporteur", "is not a known field",
          "known fields: id, title, short_title, kind, processes, start, end, venue, participant_count, "
          "participation_note, participation, summary, countries, organisations, people, sources, items")],
        id="unknown-field-no-guess"),
    pytest.param(
        "  city: Vienna\n", "  city: Vienna\n  hall: Hofburg\n",
        [(9, 9, "venue.hall", "is not a known field", "known fields: city, country, detail")],
        id="unknown-nested-field"),
    pytest.param(
        "themes: [victim-identification]", "themes: [victim-identfication]",
        [(37, 14, "items[0].themes[0]", THEMES_HEAD + "'victim-identfication'",
          "did you mean 'victim-identification'? the list is in meetings/vocabularies/")],
        id="unknown-theme"),
    pytest.param(
        "themes: [victim-identification]", "themes: [helth]",
        [(37, 14, "items[0].themes[0]", THEMES_HEAD + "'helth'", "the list is in meetings/vocabularies/")],
        id="unknown-theme-no-guess"),
    pytest.param(
        "  - name: Turkey\n", "  - name: Turky\n",
        [(13, 11, "countries[0].name", "unknown country 'Turky'",
          "did you mean 'Türkiye' (TUR)? if the spelling is right, add it under `aliases` in "
          "meetings/vocabularies/countries.yml")],
        id="unknown-country"),
    pytest.param(
        "    country: Austria\nsources:", "    country: Austira\nsources:",
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
          "process-chair, process-co-chair, organiser, side-event-organiser, funder, moderator, presenter, "
          "participant, ...): 'chiar'", "did you mean 'chair'? the list is in meetings/vocabularies/")],
        id="unknown-role"),
    pytest.param(
        "    roles: [chair, participant]", "    roles: [moderator, participant]",
        [(14, 13, "countries[0].roles[0]", "'moderator' is a role of people, not of countries",
          "roles countries can hold: host, co-host, chair, co-chair, process-chair, process-co-chair, organiser, "
          "side-event-organiser, funder, presenter, participant, observer")],
        id="role-of-people-for-a-country"),
    pytest.param(
        "    role: presenter\n", "    role: [presenter, funder]\n",
        [(25, 23, "people[0].role[1]", "'funder' is a role of countries and organisations, not of people",
          "roles people can hold: chair, co-chair, process-chair, process-co-chair, organiser, "
          "side-event-organiser, moderator, presenter, participant, observer")],
        id="role-of-states-for-a-person"),
    pytest.param(
        "    role: presenter\n", "    role: [presenter, presenter]\n",
        [(25, 23, "people[0].role[1]", "lists the role 'presenter' twice", "list each role once")],
        id="role-listed-twice"),
    pytest.param(
        "    roles: [chair, participant]", "    roles: [chair, co-chair, participant]",
        [(14, 12, "countries[0].roles", "lists both 'chair' and 'co-chair'",
          "keep 'co-chair' when the report names another who chaired with it, else 'chair'")],
        id="chair-and-co-chair"),
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
        [(41, 9, "items[1].id", "'para-1' is already used by items[0]",
          "give every item its own id; never reuse one")],
        id="duplicate-item-id"),
    pytest.param(
        "  - id: para-2", "  - id: Para 2",
        [(41, 9, "items[1].id", "must be lower-case letters, digits and hyphens: 'Para 2'",
          "for example para-7 or panel-2-3")],
        id="bad-item-id"),
    pytest.param(
        "    text: States should adopt laws.", "    text: ''",
        [(44, 11, "items[1].text", "must not be empty or only spaces",
          "write the text, or remove the field")],
        id="empty-text"),
    pytest.param(
        "    text: States should adopt laws.", "    text: '   '",
        [(44, 11, "items[1].text", "must not be empty or only spaces",
          "write the text, or remove the field")],
        id="whitespace-only-text"),
    pytest.param(
        "    text: States should adopt laws.", "    text:",
        [(44, 10, "items[1].text", "is empty",
          "write the value after the colon, or remove the field if it is optional")],
        id="nothing-after-colon"),
    pytest.param(
        "    text: States should adopt laws.", "    text: States must adopt laws.",
        [(44, 11, "items[1].text", f"does not occur word for word in meetings/{SOURCE_FILE}: differs at "
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
        "themes: [legislation, victim-assistance]", "themes: []",
        [(43, 13, "items[1].themes", "must list at least one theme",
          "tag what the item is about; see meetings/vocabularies/themes.yml")],
        id="no-themes"),
    pytest.param(
        "themes: [legislation, victim-assistance]", "themes: [legislation, legislation]",
        [(43, 13, "items[1].themes", "lists the same theme twice", "remove the repeat")],
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
          "write fields as `name: value`, one per line (name, roles, agency)")],
        id="list-entry-not-a-mapping"),
    pytest.param(
        "    countries: [Turkey]", "    countries: {name: Turkey}",
        [(38, 16, "items[0].countries", "must be a list, not a mapping",
          "start each entry on its own line with '- ', or write [a, b]")],
        id="mapping-where-a-list-belongs"),
    pytest.param(
        "    countries: [Turkey]", "    countries: Turkey",
        [(38, 16, "items[0].countries", "must be a list, not text",
          "start each entry on its own line with '- ', or write [a, b]")],
        id="text-where-a-list-belongs"),
    pytest.param(
        "title: Test meeting on trafficking in human beings", "title: [Test, meeting]",
        [(2, 8, "title", "must be text, not a list",
          "write the value on the same line after the colon, or as a `>-` block")],
        id="list-where-text-belongs"),
    pytest.param(
        f"  file: {SOURCE_FILE}", "  file: ../../etc/passwd",
        [(32, 11, "sources[0].file", f"must be '{SOURCE_FILE}' or 'sources/{MEETING_ID}--conclusions.txt', not "
          "'../../etc/passwd'", "put the document's text in meetings/sources/, named after the meeting id (and the "
          "source id, when the meeting has several sources)")],
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


def test_a_person_may_hold_several_roles_and_a_state_an_agency(check_record: CheckRecord) -> None:
    text = variant("    role: presenter\n", "    role: [presenter, co-chair]\n")
    text = replace_line(text, "    roles: [chair, participant]", "    roles: [co-host, participant]\n"
                        "    agency: Ministry of Foreign Affairs")
    meeting = check_record(text).meeting
    assert meeting is not None
    assert [r.id for r in meeting.people[0].roles] == ["presenter", "co-chair"]
    assert meeting.people[0].role.id == "presenter"
    assert meeting.countries[0].agency == "Ministry of Foreign Affairs"


def test_next_steps_and_leads_must_be_the_reports_words(check_record: CheckRecord) -> None:
    text = replace_line(VALID_RECORD, "    themes: [victim-identification]\n",
                        "    themes: [victim-identification]\n    next_steps: [Turkey called for more.]\n"
                        "    lead: \"Concrete findings included:\"\n")
    problems = [(p.field, p.message) for p in check_record(text).problems]
    assert problems[0] == ("items[0].next_steps[0]", "is not part of the item's text: 'Turkey called for more.'")
    assert problems[1][0] == "items[0].lead"
    good = replace_line(VALID_RECORD, "    themes: [victim-identification]\n",
                        "    themes: [victim-identification]\n    next_steps: [Turkey called for better\n"
                        "      identification of victims.]\n")
    meeting = check_record(good).meeting
    assert meeting is not None
    assert meeting.items[0].next_steps == ("Turkey called for better identification of victims.",)


def test_an_item_about_many_things_may_list_many_themes(check_record: CheckRecord) -> None:
    # No cap (issue 18): a cap of four made editors drop themes a whole paragraph is about.
    themes = "themes: [legislation, victim-assistance, awareness-raising, root-causes, data-research]"
    checked = check_record(variant("themes: [legislation, victim-assistance]", themes))
    assert checked.problems == []
    assert checked.meeting is not None
    assert len(checked.meeting.items[1].themes) == 5


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
    assert (problem.line, problem.field) == (32, "sources[0].file")
    assert problem.message == f"meetings/{SOURCE_FILE} cannot be read: No such file or directory"
    assert problem.hint == f"add the report's full text as meetings/{SOURCE_FILE} (UTF-8)"


def test_an_empty_source_file_is_reported(check_record: CheckRecord) -> None:
    checked = check_record(source=" \n\n")
    assert checked.triples == [(32, "sources[0].file", f"meetings/{SOURCE_FILE} is empty")]


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
        (36, "items[0].themes[0]", THEMES_HEAD + "'victim-identfication'"),
        (43, "items[1].text", f"does not occur word for word in meetings/{SOURCE_FILE}: differs at character 8 "
         "(after 'States'): the text has 'm', the source 's'"),
    ]


def test_a_duplicate_id_does_not_hide_a_text_that_is_not_in_the_source(check_record: CheckRecord) -> None:
    text = variant("  - id: para-2", "  - id: para-1")
    text = replace_line(text, "    text: States should adopt laws.", "    text: States must adopt laws.")
    checked = check_record(text)
    message = (f"does not occur word for word in meetings/{SOURCE_FILE}: differs at character 8 (after 'States'): "
               "the text has 'm', the source 's'")
    assert (39, "items[0].text", message) not in checked.triples
    assert (44, "items[1].text", message) in checked.triples


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    roles: [chair, participant]", "    roles: []",
     (13, "countries[0].roles", "must list at least one role")),
    (VALID_RECORD[VALID_RECORD.index("items:"):], "items: []\n",
     (32, "items", "must list at least one item")),
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
     [(33, "items", "must be a list, not a mapping")]),
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


# -- sources and origins ----------------------------------------------------------------------------------

SOURCE_END = "    coverage: complete\n"
SECOND_ITEM = "  - id: para-2\n    kind: recommendation\n"
KNOWN = frozenset({MEETING_ID, "2003-12-10-sofia-ministerial-forum"})
SOURCE_KINDS = ("must be one of the source kinds (report, co-chairs-summary, chairs-summary, press-release, "
                "declaration, action-plan, participants-list, agenda, other): ")
URL_HINT = ("copy the address of the original document from the browser's address bar; only https addresses "
            "are published, and a document with none has no url")
DATE_RULE = "must be a date written YYYY-MM-DD, YYYY-MM or YYYY: "
DATE_HINT = "as precisely as the document gives it, for example 2003-12 for December 2003"
EARLIER_HINT = ("write `meeting:` with the id of a record in meetings/, or the meeting's `name` and `date` as the "
                "source gives them")
LANGUAGE_RULE = "must be a two-letter ISO 639-1 language code: "


def with_url(url: str, retrieved: str = "2024-03-01") -> str:
    return f"    url: {url}\n" + (f"    retrieved: {retrieved}\n" if retrieved else "") + SOURCE_END


def with_origin(*lines: str) -> str:
    return SECOND_ITEM + "    origin:\n" + "".join(f"      {line}\n" for line in lines)


PROVENANCE_DEFECTS = [
    pytest.param(
        "sources:\n  - id: conclusions\n    kind: declaration\n    title: Meeting Conclusions\n"
        "    coverage: complete\n    file:",
        "source:\n  kind: conclusions\n  title: Meeting Conclusions\n  file:",
        [(27, 1, "source", "is the old single-source field; a record now lists its documents under sources:",
          "rename `source:` to `sources:`, begin its fields with `  - id: report` (a short name for the "
          "document), indent the others by two more spaces and add `coverage: complete`; see 'Sources' in "
          "CONTRIBUTING.md")],
        id="old-source-field"),
    pytest.param(
        "    kind: declaration\n", "    kind: conclusions\n",
        [(29, 11, "sources[0].kind", SOURCE_KINDS + "'conclusions'",
          "'conclusions' is now written 'declaration'; the list is in meetings/vocabularies/")],
        id="renamed-source-kind"),
    pytest.param(
        "    kind: declaration\n", "    kind: minutes\n",
        [(29, 11, "sources[0].kind", SOURCE_KINDS + "'minutes'", "the list is in meetings/vocabularies/")],
        id="unknown-source-kind"),
    pytest.param(
        SOURCE_END, with_url("http://example.org/c.pdf"),
        [(31, 10, "sources[0].url", "must be an https:// address: 'http://example.org/c.pdf'", URL_HINT)],
        id="http-url"),
    pytest.param(
        SOURCE_END, with_url("javascript:alert(1)"),
        [(31, 10, "sources[0].url", "must be an https:// address: 'javascript:alert(1)'", URL_HINT)],
        id="javascript-url"),
    pytest.param(
        SOURCE_END, with_url("https://example.org/a b.pdf"),
        [(31, 10, "sources[0].url", "must be an https:// address: 'https://example.org/a b.pdf'", URL_HINT)],
        id="url-with-a-space"),
    pytest.param(
        SOURCE_END, with_url("https://example.org/c.pdf", retrieved=""),
        [(31, 10, "sources[0].retrieved", "is required when url is given",
          "add `retrieved: YYYY-MM-DD`, the day you opened the address")],
        id="url-without-retrieved"),
    pytest.param(
        SOURCE_END, with_url("https://example.org/c.pdf", retrieved="2025-06-02"),
        [(32, 16, "sources[0].retrieved", "2025-06-02 is after today", "write the day you opened the address")],
        id="retrieved-after-today"),
    pytest.param(
        SOURCE_END, "    coverage: excerpt\n",
        [(31, 15, "sources[0].missing", "is required when coverage is excerpt",
          "say what the file leaves out, for example `missing: the annexes and the list of participants`")],
        id="excerpt-without-missing"),
    pytest.param(
        SOURCE_END, SOURCE_END + "    missing: the annex\n",
        [(32, 14, "sources[0].missing", "is only for an excerpt, but coverage is complete",
          "remove `missing`, or write `coverage: excerpt`")],
        id="missing-on-a-complete-source"),
    pytest.param(
        SOURCE_END, "    coverage: partial\n",
        [(31, 15, "sources[0].coverage", "must be one of the coverage values (complete, excerpt): 'partial'",
          "complete when the text file holds the whole document; excerpt, with `missing:`, when it holds part")],
        id="unknown-coverage"),
    pytest.param(
        SOURCE_END, "    language: English\n" + SOURCE_END,
        [(31, 15, "sources[0].language", LANGUAGE_RULE + "'English'", "did you mean 'en'?")],
        id="language-by-name"),
    pytest.param(
        SOURCE_END, "    language: xx\n" + SOURCE_END,
        [(31, 15, "sources[0].language", LANGUAGE_RULE + "'xx'", "for example en, fr, ru or id")],
        id="unknown-language"),
    pytest.param(
        SOURCE_END, "    date: 03/2004\n" + SOURCE_END,
        [(31, 11, "sources[0].date", DATE_RULE + "'03/2004'", DATE_HINT)],
        id="date-in-another-order"),
    pytest.param(
        SOURCE_END, "    date: 2004-13\n" + SOURCE_END,
        [(31, 11, "sources[0].date", DATE_RULE + "'2004-13'", DATE_HINT)],
        id="month-13"),
    pytest.param(
        SOURCE_END, "    date: 2025-07\n" + SOURCE_END,
        [(31, 11, "sources[0].date", "2025-07 is after today", "check the year")],
        id="date-after-today"),
    pytest.param(
        "sources:\n  - id: conclusions\n    kind: declaration\n    title: Meeting Conclusions\n"
        f"    coverage: complete\n    file: sources/{MEETING_ID}.txt\n", "sources: []\n",
        [(27, 10, "sources", "must list at least one source",
          "the report, statement or press release the items are copied from")],
        id="no-source"),
    pytest.param(
        "items:\n", "  - id: conclusions\n    kind: report\n    title: Again\n    coverage: complete\n"
        f"    file: sources/{MEETING_ID}.txt\nitems:\n",
        [(33, 9, "sources[1].id", "'conclusions' is already used by sources[0]", "give every source its own id")],
        id="same-source-id-twice"),
    pytest.param(
        "  - id: conclusions\n", "  - id: Main Report\n",
        [(28, 9, "sources[0].id", "must be lower-case letters, digits and hyphens: 'Main Report'",
          "for example report, statement or press-release")],
        id="bad-source-id"),
    pytest.param(
        "  - id: conclusions\n", "  - id: text\n",
        [(28, 9, "sources[0].id", "'text' would take an anchor the meeting page uses",
          "choose another id, for example report, statement or press-release")],
        id="source-id-of-a-page-anchor"),
    pytest.param(
        SECOND_ITEM, "  - id: para-2\n    source: press\n    kind: recommendation\n",
        [(42, 13, "items[1].source", "must be the id of one of the meeting's sources (conclusions): 'press'",
          "leave `source` out for the first source; otherwise copy the `id` of the source the text is taken from")],
        id="item-names-an-unknown-source"),
    pytest.param(
        SECOND_ITEM, with_origin("kind: elsewhere"),
        [(44, 13, "items[1].origin.kind", "must be one of the origins (earlier-meeting, after-meeting): 'elsewhere'",
          "earlier-meeting when the source quotes an earlier meeting, after-meeting when it added the text after "
          "the meeting; no origin for the meeting's own outcomes")],
        id="unknown-origin"),
    pytest.param(
        SECOND_ITEM, with_origin("kind: earlier-meeting", "meeting: 2003-12-10-sofia-forum"),
        [(45, 16, "items[1].origin.meeting", "is not a meeting of the archive: '2003-12-10-sofia-forum'",
          "did you mean '2003-12-10-sofia-ministerial-forum'? write the id of a record in meetings/, or give the "
          "meeting's `name` and `date` instead")],
        id="origin-in-an-unknown-meeting"),
    pytest.param(
        SECOND_ITEM, with_origin("kind: earlier-meeting", f"meeting: {MEETING_ID}"),
        [(45, 16, "items[1].origin.meeting", "names this meeting itself", "an item of this meeting needs no origin")],
        id="origin-in-this-meeting"),
    pytest.param(
        SECOND_ITEM, with_origin("kind: earlier-meeting"),
        [(44, 7, "items[1].origin.meeting", "is required for an item quoted from an earlier meeting", EARLIER_HINT)],
        id="earlier-meeting-without-which"),
    pytest.param(
        SECOND_ITEM, with_origin("kind: earlier-meeting", "name: Sofia forum"),
        [(44, 7, "items[1].origin.date", "is required for an item quoted from an earlier meeting", EARLIER_HINT)],
        id="earlier-meeting-name-without-date"),
    pytest.param(
        SECOND_ITEM, with_origin("kind: earlier-meeting", "meeting: 2003-12-10-sofia-forum", "name: Sofia forum"),
        [(45, 16, "items[1].origin.meeting", "names a meeting of the archive, so name and date are not needed",
          "keep `meeting`, or remove it and keep name and date")],
        id="earlier-meeting-by-id-and-name"),
    pytest.param(
        SECOND_ITEM, with_origin("kind: after-meeting", "name: Sofia forum"),
        [(45, 13, "items[1].origin.name", "is only for an item quoted from an earlier meeting",
          "remove it; say in `note` what the source adds after the meeting, if anything")],
        id="after-meeting-with-a-name"),
    pytest.param(
        SECOND_ITEM, SECOND_ITEM + "    origin: earlier\n",
        [(43, 13, "items[1].origin", "must be a mapping of fields, not text",
          "write fields as `name: value`, one per line (kind, meeting, name, date, note)")],
        id="origin-as-text"),
    pytest.param(
        "  - id: para-2\n", "  - id: source-1\n",
        [(41, 9, "items[1].id", "'source-1' is an anchor the meeting page already uses",
          "choose another id, for example para-7 or panel-2-3")],
        id="item-id-of-a-source-anchor"),
]


@pytest.mark.parametrize(("old", "new", "expected"), PROVENANCE_DEFECTS)
def test_each_provenance_defect_gives_its_exact_problem(check_record: CheckRecord, old: str, new: str,
                                                        expected: list[tuple[int, int, str, str, str]]) -> None:
    checked = check_record(variant(old, new), known_meetings=KNOWN)
    assert [(p.line, p.column, p.field, p.message, p.hint) for p in checked.problems] == expected
    assert checked.meeting is None


PRESS = "Press release\n\nMinisters agreed on **new** laws.\n"
TWO_SOURCES = (
    "  - id: press\n    kind: press-release\n    title: Ministers agree\n    publisher: ICMPD\n"
    "    date: 2005-11\n    language: fr\n    url: https://example.org/press?id=7\n    retrieved: 2024-03-01\n"
    f"    coverage: excerpt\n    missing: the annexes\n    file: sources/{MEETING_ID}--press.txt\nitems:\n")


def two_source_record(item_lines: str) -> str:
    return variant("items:\n", TWO_SOURCES).replace(SECOND_ITEM, SECOND_ITEM + item_lines)


def test_a_second_source_is_read_with_all_it_says(check_record: CheckRecord, tmp_path: Path) -> None:
    (tmp_path / "meetings" / "sources").mkdir(parents=True)
    (tmp_path / "meetings" / "sources" / f"{MEETING_ID}--press.txt").write_text(PRESS, encoding="utf-8")
    text = two_source_record("").replace("    text: States should adopt laws.",
                                         "    source: press\n    page: \"2\"\n    text: Ministers agreed on new laws.")
    checked = check_record(text)
    assert checked.problems == []
    assert checked.meeting is not None
    first, press = checked.meeting.sources
    assert (first.id, first.is_excerpt, first.url, first.language) == ("conclusions", False, "", "")
    assert (press.id, press.kind.id, press.publisher, press.issued, press.language, press.language_name) == (
        "press", "press-release", "ICMPD", "2005-11", "fr", "French")
    assert (press.url, press.retrieved, press.missing, press.text) == (
        "https://example.org/press?id=7", date(2024, 3, 1), "the annexes", PRESS)
    para_1, para_2 = checked.meeting.items
    assert (para_1.source, checked.meeting.source_of(para_1).id) == ("", "conclusions")
    assert (para_2.source, para_2.page, checked.meeting.source_of(para_2).id) == ("press", "2", "press")


def test_each_item_is_checked_against_its_own_source(check_record: CheckRecord, tmp_path: Path) -> None:
    """Text in the first source but named as from the second is not word for word in the second."""
    (tmp_path / "meetings" / "sources").mkdir(parents=True)
    (tmp_path / "meetings" / "sources" / f"{MEETING_ID}--press.txt").write_text(PRESS, encoding="utf-8")
    checked = check_record(two_source_record("    source: press\n"))
    assert checked.triples == [
        (56, "items[1].text", f"does not occur word for word in meetings/sources/{MEETING_ID}--press.txt: differs "
         "at character 19 (after 'States should adop'): the text has 't', the source 'w'")]


def test_a_source_with_problems_does_not_make_its_items_unknown(check_record: CheckRecord) -> None:
    """The press file is missing: that is reported once, on the source, not again on the item naming it."""
    checked = check_record(two_source_record("    source: press\n"))
    assert [(p.line, p.field) for p in checked.problems] == [(43, "sources[1].file")]


def test_origins_are_read(check_record: CheckRecord) -> None:
    text = variant(SECOND_ITEM, with_origin("kind: earlier-meeting", "name: Ministerial Forum, Sofia",
                                            "date: 2003-12", "note: The report quotes its declaration."))
    text = text.replace("  - id: para-1\n", "  - id: para-1\n    origin:\n      kind: after-meeting\n")
    checked = check_record(text)
    assert checked.problems == []
    assert checked.meeting is not None
    after, earlier = (item.origin for item in checked.meeting.items)
    assert after is not None and (after.kind, after.label) == ("after-meeting", "Added after the meeting")
    assert earlier is not None and (earlier.kind, earlier.name, earlier.date, earlier.meeting, earlier.note) == (
        "earlier-meeting", "Ministerial Forum, Sofia", "2003-12", "", "The report quotes its declaration.")


def test_an_origin_in_a_meeting_of_the_archive_is_accepted(check_record: CheckRecord) -> None:
    text = variant(SECOND_ITEM, with_origin("kind: earlier-meeting", "meeting: 2003-12-10-sofia-ministerial-forum"))
    checked = check_record(text, known_meetings=KNOWN)
    assert checked.problems == []
    assert checked.meeting is not None
    origin = checked.meeting.items[1].origin
    assert origin is not None and origin.meeting == "2003-12-10-sofia-ministerial-forum"


CUT_HINT = "put the whole text in double quotes; to add a note instead, write two spaces, then '# '"


def test_a_comment_that_cut_a_title_is_reported(check_record: CheckRecord) -> None:
    record = replace_line(VALID_RECORD, "title: Test meeting on trafficking in human beings",
                          "title: Technical Expert Workshop #3 on trafficking")
    checked = check_record(record)
    assert checked.meeting is None
    assert [(p.field, p.message, p.hint) for p in checked.problems] == [
        ("title", "was cut short: YAML read an unquoted ' #' as the start of a comment and left out "
         "'#3 on trafficking'", CUT_HINT)]


def test_a_comment_after_a_choice_or_a_date_is_only_a_comment(check_record: CheckRecord) -> None:
    record = replace_line(VALID_RECORD, "kind: meeting\n", "kind: meeting #see kinds.yml\n")
    record = replace_line(record, "start: 2005-10-24\n", "start: 2005-10-24 # first day\n")
    record = replace_line(record, "summary: Officials from three states and two organisations met in Vienna.\n",
                          "summary: Officials from three states and two organisations met in Vienna.  # a note\n")
    checked = check_record(record)
    assert checked.problems == []


@pytest.mark.parametrize(("text", "where", "message"), [
    ("Meeting\x07Conclusions\n", (1, 8), "contains the invisible control character U+0007"),
    ("Meeting\n\u202eConclusions\n", (2, 1), "contains the direction control U+202E, which reorders the text "
     "readers see"),
    ("Meeting \ufeffConclusions\n", (1, 9), "contains U+FEFF, a byte-order mark, inside the text"),
])
def test_a_source_text_with_characters_no_text_may_hold(check_record: CheckRecord, text: str,
                                                        where: tuple[int, int], message: str) -> None:
    checked = check_record(source=text + VALID_SOURCE)
    assert checked.meeting is None
    assert [(p.file, (p.line, p.column), p.message) for p in checked.problems] == [
        (f"meetings/{SOURCE_FILE}", where, message)]


def test_a_source_with_windows_line_ends_and_tabs_is_accepted(check_record: CheckRecord) -> None:
    checked = check_record(source=VALID_SOURCE.replace("\n", "\r\n").replace(" ", "\t", 1))
    assert checked.problems == []
