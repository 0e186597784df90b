"""Search: CJK words and phrases, every filter, sorting, the candidate cap, every output
format of `newscrawl search`, and syntax errors as messages; on real SQLite files."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click.testing
import pytest
from click.testing import CliRunner
from helpers import article as valid_article

from newscrawl.archive.search import index_text, query_tokens, snippet
from newscrawl.archive.store import Archive, Filters, SearchError
from newscrawl.cli import main
from newscrawl.items import Article


def article(n: int, **fields: Any) -> Article:
    """helpers' article n (published 2024-05-n 08:00 UTC), a Chinese one from mydrivers."""
    return valid_article(n, **({"source_id": "mydrivers", "language": "zh-CN"} | fields))


CORPUS = [
    article(
        1,
        title="Win11 隐藏功能曝光",
        body_text="微软为 Windows 11 带来新的显卡驱动，油价与显卡价格无关。",
        authors=["张三"],
        tags=["显卡", "Windows"],
    ),
    article(
        2,
        title="显卡价格下跌",
        body_text="今年显卡价格大幅下跌，隐藏的库存终于放出。",
        authors=["李四"],
        tags=["显卡"],
        source_id="ithome",
    ),
    article(
        3,
        title="GPU prices fall",
        body_text="Graphics card prices fell sharply this spring. Analysts expect more.",
        authors=["Jane Doe"],
        tags=["GPU"],
        language="en",
        source_id="verge",
    ),
    article(
        4,
        title="台灣顯卡市場",
        body_text="顯卡在台灣的價格，和中國大陸不同。全形字母ＧＰＵ也能找到。",
        language="zh-TW",
    ),
    article(5, title="和平", body_text="和平与发展。", published=None),
    article(
        6,
        title="Prices of oil",
        body_text="Oil prices rose; GPU makers did not care.",
        language="en",
        published=datetime(2023, 12, 31, 23, 0, tzinfo=UTC),
    ),
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    with Archive(tmp_path / "archive.db") as archive:
        for item in CORPUS:
            archive.add(item, None)
    return tmp_path


@pytest.fixture
def archive(data: Path) -> Iterator[Archive]:
    with Archive(data / "archive.db") as opened:
        yield opened


def ids(archive: Archive, query: str, **options: Any) -> list[int]:
    filters = Filters(**{k: v for k, v in options.items() if k not in ("sort", "limit")})
    hits = archive.search(query, filters=filters, sort=options.get("sort", "rank"))
    return [int(hit.url.rsplit("/", 1)[1].split(".")[0]) for hit in hits]


# --- CJK ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("显卡", [1, 2]),  # a two-character word: one bigram token
        ("顯卡", [4]),  # traditional characters are other characters
        ("隐藏功能", [1]),  # a four-character word: a phrase of bigrams
        ("隐藏", [1, 2]),
        ("显卡价格", [1, 2]),
        ('"显卡价格大幅下跌"', [2]),  # a phrase across words
        ("价格 隐藏", [1, 2]),  # two words, both required, anywhere
        ("下跌 隐藏", [2]),
        ("下跌", [2]),  # end of a run: the bigram is there
        ("油", [1]),  # one character: a prefix of bigrams
        ("和", [4, 5]),  # one character at a run's end (和平 / 和中國)
        ("跌", [2]),  # one character ending a run
        ("Win11隐藏功能", [1]),  # Latin and CJK run together, as typed in a headline
        ("GPU", [3, 4, 6]),  # full-width ＧＰＵ is folded
        ("功能曝光", [1]),
        ("曝光功能", []),
    ],
)
def test_cjk_words_and_phrases(archive: Archive, query: str, expected: list[int]) -> None:
    assert sorted(ids(archive, query)) == expected


def test_index_text_bigrams_then_the_last_character() -> None:
    assert index_text("显卡驱动") == " 显卡 卡驱 驱动 动 "
    assert index_text("Win11显卡") == "Win11 显卡 卡 "
    assert index_text("和 Apple") == " 和  Apple"
    assert index_text("plain ASCII stays") == "plain ASCII stays"


@pytest.mark.parametrize(
    ("text", "tokens", "prefix"),
    [
        ("显卡", "显卡", False),
        ("隐藏功能", "隐藏 藏功 功能", False),
        ("功能 Win11", "功能 能 Win11", False),  # the run ended inside the phrase
        ("油", "油", True),
        ("Win11和", "Win11 和", True),
    ],
)
def test_query_tokens(text: str, tokens: str, prefix: bool) -> None:
    assert query_tokens(text) == (tokens, prefix)


# --- English, operators ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("prices", [3, 6]),
        ("PRICES", [3, 6]),
        ('"prices fell"', [3]),
        ('"fell prices"', []),
        ("pric*", [3, 6]),
        ("oil OR graphics", [3, 6]),
        ("prices NOT oil", [3]),
        ("title: prices", [3, 6]),
        ("body: GPU", [4, 6]),
        ("NEAR(graphics sharply, 3)", [3]),
        ("显卡 OR GPU", [1, 2, 3, 4, 6]),
    ],
)
def test_words_and_operators(archive: Archive, query: str, expected: list[int]) -> None:
    assert sorted(ids(archive, query)) == expected


