"""Voice of America (voanews.com), Washington, in English: the top stories feed."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="voa",
    name="Voice of America",
    domains=("voanews.com",),
    categories=("传统媒体", "Voice of America", "Top Stories"),
    author="Voice of America",
    # The feed the site's pages link as "VOA - Top Stories [RSS]".
    feeds=("https://www.voanews.com/api/",),
    article_url=r"/a/[^/]+/\d+\.html$",
    selectors={
        "title": "h1.pg-title::text",
        "authors": ".links__item-link::text",
        "published": "time[pubdate]::attr(datetime)",
    },
    body="#article-content .wsw",
    body_drop=("script", "style"),
    timezone="America/New_York",
    language="en",
)
