"""Reading YAML files strictly, keeping the line and column of every value.

Plain PyYAML guesses types ("NO" becomes False, "2005-10-24" a date, "1:20" the number 80),
silently keeps the last of two duplicate keys, and expands aliases without limit. Records
are edited by people who should not need to know any of that, so this loader reads every
scalar as text, refuses duplicate keys, anchors, aliases and custom tags, and leaves all
typing to validation, which knows what each field should be.

The tree is built here from the parser's event stream, in a loop rather than by recursion:
PyYAML's composers recurse once per nesting level, so a few hundred `[` end in a
RecursionError and tens of thousands crash libyaml's C composer outright. Depth, entries per
list and values per file are limited while the events arrive, before anything is built.

Problems that leave the file's meaning clear (a duplicate key, a tag, a control character,
CRLF line ends, a stray byte) are reported and reading goes on, so that the editor sees the
file's field problems in the same run; only what stops the parser stops the checks.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml import __with_libyaml__ as _LIBYAML
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)

from tiparchive.records.problems import Problem

#: A record this large is not a meeting report; refuse it before parsing.
MAX_FILE_BYTES = 500_000  # the largest real record is ~30 KB; parsing 500 KB takes ~2 s
#: Lists inside lists or mappings: records nest 4 deep (items[0].themes[0]), vocabularies 3.
MAX_DEPTH = 12
#: Entries of one list or fields of one mapping; no field allows more (items: 1,000).
MAX_ENTRIES = 1_000
#: Values in one file: 1,000 full items are ~15,000; beyond this the file is not a record.
MAX_VALUES = 50_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}
_NULL_TAG = "tag:yaml.org,2002:null"
_PLAIN_NULLS = {"", "~", "null", "Null", "NULL"}

# C0 and C1 control characters other than tab and line ends: invisible, and refused by YAML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a parsed value, also a carriage return: it can only have come from an escape such as "\r".
_VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Embeddings, overrides and isolates reorder the text around them ("Trojan Source"). The
# marks U+200E, U+200F and U+061C are allowed: they only set the direction of neutral
# characters next to them, and names in Arabic or Hebrew next to Latin text need them.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_WORD_JOINER_BOM = "\ufeff"
# A ` #` after unquoted text ends it. Aligned comments (two spaces or more, then `# `) are an
# editor's notes, as CONTRIBUTING writes them; anything else more likely cut the text short.
_COMMENT_AFTER = re.compile(r"(?P<space>[ \t]+)#(?P<rest>.*)")

NodeValue = str | None | list["Node"] | dict[str, "Node"]


@dataclass(frozen=True, slots=True)
class Node:
    """A YAML value with the place it was written. Line and column count from 1."""

    value: NodeValue
    line: int
    column: int
    key_line: int = 0  # for mapping values: where the key was written
    # For unquoted text: a comment right after it (`Workshop #3`) that YAML dropped, which more
    # likely cut the text short than annotated it. An aligned `  # note` is not kept here.
    comment: str = ""

    @property
    def kind(self) -> str:
        if isinstance(self.value, dict):
            return "a mapping"
        if isinstance(self.value, list):
            return "a list"
        return "nothing" if self.value is None else "text"


@dataclass(frozen=True, slots=True)
class Document:
    path: Path
    shown_as: str  # path as problems print it
    root: Node


REFUSED_HINT = "write the value out in full wherever it is needed, without &name or *name"
SYNTAX_HINT = "check indentation and that text containing ': ' or ' #' is quoted"
STOPPED = "; reading stopped here, and the fields are checked once this is fixed"


def _at(mark: yaml.Mark | yaml._yaml.Mark | None) -> tuple[int, int]:
    """Line and column counted from 1, as editors' text editors count them."""
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


class _Stop(Exception):
    """Reading cannot go on; the problem saying why has been recorded."""


_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff]")


def unsafe_character(text: str, allowed: str = "") -> tuple[int, str, str] | None:
    """Where the first character of `text` that no published text may hold is, with the rule and a hint."""
    for found in _UNSAFE.finditer(text):
        if found.group() not in allowed:
            rule_hint = character_problem(found.group())
            if rule_hint:
                return found.start(), *rule_hint
    return None


def invisible_only(value: str) -> bool:
    """Text with nothing to see: only spaces and format characters such as U+200B."""
    return bool(value) and all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in value)


_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff]")
_VISIBLE = re.compile(r"\w")


