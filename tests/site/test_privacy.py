"""Privacy: no page loads anything from another host, sets a cookie or keeps anything in the
browser but the theme's colour-scheme choice. Links out are allowed, and listed.

The HTML, CSS and JavaScript are read for anything that would fetch from elsewhere, and each page
type is loaded in Chromium with every network request, cookie and storage entry recorded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsing import WIDTHS, open_session, page_urls
from site_helpers import ROOT, Site

from tiparchive.archive.indexes import Archive

ARTIFACTS = ROOT / "test-artifacts"

# Attributes that make a browser fetch something by themselves.
RESOURCE_ATTRIBUTES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href",),
    "use": ("href", "xlink:href"),
    "form": ("action",),
}
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(['"]?)\s*((?:https?:)?//[^'")\s]*)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(['"]?)\s*((?:https?:)?//[^'")\s;]*)""", re.IGNORECASE)


def _remote_in_css(text: str) -> list[str]:
    return [m.group(2) for m in CSS_URL.finditer(text)] + [m.group(2) for m in CSS_IMPORT.finditer(text)]


def _files(site: Site, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.folder.rglob("*") if p.is_file() and p.suffix in suffixes)


def test_html_loads_nothing_from_another_host(site: Site) -> None:
    found = []
    for page in site.pages():
        for element in page.tree.iter():
            for attribute in RESOURCE_ATTRIBUTES.get(element.tag, ()):
                value = element.attrs.get(attribute, "")
                candidates = [part.split()[0] for part in value.split(",") if part.strip()] \
                    if attribute == "srcset" else [value]
                found += [f"{page.file}: <{element.tag} {attribute}={c!r}>" for c in candidates
                          if REMOTE.match(c)]
            if element.tag == "meta" and element.attrs.get("http-equiv", "").lower() == "refresh":
                found.append(f"{page.file}: <meta http-equiv=refresh>")
            style = element.attrs.get("style", "")
            found += [f"{page.file}: style url {url}" for url in _remote_in_css(style)]
            if element.tag == "style":
                found += [f"{page.file}: <style> {url}" for url in _remote_in_css(element.raw_text())]
    assert found == [], "\n".join(found)


def test_css_and_js_import_nothing_from_another_host(site: Site) -> None:
    found = []
    files = _files(site, ".css", ".js")
    assert any(p.suffix == ".css" for p in files) and any(p.suffix == ".js" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(site.folder)}: {url}" for url in _remote_in_css(text)]
    assert found == [], "\n".join(found)


def test_theme_features_that_would_fetch_from_other_hosts_are_off(site: Site) -> None:
    """Material's bundle can load Mermaid from unpkg.com and repository facts from api.github.com,
    but only for pages with a Mermaid diagram or a site with `repo_url`. Neither may appear."""
    for page in site.pages():
        for element in page.tree.iter():
            assert "mermaid" not in element.classes, f"{page.file}: a Mermaid diagram loads unpkg.com"
            assert element.attrs.get("data-md-component") != "source", \
                f"{page.file}: the repository widget calls api.github.com"
    assert "fonts.googleapis.com" not in site.page("/").source


def test_no_page_sets_a_cookie_or_embeds_tracking(site: Site) -> None:
    for page in site.pages():
        lowered = page.source.lower()
        assert "document.cookie" not in lowered, page.file
        for tracker in ("googletagmanager", "google-analytics", "gtag(", "plausible.io", "matomo"):
            assert tracker not in lowered, f"{page.file}: {tracker}"


def test_list_links_to_other_sites(site: Site) -> None:
    """Links out are allowed. They are listed in test-artifacts/external-links.txt for review,
    and all use https."""
    links: dict[str, set[str]] = {}
    for page in site.pages():
        for anchor in page.tree.find_all("a"):
            href = anchor.attrs.get("href", "")
            if urlsplit(href).scheme in ("http", "https") or href.startswith("//"):
                links.setdefault(href, set()).add(page.file)
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"{href}\t{len(pages)} page(s), e.g. {min(pages)}" for href, pages in sorted(links.items())]
    (ARTIFACTS / "external-links.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\nLinks to other sites:\n" + "\n".join(lines))
    insecure = [href for href in links if not href.startswith("https://")]
    assert insecure == [], f"links out that are not https: {insecure}"


# -- in the browser ------------------------------------------------------------------------------

# mkdocs-material keeps the reader's light/dark choice in localStorage under "<site path>.__palette"
# (e.g. "/.__palette"): no identifier, never sent anywhere. Nothing else may be stored.
THEME_STORAGE = re.compile(r"^/(?:.*/)?\.__palette$")


def _stored(storage: dict[str, dict[str, str]]) -> list[str]:
    return [f"{area}: {key}" for area, entries in storage.items() for key in entries]


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_each_page_type_requests_only_its_own_origin_and_stores_nothing_but_the_palette(
    browser: Any, base_url: str, archive: Archive, width: int
) -> None:
    origin = urlsplit(base_url).netloc
    record: dict[str, Any] = {}
    with open_session(browser, width) as session:
        for name, url in page_urls(archive).items():
            before = len(session.requests)
            session.goto(base_url + url)
            made = session.requests[before:]
            network = [r for r in made if urlsplit(r).scheme not in ("data", "blob")]
            assert network, f"{name}: no request recorded: the recorder is not working"
            elsewhere = [r for r in network if urlsplit(r).netloc != origin]
            assert elsewhere == [], f"{name}: requests to other origins: {elsewhere}"
            assert session.context.cookies() == [], f"{name}: cookies set: {session.context.cookies()}"
            stored = session.storage()
            others = [entry for entry in _stored(stored) if not THEME_STORAGE.match(entry.split(": ", 1)[1])]
            assert others == [], f"{name}: stored in the browser: {others}"
            record[name] = {"requests": len(network), "origins": sorted({urlsplit(r).netloc for r in network}),
                            "stored": _stored(stored)}
        # The palette switch is the one control that writes: it writes only its own key.
        session.page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
        session.page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
        stored = session.storage()
        assert [THEME_STORAGE.match(entry.split(": ", 1)[1]) is not None for entry in _stored(stored)] == [True], stored
        record["after switching to dark"] = {"stored": stored}
        session.assert_clean()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"privacy-{width}.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
