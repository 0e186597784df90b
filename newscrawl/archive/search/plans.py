"""The search plans: each gets the same hits (the definition in tests/archive/) another way.

The definition: the candidates are the newest archived `cap` rows that match the query and
pass the filters; they are ranked by bm25 over the query's phrases found in at most `cap` rows
(the candidates keep archive order when there are none), or sorted by date. A plan is chosen by
plan.choose(); each one here is valid whenever its docstring says.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable
from itertools import chain, islice
from operator import itemgetter

from newscrawl.archive.search.dates import by_date
from newscrawl.archive.search.probes import ranking
from newscrawl.archive.search.request import Ranking, SearchRequest
from newscrawl.archive.search.results import SearchResults, hits
from newscrawl.archive.search.text import Row

# bm25 weights of the index columns: a title match weighs 5 body matches; facets none.
_WEIGHTS = (5.0, 1.0, 0.0)
_BM25 = "bm25(articles_search, " + ", ".join(map(str, _WEIGHTS)) + ")"

_RANK_ALL = f"""select rowid, {_BM25} as rank from articles_search
where articles_search match :ranking order by rank, rowid desc limit :n"""
# bm25 ranks at most cap + 1 rows of the phrase, and counts (its IDF) every row it matches
# only once more.
_RANK_COUNTED = f"""select rowid, rank, count(*) over () from (
  select rowid, {_BM25} as rank from articles_search where articles_search match :ranking
  limit :most
) order by rank, rowid desc limit :n"""
_CANDIDATES_RANKED = f"""select rowid, {_BM25} as rank from articles_search
  where articles_search match :match order by rowid desc limit :cap"""
# The source, language, author and tag filters are facet tokens in the MATCH: every candidate
# the index yields passes them (the row check after the cap only guards against a hash
# collision). A date filter is not (month tokens are coarse, a bound alone has none): the rows
# are then checked as the index yields them, newest first, and the cap counts only those that
# pass, so a date range still finds its rows however many newer matches there are.
_CANDIDATES = """select articles_search.rowid from articles_search
  where articles_search match :match
  order by articles_search.rowid desc limit :cap"""
# `not indexed`: the rows are looked up by rowid, one each, never found by scanning an index on
# a filtered column (a big source's range of its index is a large part of the archive).
_CHECKED = """select articles_search.rowid from articles_search
  join articles a not indexed on a.rowid = articles_search.rowid
  where articles_search match :match and """
_NEWEST_FIRST = "\n  order by articles_search.rowid desc limit :cap"
# bm25 counts, for each phrase of its MATCH, every row that phrase matches (its IDF), a facet
# token's too: so listed candidates are ranked by a second query over the query's own phrases
# within their rowid range; `+` keeps the IN from becoming one index lookup per row.
_RANKED = f"""select rowid, {_BM25} as rank from articles_search
where articles_search match :ranking and rowid between :low and :high
order by rank, rowid desc limit :n"""
_RANKED_AMONG = f"""select rowid, {_BM25} as rank from articles_search
where articles_search match :ranking and rowid between :low and :high
  and +rowid in (select value from json_each(:ids))
order by rank, rowid desc limit :n"""
_COLUMNS = (
    "id", "url", "title", "source_id", "published", "language", "authors", "tags", "body_text",
)  # fmt: skip
_ARTICLES = """select a.rowid as id, a.url, a.title, a.source_id, a.published, a.language,
  a.authors, a.tags, a.body_text