def character_problem(value: str) -> tuple[str, str] | None:
    """What is wrong with the characters of a text value, if anything: (rule, hint)."""
    if _SUSPECT.search(value) is None and _VISIBLE.search(value) is not None:
        return None  # the common case, in one pass of two regular expressions
    if (found := _SURROGATE.search(value)) is not None:
        return (f"contains U+{ord(found.group()):04X}, half of a character pair, which no file can store",
                "delete the escape (\\ud800 to \\udfff); write the character itself")
    if (found := _VALUE_CONTROL.search(value)) is not None:
        return (f"contains the invisible control character U+{ord(found.group()):04X}",
                "delete it; it comes from copying text out of a PDF file, or from an escape such as \\0, "
                "\\a or \\x1b in quoted text")
    if (found := _BIDI.search(value)) is not None:
        return (f"contains the direction control U+{ord(found.group()):04X}, which reorders the text "
                "readers see", "delete it; the site sets the direction of each text itself")
    if _WORD_JOINER_BOM in value:
        return ("contains U+FEFF, a byte-order mark, inside the text",
                "delete it; it is left over from joining two files")
    if invisible_only(value) and not value.isspace():
        return ("holds only invisible characters (such as U+200B, a zero-width space)",
                "write the text, or remove the field")
    return None


@dataclass(slots=True)
class _Open:
    """A list or mapping whose entries are still arriving."""

    line: int
    column: int
    path: str
    key_line: int
    items: list[Node] | None = None
    fields: dict[str, Node] | None = None
    entries: int = 0  # including those dropped over the limit
    key: Node | None = None  # a mapping's key waiting for its value
    bad_key: bool = False  # the waiting key is a list or mapping, not text
    as_key: bool = False  # this collection is itself written where a key belongs


class _Composer:
    """Builds the position-aware tree from parser events, collecting problems as it goes."""

    def __init__(self, text: str, shown_as: str, problems: list[Problem]) -> None:
        self.lines = text.split("\n")
        self.shown_as = shown_as
        self.problems = problems
        self.values = 0

    def problem(self, line: int, column: int, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.shown_as, line, column, path, message, hint))

    def compose(self, events: Iterator[Event]) -> Node | None:
        stack: list[_Open] = []
        root: Node | None = None
        documents = 0
        for event in events:
            if isinstance(event, ScalarEvent):
                if event.anchor:
                    self.refuse(event, "anchors (&name) are not allowed in records")
                root = self.attach(stack, self.scalar(event, stack)) or root
            elif isinstance(event, CollectionStartEvent):
                if event.anchor:
                    self.refuse(event, "anchors (&name) are not allowed in records")
                self.start(stack, event)
            elif isinstance(event, CollectionEndEvent):
                done = stack.pop()
                value: NodeValue = done.items if done.items is not None else done.fields
                node = Node(value, done.line, done.column)
                if done.as_key:
                    self.problem(done.line, done.column, stack[-1].path if stack else "",
                                 "a field name must be plain text", "write `name: value`")
                    stack[-1].bad_key = True
                    continue
                root = self.attach(stack, node) or root
            elif isinstance(event, AliasEvent):
                self.refuse(event, "aliases (*name) are not allowed in records")
            elif isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.problem(*_at(event.start_mark), "", "YAML syntax: but found another document"
                                 + STOPPED, SYNTAX_HINT)
                    raise _Stop
        return root

    def refuse(self, event: Event, what: str) -> None:
        self.problem(*_at(event.start_mark), "", f"YAML syntax: {what}{STOPPED}", REFUSED_HINT)
        raise _Stop

    def child_path(self, stack: list[_Open]) -> str:
        if not stack:
            return ""
        parent = stack[-1]
        if parent.items is not None:
            return f"{parent.path}[{parent.entries}]"
        if parent.key is None or not isinstance(parent.key.value, str):
            return parent.path  # a key is being read
        return f"{parent.path}.{parent.key.value}" if parent.path else parent.key.value

    def count(self, line: int, column: int, stack: list[_Open]) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            self.problem(line, column, self.child_path(stack),
                         f"the file holds more than {MAX_VALUES:,} values{STOPPED}",
                         "a meeting record has at most 1,000 items; split the record")
            raise _Stop

    def tag(self, tag: str | None, line: int, column: int, stack: list[_Open]) -> None:
        if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
            self.problem(line, column, self.child_path(stack), f"the tag {tag!r} is not allowed",
                         "remove the '!' tag; write the value as plain text")

    def scalar(self, event: ScalarEvent, stack: list[_Open]) -> Node:
        """The scalar as a node. Its field path is only worked out when there is a problem to name."""
        line, column = _at(event.start_mark)
        self.count(line, column, stack)
        tag = event.tag
        if tag is not None:
            self.tag(tag, line, column, stack)
        plain = not event.style
        if tag == _NULL_TAG or (plain and tag is None and event.value in _PLAIN_NULLS):
            return Node(None, line, column)
        value = str(event.value)
        found = character_problem(value)
        if found:
            self.problem(line, column, self.child_path(stack), *found)
        comment = ""
        if plain:
            end = event.end_mark
            text = self.lines[end.line] if end is not None and end.line < len(self.lines) else ""
            after = _COMMENT_AFTER.match(text, end.column) if end is not None and "#" in text else None
            if after and (len(after["space"]) == 1 or not after["rest"].startswith(" ")):
                comment = "#" + after["rest"].rstrip()
        return Node(value, line, column, comment=comment)

    def start(self, stack: list[_Open], event: CollectionStartEvent) -> None:
        line, column = _at(event.start_mark)
        path = self.child_path(stack)
        self.count(line, column, stack)
        if len(stack) >= MAX_DEPTH:
            self.problem(line, column, path, f"lists and mappings are nested more than {MAX_DEPTH} deep"
                         + STOPPED, "a record nests at most 4 deep (items, an item, its themes); "
                         "check for stray brackets or dashes")
            raise _Stop
        self.tag(event.tag, line, column, stack)
        as_key = bool(stack) and stack[-1].fields is not None and stack[-1].key is None \
            and not stack[-1].bad_key
        opened = _Open(line, column, path, 0, as_key=as_key)
        if isinstance(event, SequenceStartEvent):
            opened.items = []
        else:
            assert isinstance(event, MappingStartEvent)
            opened.fields = {}
        stack.append(opened)

    def entry(self, parent: _Open, node: Node) -> None:
        parent.entries += 1
        if parent.entries > MAX_ENTRIES:
            self.problem(node.line, node.column, parent.path or "(top level)",
                         f"has more than {MAX_ENTRIES:,} entries; the limit is {MAX_ENTRIES:,}{STOPPED}",
                         "split the record, or check that the list was not duplicated")
            raise _Stop

    def attach(self, stack: list[_Open], node: Node) -> Node | None:
        """Adds a finished node to its parent; returns it when it is the root."""
        if not stack:
            return node
        parent = stack[-1]
        if parent.items is not None:
            self.entry(parent, node)
            parent.items.append(node)
            return None
        assert parent.fields is not None
        if parent.bad_key:  # the value of a key that was not text
            parent.bad_key = False
            return None
        if parent.key is None:
            if node.value is None:  # `: value` or `~: value`: still a key, named as written
                node = Node("", node.line, node.column)
            parent.key = node
            return None
        key, parent.key = parent.key, None
        assert isinstance(key.value, str)
        name = key.value
        path = f"{parent.path}.{name}" if parent.path else name
        if name in parent.fields:
            first = parent.fields[name].key_line
            self.problem(key.line, key.column, path,
                         f"appears twice (first on line {first}); YAML would silently keep only the last",
                         "delete one of the two, or merge them")
            return None
        self.entry(parent, key)
        parent.fields[name] = Node(node.value, node.line, node.column, key.line, node.comment)
        return None


