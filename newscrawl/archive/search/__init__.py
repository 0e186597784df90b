"""Full-text search of the archive: index text, query parsing, filters, plans, snippets.

`search()` chooses a plan from the query, the filters and a few counts of the index, then
runs it; the modules below hold one concern each and this package re-exports their public names.
"""

from newscrawl.archive.search.filters import Filters, parse_moment
from newscrawl.archive.search.plan import CANDIDATES, search
from newscrawl.archive.search.query import SearchError, match_expression
from newscrawl.archive.search.request import Sort
from newscrawl.archive.search.results import SearchHit, SearchResults
from newscrawl.archive.search.snippets import highlight_terms, snippet
from newscrawl.archive.search.text import (
    INDEXED_ROWS,
    Row,
    delete_search_rows,
    facet_tokens,
    index_text,
    insert_search_rows,
    query_tokens,
    search_row,
    search_text,
)

__all__ = [
    "CANDIDATES",
    "INDEXED_ROWS",
    "Filters",
    "Row",
    "SearchError",
    "SearchHit",
    "SearchResults",
    "Sort",
    "delete_search_rows",
    "facet_tokens",
    "highlight_terms",
    "index_text",
    "insert_search_rows",
    "match_expression",
    "parse_moment",
    "query_tokens",
    "search",
    "search_row",
    "search_text",
    "snippet",
]
