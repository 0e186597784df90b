"""extract/body/xpaths.py finds what trafilatura's BODY_XPATH, OVERALL_DISCARD_XPATH and
BASIC_CLEAN_XPATH find, and stands in for them only while they are the expressions it mirrors."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES
from lxml import etree
from trafilatura import main_extractor, settings
from trafilatura import xpaths as theirs
from trafilatura.htmlprocessing import convert_tags, tree_cleaning

from newscrawl.extract.body import _options
from newscrawl.extract.body import xpaths as ours
from newscrawl.extract.body.page import _DROP, parse

TESTS = Path(__file__).resolve().parent.parent
SAVED = sorted([*(TESTS / "sources").rglob("*.html.gz"), *(FIXTURES / "pages").glob("*.html.gz")])
SEARCHES = [
    *(("body", s, x) for s, x in zip(ours.BODY, theirs.BODY_XPATH, strict=True)),
    *(("all", s, x) for s, x in zip(ours.DISCARD, theirs.OVERALL_DISCARD_XPATH, strict=True)),
    ("all", ours.basic_cleaned, settings.BASIC_CLEAN_XPATH),
]


def _first_found(found: list[Any]) -> list[Any]:
    """What trafilatura's _extract takes of a BODY_XPATH result: its first element."""
    return next(([e] for e in found if e is not None), [])


def _same(tree: Any) -> None:
    for kind, search, xpath in SEARCHES:
        expected = xpath(tree)
        assert search(tree) == (_first_found(expected) if kind == "body" else expected)


def _cleaned(html: str) -> Any:
    """The page as trafilatura's main extractor gets it from extract/body."""
    root = parse(html)
    etree.strip_elements(root, *_DROP, with_tail=False)
    options = _options("https://example.com/a")
    return convert_tags(tree_cleaning(root, options), options, None)


def test_the_installed_trafilatura_is_mirrored() -> None:
    assert ours.mirrored()


def test_other_expressions_are_not_mirrored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(theirs, "BODY_XPATH", [*theirs.BODY_XPATH[:-1], etree.XPath(".//main")])
    ours.mirrored.cache_clear()
    try:
        assert not ours.mirrored()
        with ours.searches():
            assert main_extractor.BODY_XPATH is not ours.BODY
    finally:
        ours.mirrored.cache_clear()


def test_searches_stand_in_for_trafilaturas_while_extracting_only() -> None:
    with ours.searches():
        assert main_extractor.BODY_XPATH is ours.BODY
        assert main_extractor.OVERALL_DISCARD_XPATH is ours.DISCARD
        assert sys.modules["trafilatura.baseline"].BASIC_CLEAN_XPATH is ours.basic_cleaned
    assert main_extractor.BODY_XPATH is theirs.BODY_XPATH
    assert sys.modules["trafilatura.baseline"].BASIC_CLEAN_XPATH is settings.BASIC_CLEAN_XPATH
    with pytest.raises(KeyError), ours.searches():
        raise KeyError("an extraction that fails")
    assert main_extractor.OVERALL_DISCARD_XPATH is theirs.OVERALL_DISCARD_XPATH


@pytest.mark.parametrize("path", SAVED, ids=lambda p: p.name.removesuffix(".html.gz"))
def test_a_saved_page_gives_what_trafilaturas_xpath_gives(path: Path) -> None:
    tree = _cleaned(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    _same(tree)
    for found in ours.discarded(tree)[:50]:  # and below each box it prunes
        _same(found)
    raw = parse(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    assert ours.basic_cleaned(raw) == settings.BASIC_CLEAN_XPATH(raw)  # as html2txt reads it


# Each clause of the expressions, once matching and once not, and `@a|@b` read as XPath reads
# it: the value of the attribute written first.
_CASES = """
<div id="x"><section class="post">a</section><div class="entry x">b</div>
<main itemprop="articleBody">c</main><div id="my-article-body">d</div>
<div class="Post-Text"><div class="post_text">e</div></div>
<p role="Navigation">f</p><span role="menu">g</span><div data-lp-replacement-content="">h</div>
<div data-component="MostPopularStories-2">i</div>
<div class="cookie-jar" id="x1">j</div><div id="x2" class="cookie-jar">k</div>
<list id="jp-relatedposts">l</list><item class="a ad-slot">m</item><p class="load">n</p>
<p class="bread-crumbs">o</p><p class="Bar">p</p><span class="dfpAd">q</span>
<b class="comments-title">r</b><i id="reply-1" class="x">s</i><i class="x" id="reply-2">t</i>
<u id="is-hidden" style="a">v</u><u id="a" style="visibility: hidden">w</u>
<em style="display: none">x</em><em aria-hidden="true">y</em><em aria-hidden="false">z</em>
<em class="nav-hide-print">1</em><em class="hidden">2</em><em class="a hidden">3</em>
<article role="article">4</article><div id="story">5</div><div class="FullText">6</div>
<section class="article body">7</section><div class="single-content">8</div>
<div id="Main-Content">9</div><div class="Page-Content">10</div><div id="content">11</div>
<section role="main-column">12</section><div class="mainly">13</div><main>14</main>
<aside>15</aside><div class="site-footer">16</div><div id="a" class="footer">17</div>
<p class="x" id="Cookie-Banner">18</p><p class="CMPLZ-notice">19</p><svg>20</svg>
</div>
"""


def test_each_clause_gives_what_trafilaturas_xpath_gives() -> None:
    tree = etree.fromstring(_CASES, etree.HTMLParser())
    _same(tree)
    kept = [e.text for e in tree.iter() if e not in ours.discarded(tree) + ours.hidden(tree)]
    # class="cookie-jar", id="reply-1" and style="visibility: hidden" are read only when
    # written first
    assert [t for t in "jkstvw" if t in kept] == ["k", "t", "w"]


@pytest.mark.parametrize("drop", range(1, 14))
def test_the_body_searches_give_what_trafilaturas_give_as_candidates_go(drop: int) -> None:
    # each element that may be the content area taken out in turn: each search in order
    tree = etree.fromstring(_CASES, etree.HTMLParser())
    for element in tree.xpath("//body/div/*")[:drop]:
        element.getparent().remove(element)
    _same(tree)
