"""Whether an <h1> is the site's banner rather than the article's headline: a link home, a
logo, the site's name; or the article's own heading, inside its <article> or <main>."""

from __future__ import annotations

import re
from typing import Any

from newscrawl.extract.metadata.headline import _text

# A link to a site's home page: its root (maybe its index file, a query or a fragment:
# "/?locale=de-DE", "/index.php"), also as a web archive's copy of it.
_HOME = re.compile(
    r"^(?:(?:https?:)?//[^/?#]+)?(?:/(?:index\.\w+)?(?:[?#].*)?)?$|/https?://[^/]+/?$"
)
# A class naming a logo ("logo", "logo-interne", "ls-slim-header__logo"), not a word that
# merely ends in it.
_LOGO = re.compile(r"(?<![^\W\d_])logo", re.I)
_WORD = re.compile(r"\w+")


def is_banner(h1: Any, site: list[str]) -> bool:
    """Whether an <h1> is the site's banner: a link home, classed as a logo (itself or a link
    in or around it: the class sites give their logo, whatever the link's target), or made
    of the words of the site's name `site` (og:site_name's words)."""
    links = [*h1.iter("a"), *h1.iterancestors("a")]
    if any(_HOME.search((a.get("href") or "x").strip()) for a in links):
        return True
    if any(_LOGO.search(element.get("class") or "") for element in [h1, *links]):
        return True
    words = _WORD.findall(_text(h1).casefold())
    return bool(words) and set(words) <= set(site)


def links_home(h1: Any) -> bool:
    """Whether an <h1> is a link to the site's home page (or in one): the site's logo."""
    links = [*h1.iter("a"), *h1.iterancestors("a")]
    return any(_HOME.search((a.get("href") or "x").strip()) for a in links)


def in_article(h1: Any) -> bool:
    """Whether an <h1> is inside the page's <article> or <main>: the article's own heading,
    whatever the <title> says ("Home")."""
    return any(a.tag in ("article", "main") for a in h1.iterancestors())
