"""Which full-text index the archive has, and how the web view searches it.

Two shapes exist: `articles_fts` (trigram, external content: Datasette's own search works on
it) and `articles_search` (contentless, over text that newscrawl.search prepares: CJK runs as
bigrams). A user query must then be prepared the same way, so the web view asks that module
for the MATCH expression, in the table's search box too (web/plugin.py). The schema is read at
start-up, so the view follows the archive it is given.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection
from dataclasses import dataclass

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

# newscrawl_match() and newscrawl_snippet() are registered by web/plugin.py.
BIGRAM = FullTextIndex(
    table="articles_search",
    prepared=True,
    # As `newscrawl search` does, an unfiltered search ranks only the 10,000 most recently
    # archived matches (bm25 costs ~2.7 µs a row: a common word in a large archive would take
    # seconds); with a filter every match is ranked, so that none is missed.
    search_sql="""with hits as (
  select rowid, bm25(articles_search, 5.0, 1.0, 0.0) as rank from articles_search
  where articles_search match newscrawl_match(:q)
  order by rowid desc
  limit case when :source = '' and :since = '' and :until = '' then 10000 else -1 end
)
select a.published, a.source_id, a.title,
  newscrawl_snippet(a.body_text, :q) as snippet, a.url
from hits join articles a on a.rowid = hits.rowid
where (:source = '' or a.source_id = :source)
  and (:since = '' or a.published >= :since)
  and (:until = '' or a.published < :until)
order by hits.rank
limit 100""",
    note=(
        'Words of any length and "quoted phrases" are all required; Chinese words are found '
        "without spaces; AND, OR, NOT in capitals are operators."
    ),
    search_note="Without a filter, the 10,000 most recently archived matches are ranked.",
)


def detect(tables: Collection[str]) -> FullTextIndex | None:
    """The full-text index among `tables`, if the archive has one."""
    return next((index for index in (BIGRAM, TRIGRAM) if index.table in tables), None)


def query_functions() -> tuple[
    Callable[[str | None], str], Callable[[str | None, str | None], str]
]:
    """SQL functions (match expression, snippet) that read a query as newscrawl search does."""
    # Imported by name: the module exists wherever an archive has articles_search (db.py
    # creates that index with it), and the web view runs without it on older archives.
    search = importlib.import_module("newscrawl.search")

    def match(query: str | None) -> str:
        if not query or not query.strip():
            return NOTHING
        try:
            return str(search.match_expression(query))
        except search.SearchError:
            return NOTHING

    def snippet(text: str | None, query: str | None) -> str:
        return str(search.snippet(text or "", search.highlight_terms(query or "")))

    return match, snippet
