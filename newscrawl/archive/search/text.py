"""Index text: CJK runs as bigrams, full-width letters folded, and the facets column.

The index (`articles_search`, see archive/schema.py) is a contentless FTS5 table with the unicode61
tokenizer over text prepared here: every run of CJK characters is rewritten as its
overlapping bigrams (`显卡驱动` -> `显卡 卡驱 驱动 动`), as Lucene's CJK analyzer does, plus
the run's last character so that one-character searches find it. Latin-script words stay
words. A two-character Chinese word is then one token with
its own doclist (no LIKE scan), a longer word or phrase is a phrase of bigrams, and the
index holds about one token per CJK character and one per English word (trigram: one per
character of any script).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable
from operator import add
from typing import Any

Row = dict[str, Any]

# Han (with extensions and compatibility ideographs), kana, hangul, 々〆〇.
_CJK = (
    "\u1100-\u11ff\u3005-\u3007\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK_RUN = re.compile(f"[{_CJK}]+")
CJK_CHAR = re.compile(f"[{_CJK}]")
# Full-width letters and digits (Ｗｉｎ１１), common in Chinese text, folded to ASCII: NFKC's
# useful part here (full-width punctuation separates tokens anyway), at a fraction of its cost.
_FULL_WIDTH_CHARS = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_FULL_WIDTH_RUN = re.compile(f"[{_FULL_WIDTH_CHARS}]+")
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def _bigrams(run: str) -> str:
    # The run's last character follows its bigrams, so that a search for one character
    # (a prefix query) finds it at the end of a run too.
    return f" {run} " if len(run) == 1 else " " + " ".join(map(add, run, run[1:])) + f" {run[-1]} "


def _fold(text: str) -> str:
    # Only the runs: translate() of a whole non-ASCII text costs more than segmenting it.
    return _FULL_WIDTH_RUN.sub(lambda m: m.group().translate(_FULL_WIDTH), text)


# A text with none of these (most non-CJK ones) is its own index text: one search over it
# instead of the two rewriting passes.
_INDEXED_CHAR = re.compile(f"[{_CJK}{_FULL_WIDTH_CHARS}]")


def index_text(text: str) -> str:
    """`text` as the index stores it: every CJK run as its bigrams then its last character."""
    if text.isascii() or _INDEXED_CHAR.search(text) is None:
        return text
    return _CJK_RUN.sub(lambda m: _bigrams(m.group()), _fold(text))


def query_tokens(text: str) -> tuple[str, bool]:
    """A query phrase segmented like the index, and whether its last token is a prefix.

    A phrase ending in a CJK run drops that run's last character (in the text, the run may
    go on: `隐藏功能` must match `隐藏功能强大`); one ending in a one-character run is a
    prefix query (`和*` finds `和平` too).
    """
    text = _fold(text).strip()
    tokens = _CJK_RUN.sub(lambda m: _bigrams(m.group()), text).split()
    runs = _CJK_RUN.findall(text)
    if not runs or not text.endswith(runs[-1]):
        return " ".join(tokens), False
    if len(runs[-1]) > 1:
        return " ".join(tokens[:-1]), False
    return " ".join(tokens), True


def facet(kind: str, value: str) -> str:
    # A hash keeps any value (spaces, CJK, punctuation) one unicode61 token; the exact value
    # is checked on the row afterwards, so a collision could only cost time, never a result.
    return kind + hashlib.sha1(f"{kind}:{value}".encode()).hexdigest()[:12]


def primary_language(language: str) -> str:
    return language.lower().split("-")[0]


def facet_tokens(
    source_id: str,
    language: str | None,
    day: str | None,
    authors: Iterable[str],
    tags: Iterable[str],
) -> str:
    """The facets column: source, language, month (yyyymm of `day`), authors and tags."""
    tokens = [facet("s", source_id)]
    if language:
        tokens.append(facet("l", primary_language(language)))
    if day:
        tokens.append("m" + day[:4] + day[5:7])
    tokens += [facet("a", a.casefold()) for a in authors]
    tokens += [facet("t", t.casefold()) for t in tags]
    return " ".join(tokens)


# What the index is made of; `INDEXED_ROWS` reads it (and the rowid) from `articles`.
INDEXED_ROWS = """select rowid, title, body_text, source_id, language, published, first_seen,
  authors, tags from articles"""
_INSERT = "insert into articles_search(rowid, title, body, facets) values (?, ?, ?, ?)"
# A contentless index forgets a row only when given the exact text it indexed: the stored
# columns, prepared again. So index_text() must never change without a migration that
# rebuilds the index ('delete-all', then every row again).
_DELETE = (
    "insert into articles_search(articles_search, rowid, title, body, facets)"
    " values ('delete', ?, ?, ?, ?)"
)


def search_text(row: Row) -> tuple[str, str, str]:
    """The index's title, body and facets columns for an `articles` row."""
    day = row["published"] or row["first_seen"]
    authors, tags = json.loads(row["authors"] or "[]"), json.loads(row["tags"] or "[]")
    facets = facet_tokens(row["source_id"], row["language"], day, authors, tags)
    return index_text(row["title"] or ""), index_text(row["body_text"] or ""), facets


def search_row(row: Row) -> tuple[int, str, str, str]:
    """The index row of an `articles` row (which must carry its rowid)."""
    return (row["rowid"], *search_text(row))


def insert_search_rows(conn: sqlite3.Connection, rows: Iterable[Row]) -> None:
    """Index `articles` rows (with their rowid), inside the caller's transaction."""
    conn.executemany(_INSERT, (search_row(row) for row in rows))


def delete_search_rows(conn: sqlite3.Connection, rows: Iterable[Row]) -> None:
    """Unindex `articles` rows as they were stored when indexed."""
    conn.executemany(_DELETE, (search_row(row) for row in rows))
