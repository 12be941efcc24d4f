#!/usr/bin/env python3
"""Set-up and the two everyday commands, on a fresh machine with only Python 3.11 and pip.

    python3 scripts/dev.py serve    # install what is needed, build, and serve on http://127.0.0.1:8000
    python3 scripts/dev.py test     # install what is needed, then lint, type-check and run every test

Dependencies come from requirements.lock (exact pins) into .venv/. The browser tests drive
Debian's chromium package through Playwright; when it is missing and we run as root, it is
installed with apt-get. No step downloads a browser or a binary outside a package registry.
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


def ensure_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", env=env)
    else:
        sys.exit(f"dev.py: the browser tests need Debian's chromium at {CHROMIUM}: "
                 "run `sudo apt-get install chromium`")


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
        run(BIN / "ruff", "check", "scripts", "tests")
        run(BIN / "mypy")
        run(BIN / "python", "-m", "pytest", *extra)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
