"""A saved or fetched page to the article a crawl archives, and that article to its post: the
pure chain the CLI's extract/render, the fuzz test and the benchmarks run (a crawl runs the same
steps one pipeline each)."""

from __future__ import annotations

from newscrawl import sources
from newscrawl.clean.normalize import normalize
from newscrawl.clean.sanitize import sanitize_article
from newscrawl.clean.validate import drop_reason
from newscrawl.extract.charset import decode_html
from newscrawl.items import Article
from newscrawl.render.post import render_post
from newscrawl.sources.base import Source


class NotArchivableError(ValueError):
    """The page's article would be dropped by a crawl; `reason` is the crawl's drop reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def article_from_page(
    body: bytes, url: str, source: Source | None = None, content_type: str | None = None
) -> Article:
    """Page bytes -> the article: decoded (`content_type` is the HTTP header, if any),
    extracted with `source`'s rules (default: the source claiming `url`, else the generic
    one), normalized and sanitized (the source's embed hosts kept). Not validated: an
    article without title or body is returned as it is; post_from_article refuses it."""
    # Imported here: the crawl's pipelines import this module (cleaned_already) before its
    # first request, and read no page with it.
    from newscrawl.extract.article import extract_article

    source = source or sources.for_url(url) or sources.generic(url)
    html = decode_html(body, content_type, source.encoding)
    article = extract_article(html, url, source)
    clean_article(article, source.embeds)
    return article


# Not a field of Article: what sanitizing found travels with the article from a page reader to
# the crawl's pipelines (pickled with it), and nowhere else (archive rows, JSON, Redis records).
_CLEANED = "_newscrawl_sanitized"


def clean_article(article: Article, embeds: tuple[str, ...] = ()) -> list[str]:
    """Normalize and sanitize `article` in place (the crawl's first two pipelines' work); what
    sanitizing found, which the article also keeps for cleaned_already."""
    normalize(article)
    found = sanitize_article(article, embeds)
    setattr(article, _CLEANED, found)  # no field: see _CLEANED
    return found


def cleaned_already(article: Article) -> list[str] | None:
    """What sanitizing found when clean_article already ran on `article` (a page reader did it,
    off the crawl's thread); None when it did not."""
    found: list[str] | None = getattr(article, _CLEANED, None)
    return found


class UndatedError(ValueError):
    """The article gives no date: a crawl dates it by its first archiving, a page alone can't."""


def post_from_article(article: Article) -> str:
    """The post text of an archivable, dated article (the source's default image when the
    body has none). NotArchivableError with the crawl's drop reason; UndatedError."""
    reason = drop_reason(article)
    if reason:
        raise NotArchivableError(reason)
    if article.published is None:
        raise UndatedError(article.url)
    return render_post(article, sources.default_image(article.source_id))
