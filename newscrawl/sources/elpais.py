"""EL PAÍS (elpais.com), Madrid's national daily, in Spanish: the front page's feed."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="elpais",
    name="EL PAÍS",
    domains=("elpais.com",),
    categories=("传统媒体", "EL PAÍS", "Portada"),
    author="EL PAÍS",
    feeds=("https://feeds.elpais.com/mrss-s/pages/ep/site/elpais.com/portada",),
    article_url=r"^https://elpais\.com/[a-z-]+(/[a-z-]+)*/\d{4}-\d{2}-\d{2}/[^/]+\.html",
    selectors={
        "title": "article header h1.a_t::text",
        "authors": ".a_md_a a.a_md_a_n::text",
        "published": "time#article_date_p::attr(datetime)",
        "updated": "time#article_date_u::attr(datetime)",
    },
    # The standfirst (h2.a_st) is in the header, so the body is the whole <article> minus
    # the kicker, headline, lead video and byline; subscriber boxes and widgets end it.
    body="body > article",
    body_drop=("script", "style", ".a_k", "h1", ".a_e_m", ".a_md", ".gallery-summary-container"),
    body_stop=("div.me", "section.w", "aside.w"),
    timezone="Europe/Madrid",
    language="es",
)
