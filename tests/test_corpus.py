"""The editors' defect corpus: one small record per mistake an editor can make, and the exact message.

Every file in tests/corpus/ is a complete record with exactly one defect (or none, for the
baseline and the cases that must pass). tests/corpus/expected.json holds the problems the
validator must print for it, exactly as `str(Problem)` gives them, hint line included. Each
case is validated alone in a fresh repository root, as `tiparchive validate` would see it:
the real vocabularies, the record copied byte for byte as meetings/<id>.yml, and
tests/corpus/sources/base.txt as its source text. Cases too large to commit are generated here.

tests/corpus/README.md is generated from expected.json:
`python tests/test_corpus.py` rewrites it, and a test checks that it is current.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from tiparchive.cli import main
from tiparchive.devserver import DevServer
from tiparchive.records.check import check_records
from tiparchive.records.loading import MAX_DEPTH, MAX_FILE_BYTES, STOPPED
from tiparchive.records.model import Meeting
from tiparchive.records.problems import RecordsInvalid
from tiparchive.records.validation import MAX_SOURCE_BYTES
from tiparchive.render.citation import citation_files
from tiparchive.siteconfig import SiteConfig

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "corpus"
BASE_SOURCE = CORPUS / "sources" / "base.txt"
EXPECTED: dict[str, list[str]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
TODAY = date(2026, 11, 23)

GOOD = "2010-01-01-good.yml"

# Cases that need more than one record in the same root: the case, then the records it is checked with.
COMPANIONS = {"2010-01-01-same-meeting-b.yml": ("2010-01-01-same-meeting-a.yml",)}

# Cases whose message is known to be wrong today, with the reason; empty when all are right.
XFAIL: dict[str, str] = {}

# Defect class of every corpus file, in the order of the README table.
DEFECTS = {
    GOOD: "valid baseline record",
    # YAML traps
    "2010-01-01-norway-as-no.yml": "Norway written as NO in a country list (read as the ISO code, not false)",
    "2010-01-01-start-with-time.yml": "start date with a time (`start: 2010-01-01 10:00`)",
    "2010-01-01-sexagesimal-count.yml": "sexagesimal-looking participant_count `1:20` (stays text '1:20')",
    "2010-01-01-octal-number.yml": "octal-looking item `number: 0777` (stays text '0777')",
    "2010-01-01-duplicate-key.yml": "duplicate key (title twice)",
    "2010-01-01-anchor-alias.yml": "anchor and alias (&a / *a)",
    "2010-01-01-billion-laughs.yml": "billion-laughs alias bomb",
    "2010-01-01-tab-indent.yml": "tab in indentation",
    "2010-01-01-bom.yml": "byte-order mark",
    "2010-01-01-crlf.yml": "CRLF line ends",
    "2010-01-01-not-utf8.yml": "bytes that are not UTF-8 (Latin-1 é)",
    "2010-01-01-empty.yml": "empty file",
    "2010-01-01-comment-only.yml": "comment-only file",
    "2010-01-01-top-level-list.yml": "a list where the record mapping belongs (top level is a list)",
    "2010-01-01-python-tag.yml": "custom tag `!!python/object/apply:os.system`",
    # record errors
    "2010-01-01-missing-summary.yml": "missing required field (summary)",
    "2010-01-01-unknown-field.yml": "unknown field with did-you-mean (short_tilte)",
    "2010-01-01-list-for-text.yml": "list where text belongs (title)",
    "2010-01-01-text-for-list.yml": "text where a list belongs (processes)",
    "2010-01-01-end-before-start.yml": "end date before start date",
    "2010-01-01-future-date.yml": "date far in the future (end: 2201-01-02)",
    "2010-01-01-before-1990.yml": "date before 1990",
    "2010-01-01-unknown-theme.yml": "unknown theme (legislaton)",
    "2010-01-01-unknown-organisation.yml": "unknown organisation",
    "2010-01-01-unknown-process.yml": "unknown process (bali-proces)",
    "2010-01-01-moderator-country.yml": "a role of people given to a country (moderator)",
    "2010-01-01-person-roles.yml": "a person's roles: one for states only (funder), one listed twice",
    "2010-01-01-chair-and-co-chair.yml": "chair and co-chair of the same meeting at once",
    "2010-01-01-unknown-provision.yml": "a provision the instrument does not have (un-tip-protocol/art-55)",
    "2010-01-01-several-roles.yml": "a person with several roles and a state hosting through a ministry (valid)",
    "2010-01-01-unknown-country.yml": "unknown country 'Turky'",
    "2010-01-01-id-mismatch.yml": "id does not match the file name",
    "2010-01-01-id-path.yml": "id with path characters ('../etc')",
    "2010-01-01-duplicate-item-id.yml": "same recommendation id twice",
    "2010-01-01-empty-text.yml": "empty text (`text:`)",
    "2010-01-01-whitespace-text.yml": "whitespace-only text",
    "2010-01-01-text-not-in-source.yml": "item text not verbatim in the source",
    "2010-01-01-curly-quote.yml": "item text with a straight apostrophe where the source has a curly one",
    "2010-01-01-count-contradicts-list.yml": "participant_count '3' with 4 countries listed",
    "2010-01-01-participation-not-in-source.yml": "participation.described_as not word for word in the source",
    "2010-01-01-participation-does-not-add-up.yml": "participation.states 5 where the words' numbers add up to 2",
    "2010-01-01-participation-in-words.yml": "participation.states written in words ('sixty-eight')",
    "2010-01-01-participation-fewer-than-listed.yml": "participation.states 3 with 4 countries listed",
    "2010-01-01-source-file-elsewhere.yml": "sources[0].file pointing elsewhere ('../../etc/passwd')",
    # provenance
    "2010-01-01-old-source-field.yml": "the old single `source:` field instead of the `sources:` list",
    "2010-01-01-http-url.yml": "source url that is not https (`http://...`)",
    "2010-01-01-unknown-source-kind.yml": "unknown source kind (press-statement)",
    "2010-01-01-excerpt-without-note.yml": "source `coverage: excerpt` without `missing`",
    "2010-01-01-unknown-item-source.yml": "item naming a source the record does not list",
    "2010-01-01-unknown-origin-meeting.yml": "item quoted from an earlier meeting that is not in the archive",
    "2010-01-01-same-meeting-a.yml": "same meeting twice: first record (valid alone)",
    "2010-01-01-same-meeting-b.yml": "same meeting twice: second record, checked together with -a",
    # hostile input, round two (issue 15)
    "2010-01-01-deep-nesting-brackets.yml": "600 levels of `[` in one field (1.2 KB)",
    "2010-01-01-deep-nesting-dashes.yml": "500 levels of `- - -` in one field",
    "2010-01-01-lone-surrogate.yml": 'a lone surrogate written as an escape (`"\\ud800"`)',
    "2010-01-01-comment-cut-title.yml": "an unquoted ` #` that cut a title",
    "2010-01-01-escaped-control.yml": 'control characters written as escapes (`"\\x1b"`, `"\\0"`, `"\\a"`)',
    "2010-01-01-bidi-override.yml": "a right-to-left override (U+202E) in a title",
    "2010-01-01-invisible-title.yml": "a title of zero-width spaces only",
    "2010-01-01-bom-inside-city.yml": "U+FEFF inside a city name",
    "2010-01-01-duplicate-key-and-field.yml": "duplicate key and an unknown theme: both reported",
    "2010-01-01-tag-and-field.yml": "a tag and an unknown theme: both reported",
    "2010-01-01-control-char-and-field.yml": "a raw control character and an unknown theme: both reported",
    "2010-01-01-syntax-error.yml": "a YAML syntax error that stops reading (`title: Panel 1: legislation`)",
    # not an error
    "2010-01-01-markup-text.yml": "markup-looking text in title, summary and item (shown literally)",
    "2010-01-01-country-code.yml": "venue country written as an ISO code (`country: AUS`, shown as Australia)",
}

# What the validator did with each issue-15 case before the fix, for the README's before/after column.
BEFORE = {
    "2010-01-01-deep-nesting-brackets.yml": "RecursionError traceback in loading._convert",
    "2010-01-01-deep-nesting-dashes.yml": "RecursionError traceback in loading._convert",
    "2010-01-01-lone-surrogate.yml": "passed; `build` died with UnicodeEncodeError",
    "2010-01-01-comment-cut-title.yml": "passed; published as 'Technical Expert Workshop'",
    "2010-01-01-escaped-control.yml": "passed; the characters reached HTML, CSV, BibTeX and broke feed.xml",
    "2010-01-01-bidi-override.yml": "passed",
    "2010-01-01-invisible-title.yml": "passed; an invisible heading",
    "2010-01-01-bom-inside-city.yml": "passed",
    "2010-01-01-duplicate-key-and-field.yml": "only the duplicate key reported",
    "2010-01-01-tag-and-field.yml": "only the tag reported",
    "2010-01-01-control-char-and-field.yml": "only the control character reported",
    "2010-01-01-syntax-error.yml": "did not say that the fields went unchecked",
    "2010-01-01-duplicate-key.yml": "the same message, but the file's other fields went unchecked",
    "2010-01-01-python-tag.yml": "only the tag reported",
    "2010-01-01-same-meeting-b.yml": "asked to delete -b, whichever of the two was the original",
    # provenance (issue 14): what the same defect gave in the record format before sources:
    "2010-01-01-old-source-field.yml": "accepted (it was the only format)",
    "2010-01-01-http-url.yml": "`source.url: is not a known field`",
    "2010-01-01-unknown-source-kind.yml": "`source.kind: must be one of the source kinds (conclusions, "
                                          "co-chairs-summary, report, highlights, declaration)`",
    "2010-01-01-excerpt-without-note.yml": "`source.coverage: is not a known field`",
    "2010-01-01-unknown-item-source.yml": "`items[1].source: is not a known field`",
    "2010-01-01-unknown-origin-meeting.yml": "`items[1].origin: is not a known field`",
}


# -- helpers ----------------------------------------------------------------------------------


def make_root(tmp_path: Path, records: dict[str, bytes]) -> Path:
    """A repository root with the real vocabularies, the given records and base.txt as each one's source."""
    root = tmp_path / "repo"
    meetings = root / "meetings"
    shutil.copytree(ROOT / "meetings" / "vocabularies", meetings / "vocabularies")
    (meetings / "sources").mkdir()
    for name, data in records.items():
        (meetings / name).write_bytes(data)
        shutil.copyfile(BASE_SOURCE, meetings / "sources" / f"{Path(name).stem}.txt")
    return root


