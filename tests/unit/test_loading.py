"""loading.read_yaml: every YAML trap gives one clear problem, or is read as the text that was written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tiparchive.records.loading import MAX_FILE_BYTES, STOPPED, Document, Node, read_yaml, walk
from tiparchive.records.problems import Problem

SHOWN = "meetings/record.yml"

SYNTAX_HINT = "check indentation and that text containing ': ' or ' #' is quoted"
EMPTY_HINT = "copy a record from meetings/ or run `tiparchive new` to start one"
TAG_HINT = "remove the '!' tag; write the value as plain text"
REFUSED_HINT = "write the value out in full wherever it is needed, without &name or *name"
SIZE_HINT = "a meeting record is text only; keep long source documents in meetings/sources/"


def read(tmp_path: Path, raw: bytes) -> tuple[Document | None, list[Problem]]:
    path = tmp_path / "record.yml"
    path.write_bytes(raw)
    return read_yaml(path, SHOWN)


def values(node: Node) -> object:
    """The tree as plain Python values, to compare with what the editor wrote."""
    if isinstance(node.value, dict):
        return {key: values(child) for key, child in node.value.items()}
    if isinstance(node.value, list):
        return [values(child) for child in node.value]
    return node.value


# -- values that plain YAML would turn into something else stay the text that was written --------

@pytest.mark.parametrize(("written", "expected"), [
    ("NO", "NO"),  # Norway, not False
    ("no", "no"),
    ("No", "No"),
    ("off", "off"),
    ("on", "on"),
    ("yes", "yes"),
    ("y", "y"),
    ("true", "true"),
    ("2005-10-24", "2005-10-24"),  # not a datetime.date
    ("2005-10-24 10:00:00", "2005-10-24 10:00:00"),
    ("1:20", "1:20"),  # not the sexagesimal number 80
    ("0x1F", "0x1F"),
    ("010", "010"),  # not octal 8
    ("1e3", "1e3"),
    ("1_000", "1_000"),
    (".inf", ".inf"),
    (".nan", ".nan"),
    ("79", "79"),
    ("'null'", "null"),
    ('"~"', "~"),
    ("''", ""),
    ('""', ""),
    ("!!str 7", "7"),  # standard tags are allowed and change nothing
    ("!!int seven", "seven"),
])
def test_scalars_stay_text(tmp_path: Path, written: str, expected: str) -> None:
    document, problems = read(tmp_path, f"value: {written}\n".encode())
    assert problems == []
    assert document is not None
    assert document.root.value["value"].value == expected  # type: ignore[index]


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_plain_null_is_read_as_nothing(tmp_path: Path, written: str) -> None:
    document, problems = read(tmp_path, f"value: {written}\n".encode())
    assert problems == []
    assert document is not None
    node = document.root.value["value"]  # type: ignore[index]
    assert node.value is None
    assert node.kind == "nothing"


def test_a_record_is_read_as_text_with_positions(tmp_path: Path) -> None:
    raw = (b"country: NO\n"
           b"start: 2005-10-24\n"
           b"venue:\n"
           b"  city: Oslo\n"
           b"themes: [a, b]\n"
           b"text: >-\n"
           b"  two\n"
           b"  lines\n")
    document, problems = read(tmp_path, raw)
    assert problems == []
    assert document is not None
    assert document.shown_as == SHOWN
    assert document.path == tmp_path / "record.yml"
    root = document.root
    assert values(root) == {"country": "NO", "start": "2005-10-24", "venue": {"city": "Oslo"},
                            "themes": ["a", "b"], "text": "two lines"}
    fields = root.value
    assert isinstance(fields, dict)
    assert (root.line, root.column, root.kind) == (1, 1, "a mapping")
    assert (fields["country"].line, fields["country"].column, fields["country"].key_line) == (1, 10, 1)
    assert (fields["venue"].line, fields["venue"].column, fields["venue"].key_line) == (4, 3, 3)
    assert fields["venue"].kind == "a mapping"
    assert fields["themes"].kind == "a list"
    assert fields["country"].kind == "text"
    themes = fields["themes"].value
    assert isinstance(themes, list)
    assert [(n.line, n.column, n.key_line) for n in themes] == [(5, 10, 0), (5, 13, 0)]
    assert (fields["text"].line, fields["text"].key_line) == (6, 6)


def test_walk_visits_every_node_depth_first(tmp_path: Path) -> None:
    document, _ = read(tmp_path, b"a: [x, {b: y}]\nc: z\n")
    assert document is not None
    leaves = [values(n) for n in walk(document.root) if not isinstance(n.value, (dict, list))]
    assert leaves == ["x", "y", "z"]
    assert len(list(walk(document.root))) == 6


def test_a_file_of_exactly_the_size_limit_is_read(tmp_path: Path) -> None:
    raw = b"a: " + b"x" * (MAX_FILE_BYTES - 4) + b"\n"
    assert len(raw) == MAX_FILE_BYTES
    document, problems = read(tmp_path, raw)
    assert problems == []
    assert document is not None


# -- each trap gives exactly one problem, with its place, rule and hint ------------------------------

TRAPS = [
    pytest.param(
        b"id: a\ntitle: x\nid: b\n",
        [(3, 1, "id", "appears twice (first on line 1); YAML would silently keep only the last",
          "delete one of the two, or merge them")],
        id="duplicate-key"),
    pytest.param(
        b"venue:\n  city: Vienna\n  city: Wien\n",
        [(3, 3, "venue.city", "appears twice (first on line 2); YAML would silently keep only the last",
          "delete one of the two, or merge them")],
        id="duplicate-nested-key"),
    pytest.param(
        b"'id': a\nid: b\n",
        [(2, 1, "id", "appears twice (first on line 1); YAML would silently keep only the last",
          "delete one of the two, or merge them")],
        id="duplicate-key-quoted-once"),
    pytest.param(
        b"a: &x 1\nb: 2\n",
        [(1, 4, "", "YAML syntax: anchors (&name) are not allowed in records" + STOPPED, REFUSED_HINT)],
        id="anchor"),
    pytest.param(
        b"a: 1\nb: *x\n",
        [(2, 4, "", "YAML syntax: aliases (*name) are not allowed in records" + STOPPED, REFUSED_HINT)],
        id="alias"),
    pytest.param(
        b"base: &b {city: Vienna}\nvenue:\n  <<: *b\n",
        [(1, 7, "", "YAML syntax: anchors (&name) are not allowed in records" + STOPPED, REFUSED_HINT)],
        id="merge-key"),
    pytest.param(
        b"a: !!python/object:os.system x\n",
        [(1, 4, "a", "the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed", TAG_HINT)],
        id="python-object-tag"),
    pytest.param(
        b"a: !!python/object/apply:os.system [echo hi]\n",
        [(1, 4, "a", "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed", TAG_HINT)],
        id="python-apply-tag"),
    pytest.param(
        b"a: !custom x\n",
        [(1, 4, "a", "the tag '!custom' is not allowed", TAG_HINT)],
        id="local-tag"),
    pytest.param(
        b"a: !!binary aGk=\n",
        [(1, 4, "a", "the tag 'tag:yaml.org,2002:binary' is not allowed", TAG_HINT)],
        id="binary-tag"),
    pytest.param(
        b"a: !!set {x}\n",
        [(1, 4, "a", "the tag 'tag:yaml.org,2002:set' is not allowed", TAG_HINT)],
        id="set-tag"),
    pytest.param(
        b"a:\n\tb: 1\n",
        [(2, 1, "", "a tab is used for indentation" + STOPPED, "indent with spaces only")],
        id="tab-indent"),
    pytest.param(
        b"a:\n  b: 1\n  \tc: 2\n\td: 3\n",
        [(3, 3, "", "a tab is used for indentation" + STOPPED, "indent with spaces only")],
        id="tab-after-spaces-first-only"),
    pytest.param(
        b"text: |\n  one\n\ttwo\n",
        [(3, 1, "", "a tab is used for indentation" + STOPPED, "indent with spaces only")],
        id="tab-in-block-scalar"),
    pytest.param(
        b"\xef\xbb\xbfa: 1\n",
        [(1, 1, "", "the file starts with a byte-order mark (BOM)", "save the file as UTF-8 without BOM")],
        id="bom"),
    pytest.param(
        b"a: 1\r\nb: 2\r\n",
        [(1, 1, "", "the file has Windows (CRLF) or old Mac line ends", "save it with Unix (LF) line ends")],
        id="crlf"),
    pytest.param(
        b"a: 1\nb: 2\rc: 3\r",
        [(2, 1, "", "the file has Windows (CRLF) or old Mac line ends", "save it with Unix (LF) line ends")],
        id="old-mac-line-ends"),
    pytest.param(
        b"a: 1\nb: caf\xe9\n",
        [(2, 7, "", "byte 0xe9 is not UTF-8", "save the file with the UTF-8 encoding")],
        id="latin-1"),
    pytest.param(
        b"\x93quoted\x94: 1\n",
        [(1, 1, "", "byte 0x93 is not UTF-8", "save the file with the UTF-8 encoding")],
        id="windows-1252-first-byte"),
    pytest.param(
        b"a: 1\n\nb: ok\nc: x\xff\n",
        [(4, 5, "", "byte 0xff is not UTF-8", "save the file with the UTF-8 encoding")],
        id="invalid-byte-later"),
    pytest.param(b"", [(1, 1, "", "the file is empty", EMPTY_HINT)], id="empty"),
    pytest.param(b"  \n\n \n", [(1, 1, "", "the file is empty", EMPTY_HINT)], id="whitespace-only"),
    pytest.param(b"# a comment\n  # another\n\n", [(1, 1, "", "the file is empty", EMPTY_HINT)],
                 id="comment-only"),
    pytest.param(
        b"a: " + b"x" * MAX_FILE_BYTES + b"\n",
        [(1, 1, "", f"the file is {MAX_FILE_BYTES + 4:,} bytes; the limit is {MAX_FILE_BYTES:,}", SIZE_HINT)],
        id="over-size-limit"),
    pytest.param(
        b"a: 1\nb: [1, 2\nc: 3\n",
        [(3, 2, "", "YAML syntax: expected ',' or ']', but got ':'" + STOPPED, SYNTAX_HINT)],
        id="unclosed-flow-list"),
    pytest.param(
        b"title: Panel 1: legislation\n",
        [(1, 15, "", "YAML syntax: mapping values are not allowed here" + STOPPED, SYNTAX_HINT)],
        id="unquoted-colon"),
    pytest.param(
        b"a: 'unterminated\n",
        [(2, 1, "", "YAML syntax: found unexpected end of stream" + STOPPED, SYNTAX_HINT)],
        id="unterminated-quote"),
    pytest.param(
        b"a: 1\n---\nb: 2\n",
        [(2, 1, "", "YAML syntax: but found another document" + STOPPED, SYNTAX_HINT)],
        id="two-documents"),
    pytest.param(
        b"? [a, b]\n: 1\n",
        [(1, 3, "", "a field name must be plain text", "write `name: value`")],
        id="list-as-key"),
]


@pytest.mark.parametrize(("raw", "expected"), TRAPS)
def test_each_trap_gives_one_clear_problem(
    tmp_path: Path, raw: bytes, expected: list[tuple[int, int, str, str, str]]
) -> None:
    document, problems = read(tmp_path, raw)
    # Reading goes on past what leaves the file's meaning clear, so its fields are checked too.
    stopped = any(STOPPED in p.message for p in problems) or "empty" in problems[0].message \
        or "bytes; the limit" in problems[0].message
    assert (document is None) == stopped
    assert [(p.line, p.column, p.field, p.message, p.hint) for p in problems] == expected
    assert all(p.file == SHOWN for p in problems)


def test_duplicate_key_problem_as_the_editor_reads_it(tmp_path: Path) -> None:
    _, problems = read(tmp_path, b"id: a\ntitle: x\nid: b\n")
    assert [str(p) for p in problems] == [
        "meetings/record.yml:3:1: id: appears twice (first on line 1); YAML would silently keep only the last"
        "\n    hint: delete one of the two, or merge them"
    ]


def test_crlf_and_tab_are_both_reported(tmp_path: Path) -> None:
    _, problems = read(tmp_path, b"a:\r\n\tb: 1\r\n")
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 1, "the file has Windows (CRLF) or old Mac line ends"),
        (2, 1, "a tab is used for indentation" + STOPPED),
    ]


def test_every_duplicate_and_tag_is_reported_not_only_the_first(tmp_path: Path) -> None:
    _, problems = read(tmp_path, b"a: 1\na: 2\nb: !x 3\nb: 4\nc: !y 5\n")
    assert [(p.line, p.field, p.message) for p in problems] == [
        (2, "a", "appears twice (first on line 1); YAML would silently keep only the last"),
        (3, "b", "the tag '!x' is not allowed"),
        (4, "b", "appears twice (first on line 3); YAML would silently keep only the last"),
        (5, "c", "the tag '!y' is not allowed"),
    ]


def test_tab_inside_a_quoted_value_is_text_not_indentation(tmp_path: Path) -> None:
    document, problems = read(tmp_path, b'a: "x\ty"\nb: \'p\tq\'\n')
    assert problems == []
    assert document is not None
    assert values(document.root) == {"a": "x\ty", "b": "p\tq"}


def test_tab_inside_a_plain_value_is_one_problem_at_the_tab(tmp_path: Path) -> None:
    # PyYAML refuses a tab inside an unquoted value; the problem must at least point at it.
    document, problems = read(tmp_path, b"a: 1\nb: x\ty\n")
    assert document is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (2, 5, "YAML syntax: found character '\\t' that cannot start any token" + STOPPED)]


BILLION_LAUGHS = b"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_rejected_quickly(tmp_path: Path) -> None:
    started = time.perf_counter()
    document, problems = read(tmp_path, BILLION_LAUGHS)
    elapsed = time.perf_counter() - started
    assert document is None
    assert [str(p) for p in problems] == [
        f"meetings/record.yml:1:4: YAML syntax: anchors (&name) are not allowed in records{STOPPED}"
        f"\n    hint: {REFUSED_HINT}"
    ]
    assert elapsed < 0.5


def test_aliases_without_anchors_are_rejected_quickly(tmp_path: Path) -> None:
    raw = b"a: [" + b", ".join([b"*x"] * 10_000) + b"]\n"
    started = time.perf_counter()
    document, problems = read(tmp_path, raw)
    assert time.perf_counter() - started < 0.5
    assert document is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 5, "YAML syntax: aliases (*name) are not allowed in records" + STOPPED)]


def test_the_size_limit_is_checked_before_parsing(tmp_path: Path) -> None:
    # Invalid YAML and an invalid byte: only the size is reported, so nothing was parsed or decoded.
    raw = b"a: [\xff" + b"[" * MAX_FILE_BYTES
    started = time.perf_counter()
    _, problems = read(tmp_path, raw)
    assert time.perf_counter() - started < 0.5
    assert [p.message for p in problems] == [
        f"the file is {MAX_FILE_BYTES + 5:,} bytes; the limit is {MAX_FILE_BYTES:,}"]


def test_a_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    document, problems = read_yaml(tmp_path / "absent.yml", "meetings/absent.yml")
    assert document is None
    assert [str(p) for p in problems] == [
        "meetings/absent.yml:1:1: cannot be read: No such file or directory"]


@pytest.mark.parametrize(("raw", "line", "column"), [
    (b"a: 1\nb: x\x0cy\n", 2, 5),
    (b"a: 1\nb: \"x\x07\"\n", 2, 6),
])
def test_control_characters_are_reported_where_they_are(
    tmp_path: Path, raw: bytes, line: int, column: int
) -> None:
    document, problems = read(tmp_path, raw)
    assert document is not None  # reported, and the rest of the file is read on
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.line, problem.column) == (line, column)
    assert "<unicode string>" not in problem.message
    assert "\n" not in problem.message
    assert problem.hint


@pytest.mark.parametrize("raw", [b"a: &x 1\n", b"a: *x\n"])
def test_anchor_and_alias_problems_have_a_hint_about_them(tmp_path: Path, raw: bytes) -> None:
    """Fixed: these used to carry the generic 'check indentation ...' syntax hint."""
    _, problems = read(tmp_path, raw)
    assert [p.hint for p in problems] == [REFUSED_HINT]


# -- issue 15: limits while reading, characters however written, files that are not the archive's --

from tiparchive.records.loading import MAX_DEPTH, MAX_ENTRIES, MAX_VALUES, regular_file_problem  # noqa: E402

DEPTH_HINT = "a record nests at most 4 deep (items, an item, its themes); check for stray brackets or dashes"


@pytest.mark.parametrize("raw", [
    b"a: " + b"[" * 30_000 + b"]" * 30_000 + b"\n",
    b"a: " + b"{b: " * 30_000 + b"x" + b"}" * 30_000 + b"\n",
    b"a:\n  " + b"- " * 30_000 + b"x\n",
    b"a:\n" + b"".join(b" " * (i + 1) + b"b:\n" for i in range(900)) + b" " * 901 + b"x\n",
], ids=["brackets", "braces", "dashes", "indented-mappings"])
def test_deep_nesting_stops_reading_with_one_problem(tmp_path: Path, raw: bytes) -> None:
    started = time.perf_counter()
    document, problems = read(tmp_path, raw)
    assert time.perf_counter() - started < 2
    assert document is None
    [problem] = problems
    assert problem.message == f"lists and mappings are nested more than {MAX_DEPTH} deep{STOPPED}"
    assert problem.hint == DEPTH_HINT
    assert problem.field.startswith("a")


def test_nesting_at_the_limit_is_read(tmp_path: Path) -> None:
    document, problems = read(tmp_path, b"a: " + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1) + b"\n")
    assert problems == []
    assert document is not None


def test_a_list_over_the_entry_limit_stops_reading(tmp_path: Path) -> None:
    _, problems = read(tmp_path, b"a:\n" + b"  - x\n" * MAX_ENTRIES)
    assert problems == []
    document, problems = read(tmp_path, b"a:\n" + b"  - x\n" * (MAX_ENTRIES + 1))
    assert document is None
    assert [(p.line, p.field, p.message) for p in problems] == [
        (MAX_ENTRIES + 2, "a", f"has more than {MAX_ENTRIES:,} entries; the limit is {MAX_ENTRIES:,}{STOPPED}")]


def test_a_file_over_the_value_limit_stops_reading(tmp_path: Path) -> None:
    row = b"  - [" + b", ".join([b"x"] * 99) + b"]\n"
    document, problems = read(tmp_path, b"a:\n" + row * (MAX_VALUES // 100 + 1))
    assert document is None
    assert [p.message for p in problems] == [f"the file holds more than {MAX_VALUES:,} values{STOPPED}"]


@pytest.mark.parametrize(("written", "message"), [
    ('"x\\x1b[31m"', "contains the invisible control character U+001B"),
    ('"x\\0"', "contains the invisible control character U+0000"),
    ('"x\\a"', "contains the invisible control character U+0007"),
    ('"x\\r"', "contains the invisible control character U+000D"),
    ('"x\\N"', "contains the invisible control character U+0085"),
    ('"x\\ud800"', "contains U+D800, half of a character pair, which no file can store"),
    ('"\\udfff"', "contains U+DFFF, half of a character pair, which no file can store"),
    ('"abc\\u202Efed"', "contains the direction control U+202E, which reorders the text readers see"),
    ("abc\u2066x\u2069", "contains the direction control U+2066, which reorders the text readers see"),
    ('"Vie\\uFEFFnna"', "contains U+FEFF, a byte-order mark, inside the text"),
    ('"\\u200B\\u200B"', "holds only invisible characters (such as U+200B, a zero-width space)"),
    ('"\\u2060 \\u200D"', "holds only invisible characters (such as U+200B, a zero-width space)"),
])
def test_characters_no_text_may_hold_are_problems_however_written(tmp_path: Path, written: str,
                                                                    message: str) -> None:
    document, problems = read(tmp_path, f"title: {written}\n".encode())
    assert document is not None  # reported, and the file is checked on
    assert [(p.line, p.column, p.field, p.message) for p in problems] == [(1, 8, "title", message)]


@pytest.mark.parametrize("written", [
    '"x\\ty"',  # a tab inside quotes is harmless; Markdown collapses it
    "Mu\u00e4\u200fmmar",  # right-to-left mark: allowed, names in Arabic or Hebrew need it
    "a\u200bb",  # a zero-width space inside visible text
    '"😀"', '"\\U0001F600"', "' '",
])
def test_characters_real_text_needs_are_accepted(tmp_path: Path, written: str) -> None:
    _, problems = read(tmp_path, f"title: {written}\n".encode())
    assert problems == []


@pytest.mark.parametrize(("line", "comment"), [
    ("title: Workshop #3 on trafficking\n", "#3 on trafficking"),
    ("title: Workshop  #3\n", "#3"),
    ("title: Workshop # check this\n", "# check this"),
    ("title: Workshop #\n", "#"),
    ("title: Workshop  # an aligned note\n", None),
    ("title: 'Workshop' # after quotes\n", None),
    ('title: "Workshop #3"\n', None),
    ("title: Workshop#3\n", None),  # no space: part of the text
    ("title: >-\n  Workshop #3 on trafficking\n", None),  # in a block scalar, # is text
])
def test_a_comment_after_unquoted_text_is_kept_for_validation(tmp_path: Path, line: str,
                                                             comment: str | None) -> None:
    document, problems = read(tmp_path, line.encode())
    assert problems == [] and document is not None
    node = document.root.value["title"]  # type: ignore[index]
    assert node.comment == (comment or "")


def test_links_and_files_outside_the_folder_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "meetings"
    folder.mkdir()
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0\n", encoding="utf-8")
    (folder / "link.yml").symlink_to(outside)
    (folder / "inner").mkdir()
    (folder / "inner" / "ok.yml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.yml").write_text("a: 1\n", encoding="utf-8")
    (folder / "linked").symlink_to(tmp_path / "elsewhere")
    rule = "records and sources must be regular files in meetings/"
    assert regular_file_problem(folder / "link.yml", folder) == f"is a symbolic link; {rule}"
    assert regular_file_problem(folder / "inner", folder) == f"is not a regular file; {rule}"
    assert regular_file_problem(folder / "linked" / "x.yml", folder) == (
        f"resolves, through a linked folder, to a file outside meetings/; {rule}")
    assert regular_file_problem(folder / "inner" / "ok.yml", folder) is None
    document, problems = read_yaml(folder / "link.yml", "meetings/link.yml", inside=folder)
    assert document is None
    assert [str(p) for p in problems] == [f"meetings/link.yml:1:1: is a symbolic link; {rule}"]
