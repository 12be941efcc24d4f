"""The two settings of mkdocs.yml that generated files need: the site's name and its address.

The data files, the feed and the citations name the archive and, when mkdocs.yml sets
`site_url`, give absolute permalinks. The MkDocs plugin passes the values MkDocs resolved;
`tiparchive generate` and the tests read them from mkdocs.yml here, leniently, because a
config may use tags such as `!ENV` that only MkDocs resolves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_NAME = "Anti-trafficking meetings archive"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    name: str = DEFAULT_NAME
    url: str = ""  # "https://example.org/archive/" with a trailing slash, or "" when not configured

    def absolute(self, relative: str) -> str:
        """A site-relative URL ('meetings/x/#item') as a permalink: absolute when the address is known."""
        return self.url + relative if self.url else relative


def make_config(name: str | None, url: str | None) -> SiteConfig:
    base = (url or "").strip()
    if base and not base.endswith("/"):
        base += "/"
    return SiteConfig((name or "").strip() or DEFAULT_NAME, base)


class _Lenient(yaml.SafeLoader):
    """Reads mkdocs.yml even when it uses tags such as !!python/name: (they become None); !ENV is
    resolved as MkDocs resolves it, since the deploy workflow gives site_url that way."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable set, else the last value
    of a list of two or more, else None."""
    if isinstance(node, yaml.SequenceNode):
        names: list[Any] = loader.construct_sequence(node)
    elif isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    else:
        return None
    for name in names[:-1] if len(names) > 1 else names:
        if isinstance(name, str) and os.environ.get(name):
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
_Lenient.add_constructor("!ENV", _env)


def read_site_config(root: Path) -> SiteConfig:
    path = root / "mkdocs.yml"
    if not path.is_file():
        return SiteConfig()
    data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_Lenient)
    if not isinstance(data, dict):
        return SiteConfig()
    name, url = data.get("site_name"), data.get("site_url")
    return make_config(name if isinstance(name, str) else None, url if isinstance(url, str) else None)