def _events(text: str, native: bool) -> Iterator[Event]:
    loader = yaml.CSafeLoader(text) if native else yaml.SafeLoader(text)
    try:
        yield from iter(loader.get_event, None)
    finally:
        loader.dispose()


def _compose(text: str, shown_as: str, problems: list[Problem]) -> Node | None:
    """The file's tree, or None when reading had to stop (the reason is among `problems`).

    libyaml's parser reads first; a file it rejects is read again by PyYAML's Python parser,
    whose messages are friendlier and are the ones the corpus of bad records pins. libyaml
    accepts some tabs that the Python parser reports, and tabs are always an editor's mistake.
    """
    if _LIBYAML and "\t" not in text:
        attempt: list[Problem] = []
        try:
            root = _Composer(text, shown_as, attempt).compose(_events(text, native=True))
        except _Stop:
            problems.extend(attempt)
            return None
        except yaml.YAMLError:
            pass  # read again below, for the Python parser's message
        else:
            problems.extend(attempt)
            return root
    try:
        return _Composer(text, shown_as, problems).compose(_events(text, native=False))
    except _Stop:
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or error.context or "is not valid YAML"
        problems.append(Problem(shown_as, line, column, "", f"YAML syntax: {what}{STOPPED}", SYNTAX_HINT))
    except yaml.YAMLError as error:
        problems.append(Problem(shown_as, 1, 1, "", f"YAML syntax: {error}{STOPPED}", SYNTAX_HINT))
    return None


