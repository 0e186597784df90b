"""json_ld: the page's article node, its script text wrapped in CDATA as XHTML pages save it."""

from __future__ import annotations

import pytest
from parsel import Selector

from newscrawl.extract.metadata import json_ld

# As nbcnews.com's page saved by Readability's test generator (XHTML) holds it, shortened.
NODE = (
    '{"@context":{"@vocab":"http://schema.org"},"@type":"NewsArticle","headline":"South Korean'
    " president's impeachment fails after ruling party lawmakers walk out\","
    '"dateModified":"2024-12-07T12:43:39.889Z","datePublished":"2024-12-06T22:00:40.000Z"}'
)


@pytest.mark.parametrize(
    "script",
    [
        NODE,
        f"\n        <![CDATA[\n        {NODE}\n        ]]>\n        ",
        f"//<![CDATA[\n{NODE}\n//]]>",
        f"/*<![CDATA[*/{NODE}/*]]>*/",
    ],
)
def test_json_ld_is_read_inside_a_cdata_section(script: str) -> None:
    page = f'<html><head><script type="application/ld+json">{script}</script></head></html>'
    found = json_ld(Selector(text=page))
    assert found["datePublished"] == "2024-12-06T22:00:40.000Z"


def test_a_script_that_is_not_json_is_skipped() -> None:
    page = (
        '<html><head><script type="application/ld+json"><![CDATA[ {broken ]]></script>'
        f'<script type="application/ld+json">{NODE}</script></head></html>'
    )
    assert json_ld(Selector(text=page))["@type"] == "NewsArticle"


def test_an_article_node_wins_over_a_webpage_node_before_it() -> None:
    """tonight.de (trafilatura's evaluation page "tonight.de-arschloch"), shortened: Yoast's
    @graph holds the WebPage (no headline) before the NewsArticle."""
    graph = (
        '{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Tonight News"},'
        '{"@type":"WebPage","@id":"https://www.tonight.de/x_114240.html#webpage",'
        '"name":"Danni B\\u00fcchner und Ennesto Monte trennen sich: \\"Arschloch\\"",'
        '"datePublished":"2021-03-16T16:11:53+00:00"},'
        '{"@type":"NewsArticle","@id":"https://www.tonight.de/x_114240.html#article",'
        '"headline":"&#8222;Arschloch&#8220;: Danni B\\u00fcchner und Ennesto Mont\\u00e9 trennen'
        ' sich","datePublished":"2021-03-16T16:11:53+00:00"}]}'
    )
    page = f'<html><head><script type="application/ld+json">{graph}</script></head></html>'
    assert json_ld(Selector(text=page))["@type"] == "NewsArticle"


def test_a_webpage_node_is_taken_when_the_page_has_no_article_node() -> None:
    node = '{"@type":"WebPage","name":"About us","datePublished":"2020-01-02"}'
    page = f'<html><head><script type="application/ld+json">{node}</script></head></html>'
    assert json_ld(Selector(text=page))["@type"] == "WebPage"
