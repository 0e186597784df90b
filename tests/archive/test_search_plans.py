"""Search plans: however `search` gets its candidates (rank every match of the query and check
the filters on the best rows, match the facet tokens and rank the candidates as they are
found, or list the candidates first and rank them by a second query), the hits, their bm25
ranks and the capped flag are those of the plain definition (the newest `cap` rows matching
the query and passing the filters, ranked by bm25 over the query's phrases found in at most
`cap` rows), computed here by straightforward SQL over a real archive."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import article

from newscrawl.archive.search import plans as plan_functions
from newscrawl.archive.search import probes
from newscrawl.archive.search.query import in_text, parts_of
from newscrawl.archive.search.request import SearchRequest, prepare
from newscrawl.archive.search.results import SearchResults
from newscrawl.archive.search.text import facet as facet_token
from newscrawl.archive.store import Archive, Filters

EN = ["market", "price", "chip", "phone", "owners", "denied", "apart", "rare", "envelope"]
ZH = "显卡价格手机市场芯片汽车用户公司隐藏功能油价"
SOURCES = ["big"] * 12 + ["mid"] * 7 + ["small"]
START = datetime(2023, 1, 1, tzinfo=UTC)


def _text(rng: random.Random, language: str) -> str:
    if language == "en":
        # Zipf-like: "the" in every text, "market" in most, "envelope" in a few.
        words = [rng.choice(EN[: rng.randint(1, len(EN))]) for _ in range(rng.randint(5, 25))]
        if rng.random() < 0.1:
            words += ["got", "the", "envelope"]
        return "the " + " ".join(words)
    pairs = (2 * rng.randrange(len(ZH) // 2) for _ in range(rng.randint(4, 12)))
    return "".join(ZH[i : i + 2] for i in pairs)


PLANS: dict[str, Callable[[str], bool]] = {
    # rank every match of the query, read the best rows until enough pass the filters
    "rank first": lambda sql: (
        "as rank from" in sql
        and "order by rank" in sql
        and "between" not in sql
        and "over ()" not in sql
    ),
    # the same for one phrase of several words, counting its matches as they are ranked
    "ranked and counted": lambda sql: "count(*) over ()" in sql,
    # match the facet tokens too, rank the candidates as they are found
    "ranked candidates": lambda sql: "as rank from" in sql and "order by rowid desc" in sql,
    # list the candidates, rank them by a second query over their rowid range
    "listed candidates": lambda sql: "select articles_search.rowid from" in sql,
    "ranked in range": lambda sql: "between" in sql,
}


def plans(statements: list[str]) -> set[str]:
    return {name for name, test in PLANS.items() for sql in statements if test(sql)}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    rng = random.Random(8)
    path = tmp_path_factory.mktemp("plans") / "archive.db"
    with Archive(path) as writing:
        for n in range(600):
            language = "en" if rng.random() < 0.5 else "zh-CN"
            dated = rng.random() > 0.05
            writing.add(
                article(
                    n,
                    source_id=rng.choice(SOURCES),
                    title=_text(rng, language)[:30],
                    body_text=_text(rng, language) + "\n\n" + _text(rng, language),
                    published=START + timedelta(days=rng.randrange(700)) if dated else None,
                    fetched_at=START + timedelta(days=rng.randrange(700)),
                    language=language,
                    authors=[rng.choice(["Li A", "Wang B", "Smith C"])],
                    tags=rng.sample(["显卡", "GPU", "oil"], rng.randint(0, 2)),
                ),
                None,
            )
    with Archive(path) as opened:
        yield opened


def expected(
    conn: sqlite3.Connection, query: str, filters: Filters, sort: str, limit: int, cap: int
) -> tuple[list[tuple[int, float]], bool]:
    """The hits (id, rank) and capped flag by the definition, in plain SQL."""
    parts, expert = parts_of(query)
    where, params = filters.where()
    found = [
        rowid
        for (rowid,) in conn.execute(
            "select articles_search.rowid from articles_search"
            " join articles a on a.rowid = articles_search.rowid"
            f" where articles_search match :m and {where}"
            " order by articles_search.rowid desc limit :cap",
            params | {"m": "{title body} : (" + " ".join(parts) + ")", "cap": cap or -1},
        )
    ]
    capped = cap > 0 and len(found) >= cap
    if sort == "newest":
        dates = dict(
            conn.execute(
                "select rowid, coalesce(published, first_seen) from articles where rowid in"
                f" ({','.join(map(str, found)) or 'null'})"
            ).fetchall()
        )
        found.sort(key=lambda rowid: (dates[rowid], rowid), reverse=True)
        return [(rowid, 0.0) for rowid in found[:limit]], capped
    ranks = _ranks(conn, parts, expert, cap)
    if ranks is None:
        return [(rowid, 0.0) for rowid in found[:limit]], capped
    found.sort(key=lambda rowid: (ranks[rowid], -rowid))
    return [(rowid, ranks[rowid]) for rowid in found[:limit]], capped


def _ranks(
    conn: sqlite3.Connection, parts: list[str], expert: bool, cap: int
) -> dict[int, float] | None:
    """bm25 of every row by the query's phrases found in at most `cap` rows (None: none is)."""
    count = "select count(*) from articles_search where articles_search match ?"
    ranked = [
        part
        for part in parts
        if expert
        or not cap
        or conn.execute(count, ["{title body} : (" + part + ")"]).fetchone()[0] <= cap
    ]
    if not ranked:
        return None
    return dict(
        conn.execute(
            "select rowid, bm25(articles_search, 5.0, 1.0, 0.0) from articles_search"
            " where articles_search match ?",
            ["{title body} : (" + " ".join(ranked) + ")"],
        ).fetchall()
    )


