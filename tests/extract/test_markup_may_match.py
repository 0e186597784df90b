"""markup.may_match: a search of the page by words of its classes, ids or text is skipped only
where it finds nothing."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from helpers import FIXTURES

from newscrawl.extract.body.page import parse
from newscrawl.extract.markup import may_match, predicate_words
from newscrawl.extract.metadata.authors import _EDITOR_TEXTS, _SOURCES
from newscrawl.extract.metadata.bylines import _BYLINE_MARKED, _BYLINE_MARKED_ELSE

TESTS = Path(__file__).resolve().parent.parent
SAVED = sorted([*(TESTS / "sources").rglob("*.html.gz"), *(FIXTURES / "pages").glob("*.html.gz")])
SEARCHES = [_BYLINE_MARKED, _BYLINE_MARKED_ELSE, _SOURCES, _EDITOR_TEXTS]


def test_the_searches_of_the_readers_are_read_as_words() -> None:
    assert predicate_words(_BYLINE_MARKED) == (
        ("@class", "uthor"),
        ("@class", "yline"),
        ("@id", "uthor"),
        ("@id", "yline"),
    )
    assert ("@class", "agentur") in (predicate_words(_SOURCES) or ())
    assert (".", "cura di") in (predicate_words(_EDITOR_TEXTS) or ())


@pytest.mark.parametrize(
    "xpath",
    [
        '//*[contains(@class, "x")] | //p',  # a union: the other path finds without the word
        '//a/@title[contains(., "x")]',  # an attribute's text is not the page's text
        '//*[contains(@class, "a") and not(contains(@class, "b"))]',
        '//a[contains(@href, "/author/")]',
        '(//*[contains(@class, "x")])[1]',
        '//*[@rel="author"]',
    ],
)
def test_other_searches_are_never_skipped(xpath: str) -> None:
    assert predicate_words(xpath) is None
    root = parse("<html><body><p>nothing</p></body></html>")
    assert may_match(root, xpath)


@pytest.mark.parametrize("path", SAVED, ids=lambda p: p.name.removesuffix(".html.gz"))
def test_a_skipped_search_finds_nothing(path: Path) -> None:
    root = parse(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    for xpath in SEARCHES:
        if not may_match(root, xpath):
            assert root.xpath(xpath) == [], xpath


def test_the_saved_pages_skip_some_searches_and_not_others() -> None:
    skipped = {
        xpath: sum(
            not may_match(parse(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")), xpath)
            for p in SAVED
        )
        for xpath in SEARCHES
    }
    assert 0 < skipped[_BYLINE_MARKED_ELSE] < len(SAVED)
    assert 0 < skipped[_SOURCES] < len(SAVED)


# The byline of tests/sources/habarileo (habarileo.co.tz) and a menu link of
# tests/sources/elpais (elpais.com).
_HABARILEO = (
    '<div class="cs-meta-author"><span class="cs-meta-author-by">by</span><a class='
    '"cs-meta-author-link url fn n" href="https://habarileo.co.tz/author/rahim-fadhi24/">'
    '<span class="cs-meta-author-name">Rahimu Fadhili</span></a></div>'
)
_ELPAIS = '<li><a href="https://elpais.com/opinion/editoriales/">Editoriales</a></li>'


def test_a_word_in_a_class_an_id_or_the_text_is_found() -> None:
    root = parse(f"<html><body>{_HABARILEO}</body></html>")
    assert may_match(root, _BYLINE_MARKED)
    assert not may_match(root, _BYLINE_MARKED_ELSE)
    assert not may_match(root, _EDITOR_TEXTS)
    by_id = parse('<html><body><div id="byline">Rahimu Fadhili</div></body></html>')
    assert may_match(by_id, _BYLINE_MARKED)
    menu = parse(f"<html><body><ul>{_ELPAIS}</ul></body></html>")  # a new page: its own
    assert may_match(menu, _EDITOR_TEXTS)  # "ditor" in "Editoriales"
    assert not may_match(menu, _BYLINE_MARKED)
