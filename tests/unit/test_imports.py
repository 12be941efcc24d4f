"""Every module of the package imports on its own, in a fresh interpreter.

MkDocs loads the plugin by its entry point before anything else of tiparchive is imported, and a
script may import any single module first; an import cycle that only works in one order
breaks exactly those entry points, while tests that import the package in a friendlier
order never notice.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tiparchive


def _modules() -> list[str]:
    """Every module but __main__, which runs the command line when imported."""
    return sorted(info.name for info in pkgutil.walk_packages(tiparchive.__path__, "tiparchive.")
                  if not info.name.endswith(".__main__"))


def test_every_module_imports_first_in_a_fresh_interpreter() -> None:
    modules = _modules()
    assert "tiparchive.search.records" in modules and "tiparchive.plugin" in modules
    running = {name: subprocess.Popen([sys.executable, "-c", f"import {name}"], stderr=subprocess.PIPE, text=True)
               for name in modules}
    failures = {}
    for name, process in running.items():
        _, error = process.communicate(timeout=120)
        if process.returncode != 0:
            failures[name] = error.strip().splitlines()[-1] if error.strip() else f"exit {process.returncode}"
    assert failures == {}, "\n".join(f"{name}: {error}" for name, error in failures.items())