def corpus_root(tmp_path: Path, name: str) -> Path:
    names = (name, *COMPANIONS.get(name, ()))
    return make_root(tmp_path, {n: (CORPUS / n).read_bytes() for n in names})


def check(root: Path) -> tuple[list[Meeting], list[str]]:
    meetings, problems = check_records(root, today=TODAY)
    return meetings, [str(p) for p in problems]


def good_record(case_id: str) -> str:
    """The baseline record, renamed to another id."""
    return (CORPUS / GOOD).read_text(encoding="utf-8").replace("2010-01-01-good", case_id)


def _swap(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def _case(name: str) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
    return pytest.param(name, marks=marks, id=name.removeprefix("2010-01-01-").removesuffix(".yml"))


# -- the corpus -------------------------------------------------------------------------------


def test_corpus_is_complete() -> None:
    files = {p.name for p in CORPUS.glob("*.yml")}
    assert files == set(EXPECTED) == set(DEFECTS)
    assert {n for names in COMPANIONS.values() for n in names} <= files
    assert set(XFAIL) <= files


@pytest.mark.parametrize("name", [_case(name) for name in DEFECTS])
def test_corpus_case(name: str, tmp_path: Path) -> None:
    _, problems = check(corpus_root(tmp_path, name))
    assert problems == EXPECTED[name]


def test_good_baseline_has_no_problems(tmp_path: Path) -> None:
    assert EXPECTED[GOOD] == []
    meetings, problems = check(corpus_root(tmp_path, GOOD))
    assert problems == []
    assert [m.id for m in meetings] == ["2010-01-01-good"]


def test_binary_cases_are_byte_exact() -> None:
    """Editors and git must not have 'fixed' the files whose bytes are the defect."""
    assert (CORPUS / "2010-01-01-bom.yml").read_bytes().startswith(b"\xef\xbb\xbfid: 2010-01-01-bom\n")
    crlf = (CORPUS / "2010-01-01-crlf.yml").read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n") > 40
    not_utf8 = (CORPUS / "2010-01-01-not-utf8.yml").read_bytes()
    assert b"Caf\xe9\n" in not_utf8
    with pytest.raises(UnicodeDecodeError):
        not_utf8.decode("utf-8")
    assert (CORPUS / "2010-01-01-empty.yml").read_bytes() == b""
    assert b"\n\tcity: Vienna\n" in (CORPUS / "2010-01-01-tab-indent.yml").read_bytes()


def test_yaml_look_alikes_stay_text(tmp_path: Path) -> None:
    """1:20 is not 80, 0777 is not 511, NO is not false: values reach the model as written."""
    (count,), _ = check(corpus_root(tmp_path / "count", "2010-01-01-sexagesimal-count.yml"))
    assert count.participant_count == "1:20"
    (octal,), _ = check(corpus_root(tmp_path / "octal", "2010-01-01-octal-number.yml"))
    assert octal.items[1].number == "0777"
    (norway,), _ = check(corpus_root(tmp_path / "norway", "2010-01-01-norway-as-no.yml"))
    named = [(c.written, c.country.code) for c in norway.items[0].countries]
    assert ("NO", "NOR") in named


def test_markup_looking_text_is_valid_and_kept_literally(tmp_path: Path) -> None:
    (meeting,), problems = check(corpus_root(tmp_path, "2010-01-01-markup-text.yml"))
    assert problems == []
    for attack in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
                   '{: onclick="alert(1)" }', "{{ config }}", "---", "| a | b |"):
        assert attack in meeting.title
        assert attack in meeting.summary
        assert attack in meeting.items[1].text
        assert attack in meeting.source.text
    assert "\n# not a heading, a line of the summary" in meeting.summary
    assert "\n# not a heading, a line of the report\n" in meeting.items[1].text


