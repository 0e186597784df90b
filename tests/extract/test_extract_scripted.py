"""Pages whose article text is in script data only (JSON-LD articleBody) still yield it."""

from __future__ import annotations

import json

from newscrawl import sources
from newscrawl.extract.article import extract_article
from newscrawl.extract.scripted import scripted_body

TEXT = (
    "The council voted on Tuesday to close the old bridge for repairs.\n\n"
    "Engineers found cracks in two of its piers last spring, and traffic has been limited "
    "to one lane since then. The works will take eighteen months.\n\n"
    "A ferry will run every twenty minutes while the bridge is closed, the mayor said, "
    "and the buses will take the long way round through the northern villages."
)


def _page(body: str) -> str:
    data = {"@type": "NewsArticle", "headline": "Bridge closes", "articleBody": TEXT}
    return (
        '<html><head><script type="application/ld+json">'
        f"{json.dumps(data)}</script></head><body>{body}</body></html>"
    )


def test_a_page_rendered_by_javascript_yields_the_json_ld_text() -> None:
    url = "https://news.example/bridge"
    html = _page('<div id="app"></div><script>render()</script>')
    article = extract_article(html, url, sources.generic(url))
    assert article.body_text == TEXT
    assert article.body_html.count("<p>") == 3


def test_the_markup_wins_when_it_holds_the_text() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in TEXT.split("\n\n"))
    assert scripted_body({"articleBody": TEXT}, TEXT) is None
    url = "https://news.example/bridge"
    html = _page(f"<article><h1>Bridge closes</h1>{paragraphs}</article>")
    assert extract_article(html, url, sources.generic(url)).body_text == TEXT


def test_a_short_or_missing_article_body_is_no_body() -> None:
    assert scripted_body({}, "") is None
    assert scripted_body({"articleBody": "A teaser of one line."}, "") is None
    assert scripted_body({"articleBody": ["not", "text"]}, "") is None
