"""read_page: the CPU-heavy half of an article response, pure so that a worker process runs it.

Decode, extract, apply the feed's fields, tell article from index/tag/video page, normalize and
sanitize an article and render its post, and find the declared selectors that matched nothing:
everything a spider does with a page's bytes that needs no spider state. Its arguments and
result cross a process boundary (pickled).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newscrawl.archive.health import selector_misses
from newscrawl.clean.article import clean_article
from newscrawl.extract.article import extract_article, parse_tree
from newscrawl.extract.charset import decode_html
from newscrawl.extract.feed import FeedEntry
from newscrawl.extract.pagekind import not_article_reason, page_types
from newscrawl.items import Article
from newscrawl.render.prepared import prepare_post
from newscrawl.sources.base import Source


@dataclass
class PageRead:
    """What a page gave: the article, why it is not one (`skip`), and for a source with
    selectors the names of those that matched nothing (None: the source declares none)."""

    article: Article
    skip: str | None = None
    selector_misses: list[str] | None = field(default=None)


def read_page(
    body: bytes, url: str, content_type: str | None, source: Source, entry: FeedEntry | None
) -> PageRead:
    html = decode_html(body, content_type, source.encoding)
    # Parsed once: what the page says it is and which selectors miss are read before the
    # extraction cuts the body out of the tree.
    sel = parse_tree(html, source)
    types = page_types(sel)
    misses = selector_misses(html, source, sel) if source.selectors or source.body else None
    article = apply_feed(extract_article(html, url, source, sel.root), entry, source)
    skip = not_article_reason(html, url, article, types)
    if skip is None:
        # The crawl's normalize and sanitize pipelines then only report what was found, and
        # its export writes the post made here (render/prepared.py).
        clean_article(article, source.embeds)
        prepare_post(article)
    return PageRead(article, skip, misses)


def apply_feed(article: Article, entry: FeedEntry | None, source: Source) -> Article:
    """Fill the article from its feed item: fields the source trusts to the feed win,
    others only fill gaps."""
    if entry is None:
        return article
    for name in ("title", "published", "updated"):
        value = getattr(entry, name)
        if value and (name in source.feed_fields or not getattr(article, name)):
            setattr(article, name, value)
    return article
