"""Media Indonesia (mediaindonesia.com), the Jakarta national daily, in Indonesian."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="mediaindonesia",
    name="Media Indonesia",
    domains=("mediaindonesia.com",),
    categories=("传统媒体", "Media Indonesia", "Berita terkini"),
    author="Media Indonesia",
    feeds=("https://mediaindonesia.com/feed",),
    article_url=r"^https://mediaindonesia\.com/[a-z-]+/\d+/[a-z0-9-]+$",
    selectors={
        "title": ".post-header h1::text",
        "authors": ".post-header .info .author-2::text",
        # The header shows minutes only (18:30); the JSON-LD datePublished has the seconds.
        "tags": "ul.related-tags a::attr(title)",
    },
    body="div.article",
    body_drop=("script", "style", ".flying-carpet", "._ap_apex_ad", ".ext-channel"),
    body_stop=(".info-author",),
    timezone="Asia/Jakarta",
    language="id",
)
