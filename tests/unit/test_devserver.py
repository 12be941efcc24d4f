"""devserver: what `tiparchive serve` prints and shows on each build (the server itself runs in
tests/test_serve_reload.py)."""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

from tiparchive.devserver import DevServer, problems_page

PROBLEM = ("meeting records have problems:\n"
           "meetings/2016-x.yml:5:7: kind: must be one of the meeting kinds (conference, ...): 'conferense'\n"
           "    hint: did you mean 'conference'? the list is in meetings/vocabularies/")


def _server(tmp_path: Path) -> tuple[DevServer, io.StringIO, Path]:
    package = tmp_path / "scripts" / "tiparchive"
    package.mkdir(parents=True)
    (package / "cli.py").write_text("", encoding="utf-8")
    out = io.StringIO()
    server = DevServer(tmp_path / "mkdocs.yml", "127.0.0.1:8000", out=out, package=package)
    site = tmp_path / "site"
    site.mkdir()
    return server, out, site


def _fail() -> None:
    logging.getLogger("mkdocs.commands.build").error(PROBLEM)
    raise RuntimeError("Aborted with a BuildError!")


def test_a_failed_build_prints_every_problem_and_leaves_only_the_problems_page(tmp_path: Path) -> None:
    server, out, site = _server(tmp_path)
    (site / "index.html").write_text("an old page", encoding="utf-8")
    assert server.build_once(_fail, site) is False
    assert out.getvalue() == (f"{PROBLEM}\ntiparchive serve: the site cannot be built; http://127.0.0.1:8000/ "
                              "lists the problems until a save fixes them\n")
    assert server.problems == [PROBLEM]
    assert list(site.iterdir()) == []  # no stale page passes for the records as they are now


def test_the_next_good_build_clears_the_problems(tmp_path: Path) -> None:
    server, out, site = _server(tmp_path)
    server.build_once(_fail, site)
    assert server.build_once(lambda: None, site) is True
    assert server.problems == []
    assert out.getvalue().splitlines()[-1].startswith("tiparchive serve: built in ")
    assert out.getvalue().endswith(" s; serving on http://127.0.0.1:8000/\n")


def test_a_change_to_the_package_says_a_restart_is_needed(tmp_path: Path) -> None:
    server, out, site = _server(tmp_path)
    code = server.package / "cli.py"
    os.utime(code, ns=(code.stat().st_mtime_ns + 10**9,) * 2)
    server.build_once(lambda: None, site)
    assert out.getvalue().splitlines()[0] == (
        "tiparchive serve: scripts/tiparchive/cli.py changed; this server still runs the code it started "
        "with: stop it (Ctrl+C) and run `tiparchive serve` again to use the new code")


def test_the_problems_page_shows_the_messages_as_text() -> None:
    page = problems_page(["meetings/x.yml:1:1: title: <script>alert(1)</script> & more"]).decode()
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page and "<script>" not in page
