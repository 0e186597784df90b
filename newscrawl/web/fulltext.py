"""Which full-text index the archive has, and how the web view searches it.

Two shapes exist: `articles_fts` (trigram, external content: Datasette's own search works on
it) and `articles_search` (contentless, over text that newscrawl.search prepares: CJK runs as
bigrams). A user query must then be prepared the same way, so the web view asks that module
for the MATCH expression, in the table's search box too (web/plugin.py). The schema is read at
start-up, so the view follows the archive it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from newscrawl import search

# Matches no row: what an empty or unusable query searches for.
NOTHING = '""'


@dataclass(frozen=True)
class FullTextIndex:
    """An FTS5 table over `articles` (joined on rowid) and how the web view queries it."""

    table: str
    # Whether user queries go through newscrawl.search rather than Datasette's escape_fts.
    prepared: bool
    search_sql: str
    note: str  # how queries read, for the table's search box and the search query
    search_note: str = ""  # more about the search query


TRIGRAM = FullTextIndex(
    table="articles_fts",
    prepared=False,
    search_sql="""select a.published, a.source_id, a.title,
  snippet(articles_fts, -1, '[', ']', '…', 24) as snippet, a.url
from articles_fts join articles a on a.rowid = articles_fts.rowid
where articles_fts match case when trim(:q) = '' then '""' else escape_fts(:q) end
  and (:source = '' or a.source_id = :source)
  and (:since = '' or a.published >= :since)
  and (:until = '' or a.published < :until)
order by articles_fts.rank
limit 100""",
    note="The index is trigram: each word needs 3 characters or more.",
)

# newscrawl_match(), newscrawl_time() and newscrawl_snippet() are registered by web/plugin.py.
BIGRAM = FullTextIndex(
    table="articles_search",
    prepared=True,
    # As `newscrawl search` does: the filters go into the MATCH expression as facet tokens
    # (so the index narrows the matches; the archive's date range closes a one-sided date
    # filter); dates are checked on the rows as the index yields them, newest first; the
    # 10,000 most recent candidates are ranked by bm25 over the query's own words only (bm25
    # counts every row of each phrase in its MATCH first: a facet token in half the archive
    # would cost ~150 ms). `+` keeps the IN from becoming one index lookup per candidate.
    search_sql="""with hits as (
  select rowid from articles_search
  where articles_search match newscrawl_match(:q, :source, :since, :until, :lang, :author, :tag,
      (select min(published) from articles), (select max(published) from articles),
      (select min(first_seen) from articles where published is null),
      (select max(first_seen) from articles where published is null))
    and (:since = '' and :until = '' or exists (
      select 1 from articles d where d.rowid = articles_search.rowid
        and (:since = '' or coalesce(d.published, d.first_seen) >= newscrawl_time(:since, 0))
        and (:until = '' or coalesce(d.published, d.first_seen) < newscrawl_time(:until, 1))))
  order by rowid desc
  limit 10000
),
ranked as (
  select rowid, bm25(articles_search, 5.0, 1.0, 0.0) as rank from articles_search
  where articles_search match newscrawl_match(:q)
    and rowid between (select min(rowid) from hits) and (select max(rowid) from hits)
    and +rowid in (select rowid from hits)
)
select a.published, a.source_id, a.title,
  newscrawl_snippet(a.body_text, :q) as snippet, a.url
from ranked join articles a on a.rowid = ranked.rowid
where (:source = '' or a.source_id = :source)
  and (:lang = '' or lower(a.language) = lower(:lang)
    or lower(a.language) like lower(:lang) || '-%')
  and (:author = '' or exists (select 1 from json_each(a.authors)
    where lower(json_each.value) = lower(:author)))
  and (:tag = '' or exists (select 1 from json_each(a.tags)
    where lower(json_each.value) = lower(:tag)))
order by ranked.rank
limit 100""",
    note=(
        'Words of any length and "quoted phrases" are all required; Chinese words are found '
        "without spaces; AND, OR, NOT in capitals are operators."
    ),
    search_note=(
        "since/until: a day (2024-05-01; until includes it) or an ISO 8601 time, UTC unless "
        "it names a zone; lang: zh also finds zh-TW. The 10,000 most recently archived "
        "matches are ranked."
    ),
)


def detect(tables: Collection[str]) -> FullTextIndex | None:
    """The full-text index among `tables`, if the archive has one."""
    return next((index for index in (BIGRAM, TRIGRAM) if index.table in tables), None)


class SqlFunctions(NamedTuple):
    """SQL functions that read a search as `newscrawl search` does (web/plugin.py)."""

    match: Callable[..., str]  # (query[, filters...[, archive dates]]) -> MATCH
    time: Callable[[str | None, int], str | None]  # (day or ISO time, is_until) -> stored form
    snippet: Callable[[str | None, str | None], str]  # (body text, query) -> snippet


def query_functions() -> SqlFunctions:
    """The SQL functions of the web view's searches."""

    def match(query: str | None, *fields: str | None) -> str:
        """(query[, source, since, until, lang, author, tag[, 4 archive dates]]) -> MATCH;
        the dates (earliest and latest published, then undated first seen) close a
        one-sided date filter."""
        if not query or not query.strip():
            return NOTHING
        try:
            expression = search.match_expression(query)
        except search.SearchError:
            return NOTHING
        filters = search.Filters.from_text(*(field or None for field in fields[:6]))
        known = [datetime.fromisoformat(d) for d in fields[6:] if d]
        dates = (min(known), max(known)) if known else None
        return " AND ".join([expression, *filters.facets(dates)])

    def time(value: str | None, until: int) -> str | None:
        moment = search.parse_moment(value, until=bool(until)) if value else None
        return moment.astimezone(UTC).isoformat() if moment else None

    def snippet(text: str | None, query: str | None) -> str:
        return search.snippet(text or "", search.highlight_terms(query or ""))

    return SqlFunctions(match, time, snippet)