def test_title_matches_rank_first(archive: Archive) -> None:
    assert ids(archive, "显卡价格")[0] == 2  # in the title and the body of 2, body only of 1


# --- filters --------------------------------------------------------------------------------

WHEN = {
    "since": datetime(2024, 5, 2, tzinfo=UTC),
    "until": datetime(2024, 5, 4, tzinfo=UTC),
}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, [1, 2, 3, 4, 6]),
        ({"source": "ithome"}, [2]),
        ({"source": "nosuch"}, []),
        ({"author": "张三"}, [1]),
        ({"author": "jane doe"}, [3]),  # ASCII case does not matter
        ({"tag": "显卡"}, [1, 2]),
        ({"tag": "gpu"}, [3]),
        ({"lang": "zh"}, [1, 2, 4]),  # zh-CN and zh-TW
        ({"lang": "zh-TW"}, [4]),
        ({"lang": "en"}, [3, 6]),
        ({"since": WHEN["since"]}, [2, 3, 4]),
        ({"until": WHEN["until"]}, [1, 2, 3, 6]),
        (WHEN, [2, 3]),
        ({"since": datetime(2023, 12, 1, tzinfo=UTC), "until": WHEN["since"]}, [1, 6]),
        ({"source": "mydrivers", "lang": "zh", "tag": "显卡"}, [1]),
    ],
)
def test_filters(archive: Archive, options: dict[str, Any], expected: list[int]) -> None:
    query = "显卡 OR GPU OR prices"
    assert sorted(ids(archive, query, **options)) == expected


def test_an_undated_article_is_filtered_by_its_first_archiving(archive: Archive) -> None:
    june = datetime(2024, 6, 1, tzinfo=UTC)
    assert ids(archive, "和平", since=june) == [5]
    assert ids(archive, "和平", until=june) == []


def test_sort_newest(archive: Archive) -> None:
    assert ids(archive, "显卡 OR GPU OR prices", sort="newest") == [4, 3, 2, 1, 6]


def test_a_huge_match_set_is_cut_to_the_most_recent_candidates(archive: Archive) -> None:
    found = archive.find("显卡 OR GPU OR prices", candidates=2)
    assert found.capped
    assert {hit.id for hit in found.hits} == {5 - 1, 6}  # rowids 4 and 6: archived last
    assert not archive.find("显卡 OR GPU OR prices", candidates=0).capped
    assert not archive.find("隐藏功能", candidates=2).capped


def test_words_found_in_more_rows_than_the_cap_do_not_weigh_in(archive: Archive) -> None:
    # "prices" is in rows 3 and 6: over a cap of 1, it is not ranked by (bm25 would count
    # all its rows first); alone, its newest match is listed unranked.
    [hit] = archive.find("prices", candidates=1).hits
    assert (hit.id, hit.rank) == (6, 0.0)
    [hit] = archive.find("prices oil", candidates=1).hits
    assert hit.id == 6
    assert hit.rank < 0  # ranked by "oil", found once
    assert all(hit.rank < 0 for hit in archive.find("prices", candidates=2).hits)


def test_the_cap_counts_only_rows_that_pass_the_filters(archive: Archive) -> None:
    # The 2 newest matches (rowids 6 and 4) are both outside the days asked for: the 2
    # newest matches inside them are ranked instead, not one or none.
    until = Filters(until=datetime(2024, 5, 2, tzinfo=UTC))
    found = archive.find("显卡 OR GPU OR prices", until, candidates=2)
    assert {hit.id for hit in found.hits} == {1, 6}
    assert found.capped
    since = Filters(since=datetime(2024, 5, 2, tzinfo=UTC), lang="zh")
    assert {hit.id for hit in archive.find("显卡 OR GPU", since, candidates=2).hits} == {2, 4}


# --- snippets, errors -------------------------------------------------------------------------


def test_snippets_mark_every_term() -> None:
    text = "Graphics card prices fell sharply. " * 3
    assert snippet(text, ["prices", "fell"], context=10) == "…hics card [prices] [fell] shar…"
    assert snippet("今年显卡价格大幅下跌", ["显卡价格"]) == "今年[显卡价格]大幅下跌"
    assert snippet("no match here", ["x"], context=4) == "no match…"


def test_hits_carry_their_fields(archive: Archive) -> None:
    [hit] = archive.search("Graphics")
    assert (hit.title, hit.source_id, hit.language) == ("GPU prices fall", "verge", "en")
    assert (hit.authors, hit.tags) == (["Jane Doe"], ["GPU"])
    assert hit.published == datetime(2024, 5, 3, 8, 0, tzinfo=UTC)
    assert "[Graphics]" in hit.snippet
    assert hit.rank < 0


