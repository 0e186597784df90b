"""One search, prepared: the query's FTS5 phrases, the filters as SQL and as facet tokens."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from newscrawl.archive.search.filters import Filters
from newscrawl.archive.search.query import in_text

Sort = Literal["rank", "newest"]

# The date range of an archive: the earliest and latest article dates.
DateRange = tuple[datetime, datetime]

_DATE_RANGE = [
    "select min(published) from articles",
    "select max(published) from articles",
    "select min(first_seen) from articles where published is null",
    "select max(first_seen) from articles where published is null",
]


@dataclass(frozen=True)
class Ranking:
    """What bm25 ranks by: the MATCH expression of the query's phrases found in at most the
    cap's rows (None: none is, the candidates stay in archive order), and the fewest rows one
    phrase matches, counted up to cap + 1 (None: not counted)."""

    expression: str | None
    fewest: int | None


@dataclass
class SearchRequest:
    """A search's inputs as the plans read them.

    `counted` holds the Ranking once a probe or a plan has counted it (see probes.ranking):
    counting costs a match of each phrase, so it is done at most once and only when needed.
    """

    conn: sqlite3.Connection
    query: str
    parts: list[str]  # the query's FTS5 pieces (phrases, and operators in an expert query)
    expert: bool  # FTS5 syntax (operators, columns): every phrase weighs in
    expression: str  # the query's MATCH expression over the title and body columns
    filters: Filters
    where: str  # the filters as a SQL condition over `articles a` (fixed text)...
    params: dict[str, Any]  # ...and its values
    sort: Sort
    limit: int
    cap: int  # the most candidates; -1: no cap
    dates: DateRange | None  # the archive's, read only to close a one-bound date filter
    facets: list[str]  # FTS5 facet terms every passing row has (source, language, months...)
    inside: list[str]  # the month tokens whose rows pass the date filter unread
    counted: Ranking | None = None

    @property
    def unfiltered(self) -> bool:
        return self.where == "1"

    @property
    def dated(self) -> bool:
        return self.filters.since is not None or self.filters.until is not None

    @property
    def outer(self) -> str:
        """What the candidates' rows are checked for: the filters, unless the candidates were
        already checked on their rows (a date filter without whole months)."""
        return self.where if not self.dated or self.inside else "1"


def prepare(
    conn: sqlite3.Connection,
    query: tuple[str, list[str], bool],
    filters: Filters,
    sort: Sort,
    limit: int,
    candidates: int,
) -> SearchRequest:
    """The request of a search (`query`: its text, FTS5 parts and whether it is expert); reads
    the archive's date range for a date filter with one bound (to turn it into months)."""
    text, parts, expert = query
    dated = filters.since is not None or filters.until is not None
    one_bound = dated and (filters.since is None or filters.until is None)
    dates = date_range(conn) if one_bound else None
    inside = filters.inner_months(dates) if dated else []
    where, params = filters.where()
    cap = candidates if candidates > 0 else -1
    return SearchRequest(
        conn, text, parts, expert, in_text(parts, expert), filters, where, params,
        sort, limit, cap, dates, filters.facets(dates), inside,
    )  # fmt: skip


def date_range(conn: sqlite3.Connection) -> DateRange | None:
    """The earliest and latest article dates (published, else first seen), from the index on
    published (and the undated rows only); None for an empty archive."""
    found = [conn.execute(sql).fetchone()[0] for sql in _DATE_RANGE]
    known = [datetime.fromisoformat(d) for d in found if d]
    return (min(known), max(known)) if known else None
