"""Problems found in records, phrased for the editors who have to fix them.

Every check collects problems instead of stopping at the first, so an editor sees
everything wrong with a pull request in one run. A problem always names the place first
(file, line, column, field), then the rule that was broken, then a hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}:{self.column}"
        head = f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        return f"{head}\n    hint: {self.hint}" if self.hint else head


class RecordsInvalid(Exception):
    """Raised when at least one record or vocabulary has problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        files = len({p.file for p in self.problems})
        lines = [str(p) for p in self.problems]
        noun = "problem" if count == 1 else "problems"
        lines.append(f"{count} {noun} in {files} file{'s' if files != 1 else ''}; no pages were written.")
        return "\n".join(lines)


def display_path(path: Path, root: Path) -> str:
    """The path as an editor sees it in the repository: relative, with forward slashes."""
    for shown, base in ((path.absolute(), root.absolute()), (path.resolve(), root.resolve())):
        # The path as written first: a linked record is named where it is, not where it points.
        try:
            return shown.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
