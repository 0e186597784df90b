"""BBC News (bbc.com, bbc.co.uk), London, in English: the top stories feed."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="bbc",
    name="BBC News",
    domains=("bbc.com", "bbc.co.uk"),
    categories=("传统媒体", "BBC News", "Top Stories"),
    author="BBC News",
    feeds=("https://feeds.bbci.co.uk/news/rss.xml",),
    article_url=r"/news/(articles/[a-z0-9]+|[a-z-]+-\d+)$",
    selectors={
        "title": "main article [data-component='headline-block'] h1::text",
        "tags": "[data-component='tags'] a::text, [data-component='tag-list-block'] a::text",
    },
    # Class names are generated (sc-...), so blocks are told apart by data-component.
    body="main article",
    body_drop=(
        "script",
        "style",
        "[data-component='headline-block']",
        "[data-component='byline-block']",
        "[data-component='ad-slot']",
        "[data-component='links-block']",
        "[data-component='tags']",
        "[data-component='tag-list-block']",
        "[data-component='text-block'] ul",
        "[data-testid$='image'] > span",  # the photo credit printed over the image
        "img.hide-when-no-script",  # a grey placeholder before each real <img>
    ),
    timezone="Europe/London",
    language="en",
)
