"""Searching through the Archive: CJK bigrams and phrases, Latin words, ranking, sources,
snippets, syntax errors, and the index following updates (search.py's own tests: test_search)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from helpers import PUBLISHED, article

from newscrawl.archive.search import match_expression
from newscrawl.archive.store import Archive, SearchError

# --- search ---------------------------------------------------------------------------------

CORPUS = [
    article(
        1,
        source_id="mydrivers",
        title="Win11 隐藏功能曝光",
        body_text="微软为 Windows 11 带来新的显卡驱动，支持 foo-bar 与 c++ 开发。",
    ),
    article(
        2,
        title="GPU prices fall",
        body_text="Graphics card prices fell sharply. Analysts quoted phrase by phrase.",
    ),
    article(3, title="Weather today", body_text="Sunny weather; GPU mentioned once in passing."),
    article(4, title="An AI story", body_text="Nothing else here."),
]


@pytest.fixture
def corpus(archive: Archive) -> Archive:
    for item in CORPUS:
        archive.add(item, None)
    return archive


def urls(archive: Archive, query: str, **options: Any) -> list[str]:
    """The numbers of the articles found."""
    return [
        hit.url.rsplit("/", 1)[1].removesuffix(".htm") for hit in archive.search(query, **options)
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("隐藏功能", ["1"]),  # a phrase of bigrams
        ("显卡", ["1"]),  # one bigram token
        ("曝光", ["1"]),  # the end of a run
        ("Win11 隐藏功能", ["1"]),
        ("显卡 Win11", ["1"]),
        ("显卡 weather", []),
        ("prices", ["2"]),
        ("PRICES", ["2"]),
        ('"quoted phrase"', ["2"]),
        ('"phrase quoted"', []),
        ("foo-bar", ["1"]),
        ("c++", ["1"]),
        ("AI", ["4"]),
        ("prices OR weather", ["2", "3"]),
        ("nothing-like-this", []),
    ],
)
def test_search_finds(corpus: Archive, query: str, expected: list[str]) -> None:
    assert sorted(urls(corpus, query)) == expected


def test_search_ranks_title_matches_first(corpus: Archive) -> None:
    assert urls(corpus, "GPU") == ["2", "3"]


def test_search_by_source(corpus: Archive) -> None:
    assert urls(corpus, "Win11", source="mydrivers") == ["1"]
    assert urls(corpus, "Win11", source="example") == []
    assert urls(corpus, "Win*", source="mydrivers") == ["1"]  # words match whole, or as prefixes


def test_search_limit(corpus: Archive) -> None:
    assert len(corpus.search("GPU", limit=1)) == 1


def test_search_hit_fields_and_snippet(corpus: Archive) -> None:
    [hit] = corpus.search("Graphics")
    assert (hit.title, hit.source_id) == ("GPU prices fall", "example")
    assert hit.published == PUBLISHED + timedelta(days=1)  # helpers' article 2
    assert "[Graphics]" in hit.snippet
    assert hit.rank < 0  # bm25: lower is better


def test_chinese_search_has_a_marked_snippet(corpus: Archive) -> None:
    [hit] = corpus.search("显卡")
    assert "[显卡]" in hit.snippet
    assert hit.rank < 0


@pytest.mark.parametrize("query", ["prices AND", "AND OR", "NEAR(GPU prices", "nosuch:GPU OR x"])
def test_search_syntax_error_raises_search_error(corpus: Archive, query: str) -> None:
    with pytest.raises(SearchError, match="cannot search"):
        corpus.search(query)


@pytest.mark.parametrize("query", ["", "   ", '""'])
def test_empty_query_raises_search_error(corpus: Archive, query: str) -> None:
    with pytest.raises(SearchError, match="empty"):
        corpus.search(query)


def test_search_follows_updates(corpus: Archive) -> None:
    corpus.add(article(2, title="Markets", body_text="Stocks rose."), None)
    assert urls(corpus, "prices") == []
    assert urls(corpus, "Stocks") == ["2"]
    assert urls(corpus, "GPU") == ["3"]


@pytest.mark.parametrize(
    ("query", "match"),
    [
        ("Win11 隐藏功能", '"Win11" "隐藏 藏功 功能"'),
        ('say "hi there" 显卡', '"say" "hi there" "显卡"'),
        ('a"b', '"a" "b"'),
        ("AI", '"AI"'),
        ("GPU OR 显卡", '"GPU" OR "显卡"'),
        ("油", '"油" *'),
        ("Win*", '"Win" *'),
        ("title: GPU", 'title : "GPU"'),
        ("NEAR(GPU prices, 5)", 'NEAR ( "GPU" "prices" , 5 )'),
    ],
)
def test_match_expression(query: str, match: str) -> None:
    assert match_expression(query) == "{title body} : (" + match + ")"