def _place(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _precheck(raw: bytes, shown_as: str) -> tuple[str | None, list[Problem]]:
    """Checks on the bytes, before YAML sees them; returns the text to parse, repaired where it can be.

    A BOM, CRLF line ends, a byte that is not UTF-8 and a control character are reported and
    then repaired in the text that is parsed, so that the rest of the file is checked too.
    """
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(shown_as, 1, 1, "", f"the file is {len(raw):,} bytes; the limit is "
                              f"{MAX_FILE_BYTES:,}", "a meeting record is text only; keep long "
                              "source documents in meetings/sources/")]
    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(shown_as, 1, 1, "", "the file starts with a byte-order mark (BOM)",
                                "save the file as UTF-8 without BOM"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, error.start) + 1: error.start].decode("utf-8", "replace")) + 1
        problems.append(Problem(shown_as, line, column, "", f"byte 0x{raw[error.start]:02x} is not UTF-8",
                                "save the file with the UTF-8 encoding"))
        text = raw.decode("utf-8", "replace")
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.append(Problem(shown_as, line, 1, "", "the file has Windows (CRLF) or old Mac line ends",
                                "save it with Unix (LF) line ends"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for control in _CONTROL.finditer(text):
        line, column = _place(text, control.start())
        problems.append(Problem(shown_as, line, column, "",
                                f"contains the invisible control character U+{ord(control.group()):04X}",
                                "delete it; such characters come from copying text out of PDF files"))
        if len(problems) >= 20:
            break
    text = _CONTROL.sub("\ufffd", text)  # same length: later lines and columns stay right
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        problems.append(Problem(shown_as, 1, 1, "", "the file is empty",
                                "copy a record from meetings/ or run `tiparchive new` to start one"))
        return None, problems
    for number, line_text in enumerate(text.split("\n"), start=1):
        indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(shown_as, number, indent.index("\t") + 1, "",
                                    "a tab is used for indentation" + STOPPED, "indent with spaces only"))
            return None, problems
    return text, problems


def regular_file_problem(path: Path, inside: Path) -> str | None:
    """Why `path` may not be read as part of the archive: a link, not a file, or outside `inside`."""
    try:
        info = path.lstat()
    except OSError as error:
        return f"cannot be read: {error.strerror}"
    what = ("is a symbolic link" if stat.S_ISLNK(info.st_mode)
            else "is not a regular file" if not stat.S_ISREG(info.st_mode)
            else "resolves, through a linked folder, to a file outside meetings/" if os.path.commonpath(
                [os.path.realpath(path), os.path.realpath(inside)]) != os.path.realpath(inside)
            else "")
    return f"{what}; records and sources must be regular files in meetings/" if what else None


def read_bytes_within(path: Path, inside: Path, limit: int) -> tuple[bytes | None, str]:
    """The file's bytes, or why they may not be read; the size is checked before reading."""
    refused = regular_file_problem(path, inside)
    if refused:
        return None, refused
    try:
        with open(path, "rb", opener=lambda name, flags: os.open(name, flags | getattr(os, "O_NOFOLLOW", 0))) \
                as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > limit:
                return None, f"is {size:,} bytes; the limit is {limit:,}"
            return stream.read(limit + 1), ""
    except OSError as error:
        return None, f"cannot be read: {error.strerror}"


def read_yaml(path: Path, shown_as: str, inside: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Reads one YAML file into a position-aware tree, and says everything that is wrong with it.

    The tree is returned whenever the file could be read to its end, with or without problems,
    so that validation can report field problems in the same run; callers must not accept a
    record that has problems here. `inside` is the folder the file must really be in.
    """
    raw, refused = read_bytes_within(path, inside or path.parent, MAX_FILE_BYTES)
    if raw is None:
        if refused.startswith("is ") and "bytes" in refused:
            return None, [Problem(shown_as, 1, 1, "", "the file " + refused,
                                  "a meeting record is text only; keep long source documents in meetings/sources/")]
        return None, [Problem(shown_as, 1, 1, "", refused)]
    text, problems = _precheck(raw, shown_as)
    if text is None:
        return None, problems
    root = _compose(text, shown_as, problems)
    if root is None:
        if not any(STOPPED in p.message or STOPPED in p.hint for p in problems):
            problems.append(Problem(shown_as, 1, 1, "", "the file is empty",
                                    "copy a record from meetings/ or run `tiparchive new` to start one"))
        return None, problems
    return Document(path, shown_as, root), problems


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, depth first, without recursion (trees are at most MAX_DEPTH deep anyway)."""
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        if isinstance(current.value, dict):
            pending.extend(reversed(list(current.value.values())))
        elif isinstance(current.value, list):
            pending.extend(reversed(current.value))
