"""HabariLeo (habarileo.co.tz), the Dar es Salaam daily, in Swahili: the site's feed."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="habarileo",
    name="HabariLeo",
    domains=("habarileo.co.tz",),
    categories=("传统媒体", "HabariLeo", "Habari"),
    author="HabariLeo",
    feeds=("https://habarileo.co.tz/feed/",),
    article_url=r"^https://habarileo\.co\.tz/[a-z0-9-]+/$",
    selectors={
        "title": "h1.cs-entry__title span::text",
        # The byline above the text; related posts further down have bylines of their own.
        "authors": ".cs-entry__infobar-inner .cs-meta-author-name::text",
    },
    body=".entry-content",
    body_drop=("script", "style", ".cs-banner-entry"),
    body_stop=(".pk-share-buttons-wrap",),
    timezone="Africa/Dar_es_Salaam",
    language="sw",
)
