"""Reading YAML files strictly, keeping the line and column of every value.

Plain PyYAML guesses types ("NO" becomes False, "2005-10-24" a date, "1:20" the number 80),
silently keeps the last of two duplicate keys, and expands aliases without limit. Records
are edited by people who should not need to know any of that, so this loader reads every
scalar as text, refuses duplicate keys, anchors, aliases and custom tags, and leaves all
typing to validation, which knows what each field should be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml import __with_libyaml__ as _LIBYAML
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

from .problems import Problem

#: A record this large is not a meeting report; refuse it before parsing.
MAX_FILE_BYTES = 500_000  # the largest real record is ~30 KB; parsing 500 KB takes ~2 s

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}

# C0 and C1 control characters other than tab and line ends: invisible, and refused by YAML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Where an anchor (&name) or alias (*name) could start: after a line start, a space or a
# flow indicator. Errs on the side of matching ("&" in "R&D" does not; " **" does).
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:])[&*][^\s\[\]{},]", re.MULTILINE)

NodeValue = str | None | list["Node"] | dict[str, "Node"]


@dataclass(frozen=True, slots=True)
class Node:
    """A YAML value with the place it was written. Line and column count from 1."""

    value: NodeValue
    line: int
    column: int
    key_line: int = 0  # for mapping values: where the key was written

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


class _Refused(yaml.MarkedYAMLError):
    """A YAML feature records may not use; carries its own hint."""

    hint = "write the value out in full wherever it is needed, without &name or *name"


class _StrictComposer(yaml.composer.Composer):
    """Composes nodes only; refuses the YAML features that surprise editors."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]  # from the parser it is mixed with
        if isinstance(event, AliasEvent):
            refused = "aliases (*name) are not allowed in records"
        elif isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)) and event.anchor:
            refused = "anchors (&name) are not allowed in records"
        else:
            return super().compose_node(parent, index)
        raise _Refused(None, None, refused, event.start_mark)


class _StrictLoader(_StrictComposer, yaml.SafeLoader):
    """Pure Python: slow, but its error messages are the ones the corpus of bad records pins."""


class _FastStrictLoader(_StrictComposer, yaml.CSafeLoader):
    """libyaml's parser under the same composer: several times faster on a valid record."""

    def __init__(self, stream: str) -> None:
        yaml.CSafeLoader.__init__(self, stream)
        yaml.composer.Composer.__init__(self)


def _compose(text: str) -> yaml.Node | None:
    """The file's node tree. A file libyaml rejects is read again in Python for a friendlier message."""
    # libyaml accepts some tabs that the Python parser reports, and tabs are always an editor's mistake.
    if _LIBYAML and "\t" not in text:
        # Text where no & or * starts a token cannot hold an anchor or alias, so the C
        # composer may build the tree, several times faster than the Python one.
        native = _MAYBE_ANCHOR.search(text) is None
        # yaml.CSafeLoader is libyaml's parser and composer, both in C.
        fast = (yaml.CSafeLoader if native else _FastStrictLoader)(text)
        try:
            return fast.get_single_node()
        except yaml.YAMLError:
            pass
        finally:
            fast.dispose()
    loader = _StrictLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _convert(node: yaml.Node, shown_as: str, problems: list[Problem], path: str) -> Node:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if node.tag not in _STANDARD_TAGS:
        problems.append(
            Problem(shown_as, line, column, path, f"the tag {node.tag!r} is not allowed",
                    "remove the '!' tag; write the value as plain text")
        )
    if isinstance(node, yaml.ScalarNode):
        plain_null = node.tag == "tag:yaml.org,2002:null" and not node.style  # plain: None, or "" from libyaml
        return Node(None if plain_null else str(node.value), line, column)
    if isinstance(node, yaml.SequenceNode):
        return Node(
            [_convert(child, shown_as, problems, f"{path}[{i}]") for i, child in enumerate(node.value)],
            line, column,
        )
    assert isinstance(node, yaml.MappingNode)
    mapping: dict[str, Node] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(shown_as, key_line, key_node.start_mark.column + 1, path,
                                    "a field name must be plain text", "write `name: value`"))
            continue
        key = str(key_node.value)
        child_path = f"{path}.{key}" if path else key
        if key in mapping:
            first = mapping[key].key_line
            problems.append(Problem(
                shown_as, key_line, key_node.start_mark.column + 1, child_path,
                f"appears twice (first on line {first}); YAML would silently keep only the last",
                "delete one of the two, or merge them",
            ))
            continue
        converted = _convert(value_node, shown_as, problems, child_path)
        mapping[key] = Node(converted.value, converted.line, converted.column, key_line)
    return Node(mapping, line, column)


def _precheck(raw: bytes, shown_as: str) -> tuple[str | None, list[Problem]]:
    """Checks that must happen on the bytes, before YAML sees them."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(shown_as, 1, 1, "", f"the file is {len(raw):,} bytes; the limit is "
                              f"{MAX_FILE_BYTES:,}", "a meeting record is text only; keep long "
                              "source documents in meetings/sources/")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(shown_as, 1, 1, "", "the file starts with a byte-order mark (BOM)",
                              "save the file as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(shown_as, line, column, "", f"byte 0x{raw[error.start]:02x} is not UTF-8",
                              "save the file with the UTF-8 encoding")]
    problems: list[Problem] = []
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        problems.append(Problem(shown_as, line, column, "",
                                f"contains the invisible control character U+{ord(control.group()):04X}",
                                "delete it; such characters come from copying text out of PDF files"))
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        problems.append(Problem(shown_as, 1, 1, "", "the file is empty",
                                "copy a record from meetings/ or run `tiparchive new` to start one"))
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.append(Problem(shown_as, line, 1, "", "the file has Windows (CRLF) or old Mac line ends",
                                "save it with Unix (LF) line ends"))
    for number, line_text in enumerate(text.split("\n"), start=1):
        indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(shown_as, number, indent.index("\t") + 1, "",
                                    "a tab is used for indentation", "indent with spaces only"))
            break
    return (None if problems else text), problems


def read_yaml(path: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Reads one YAML file into a position-aware tree, or says what is wrong with it."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown_as, 1, 1, "", f"cannot be read: {error.strerror}")]
    text, problems = _precheck(raw, shown_as)
    if text is None:
        return None, problems
    try:
        composed = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or error.context or "is not valid YAML"
        hint = (error.hint if isinstance(error, _Refused)
                else "check indentation and that text containing ': ' or ' #' is quoted")
        return None, [Problem(shown_as, line, column, "", f"YAML syntax: {what}", hint)]
    except yaml.YAMLError as error:
        return None, [Problem(shown_as, 1, 1, "", f"YAML syntax: {error}")]
    if composed is None:
        return None, [Problem(shown_as, 1, 1, "", "the file is empty",
                              "copy a record from meetings/ or run `tiparchive new` to start one")]
    root = _convert(composed, shown_as, problems, "")
    return (None if problems else Document(path, shown_as, root)), problems


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, depth first."""
    yield node
    if isinstance(node.value, dict):
        for child in node.value.values():
            yield from walk(child)
    elif isinstance(node.value, list):
        for child in node.value:
            yield from walk(child)