QUERIES = [
    "envelope",  # rare
    "owners",
    "market",  # common
    "the",  # everywhere in English
    '"got the envelope"',
    "owners the",
    "显卡",
    "隐藏功能",
    "价格手机",
    '"价格，手机"',  # full-width punctuation inside a phrase
    "油价 显卡",
    "envelope OR 油价",
    "chip NOT phone",
]
FILTERS = [
    Filters(),
    Filters(source="big"),
    Filters(source="small"),
    Filters(lang="zh"),
    Filters(lang="en", source="mid"),
    Filters(author="Li A"),
    Filters(tag="显卡", lang="zh"),
    Filters(since=START + timedelta(days=300)),
    Filters(since=START + timedelta(days=100), until=START + timedelta(days=160)),
    # whole months only (Feb-Apr 2023): no row is read for its date
    Filters(since=datetime(2023, 2, 1, tzinfo=UTC), until=datetime(2023, 5, 1, tzinfo=UTC)),
    # one bound, its month cut: the archive's first months whole, the last one read
    Filters(until=START + timedelta(days=75, hours=5), lang="en"),
]


@pytest.mark.parametrize("cap", [0, 40, 10_000])
@pytest.mark.parametrize(("small_facet", "sample"), [(10, 64), (20_000, 64), (20_000, 1000)])
def test_every_plan_gives_the_defined_hits(
    archive: Archive, cap: int, small_facet: int, sample: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # small_facet 10: no facet counts as small, the candidates are listed then ranked.
    monkeypatch.setattr(probes, "_SMALL_FACET", small_facet)
    # sample 1000 (more than the archive holds): every phrase seems rare, those with more
    # matches than the cap are found out as they are ranked.
    monkeypatch.setattr(probes, "_SAMPLE", sample)
    conn = archive.db.conn
    statements: list[str] = []
    for query in QUERIES:
        for filters in FILTERS:
            for sort, limit in (("rank", 5), ("rank", 20), ("newest", 7)):
                conn.set_trace_callback(statements.append)
                try:
                    found = archive.find(query, filters, sort, limit, candidates=cap)  # type: ignore[arg-type]
                finally:
                    conn.set_trace_callback(None)
                hits = [(hit.id, hit.rank) for hit in found.hits]
                want = expected(conn, query, filters, sort, limit, cap)
                assert (hits, found.capped) == want, (query, filters, sort, limit)
    # Each plan ran (the definition's own queries have other shapes).
    every = set(PLANS) if small_facet > 10 else set(PLANS) - {"ranked candidates"}
    assert plans(statements) == every - ({"ranked and counted"} if cap == 0 else set())


def test_a_query_never_matches_the_facet_tokens(archive: Archive) -> None:
    """Without its column filter, a query could match the facets column: only a query that
    cannot match a facet token (nor a prefix of one) goes without it."""
    facet = facet_token("s", "big")
    month = "m202305"
    for query in (facet, facet.upper(), month, facet[:6] + "*", "m2023*", f'"{month}"'):
        assert archive.search(query) == [], query
        assert in_text(parts_of(query)[0]).startswith("{title body}")
    # unicode61 folds ś to s (remove_diacritics 2): not told apart, the filter stays
    assert archive.search("ś" + facet[1:]) == []
    assert not in_text(['"market"', '"显卡"', '"价格，手机"']).startswith("{")
    assert in_text(['"ｍarket"', '"café"']).startswith("{")  # not told apart


def plans_of(archive: Archive, query: str, filters: Filters) -> set[str]:
    statements: list[str] = []
    archive.db.conn.set_trace_callback(statements.append)
    try:
        archive.find(query, filters)
    finally:
        archive.db.conn.set_trace_callback(None)
    return plans(statements)


def test_the_plan_follows_how_many_matches_pass_the_filters(archive: Archive) -> None:
    # Chinese words: every match passes --lang zh, so all are ranked and the best rows read.
    assert plans_of(archive, "显卡", Filters(lang="zh")) == {"rank first"}
    # English words: none does; the facet token cuts them first.
    assert "rank first" not in plans_of(archive, "owners", Filters(lang="zh"))
    # A facet in few rows: matched with the query, the candidates ranked as they are found.
    assert plans_of(archive, "owners", Filters(source="small")) == {"ranked candidates"}
    # No filter: every match is ranked.
    assert plans_of(archive, "owners", Filters()) == {"rank first"}


def test_filtered_rank_first_reads_rows_until_enough_pass(tmp_path: Path) -> None:
    """Ranked first, matches that fail the filters are skipped a chunk at a time until
    `limit` rows passed, from far down the ranking too."""
    with Archive(tmp_path / "a.db") as archive:
        for n in range(300):
            archive.add(
                article(
                    n,
                    source_id="a" if n % 3 else "b",
                    title="word " * (1 + n % 7),
                    body_text="filler text",
                    published=START + timedelta(days=n),
                    language="en",
                ),
                None,
            )
        archive.flush()
        hits = archive.search("word", limit=60, filters=Filters(source="a"))
        assert len(hits) == 60
        assert all(hit.source_id == "a" for hit in hits)
        ranks = [hit.rank for hit in hits]
        assert ranks == sorted(ranks)


def test_the_filters_are_checked_on_rows_read_by_rowid(archive: Archive) -> None:
    """A filtered column has an index (source_id, and (source_id, published)) that SQLite
    would choose to scan for a big source's candidates, where reading the few candidate rows by
    rowid is far cheaper (benchmarks/README.md, Search). Plans do not depend on the archive's
    size (no ANALYZE), so this small archive shows the big one's."""
    conn = archive.db.conn
    where, params = Filters(source="big", lang="en", since=START).where()
    params |= {"ids": "[1, 2, 3]", "match": "chip", "cap": 10}
    for sql in (
        plan_functions.articles_sql(where),
        probes.passing_sql(where),
        plan_functions.checked_candidates_sql(where),
    ):
        plan = " / ".join(row[-1] for row in conn.execute("explain query plan " + sql, params))
        assert "INDEX idx_articles" not in plan, plan


# --- each plan on its own, against the definition -------------------------------------------


def _count(conn: sqlite3.Connection, match: str) -> int:
    sql = "select count(*) from articles_search where articles_search match ?"
    return int(conn.execute(sql, ["{title body} : (" + match + ")"]).fetchone()[0])


def _every_phrase_weighs(conn: sqlite3.Connection, query: str, cap: int) -> bool:
    parts, expert = parts_of(query)
    return expert or not cap or all(_count(conn, part) <= cap for part in parts)


def _undated(filters: Filters) -> bool:
    return filters.since is None and filters.until is None


Case = tuple[str, Filters, str, int]  # query, filters, sort, cap
# When each plan gives the definition's hits, in the definition's terms (see its docstring).
VALID: dict[str, Callable[[sqlite3.Connection, Case], bool]] = {
    "newest_listed": lambda conn, case: case[2] == "newest",
    "rank_listed": lambda conn, case: case[2] == "rank",
    "rank_as_found": lambda conn, case: (
        case[2] == "rank" and _undated(case[1]) and _every_phrase_weighs(conn, case[0], case[3])
    ),
    "rank_all": lambda conn, case: (
        case[2] == "rank"
        and _undated(case[1])
        and _every_phrase_weighs(conn, case[0], case[3])
        and (not case[3] or _count(conn, " ".join(parts_of(case[0])[0])) < case[3])
    ),
    "rank_counting": lambda conn, case: (
        case[2] == "rank" and _undated(case[1]) and case[3] > 0 and not parts_of(case[0])[1]
    ),
}


def _request(conn: sqlite3.Connection, case: Case, limit: int) -> SearchRequest:
    query, filters, sort, cap = case
    return prepare(conn, (query, *parts_of(query)), filters, sort, limit, cap)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(VALID))
