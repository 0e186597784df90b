"""産経新聞 (sankei.com), the Tokyo and Osaka national daily, in Japanese: feed and sitemaps."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="sankei",
    name="産経新聞",
    domains=("sankei.com",),
    categories=("传统媒体", "産経新聞", "ニュース"),
    author="産経新聞",
    feeds=("https://www.sankei.com/arc/outboundfeeds/rss/?outputType=xml",),
    sitemaps=("https://www.sankei.com/feeds/sitemapindex-category/?outputType=xml",),
    article_url=r"/article/\d{8}-[A-Z0-9]{26}/$",
    selectors={
        "title": "article h1.article-headline::text",
        "authors": ".article-header__meta .author-info-link::text",
        "tags": ".article-footer-tools-lower .section-list-item a::text",
    },
    body="article .article-body",
    body_drop=("script", "style", ".inline-gptAd"),
    timezone="Asia/Tokyo",
    language="ja",
)