from articles a not indexed where a.rowid in (select value from json_each(:ids)) and """


def rank_all(request: SearchRequest) -> SearchResults:
    """Every match of the query ranked by bm25, the best rows read until `limit` pass the
    filters. Valid for a query without a date filter that matches fewer rows than the cap
    (all of them are candidates) and whose every phrase weighs in."""
    params = {"ranking": request.expression, "n": request.limit if request.unfiltered else -1}
    best = request.conn.execute(_RANK_ALL, params)
    return _finish(request, best, request.where, found=0)


def rank_counting(request: SearchRequest) -> SearchResults | None:
    """rank_all for one phrase, counting its matches as they are ranked (counting them first
    would cost a whole match of the phrase); None when they are as many as the cap, the count
    then kept in `request.counted`. Valid for a plain query without a date filter, with a cap."""
    unfiltered, cap = request.unfiltered, request.cap
    params = {
        "ranking": request.expression,
        "most": cap + 1,
        "n": request.limit if unfiltered else -1,
    }
    cursor = request.conn.execute(_RANK_COUNTED, params)
    first = cursor.fetchone()
    if first is not None and first[2] >= cap:
        request.counted = Ranking(request.expression if first[2] <= cap else None, first[2])
        return None
    best = chain([first[:2]] if first else [], ((rowid, rank) for rowid, rank, _ in cursor))
    return _finish(request, best, request.where, found=0)


def rank_as_found(request: SearchRequest) -> SearchResults:
    """The candidates found by matching the query with the filters' facet tokens, bm25
    computed as they are found (the facets weigh nothing; counting their rows costs bm25 little
    when they are few). Valid without a date filter when every phrase of the query weighs in."""
    params = request.params | {"match": _matching(request, request.facets), "cap": request.cap}
    pairs = request.conn.execute(_CANDIDATES_RANKED, params).fetchall()
    order = sorted(pairs, key=lambda pair: (pair[1], -pair[0]))
    return _finish(request, order, request.outer, found=len(pairs))


def rank_listed(request: SearchRequest) -> SearchResults:
    """The candidates listed, then ranked by bm25 over the query's weighing phrases within
    their rowid range (in archive order when none weighs in). Valid for any filter."""
    found = candidates(request)
    weighing = ranking(request).expression if found else None
    if weighing is None:
        return _finish(request, [(rowid, 0.0) for rowid in found], request.outer, len(found))
    # Unfiltered, ranked by the whole query: its matches in the range are the candidates.
    exact = request.unfiltered and weighing == request.expression
    every_one_passes = request.outer == "1"
    params = {"ranking": weighing, "low": found[-1], "high": found[0], "ids": json.dumps(found)}
    params["n"] = request.limit if every_one_passes else -1
    order = request.conn.execute(_RANKED if exact else _RANKED_AMONG, params).fetchall()
    return _finish(request, order, request.outer, len(found))


def newest_listed(request: SearchRequest) -> SearchResults:
    """The candidates listed, then sorted by date (published, else first seen), newest
    first. Valid for any filter."""
    found = candidates(request)
    order = [(rowid, 0.0) for rowid in by_date(request.conn, found, request.limit)]
    return _finish(request, order, request.outer, len(found))


def candidates(request: SearchRequest) -> list[int]:
    """The rowids of the newest archived `cap` rows matching the query and the filters."""
    if request.inside:
        return _by_months(request)
    params = request.params | {"match": _matching(request, request.facets), "cap": request.cap}
    sql = checked_candidates_sql(request.where) if request.dated else _CANDIDATES
    return [rowid for (rowid,) in request.conn.execute(sql, params)]


def checked_candidates_sql(where: str) -> str:
    """The candidates' statement checking each row for `where` (Filters.where's text)."""
    return _CHECKED + where + _NEWEST_FIRST


def _by_months(request: SearchRequest) -> list[int]:
    """candidates() when a date range holds whole months (`request.inside`): their rows pass
    the date filter by their month token alone, so only the candidates of the range's first
    and last months are read to compare their dates (a cold row read costs far more than the
    index)."""
    conn, params, cap = request.conn, request.params | {"cap": request.cap}, request.cap
    inside = _matching(request, request.filters.facets(months=request.inside))
    queries = [conn.execute(_CANDIDATES, params | {"match": inside})]
    edges = [m for m in request.filters.months(request.dates) if m not in request.inside]
    if edges:
        edge = _matching(request, request.filters.facets(months=edges))
        checked = checked_candidates_sql(request.where)
        queries.append(conn.execute(checked, params | {"match": edge}))
    merged = heapq.merge(*(map(itemgetter(0), q) for q in queries), reverse=True)
    return list(islice(merged, cap) if cap > 0 else merged)


def _matching(request: SearchRequest, facets: list[str]) -> str:
    return " AND ".join([request.expression, *facets])


def articles_sql(where: str) -> str:
    """The statement reading the rows `:ids` that pass `where` (Filters.where's text)."""
    return _ARTICLES + where


def _finish(
    request: SearchRequest, order: Iterable[tuple[int, float]], check: str, found: int
) -> SearchResults:
    """The hits of the first `limit` rows in `order` passing `check`; capped when `found`
    candidates reached the cap (a plan that ranks every match finds 0)."""
    rows = read_rows(request, order, check)
    capped = request.cap > 0 and found >= request.cap
    return SearchResults(hits(rows, request.query), capped=capped)


def read_rows(
    request: SearchRequest, order: Iterable[tuple[int, float]], check: str
) -> list[tuple[Row, float]]:
    """The first `limit` articles in `order` passing `check`, read a few at a time."""
    rows: list[tuple[Row, float]] = []
    sql, limit = articles_sql(check), request.limit
    ordered = iter(order)
    while part := list(islice(ordered, max(2 * limit, 50))):
        ids = json.dumps([rowid for rowid, _ in part])
        by_id = {row[0]: row for row in request.conn.execute(sql, request.params | {"ids": ids})}
        for rowid, rank in part:
            if rowid in by_id:
                rows.append((dict(zip(_COLUMNS, by_id[rowid], strict=True)), rank))
        if len(rows) >= limit:
            break
    return rows[:limit]
