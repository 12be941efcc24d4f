"""A flat record table as CSV: RFC 4180, UTF-8, and safe to open in a spreadsheet.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return before one)
as a formula, so record text such as "=HYPERLINK(...)" could act on the reader's machine.
Such a cell gets one apostrophe in front, which spreadsheets read as "this is text". A cell
that already starts with an apostrophe gets one too, so the rule can be undone exactly:
remove one leading apostrophe from every cell that starts with one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

LIST_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def guard(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unguard(cell: str) -> str:
    """The original text of a guarded cell."""
    return cell[1:] if cell.startswith("'") else cell


def cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return guard(LIST_SEPARATOR.join(str(v) for v in value))
    return guard(str(value))


def write_csv(columns: list[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """The table with a header row; CRLF line ends and minimal quoting, as RFC 4180 has it."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row[column]) for column in columns])
    return out.getvalue()
