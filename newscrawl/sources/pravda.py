"""Украинская правда (pravda.com.ua), Kyiv, its Russian edition: the news feed."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="pravda",
    name="Украинская правда",
    domains=("pravda.com.ua",),
    categories=("传统媒体", "Украинская правда", "Новости"),
    author="Украинская правда",
    feeds=("https://www.pravda.com.ua/rus/rss/",),
    article_url=r"/rus/(news|articles|columns)/\d{4}/\d{2}/\d{2}/\d+/$",
    selectors={
        "title": "article h1.post_article_title::text",
        "authors": "article .post_article_author .post_author_name::text",
    },
    body="article .post_article_text",
    body_drop=("script", "style", ".advtext_mob", ".nts-ad"),
    # Europe/Kyiv's older name: tz databases before 2022b have only this one.
    timezone="Europe/Kiev",
    language="ru",
)
