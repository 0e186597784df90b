"""il Giornale (ilgiornale.it), the Milan national daily, in Italian: the all-news feed."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="ilgiornale",
    name="il Giornale",
    domains=("ilgiornale.it",),
    categories=("传统媒体", "il Giornale", "Ultime notizie"),
    author="il Giornale",
    feeds=("https://www.ilgiornale.it/feed.xml",),
    article_url=r"/news/[a-z0-9-]+/[a-z0-9-]+-\d+\.html$",
    selectors={
        "title": "article h1.article__title::text",
        "authors": "article .article__meta .article__meta--author::text",
    },
    # The abstract sits in the header, so the body is the <article> up to the tag list.
    body="article.article",
    body_drop=(
        "script",
        "style",
        ".article__info",
        "h1",
        ".banner",
        ".article__meta",
        ".article__toolbar",
        "aside.sidebar",
    ),
    body_stop=("aside.below-the-article", ".article__comments"),
    timezone="Europe/Rome",
    language="it",
)