@pytest.mark.parametrize(
    "query", ["prices AND", "AND OR", "NEAR(GPU prices", "nosuch: GPU", '("unclosed']
)
def test_syntax_errors_are_search_errors(archive: Archive, query: str) -> None:
    with pytest.raises(SearchError, match="cannot search"):
        archive.search(query)


@pytest.mark.parametrize("query", ["", "  ", '""', "，。", "*"])
def test_nothing_to_search_for(archive: Archive, query: str) -> None:
    with pytest.raises(SearchError, match="empty search query"):
        archive.search(query)


# --- the command ----------------------------------------------------------------------------


def invoke(data: Path, *args: str) -> click.testing.Result:
    return CliRunner().invoke(main, [*args, "--data", str(data)])


def test_table_output(data: Path) -> None:
    result = invoke(data, "search", "显卡")
    assert result.exit_code == 0, result.output
    assert "显卡价格下跌" in result.output
    assert "news.exa" in result.output
    assert "[显卡]" in result.output


def test_json_output(data: Path) -> None:
    result = invoke(data, "search", "显卡", "--json", "--sort", "newest")
    hits = json.loads(result.output)
    assert [h["url"] for h in hits] == ["https://news.example/2.htm", "https://news.example/1.htm"]
    assert set(hits[0]) >= {"id", "title", "published", "snippet", "rank", "authors", "tags"}
    assert hits[0]["published"] == "2024-05-02T08:00:00+00:00"


def test_jsonl_output(data: Path) -> None:
    result = invoke(data, "search", "显卡", "--jsonl", "--tag", "显卡", "--author", "李四")
    [hit] = [json.loads(line) for line in result.output.splitlines()]
    assert hit["authors"] == ["李四"]
    assert "[显卡]" in hit["snippet"]


def test_csv_output(data: Path) -> None:
    result = invoke(data, "search", "GPU OR prices", "--csv", "--lang", "en", "--limit", "1")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 1
    assert rows[0]["language"] == "en"
    assert json.loads(rows[0]["authors"]) in (["Jane Doe"], [])


def test_date_options(data: Path) -> None:
    result = invoke(data, "search", "显卡 OR GPU", "--jsonl", "--since", "2024-05-02")
    assert {json.loads(line)["id"] for line in result.output.splitlines()} == {2, 3, 4}
    until = invoke(data, "search", "显卡 OR GPU", "--jsonl", "--until", "2024-05-02")
    assert {json.loads(line)["id"] for line in until.output.splitlines()} == {1, 2, 6}
    bad = invoke(data, "search", "GPU", "--since", "May 2")
    assert bad.exit_code == 2
    assert "is not a date" in bad.output


@pytest.mark.parametrize("query", ['NEAR(("unclosed', "prices AND", ""])
def test_query_errors_are_messages(data: Path, query: str) -> None:
    result = invoke(data, "search", query)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output


# --- sort newest over many candidates (the published index is walked) ---------------------


def test_newest_over_many_candidates_matches_a_full_sort(tmp_path: Path) -> None:
    """Over 1,000 candidates `--sort newest` walks the published index instead of reading each
    candidate's date: same order as sorting them all (published, else first seen; ties by id),
    with undated rows merged in, with filters, whatever the limit."""
    with Archive(tmp_path / "a.db") as archive:
        _add_common_and_other(archive, 4000)
        rows = archive.db.execute(
            "select rowid, url, coalesce(published, first_seen), source_id, title from articles"
        ).fetchall()

        def expected(limit: int, keep: Any = lambda row: True) -> list[str]:
            matching = [r for r in rows if r[4].startswith("common ") and keep(r)]
            matching.sort(key=lambda r: (r[2], r[0]), reverse=True)
            return [r[1] for r in matching[:limit]]

        for limit in (1, 20, 100):
            hits = archive.search("common", limit=limit, sort="newest")
            assert [h.url for h in hits] == expected(limit)
        hits = archive.search("common", limit=20, filters=Filters(source="b"), sort="newest")
        assert [h.url for h in hits] == expected(20, lambda r: r[3] == "b")
        # all candidates at the far (old) end: the walk gives up, the full sort answers
        until = datetime(2020, 6, 1, tzinfo=UTC)
        hits = archive.search("common", limit=20, filters=Filters(until=until), sort="newest")
        assert [h.url for h in hits] == expected(20, lambda r: r[2] < until.isoformat())
        assert hits


def _add_common_and_other(archive: Archive, count: int) -> None:
    """`count` articles, two in three with the word "common", 5% undated, from two sources."""
    rng = random.Random(7)
    for n in range(1, count + 1):
        word = "common" if n % 3 else "other"
        dated = rng.random() > 0.05
        when = datetime(2020, 1, 1, tzinfo=UTC).timestamp() + rng.randrange(10**8)
        archive.add(
            article(
                1,
                url=f"https://news.example/{n}.htm",
                title=f"{word} {n}",
                body_text=f"{word} text {n}",
                published=datetime.fromtimestamp(when, UTC) if dated else None,
                source_id="a" if n % 2 else "b",
            ),
            None,
        )
    archive.flush()
