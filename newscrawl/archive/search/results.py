"""What a search returns: its hits, made from `articles` rows, and whether it was capped."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from newscrawl.archive.search.snippets import highlight_terms, snippet
from newscrawl.archive.search.text import Row


@dataclass(frozen=True)
class SearchHit:
    """One search result; `rank` is bm25 (lower is better), 0.0 when sorted by date."""

    url: str
    title: str
    source_id: str
    published: datetime | None
    snippet: str
    rank: float
    id: int = 0
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResults:
    """Hits, and whether the match set was cut to CANDIDATES before ranking or sorting."""

    hits: list[SearchHit]
    capped: bool


def hits(rows: list[tuple[Row, float]], query: str) -> list[SearchHit]:
    """The hits of `articles` rows (with their bm25 rank), snippets marking the query's terms."""
    terms = highlight_terms(query)
    return [_hit(row | {"rank": rank}, terms) for row, rank in rows]


def _hit(row: Row, terms: list[str]) -> SearchHit:
    published = datetime.fromisoformat(row["published"]) if row["published"] else None
    return SearchHit(
        url=row["url"],
        title=row["title"],
        source_id=row["source_id"],
        published=published,
        snippet=snippet(row["body_text"] or row["title"], terms),
        rank=float(row["rank"]),
        id=int(row["id"]),
        language=row["language"],
        authors=json.loads(row["authors"] or "[]"),
        tags=json.loads(row["tags"] or "[]"),
    )