def test_billion_laughs_is_rejected_quickly(tmp_path: Path) -> None:
    root = corpus_root(tmp_path, "2010-01-01-billion-laughs.yml")
    started = time.perf_counter()
    _, problems = check(root)
    assert time.perf_counter() - started < 2
    assert len(problems) == 1
    assert "anchors (&name) are not allowed in records" in problems[0]


# -- the command line -------------------------------------------------------------------------


def test_cli_validate_prints_the_problem_and_writes_nothing(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    name = "2010-01-01-duplicate-key.yml"
    root = corpus_root(tmp_path, name)
    assert main(["--root", str(root), "validate"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert EXPECTED[name][0] in err
    assert err.rstrip("\n").endswith("no pages were written.")
    assert err.rstrip("\n").splitlines()[-1] == "1 problem in 1 file; no pages were written."


def test_cli_validate_accepts_the_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus_root(tmp_path, GOOD)
    assert main(["--root", str(root), "validate"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("1 records, 2 items: no problems")


def test_a_written_form_is_shown_by_its_canonical_name(tmp_path: Path) -> None:
    (meeting,), _ = check(corpus_root(tmp_path, "2010-01-01-country-code.yml"))
    assert meeting.venue.country.written == "AUS"
    assert _place(meeting) == "Adelaide, Australia"
    citation = "\n".join(citation_files(meeting, SiteConfig()).values())
    assert "Adelaide, Australia" in citation and "AUS" not in citation


def _place(meeting: Meeting) -> str:
    """The venue as every page and citation writes it."""
    return f"{meeting.venue.city}, {meeting.venue.country.shown}"


# -- files that look like records but are not read ---------------------------------------------

GOOD_COPY = "2010-01-01-saved-elsewhere"
UNREAD = {
    f"{GOOD_COPY}.YML": "record saved with an upper-case extension (.YML)",
    f"{GOOD_COPY}.yaml": "record saved as .yaml",
    f"2010/{GOOD_COPY}.yml": "record saved in a subfolder of meetings/",
}


def unread_problems(tmp_path: Path, name: str) -> list[str]:
    root = make_root(tmp_path, {})
    (root / "meetings" / name).parent.mkdir(parents=True, exist_ok=True)
    (root / "meetings" / name).write_text(good_record(GOOD_COPY), encoding="utf-8")
    return check(root)[1]


@pytest.mark.parametrize("name", list(UNREAD))
def test_a_record_that_would_not_be_read_is_a_problem(tmp_path: Path, name: str) -> None:
    problems = unread_problems(tmp_path, name)
    assert len(problems) == 1 and problems[0].startswith(f"meetings/{name}:1:1: ")


# -- generated cases: too large to commit -----------------------------------------------------

SUMMARY = ("summary: >-\n  Officials from two states and one organisation met in Vienna and agreed on better\n"
           "  identification of victims.\n")
FIVE_MB_ID = "2010-01-01-five-megabyte-field"
LONG_FIELD_ID = "2010-01-01-long-summary"
MANY_ITEMS_ID = "2010-01-01-ten-thousand-items"


def five_megabyte_record() -> bytes:
    return _swap(good_record(FIVE_MB_ID), SUMMARY, "summary: >-\n  " + "word " * 999_999 + "word\n").encode()


def long_summary_record() -> bytes:
    return _swap(good_record(LONG_FIELD_ID), SUMMARY, "summary: >-\n  " + "word " * 5_999 + "word\n").encode()


def ten_thousand_items_record() -> bytes:
    """10,000 short one-line items, well under the file-size limit, so the list limit is what must fire.

    The items are kept short so that the time measured is the validator's, not PyYAML's: parsing
    is pure Python at roughly 250 KB/s, and complete items would make a file of 0.7 to 0.9 MB.
    """
    record = good_record(MANY_ITEMS_ID)
    items = "".join(f"  - {{id: p{i}, text: Laws.}}\n" for i in range(10_000))
    return (record[: record.index("items:\n")] + "items:\n" + items).encode()


FIVE_MB_SIZE = len(five_megabyte_record())
GENERATED = {
    FIVE_MB_ID: ("absurdly long field (5 MB summary)", [
        f"meetings/{FIVE_MB_ID}.yml:1:1: the file is {FIVE_MB_SIZE:,} bytes; the limit is {MAX_FILE_BYTES:,}\n"
        "    hint: a meeting record is text only; keep long source documents in meetings/sources/"]),
    LONG_FIELD_ID: ("field over its own limit (30,000-character summary)", [
        f"meetings/{LONG_FIELD_ID}.yml:11:10: summary: is 29,999 characters long; the limit is 3,000\n"
        "    hint: keep only what the field is for; full documents belong in meetings/sources/"]),
    MANY_ITEMS_ID: ("10,000 items in one file", [
        f"meetings/{MANY_ITEMS_ID}.yml:1032:5: items: has more than 1,000 entries; the limit is 1,000{STOPPED}\n"
        "    hint: split the record, or check that the list was not duplicated"]),
}


def timed_check(tmp_path: Path, case_id: str, record: bytes) -> tuple[list[str], float]:
    root = make_root(tmp_path, {f"{case_id}.yml": record})
    started = time.perf_counter()
    _, problems = check(root)
    return problems, time.perf_counter() - started


def test_five_megabyte_field_is_rejected_quickly(tmp_path: Path) -> None:
    problems, seconds = timed_check(tmp_path, FIVE_MB_ID, five_megabyte_record())
    assert FIVE_MB_SIZE > 5_000_000
    assert problems == GENERATED[FIVE_MB_ID][1]
    assert seconds < 2, f"validation took {seconds:.2f} s"


def test_field_over_its_own_limit(tmp_path: Path) -> None:
    problems, _ = timed_check(tmp_path, LONG_FIELD_ID, long_summary_record())
    assert problems == GENERATED[LONG_FIELD_ID][1]


@pytest.fixture(scope="module")
def ten_thousand_items(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], float]:
    record = ten_thousand_items_record()
    assert len(record) < MAX_FILE_BYTES  # under the file-size limit, so the list limit is what must fire
    return timed_check(tmp_path_factory.mktemp("items"), MANY_ITEMS_ID, record)


def test_ten_thousand_items_are_rejected_quickly(ten_thousand_items: tuple[list[str], float]) -> None:
    problems, seconds = ten_thousand_items
    assert GENERATED[MANY_ITEMS_ID][1][0] in problems
    assert seconds < 5, f"validation took {seconds:.2f} s"


def test_ten_thousand_items_are_reported_once(ten_thousand_items: tuple[list[str], float]) -> None:
    assert ten_thousand_items[0] == GENERATED[MANY_ITEMS_ID][1]


# -- generated cases: links, sources, deep files, vocabularies (issue 15) ----------------------

DEEP_ID = "2010-01-01-thirty-thousand-levels"
SOURCE_LINK_ID = "2010-01-01-source-link"
RECORD_LINK_ID = "2010-01-01-record-link"
BIG_SOURCE_ID = "2010-01-01-big-source"
SOURCE_CONTROL_ID = "2010-01-01-source-control"
VOCABULARY_ID = "2010-01-01-vocabulary-label"
SOURCE_FILE_PLACE = "30:11: sources[0].file"


def deep_record() -> bytes:
    """30,000 levels of `[` (60 KB, under the size limit): libyaml's C composer crashed on it."""
    return _swap(good_record(DEEP_ID), "processes: [bali-process]\n",
                 "processes: " + "[" * 30_000 + "bali-process" + "]" * 30_000 + "\n").encode()


def _root_with(tmp_path: Path, case_id: str) -> Path:
    return make_root(tmp_path, {f"{case_id}.yml": good_record(case_id).encode()})


def _source_link(tmp_path: Path) -> Path:
    root = _root_with(tmp_path, SOURCE_LINK_ID)
    source = root / "meetings" / "sources" / f"{SOURCE_LINK_ID}.txt"
    outside = tmp_path / "passwd"
    outside.write_bytes(BASE_SOURCE.read_bytes())  # quotes match, so only the link is wrong
    source.unlink()
    source.symlink_to(outside)
    return root


def _record_link(tmp_path: Path) -> Path:
    root = _root_with(tmp_path, RECORD_LINK_ID)
    record = root / "meetings" / f"{RECORD_LINK_ID}.yml"
    outside = tmp_path / "outside.yml"
    outside.write_bytes(record.read_bytes())
    record.unlink()
    record.symlink_to(outside)
    return root


def _big_source(tmp_path: Path) -> Path:
    root = _root_with(tmp_path, BIG_SOURCE_ID)
    source = root / "meetings" / "sources" / f"{BIG_SOURCE_ID}.txt"
    source.write_bytes(source.read_bytes() + b"x" * MAX_SOURCE_BYTES)
    return root


def _source_control(tmp_path: Path) -> Path:
    root = _root_with(tmp_path, SOURCE_CONTROL_ID)
    source = root / "meetings" / "sources" / f"{SOURCE_CONTROL_ID}.txt"
    source.write_bytes(source.read_bytes().replace(b"Meeting Conclusions", b"Meeting\x07Conclusions", 1))
    return root


KINDS = ROOT / "meetings" / "vocabularies" / "kinds.yml"


def _kinds_role_line() -> tuple[int, str]:
    """The first role's label line in the real kinds.yml: (line number, the line)."""
    lines = KINDS.read_text(encoding="utf-8").splitlines()
    start = lines.index("roles:")
    number = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("label:"))
    return number + 1, lines[number]


def _vocabulary_label(tmp_path: Path) -> Path:
    root = _root_with(tmp_path, VOCABULARY_ID)
    number, line = _kinds_role_line()
    kinds = root / "meetings" / "vocabularies" / "kinds.yml"
    lines = kinds.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[number - 1] = line[: line.index("label:")] + 'label: "Host\\x1b"\n'
    kinds.write_text("".join(lines), encoding="utf-8")
    return root


_LABEL_LINE, _LABEL_TEXT = _kinds_role_line()
CONTROL_HINT = ("delete it; it comes from copying text out of a PDF file, or from an escape such as \\0, "
                "\\a or \\x1b in quoted text")
LINK_RULE = "records and sources must be regular files in meetings/"
ROOTS = {
    SOURCE_LINK_ID: _source_link, RECORD_LINK_ID: _record_link, BIG_SOURCE_ID: _big_source,
    SOURCE_CONTROL_ID: _source_control, VOCABULARY_ID: _vocabulary_label,
}
GENERATED.update({
    DEEP_ID: ("30,000 levels of `[` (60 KB)", [
        f"meetings/{DEEP_ID}.yml:4:23: processes[0][0][0][0][0][0][0][0][0][0][0]: lists and mappings are "
        f"nested more than {MAX_DEPTH} deep{STOPPED}\n"
        "    hint: a record nests at most 4 deep (items, an item, its themes); check for stray brackets or dashes"]),
    SOURCE_LINK_ID: ("source text as a symbolic link to a file outside the repository", [
        f"meetings/{SOURCE_LINK_ID}.yml:{SOURCE_FILE_PLACE}: meetings/sources/{SOURCE_LINK_ID}.txt is a "
        f"symbolic link; {LINK_RULE}\n    hint: replace it with a copy of the report's text itself"]),
    RECORD_LINK_ID: ("record as a symbolic link to a file outside meetings/", [
        f"meetings/{RECORD_LINK_ID}.yml:1:1: is a symbolic link; {LINK_RULE}"]),
    BIG_SOURCE_ID: ("source text over the size limit", [
        f"meetings/{BIG_SOURCE_ID}.yml:{SOURCE_FILE_PLACE}: meetings/sources/{BIG_SOURCE_ID}.txt is "
        f"{BASE_SOURCE.stat().st_size + MAX_SOURCE_BYTES:,} bytes; the limit is {MAX_SOURCE_BYTES:,}\n"
        "    hint: a source this large is not one report; keep only the report's own text"]),
    SOURCE_CONTROL_ID: ("a control character in a source text", [
        f"meetings/sources/{SOURCE_CONTROL_ID}.txt:1:8: contains the invisible control character U+0007\n"
        f"    hint: {CONTROL_HINT}"]),
    VOCABULARY_ID: ("a control character in a kinds.yml role label, at its own line", [
        f"meetings/vocabularies/kinds.yml:{_LABEL_LINE}:{_LABEL_TEXT.index('label:') + 8}: roles[0].label: "
        f"contains the invisible control character U+001B\n    hint: {CONTROL_HINT}"]),
})
BEFORE.update({
    DEEP_ID: "segmentation fault (exit 139), no message",
    SOURCE_LINK_ID: "passed; the linked file was published on the meeting page and in data/sources/",
    RECORD_LINK_ID: "read and published",
    BIG_SOURCE_ID: "no limit: 990 items quoting the end of a 60 MB source took 145 s",
    SOURCE_CONTROL_ID: "passed",
    VOCABULARY_ID: "passed; the label reached the pages",
    FIVE_MB_ID: "the same message",
    MANY_ITEMS_ID: "'has 10,000 entries' after reading all of them",
})


def test_thirty_thousand_levels_are_refused_without_a_crash(tmp_path: Path) -> None:
    record = deep_record()
    assert len(record) < MAX_FILE_BYTES
    problems, seconds = timed_check(tmp_path, DEEP_ID, record)
    assert problems == GENERATED[DEEP_ID][1]
    assert seconds < 2, f"validation took {seconds:.2f} s"


@pytest.mark.parametrize("case_id", list(ROOTS))
def test_generated_case(tmp_path: Path, case_id: str) -> None:
    root = ROOTS[case_id](tmp_path)
    try:
        meetings, problems = check(root)
    except RecordsInvalid as error:  # a vocabulary is broken: no record is checked
        meetings, problems = [], [str(p) for p in error.problems]
    assert meetings == []
    assert problems == GENERATED[case_id][1]


# -- tests/corpus/README.md -------------------------------------------------------------------

README_HEAD = """\
# Editors' defect corpus

One record per mistake an editor can make, each otherwise valid, with the exact problems
`tiparchive validate` must report in [expected.json](expected.json) (`str(Problem)`, hint line
included). tests/test_corpus.py validates each file alone in a fresh repository root as
`meetings/<file>`, with [sources/base.txt](sources/base.txt) as its source text and validation run
as if on 2026-11-23. `2010-01-01-same-meeting-b.yml` is checked together with `-a`.
The files with a BOM, CRLF line ends, Latin-1 bytes or a tab are byte-exact: do not let an editor
or git "fix" them (see .gitattributes).

This table is generated from expected.json by `python tests/test_corpus.py`; a test keeps it current.

Cases added for issue 15 ("Hostile input, round two") say in the last column what happened before.
Classes that are behaviour rather than a message are tested elsewhere: staging folders of killed
builds removed and the site readable by a web server (before: left behind, `drwx------`;
tests/unit/test_cli.py); any bytes giving a meeting or problems, and any string of a record or
vocabulary shown as itself in every format, kinds.yml role labels included (before: a role label
reached the meeting page as live HTML; tests/test_properties.py, and tests/site/test_hostile.py,
whose site gives a role in kinds.yml a hostile label).

| Defect class | File | First line of the message an editor sees | Before issue 15 |
| --- | --- | --- | --- |
"""


def _cell(text: str) -> str:
    """Text for a table cell: only the pipe needs escaping (GitHub tables honour \\| in code spans)."""
    return text.replace("|", "\\|")


def _message_cell(problem: str) -> str:
    first = problem.split("\n")[0]
    assert "`" not in first, first
    return f"`{_cell(first)}`"


# What an editor saw before issue 14 ("The archive grows"), for each message it changed or added.
BEFORE = {
    "2010-01-01-text-not-in-source.yml": (
        "meetings/2010-01-01-text-not-in-source.yml:42:11: items[1].text: does not occur word for word in "
        "meetings/sources/2010-01-01-text-not-in-source.txt\n    hint: copy the text exactly from the source; "
        "only conversion markup (**, *, <sup>, [link](#)) and line breaks may differ"),
    "2010-01-01-curly-quote.yml": (
        "meetings/2010-01-01-curly-quote.yml:47:11: items[2].text: does not occur word for word in "
        "meetings/sources/2010-01-01-curly-quote.txt\n    hint: copy the text exactly from the source; "
        "only conversion markup (**, *, <sup>, [link](#)) and line breaks may differ"),
    "2010-01-01-country-code.yml": "(no problem; the page and the citations said) Adelaide, AUS",
    f"{GOOD_COPY}.YML": "1 records, 2 items: no problems (the meeting silently missing)",
    f"{GOOD_COPY}.yaml": f"meetings/{GOOD_COPY}.yaml:1:1: record files end in .yml\n    hint: rename it to "
                         f"{GOOD_COPY}.yml",
    f"2010/{GOOD_COPY}.yml": "1 records, 2 items: no problems (the meeting silently missing)",
    "serve": ("(nothing, not even the address; on a bad record:)\nAborted with a BuildError!\n"
              "(and every page in the browser hangs until a build succeeds)"),
    "serve-code": "(nothing: the server went on running the code it started with)",
}
SERVE_PROBLEM = ("meeting records have problems:\n" + EXPECTED["2010-01-01-curly-quote.yml"][0] +
                 "\n1 problem in 1 file; no pages were written.")


def _serve_says(tmp_path: Path) -> str:
    """What `tiparchive serve` prints at the start and on a build with a broken record."""
    def broken() -> None:
        logging.getLogger("mkdocs.commands.build").error(SERVE_PROBLEM)
        raise RuntimeError("Aborted with a BuildError!")

    out = io.StringIO()
    server = DevServer(tmp_path / "mkdocs.yml", "127.0.0.1:8000", out=out)
    server.say(f"tiparchive serve: building the site, then serving it on {server.url} (Ctrl+C stops)")
    (tmp_path / "site").mkdir(parents=True)
    server.build_once(broken, tmp_path / "site")
    return out.getvalue().rstrip("\n")


def _serve_says_after_a_code_change(tmp_path: Path) -> str:
    package = tmp_path / "scripts" / "tiparchive"
    package.mkdir(parents=True)
    code = package / "validation.py"
    code.write_text("", encoding="utf-8")
    out = io.StringIO()
    server = DevServer(tmp_path / "mkdocs.yml", "127.0.0.1:8000", out=out, package=package)
    os.utime(code, ns=(code.stat().st_mtime_ns + 10**9,) * 2)
    server.build_once(lambda: None, tmp_path)
    return out.getvalue().splitlines()[0]


def _before_after(tmp_path: Path) -> list[str]:
    after: dict[str, str] = {}
    for name in ("2010-01-01-text-not-in-source.yml", "2010-01-01-curly-quote.yml"):
        after[name] = EXPECTED[name][0]
    (meeting,), _ = check(corpus_root(tmp_path / "code", "2010-01-01-country-code.yml"))
    after["2010-01-01-country-code.yml"] = f"(no problem; the page and the citations say) {_place(meeting)}"
    for number, name in enumerate(UNREAD):
        after[name] = unread_problems(tmp_path / f"unread-{number}", name)[0]
    after["serve"] = _serve_says(tmp_path / "serve")
    after["serve-code"] = _serve_says_after_a_code_change(tmp_path / "code-change")
    titles = {**DEFECTS, **UNREAD, "serve": "`python3 scripts/dev.py serve` with a broken record",
              "serve-code": "`python3 scripts/dev.py serve` after a change to the package's code"}
    lines = ["", "## Messages changed by issue 14, before and after", ""]
    for name, before in BEFORE.items():
        where = f" (`{name}`)" if name in DEFECTS else ""
        lines += [f"### {titles[name]}{where}", "", "Before:", "", "```text", before, "```", "",
                  "After:", "", "```text", after[name], "```", ""]
    return lines


def readme_text() -> str:
    rows = []
    for name, defect in DEFECTS.items():
        message = _message_cell(EXPECTED[name][0]) if EXPECTED[name] else "(no problem)"
        note = " (xfail: message to be fixed)" if name in XFAIL else ""
        rows.append(f"| {_cell(defect)}{note} | `{name}` | {message} | {_cell(BEFORE.get(name, ''))} |")
    for case_id, (defect, expected) in GENERATED.items():
        rows.append(f"| {_cell(defect)} | generated in test_corpus.py | {_message_cell(expected[0])} | "
                    f"{_cell(BEFORE.get(case_id, ''))} |")
    with tempfile.TemporaryDirectory() as folder:
        changed = _before_after(Path(folder))
    return README_HEAD + "\n".join(rows) + "\n" + "\n".join(changed)


def test_readme_table_is_current() -> None:
    assert (CORPUS / "README.md").read_text(encoding="utf-8") == readme_text(), "run python tests/test_corpus.py"


if __name__ == "__main__":
    (CORPUS / "README.md").write_text(readme_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {CORPUS / 'README.md'}\n")
