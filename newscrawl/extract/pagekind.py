"""Article or not: why a fetched page is a tag page, a video page or an index, never a post. Pure.

A page that says what it is (OpenGraph `og:type`, JSON-LD `@type`) is taken at its word. A page
that says nothing is an index when it links to many articles and has no text of its own (or no
date and little text); an article page with a related-links box keeps its date and its text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from parsel import Selector

from newscrawl.extract.links import article_links, looks_like_article
from newscrawl.items import Article

_ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
     "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting",
     "Report", "TechArticle", "ScholarlyArticle", "SocialMediaPosting"}
)  # fmt: skip
_INDEX_TYPES = frozenset({"CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage"})
_VIDEO_TYPES = frozenset({"VideoObject", "VideoGallery", "Clip", "Episode", "TVEpisode"})
INDEX_LINKS = 8  # article links on a page without a date or much text that make it an index
INDEX_TEXT = 1500  # characters of body text under which such a page counts as an index
INDEX_EMPTY = 50  # ...and under which even a dated one does


# One pass over the page for both (document order: the first og:type counts).
_DECLARED = '//meta[@property="og:type"]/@content | //script[@type="application/ld+json"]/text()'


def page_types(sel: Selector) -> tuple[str, frozenset[str]]:
    """What a page says it is: its og:type (lowercase) and its JSON-LD @types."""
    found = sel.root.xpath(_DECLARED) if sel.root is not None else []
    og_type = next((str(v) for v in found if v.is_attribute), "").strip().lower()
    return og_type, frozenset(_ld_types(str(v) for v in found if not v.is_attribute))


def not_article_reason(
    html: str, url: str, article: Article, types: tuple[str, frozenset[str]] | None = None
) -> str | None:
    """`tag_page`, `video_page` or `index_page` (with what gave it away), or None for an
    article (or a page that might be one: when in doubt, keep it). `types`: page_types of the
    page, when the caller has read them from its parsed tree."""
    og_type, kinds = types if types is not None else page_types(Selector(text=html))
    if og_type == "article" or kinds & _ARTICLE_TYPES:
        return None
    if og_type.startswith("video") or kinds & _VIDEO_TYPES:
        return f"video_page (og:type {og_type})" if og_type else "video_page (JSON-LD video)"
    if kinds & _INDEX_TYPES:
        return f"index_page (JSON-LD {sorted(kinds & _INDEX_TYPES)[0]})"
    if _is_tag_url(url) and not looks_like_article(url):
        return "tag_page (URL)"
    # A date may be guessed from the URL alone (/2019/09/index.html): an index page is one
    # without text of its own, or undated with little text, that links to many articles.
    text = len(article.body_text)
    if text >= INDEX_TEXT or (article.published is not None and text >= INDEX_EMPTY):
        return None
    links = len(article_links(html, url))
    if links < INDEX_LINKS:
        return None
    return f"index_page ({links} article links, {text} characters of text)"


def _is_tag_url(url: str) -> bool:
    path = url.split("?", 1)[0].lower()
    return any(f"/{part}/" in path or path.rstrip("/").endswith(f"/{part}")
               for part in ("tag", "tags", "topic", "topics", "category"))  # fmt: skip


def _ld_types(scripts: Iterable[str]) -> Iterator[str]:
    for raw in scripts:
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        yield from _types(data)


def _types(data: Any) -> Iterator[str]:
    if isinstance(data, list):
        for item in data:
            yield from _types(item)
    elif isinstance(data, dict):
        kinds = data.get("@type")
        for kind in kinds if isinstance(kinds, list) else [kinds]:
            if isinstance(kind, str):
                yield kind
        yield from _types(data.get("@graph", []))
