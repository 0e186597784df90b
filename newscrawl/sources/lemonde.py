"""Le Monde (lemonde.fr), the Paris evening daily, in French: the front page's feed."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="lemonde",
    name="Le Monde",
    domains=("lemonde.fr",),
    categories=("传统媒体", "Le Monde", "À la une"),
    author="Le Monde",
    feeds=("https://www.lemonde.fr/rss/une.xml", "https://www.lemonde.fr/rss/en_continu.xml"),
    article_url=r"/article/\d{4}/\d{2}/\d{2}/[^/]+_\d+_\d+\.html",
    selectors={
        "title": "h1.article__title::text",
        # The byline; the JSON-LD author is the paper itself ("Le Monde").
        "authors": ".meta__publisher--header a.article__author-link::text",
        "published": "meta[property='og:article:published_time']::attr(content)",
        "updated": "meta[property='og:article:modified_time']::attr(content)",
    },
    # The standfirst (p.article__desc) sits in the header next to the headline.
    body="section.zone--article",
    body_drop=(
        "script",
        "style",
        "noscript",  # a second copy of each <img>, which the sanitizer would keep as text
        "ul.breadcrumb",
        "h1",
        ".meta",
        ".meta__date-reading",
        ".article__status",
        ".dfp-slot",
        "section.catcher",
        "aside",
    ),
    # Subscriber articles end with "Il vous reste 57% de cet article à lire" (a bare <p>).
    body_stop=(".article__content > p:not(.article__paragraph)", "aside"),
    timezone="Europe/Paris",
    language="fr",
)
