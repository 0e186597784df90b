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
