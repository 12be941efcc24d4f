"""An archive grown as editors grow it: synthetic meetings plus a record written by hand.

The hand-written record follows CONTRIBUTING step by step: `tiparchive new` writes the skeleton,
each placeholder is replaced by the meeting's own value, and the report's text is pasted into the
source file. Its venue country is written as an ISO code, a form editors use, which every page
must show by its name.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from site_helpers import ROOT

from tiparchive.cli import main as tiparchive_main

sys.path.insert(0, str(ROOT / "scripts"))
from synth import generate as synthesise

GROWN_BY = 100  # synthetic meetings, as many as the "Done when" asks for
HAND_START, HAND_CITY, HAND_TITLE = "2016-06-14", "Vienna", "OSCE Alliance 16th conference"
HAND_ID = "2016-06-14-vienna-osce-alliance-16th-conference"
HAND_ITEM = "para-2"

# A report as an editor would paste it, curly quotes and all. Made up for this test only.
HAND_SOURCE = """\
Sixteenth Alliance against Trafficking in Persons Conference: Chair’s Conclusions

1. Participants from Austria, Türkiye and the United Kingdom met in the Hofburg.

2. Participating States should strengthen the identification of victims of trafficking among
asylum seekers, in particular unaccompanied children.

3. The Alliance will meet again in 2017.
"""

# (placeholder line in the skeleton, what the editor writes instead)
FILLED = [
    ("processes: []               # one or more of:\n", "processes: [osce-alliance]\n"),
    ("  country:                  # as the report writes it\n", "  country: AUT\n"),
    ("  Two to four sentences in plain words: who met, about what, and what came out of it.\n",
     "  Officials of three states met in Vienna on victims among asylum seekers.\n"),
    ("  - name:\n    roles: [participant]    #", "  - name: Türkiye\n    roles: [participant]    #"),
    ("  - name:\n    roles: [participant]\n", "  - name: IOM\n    roles: [participant]\n"),
    ("    title:                  # the document's own title\n", "    title: Chair’s Conclusions\n"),
    ("    themes: []              # every one the item is about, of:\n", "    themes: [victim-identification]\n"),
    ("  - id: para-1 ", f"  - id: {HAND_ITEM} "),
    ('    number: "1" ', '    number: "2" '),
    ("      Copy the text word for word from the report.\n",
     "      Participating States should strengthen the identification of victims of trafficking among\n"
     "      asylum seekers, in particular unaccompanied children.\n"),
]


def fill_skeleton(text: str) -> str:
    """The skeleton with every placeholder replaced, as CONTRIBUTING tells an editor to."""
    for old, new in FILLED:
        assert text.count(old) == 1, f"the skeleton no longer has {old!r} once"
        text = text.replace(old, new)
    return text


def write_by_hand(repo: Path) -> Path:
    """`tiparchive new`, then the skeleton filled in and the source pasted; the record's path."""
    code = tiparchive_main(["--root", str(repo), "new", "--start", HAND_START, "--city", HAND_CITY,
                            "--title", HAND_TITLE])
    assert code == 0
    record = repo / "meetings" / f"{HAND_ID}.yml"
    record.write_text(fill_skeleton(record.read_text(encoding="utf-8")), encoding="utf-8")
    (repo / "meetings" / "sources" / f"{HAND_ID}.txt").write_text(HAND_SOURCE, encoding="utf-8")
    return record


def grow(repo: Path, count: int = GROWN_BY) -> Path:
    """A copy of the project holding the real records, `count` synthetic ones and one by hand."""
    synthesise(count, repo)
    for path in (ROOT / "meetings").glob("*.yml"):
        shutil.copy2(path, repo / "meetings" / path.name)
    for path in (ROOT / "meetings" / "sources").glob("*.txt"):
        shutil.copy2(path, repo / "meetings" / "sources" / path.name)
    write_by_hand(repo)
    return repo