def test_each_plan_gives_the_defined_hits(archive: Archive, name: str) -> None:
    """Each plan, run on its own wherever it is valid (not only where choose() picks it), gives
    the hits, ranks and capped flag of the plain-SQL definition."""
    conn, plan = archive.db.conn, getattr(plan_functions, name)
    compared, handed_over = 0, 0
    for query in QUERIES:
        for filters in FILTERS:
            for sort, limit in (("rank", 5), ("rank", 20), ("newest", 7)):
                # the query's own count: a cap it just reaches
                for cap in (0, 40, 10_000, _count(conn, " ".join(parts_of(query)[0]))):
                    if not VALID[name](conn, (query, filters, sort, cap)):
                        continue
                    found: SearchResults | None = plan(
                        _request(conn, (query, filters, sort, cap), limit)
                    )
                    if found is None:  # rank_counting: as many matches as the cap
                        assert _count(conn, " ".join(parts_of(query)[0])) >= cap, query
                        handed_over += 1
                        continue
                    hits = [(hit.id, hit.rank) for hit in found.hits]
                    want = expected(conn, query, filters, sort, limit, cap)
                    assert (hits, found.capped) == want, (name, query, filters, sort, limit, cap)
                    compared += 1
    assert compared >= 50
    assert handed_over > 0 or name != "rank_counting"
