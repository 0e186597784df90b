"""Links of a listing page: which look like articles, and where the next page is. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from parsel import Selector

from newscrawl.extract.urls import join_url

# A path that names one story: a date (/2024/05/01/, /2024-05-01, /20240501), a number of
# four or more digits (/1/767/767105.htm, /a/123456), or a slug of three or more words
# (_is_slug).
_DATED = re.compile(
    r"/(?:19|20)\d{2}[/-]?(?:0[1-9]|1[0-2])(?:[/-]?(?:0[1-9]|[12]\d|3[01]))?(?:/|\b)"
)
_NUMBERED = re.compile(r"\d{4,}")
_WORD = re.compile(r"[a-z0-9]+", re.I)
_LETTER = re.compile(r"[a-z]", re.I)
# Paths that are lists, media or furniture, whatever else they look like.
_NOT_ARTICLE = re.compile(
    r"/(?:tags?|topics?|category|categories|section|author|authors|search|archives?|page|lists?|"
    r"login|register|subscribe|about|contact|privacy|terms|feed|rss)(?:/|\.|$)",
    re.I,
)
_MEDIA = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|json|xml|rss|gz|zip|pdf|mp[34]|m4a|avi|mov|woff2?)$",
    re.I,
)
_NEXT_TEXTS = frozenset(
    ["next", "next page", "older", "older posts", "more", "下一页", "下页", "后页", "»", "›",
     "次へ", "次のページ", "다음", "weiter", "nächste", "suivant", "siguiente", "próxima", "далее"]
)  # fmt: skip


@dataclass(frozen=True)
class Link:
    url: str
    text: str


def same_site(url: str, site: str) -> bool:
    """Whether `url` is on the host of `site` or a subdomain of its registered part."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    base = (urlsplit(site).hostname or "").lower().removeprefix("www.")
    return bool(host) and (host == base or host.endswith("." + base) or base.endswith("." + host))


def looks_like_article(url: str) -> bool:
    """Article-likeness of a URL alone: dated, numbered or slugged, and not a list or a file."""
    # Deferred: courlan costs ~60 ms to import and every crawl loads this module.
    from courlan import is_navigation_page, is_not_crawlable

    parts = urlsplit(url)
    path = parts.path
    if parts.scheme not in ("http", "https") or path in ("", "/"):
        return False
    if _MEDIA.search(path) or _NOT_ARTICLE.search(path) or is_navigation_page(url):
        return False
    if is_not_crawlable(url):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(_DATED.search(path) or _NUMBERED.search(last) or _is_slug(last))


def _is_slug(name: str) -> bool:
    """Three or more words, two of them with letters: `minister-resigns-after-vote`, not
    `list_3_1`."""
    words = _WORD.findall(name.rsplit(".", 1)[0])
    return len(words) >= 3 and sum(bool(_LETTER.search(w)) for w in words) >= 2


def page_links(html: str, url: str) -> list[Link]:
    """Every http(s) link of the page, absolute, fragment dropped, first occurrence kept."""
    sel = Selector(text=html)
    base = sel.xpath("//base/@href").get()
    base_url = join_url(url, base.strip()) if base and base.strip() else url
    found: dict[str, Link] = {}
    for anchor in sel.xpath("//a[@href]"):
        href = join_url(base_url or url, anchor.attrib["href"].strip())
        if not href or urlsplit(href).scheme not in ("http", "https"):
            continue
        href = href.split("#", 1)[0]
        text = " ".join(" ".join(anchor.xpath(".//text()").getall()).split())
        found.setdefault(href, Link(href, text))
    return list(found.values())


def article_links(html: str, url: str, pattern: re.Pattern[str] | None = None) -> list[str]:
    """Links to articles of the same site: by `pattern` (a source's article_url) when given,
    else by looks_like_article."""
    links = (link.url for link in page_links(html, url) if same_site(link.url, url))
    if pattern is not None:
        return [u for u in links if pattern.search(u) and u != url]
    return [u for u in links if looks_like_article(u) and u != url]


def next_page(html: str, url: str) -> str | None:
    """The listing's next page: <link rel=next>, <a rel=next>, or a link saying "next"."""
    sel = Selector(text=html)
    for href in sel.xpath(
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href"
        " | //a[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href"
        " | //a[contains(concat(' ', normalize-space(@class), ' '), ' next ')]/@href"
    ).getall():
        target = join_url(url, href.strip())
        if target and target != url:
            return target
    for link in page_links(html, url):
        says_next = link.text.lower().strip(" >»›") in _NEXT_TEXTS or link.text in _NEXT_TEXTS
        if says_next and link.url != url and same_site(link.url, url):
            return link.url
    return None
