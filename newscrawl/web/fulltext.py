"""Which full-text index the archive has, and how the web view searches it.

Two shapes exist: `articles_fts` (trigram, external content: Datasette's own search works on
it) and `articles_search` (contentless, over text that archive/search prepares: CJK runs as
bigrams). A user query must then be prepared the same way: the table's search box gets its
MATCH expression from that module, and the search query runs that module's search() itself
(web/plugin.py), so the page lists what `newscrawl search` finds. The schema is read at
start-up, so the view follows the archive it is given.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass

from newscrawl.archive import search

# Matches no row: what an empty or unusable query searches for.
NOTHING = '""'


@dataclass(frozen=True)
class FullTextIndex:
    """An FTS5 table over `articles` (joined on rowid) and how the web view queries it."""

    table: str
    # Whether user queries go through newscrawl.archive.search rather than Datasette's escape_fts.
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

# newscrawl_search() is registered by web/plugin.py on each connection: it runs
# archive.search.search() there, the plans `newscrawl search` uses (the filters go into the
# index as facet tokens, bm25 ranks at most the 10,000 most recent candidates), and returns the
# hits as JSON, best first.
BIGRAM = FullTextIndex(
    table="articles_search",
    prepared=True,
    search_sql="""select a.published, a.source_id, a.title,
  json_extract(hit.value, '$.snippet') as snippet, a.url
from json_each(newscrawl_search(:q, :source, :since, :until, :lang, :author, :tag)) hit
  join articles a on a.rowid = json_extract(hit.value, '$.id')
order by hit.key""",
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


# Hits of the web view's search (its canned query lists 100).
SEARCH_LIMIT = 100


def match_function(query: str | None) -> str:
    """escape_fts() for the index: the MATCH expression of a query, NOTHING for an empty or
    unusable one."""
    if not query or not query.strip():
        return NOTHING
    try:
        return search.match_expression(query)
    except search.SearchError:
        return NOTHING


def search_function(conn: sqlite3.Connection) -> Callable[..., str]:
    """newscrawl_search(query, source, since, until, lang, author, tag) on `conn`: the hits
    of newscrawl.archive.search.search() as a JSON list of {id, rank, snippet}, best first; empty
    fields are no filter, an empty or unusable query finds nothing, a date that is not one
    raises ValueError (the page shows an error)."""

    def run(query: str | None, *fields: str | None) -> str:
        filters = search.Filters.from_text(*(field or None for field in fields))
        if not query or not query.strip():
            return "[]"
        try:
            found = search.search(conn, query, filters, limit=SEARCH_LIMIT)
        except search.SearchError:
            return "[]"
        hits = [{"id": hit.id, "rank": hit.rank, "snippet": hit.snippet} for hit in found.hits]
        return json.dumps(hits, ensure_ascii=False)

    return run
