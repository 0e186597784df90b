"""The planner: search() chooses one plan of plans.py up front, from the query, the filters,
the sort and a few bounded probes of the index (probes.py), then runs it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial

from newscrawl.archive.search import plans, probes
from newscrawl.archive.search.filters import Filters
from newscrawl.archive.search.query import SearchError, parts_of
from newscrawl.archive.search.request import SearchRequest, Sort, prepare
from newscrawl.archive.search.results import SearchResults

# Ranking beyond this many matches costs more than the latency budget: a larger match set is
# cut to its most recently archived CANDIDATES before ranking.
CANDIDATES = 10_000

Plan = Callable[[SearchRequest], SearchResults]


def search(
    conn: sqlite3.Connection,
    query: str,
    filters: Filters | None = None,
    sort: Sort = "rank",
    limit: int = 20,
    candidates: int = CANDIDATES,
) -> SearchResults:
    """Articles matching `query` and `filters`, best (or newest) first.

    When more than `candidates` rows match and pass the filters, only the most recently
    archived `candidates` of them are considered (0: all). Ranking is bm25 over the query's
    words and phrases; in a plain query (no operators), a word or phrase found in more than
    `candidates` articles does not weigh in (its weight would be small and costly to count),
    and a query made only of such words lists its matches most recently archived first.
    Raises SearchError for a query FTS5 cannot run.
    """
    parts, expert = parts_of(query)
    filters = filters or Filters()
    try:
        request = prepare(conn, (query, parts, expert), filters, sort, limit, candidates)
        return choose(request)(request)
    except sqlite3.OperationalError as error:
        raise SearchError(f"cannot search for {query!r}: {_reason(error)}") from error


def choose(request: SearchRequest) -> Plan:
    """The plan for `request`.

    By date or with a date filter, the candidates are listed first. Otherwise the share of
    the query's newest matches that pass the filters decides: ranking all the matches costs
    bm25 for those that fail and reading about limit / share rows; cutting them by the facet
    tokens first costs matching those tokens, the candidates' IN check and matching the query
    once more to rank them (unless the facets are in few rows), which is cheap for words, not
    for phrases (every row with all their words is read)."""
    if request.sort == "newest":
        return plans.newest_listed
    if request.dated:
        return plans.rank_listed
    sampled = not request.unfiltered or (probes.one_phrase(request.parts) and not request.expert)
    newest = probes.newest_matches(request) if sampled else []
    passing = probes.passing(request, newest)
    enough, least = (1 / 2, 1.0) if probes.only_words(request) else (1 / 4, 1 / 16)
    if passing >= enough:
        return _ranked_first(request, newest, small=None)
    if passing < least:
        return _candidates(request, small=None)
    if not probes.small(request.conn, request.facets):
        return _ranked_first(request, newest, small=False)
    return _candidates(request, small=True)


def _ranked_first(request: SearchRequest, newest: list[int], small: bool | None) -> Plan:
    """Rank every match when they are fewer than the cap, else the candidates' plan.
    `small`: whether the facets are in few rows (None: not counted yet)."""
    phrase = not request.expert and probes.one_phrase(request.parts)
    if request.cap > 0 and phrase and probes.seems_few(request, newest):
        return partial(_rank_counting_or_candidates, small=small)
    ranking = probes.ranking(request)
    whole = ranking.expression == request.expression
    if whole and probes.fewer_than_cap(request, ranking.fewest):
        return plans.rank_all
    return _candidates(request, small)


def _rank_counting_or_candidates(request: SearchRequest, small: bool | None) -> SearchResults:
    """plans.rank_counting; when the phrase proves as common as the cap, the candidates' plan
    (its count taken from the ranking, the probe it would have cost saved)."""
    found = plans.rank_counting(request)
    return found if found is not None else _candidates(request, small)(request)


def _candidates(request: SearchRequest, small: bool | None) -> Plan:
    """The candidates matched with the facet tokens and ranked as they are found, when the
    facets are in few rows and every phrase of the query weighs in; else listed, then ranked."""
    if small is None and request.facets:
        small = probes.small(request.conn, request.facets)
    few = bool(request.facets) and bool(small)
    if few and probes.ranking(request).expression == request.expression:
        return plans.rank_as_found
    return plans.rank_listed


def _reason(error: sqlite3.OperationalError) -> str:
    message = str(error).removeprefix("fts5: ")
    return message if "syntax" in message else f"query syntax error ({message})"
