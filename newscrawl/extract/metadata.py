"""Page metadata any site offers: JSON-LD, OpenGraph and <meta> tags, the <title>."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from parsel import Selector

from newscrawl.extract.urls import join_url

_ARTICLE_TYPES = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "WebPage"}


def json_ld(sel: Selector) -> dict[str, Any]:
    """The first JSON-LD object of an article type (searching @graph and lists)."""
    for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for node in _nodes(data):
            kinds = node.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if _ARTICLE_TYPES.intersection(k for k in kinds if isinstance(k, str)):
                return node
    return {}


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _nodes(data.get("@graph", []))


def meta(sel: Selector, *names: str) -> str | None:
    """The first non-empty <meta> content among `names` (property= or name= or itemprop=)."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            value = sel.xpath(f"//meta[@{attr}=$n]/@content", n=name).get()
            if value and value.strip():
                return value.strip()
    return None


def canonical(sel: Selector, url: str) -> str:
    href = sel.xpath('//link[@rel="canonical"]/@href').get() or meta(sel, "og:url")
    return (join_url(url, href.strip()) or url) if href and href.strip() else url


def title(sel: Selector, ld: dict[str, Any]) -> str | None:
    headline = ld.get("headline")
    if isinstance(headline, str) and headline.strip():
        return headline
    return (
        meta(sel, "og:title", "twitter:title")
        or sel.xpath("normalize-space(//h1)").get()
        or sel.xpath("normalize-space(//title)").get()
        or None
    )


def published(sel: Selector, ld: dict[str, Any]) -> str | None:
    value = ld.get("datePublished")
    if isinstance(value, str) and value.strip():
        return value
    return meta(sel, "article:published_time", "pubdate", "publishdate", "datePublished")


def updated(sel: Selector, ld: dict[str, Any]) -> str | None:
    value = ld.get("dateModified")
    if isinstance(value, str) and value.strip():
        return value
    return meta(sel, "article:modified_time", "og:updated_time", "dateModified")


def authors(sel: Selector, ld: dict[str, Any]) -> list[str]:
    found = ld.get("author")
    people = found if isinstance(found, list) else [found] if found else []
    found_names = (p.get("name") if isinstance(p, dict) else p for p in people)
    names = [n for n in found_names if isinstance(n, str)]
    return names or [a for a in [meta(sel, "author", "article:author")] if a]


def lead_image(sel: Selector, ld: dict[str, Any], url: str) -> str | None:
    image = ld.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, dict):
        image = image.get("url")
    found = image if isinstance(image, str) else meta(sel, "og:image", "twitter:image")
    return join_url(url, found) if found else None


def language(sel: Selector) -> str | None:
    lang = sel.xpath("/html/@lang").get() or meta(sel, "og:locale", "language")
    return lang.strip().replace("_", "-") if lang and lang.strip() else None


def keywords(sel: Selector, ld: dict[str, Any]) -> list[str]:
    found = ld.get("keywords") or meta(sel, "keywords", "news_keywords") or []
    # JSON-LD "keywords": 7 raised TypeError (found by benchmarks/fuzz.py): only str and list.
    words = found.split(",") if isinstance(found, str) else found if isinstance(found, list) else []
    return [w.strip() for w in words if isinstance(w, str) and w.strip()]
