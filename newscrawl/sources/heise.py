"""heise online (heise.de), German IT news from Hanover: the news desk's Atom feed."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="heise",
    name="heise online",
    domains=("heise.de",),
    categories=("新媒体", "heise online", "News"),
    author="heise online",
    feeds=("https://www.heise.de/rss/heise-atom.xml",),
    article_url=r"/news/[^/]+-\d+\.html",
    selectors={
        "title": "h1.a-article-header__title::text",
        "authors": ".creator__names .creator__link::text",
        "published": "time.a-publish-info__datetime::attr(datetime)",
    },
    # The lead paragraph sits in the header with the title, so the whole <article> is the
    # body, without the header's furniture, the ads and the "Lesen Sie auch" boxes.
    body="article.article-layout",
    body_drop=(
        "script",
        "style",
        # The real <img> of each picture is in a <noscript> (the page lazy-loads a placeholder);
        # the sanitizer would keep a noscript's content as escaped text, so it goes.
        "noscript",
        "h1",
        ".a-article-header__service",
        ".a-article-header__publish-info",
        "aside",
        ".ad-label",
        "a-paternoster",
        ".inread-cls-reduc",
        ".incontent3-cls-reduc",
        "div.a-u-inline",
    ),
    # The editor's initials "(dmk)" close the text; the footer and sidebar follow them.
    body_stop=(".redakteurskuerzel", ".article-layout__footer"),
    timezone="Europe/Berlin",
    language="de",
)
