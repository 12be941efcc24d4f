#!/usr/bin/env python3
"""Set-up and the two everyday commands, on a fresh machine with only Python 3.11 and pip.

    python3 scripts/dev.py serve    # install what is needed, build, and serve on http://127.0.0.1:8000
    python3 scripts/dev.py test     # install what is needed, then lint, type-check and run every test

Dependencies come from requirements.lock (exact pins) into .venv/, and the JavaScript linter
from package-lock.json into node_modules/. The browser tests drive Debian's chromium package
through Playwright, and the index reader's tests run under Debian's Node.js; when either is
missing and we run as root, it is installed with apt-get. No step downloads a browser or a
binary outside a package registry.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".installed-lock"
CHROMIUM = "/usr/bin/chromium"
NODE_LOCK = ROOT / "package-lock.json"
NODE_STAMP = ROOT / "node_modules" / ".installed-lock"


def run(*command: str | Path, **kwargs: object) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def ensure_venv() -> None:
    if not (BIN / "python").exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", LOCK)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
        "-e", ".")
    STAMP.write_text(wanted)


def ensure_debian(package: str, present: bool, why: str) -> None:
    """Installs a Debian package with apt-get when it is missing and we run as root."""
    if present:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", package, env=env)
    else:
        sys.exit(f"dev.py: {why}: run `sudo apt-get install {package}`")


def ensure_chromium() -> None:
    ensure_debian("chromium", Path(CHROMIUM).exists(), f"the browser tests need Debian's chromium at {CHROMIUM}")


def ensure_node() -> None:
    """Node.js runs the browser scripts' own tests; npm installs their linter from package-lock.json."""
    ensure_debian("nodejs", shutil.which("node") is not None, "the JavaScript tests need Node.js")
    ensure_debian("npm", shutil.which("npm") is not None, "the JavaScript linter is installed with npm")
    wanted = hashlib.sha256(NODE_LOCK.read_bytes()).hexdigest()
    if NODE_STAMP.exists() and NODE_STAMP.read_text() == wanted:
        return
    run("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
    NODE_STAMP.write_text(wanted)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    extra = sys.argv[2:]
    if command == "serve":
        ensure_venv()
        # No separate `validate` first: serve prints every problem on each build and shows them in the browser.
        run(BIN / "tiparchive", "serve", *extra)
    elif command == "test":
        ensure_venv()
        ensure_chromium()
        ensure_node()
        run(BIN / "ruff", "check", "scripts", "tests")
        run(BIN / "mypy")
        run(ROOT / "node_modules" / ".bin" / "eslint", "scripts/tiparchive/search", "docs/assets", "tests/js",
            "scripts/bench_relevance.mjs")
        run(BIN / "python", "-m", "pytest", *extra)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
