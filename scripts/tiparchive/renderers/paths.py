"""Where each generated page lives. The only place page paths are spelled out.

Paths are Markdown source paths relative to the docs folder; MkDocs turns
`meetings/<id>.md` into the URL `meetings/<id>/`.
"""

from __future__ import annotations

from ..model import Country, Meeting, Organisation, Process, Theme

HOME = "index.md"
MEETINGS = "meetings/index.md"
COUNTRIES = "countries/index.md"
THEMES = "themes/index.md"
PROCESSES = "processes/index.md"
ORGANISATIONS = "organisations/index.md"
TIMELINE = "timeline/index.md"
CONTRIBUTING = "contributing/index.md"
VOCABULARIES = "contributing/vocabularies.md"


def meeting(meeting: Meeting) -> str:
    return f"meetings/{meeting.id}.md"


def country(country: Country) -> str:
    return f"countries/{country.slug}.md"


def theme(theme: Theme) -> str:
    return f"themes/{theme.id}.md"


def process(process: Process) -> str:
    return f"processes/{process.id}.md"


def organisation(organisation: Organisation) -> str:
    return f"organisations/{organisation.id}.md"
