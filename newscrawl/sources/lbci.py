"""LBCI (lbcgroup.tv), the Lebanese Broadcasting Corporation's news site, Beirut, in Arabic."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="lbci",
    name="LBCI",
    domains=("lbcgroup.tv",),
    categories=("传统媒体", "LBCI", "أخبار"),
    author="LBCI",
    feeds=("https://www.lbcgroup.tv/Rss/latest-news/ar",),
    sitemaps=("https://www.lbcgroup.tv/newssitemap.xml",),
    article_url=r"/news/[a-z-]+/\d+/[^/]+/ar$",
    selectors={
        "title": "h1 .article_details_title::text",
        # The section; the other "tags" are words cut from the headline by the site.
        "tags": ".article_details_tags .article_details_tag.cat-color h3::text",
    },
    body=".article_details_body .LongDesc",
    body_drop=("script", "style", ".my-gallery", ".absoPreview"),
    timezone="Asia/Beirut",
    language="ar",
)
