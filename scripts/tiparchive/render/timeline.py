"""The timeline page: every meeting by year and organiser, as a picture and as a table."""

from __future__ import annotations

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.render import markup
from tiparchive.render.charts import timeline, timeline_table


def render_timeline(archive: Archive) -> str:
    source = urls.TIMELINE
    first, last = archive.years
    lines = ["# Timeline", "",
             f"The {markup.plural(len(archive.meetings), 'meeting')} in the archive from {first} to {last}, one row "
             "per process or organiser. A meeting held jointly by two processes appears in both rows. Each mark "
             "links to its meeting; the table below gives the same. By year: "
             f"{markup.link(source, urls.MEETINGS, 'meetings by year')}.",
             "", '<figure class="tip-timeline">', timeline(archive, source), "</figure>", "",
             "## The timeline as a table {#table}", "", *timeline_table(archive, source), ""]
    return markup.page("Timeline", "\n".join(lines))
