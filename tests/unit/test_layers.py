"""The folders are the pipeline: no module imports against the flow of the stages.

    urls, siteconfig, folders  ->  records  ->  archive  ->  search | render  ->  build  ->  plugin, builders  ->  cli

`urls`, `siteconfig` and `folders` sit at the bottom and import nothing of ours; `search` and `render`
never import each other, and what they share is passed by `build`. Read from the source with
`ast`, so the test takes milliseconds and catches an import inside a function too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tiparchive

PACKAGE = Path(tiparchive.__file__).parent

# Stage -> the stages it may import (itself always included).
ALLOWED: dict[str, set[str]] = {
    "urls": set(),
    "siteconfig": set(),
    "folders": set(),
    "records": {"urls"},
    "archive": {"urls", "folders", "records"},
    "search": {"urls", "folders", "records", "archive"},
    "render": {"urls", "folders", "siteconfig", "records", "archive"},
    "build": {"urls", "folders", "siteconfig", "records", "archive", "search", "render"},
    "plugin": {"urls", "folders", "siteconfig", "records", "archive", "search", "render", "build"},
    "builders": {"urls", "folders", "siteconfig", "records", "archive", "search", "render", "build"},
    "devserver": {"urls", "folders", "siteconfig", "records", "archive", "search", "render", "build"},
    "cli": {"urls", "folders", "siteconfig", "records", "archive", "search", "render", "build", "builders",
            "devserver"},
    "__main__": {"cli"},
}


def stage(module: str) -> str:
    """'tiparchive.render.maps' -> 'render'; 'tiparchive.urls' -> 'urls'."""
    return module.split(".")[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, source: str) -> list[tuple[int, str]]:
    """(line, imported tiparchive module) for every import in the file, relative ones resolved."""
    found = []
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            target = ".".join(part for part in (base, node.module or "") if part)
            if target == "tiparchive":  # `from tiparchive import urls`
                found += [(node.lineno, f"tiparchive.{alias.name}") for alias in node.names]
            elif target.startswith("tiparchive."):
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("tiparchive.")]
    return found


MODULES = sorted(path for path in PACKAGE.rglob("*.py") if path.name != "__init__.py" or path.parent != PACKAGE)


def test_every_module_belongs_to_a_stage() -> None:
    assert {stage(module_name(path)) for path in MODULES} <= set(ALLOWED)


def against_the_flow(path: Path, source: str) -> list[str]:
    mine = stage(module_name(path))
    return [f"{path.relative_to(PACKAGE.parent)}:{line}: imports {target}"
            for line, target in imports(path, source) if stage(target) not in ALLOWED[mine] | {mine}]


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path))
def test_imports_follow_the_stages(path: Path) -> None:
    assert against_the_flow(path, path.read_text(encoding="utf-8")) == []


def test_stage_packages_are_empty() -> None:
    """An `__init__.py` with code is a module nobody can place in the pipeline by its folder."""
    inits = [path for path in PACKAGE.rglob("__init__.py") if path.parent != PACKAGE]
    assert inits and all(path.read_text(encoding="utf-8").strip() == "" for path in inits)


@pytest.mark.parametrize(("module", "source", "reported"), [
    ("search/x.py", "from tiparchive.render import markup\n", ["tiparchive.render"]),
    ("render/x.py", "from ..search.records import SearchRecords\n", ["tiparchive.search.records"]),
    ("records/x.py", "def f():\n    from tiparchive.archive.indexes import Archive\n", ["tiparchive.archive.indexes"]),
    ("urls.py", "from tiparchive import siteconfig\n", ["tiparchive.siteconfig"]),
    ("render/opendata/x.py", "from ...archive import indexes\nfrom .. import markup\n", []),
    ("build.py", "from tiparchive.search.index import write_index\n", []),
])
def test_the_check_reports_an_arrow_against_the_flow(module: str, source: str, reported: list[str]) -> None:
    found = against_the_flow(PACKAGE / module, source)
    assert [line.rpartition(" ")[2] for line in found] == reported
