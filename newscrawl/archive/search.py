"""Full-text search of the archive: CJK bigram index text, filters, query parsing, ranking.

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
import heapq
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import chain, islice
from operator import add, itemgetter
from typing import Any, Literal

Row = dict[str, Any]
Sort = Literal["rank", "newest"]

# Han (with extensions and compatibility ideographs), kana, hangul, 々〆〇.
_CJK = (
    "\u1100-\u11ff\u3005-\u3007\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK_RUN = re.compile(f"[{_CJK}]+")
_CJK_CHAR = re.compile(f"[{_CJK}]")
# Full-width letters and digits (Ｗｉｎ１１), common in Chinese text, folded to ASCII: NFKC's
# useful part here (full-width punctuation separates tokens anyway), at a fraction of its cost.
_FULL_WIDTH_RUN = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# Ranking beyond this many matches costs more than the latency budget (bm25 ~2.7 µs a row):
# a larger match set is cut to its most recently archived CANDIDATES before ranking.
CANDIDATES = 10_000
# bm25 weights of the index columns: a title match weighs 5 body matches; facets none.
_WEIGHTS = (5.0, 1.0, 0.0)
# A date filter spanning more months than this is checked on the rows only (no facet OR).
_MAX_MONTH_FACETS = 36


class SearchError(ValueError):
    """A search query that the full-text index cannot run."""


# --- index text ---------------------------------------------------------------------------


def _bigrams(run: str) -> str:
    # The run's last character follows its bigrams, so that a search for one character
    # (a prefix query) finds it at the end of a run too.
    return f" {run} " if len(run) == 1 else " " + " ".join(map(add, run, run[1:])) + f" {run[-1]} "


def _fold(text: str) -> str:
    # Only the runs: translate() of a whole non-ASCII text costs more than segmenting it.
    return _FULL_WIDTH_RUN.sub(lambda m: m.group().translate(_FULL_WIDTH), text)


def index_text(text: str) -> str:
    """`text` as the index stores it: every CJK run as its bigrams then its last character."""
    if text.isascii():
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


def _facet(kind: str, value: str) -> str:
    # A hash keeps any value (spaces, CJK, punctuation) one unicode61 token; the exact value
    # is checked on the row afterwards, so a collision could only cost time, never a result.
    return kind + hashlib.sha1(f"{kind}:{value}".encode()).hexdigest()[:12]


def _primary_language(language: str) -> str:
    return language.lower().split("-")[0]


def facet_tokens(
    source_id: str,
    language: str | None,
    day: str | None,
    authors: Iterable[str],
    tags: Iterable[str],
) -> str:
    """The facets column: source, language, month (yyyymm of `day`), authors and tags."""
    tokens = [_facet("s", source_id)]
    if language:
        tokens.append(_facet("l", _primary_language(language)))
    if day:
        tokens.append("m" + day[:4] + day[5:7])
    tokens += [_facet("a", a.casefold()) for a in authors]
    tokens += [_facet("t", t.casefold()) for t in tags]
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


# --- queries ------------------------------------------------------------------------------

# Outside quotes, these characters are FTS5 syntax: kept as written in an expert query.
_SYNTAX = set("(),:^+*{}")
_OPERATORS = {"AND", "OR", "NOT"}
_LEXEME = re.compile(r'"(?:[^"]|"")*"?|[(),:^+*{}]|[^\s(),:^+*{}"]+')
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_]+")


def _phrase(text: str, prefix: bool = False) -> str | None:
    """One user term as an FTS5 string (a phrase of index tokens), None if it has none."""
    tokens, cjk_prefix = query_tokens(text)
    if not re.search(r"\w", tokens):
        return None
    return '"' + tokens.replace('"', '""') + '"' + (" *" if prefix or cjk_prefix else "")


def _is_expert(lexemes: list[str]) -> bool:
    return any(x in _OPERATORS or x == "NEAR" or x in _SYNTAX - {"*", "+"} for x in lexemes)


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a user query, restricted to title and body.

    Plain text: every word and "quoted phrase" is required; `word*` is a prefix. With an
    operator (AND, OR, NOT, NEAR in capitals), parentheses or a column filter (`title:`)
    the query is FTS5 syntax, and its words and phrases are segmented the same way.
    """
    parts, _ = _parts(query)
    return "{title body} : (" + " ".join(parts) + ")"


def _in_text(parts: list[str], expert: bool = False) -> str:
    """match_expression's, without its column filter when no token of the parts can match
    the facets column (the filter makes FTS5 check each phrase's columns: a phrase costs up
    to twice the time with it); the same rows match."""
    expression = " ".join(parts)
    if expert or _may_match_facets(expression):
        return "{title body} : (" + expression + ")"
    return expression


# The facets column holds only these tokens (see _facet and facet_tokens): a kind letter and
# 12 hex digits, or m and a month. A plain query's token can match one only if it is one, or
# if it is a prefix of one.
_FACET_TOKEN = re.compile(r"[slat][0-9a-f]{12}|m[0-9]{6}")
_FACET_PREFIX = re.compile(r"[slat][0-9a-f]{0,12}|m[0-9]{0,6}")
_WORD_PREFIX = re.compile(r"([^\W_]+)\W*\*")


def _may_match_facets(expression: str) -> bool:
    """Whether a plain query's FTS5 phrases (`"a b" "c" *`) may match a facet token: they
    have one, or a prefix of one, or a letter or digit other than ASCII and CJK (unicode61
    folds some of those to ASCII letters: not worth telling which; punctuation separates)."""
    if any(c.isalnum() and not c.isascii() and not _CJK_CHAR.match(c) for c in expression):
        return True
    text = expression.lower()
    if any(_FACET_TOKEN.fullmatch(word) for word in re.findall(r"[^\W_]+", text)):
        return True
    return any(_FACET_PREFIX.fullmatch(word) for word in _WORD_PREFIX.findall(text))


def _parts(query: str) -> tuple[list[str], bool]:
    """The query's FTS5 pieces, and whether it is an expert query (else: required phrases)."""
    lexemes = _LEXEME.findall(query)
    expert = _is_expert(lexemes)
    parts: list[str] = []
    for n, lexeme in enumerate(lexemes):
        previous = lexemes[n - 1] if n else ""
        following = lexemes[n + 1] if n + 1 < len(lexemes) else ""
        part = _translate(lexeme, previous, following, expert)
        if part:
            parts.append(part)
    if not " ".join(parts).replace("*", "").strip():
        raise SearchError(f"empty search query: nothing to search for in {query!r}")
    return parts, expert


def _translate(lexeme: str, previous: str, following: str, expert: bool) -> str:
    if lexeme.startswith('"'):
        text = lexeme[1:-1] if len(lexeme) > 1 and lexeme.endswith('"') else lexeme[1:]
        return _phrase(text.replace('""', '"'), prefix=following == "*") or ""
    if lexeme == "*":
        return ""  # the term before it is made a prefix
    if lexeme in _SYNTAX:
        return lexeme if expert else ""
    if expert and (lexeme in _OPERATORS or lexeme == "NEAR"):
        return lexeme
    if expert and _PLAIN_WORD.fullmatch(lexeme) and following == ":":
        return lexeme  # a column name
    if expert and previous == "," and lexeme.isdigit():
        return lexeme  # NEAR's distance
    return _phrase(lexeme, prefix=following == "*") or ""


# --- filters ------------------------------------------------------------------------------


def parse_moment(value: str, until: bool = False) -> datetime:
    """A day (2024-05-01) or ISO 8601 time, UTC when it names no zone; ValueError if neither.

    As an `until` bound (exclusive), a day means the end of that day: it is included.
    """
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date (2024-05-01) or ISO 8601 time") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if until and len(value.strip()) == 10:
        moment += timedelta(days=1)
    return moment


@dataclass(frozen=True)
class Filters:
    """Row filters shared by search and export; dates compare the article's day (published,
    else first seen), `until` is exclusive."""

    source: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    author: str | None = None
    tag: str | None = None
    lang: str | None = None

    @classmethod
    def from_text(
        cls,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        lang: str | None = None,
        author: str | None = None,
        tag: str | None = None,
    ) -> Filters:
        """Filters from text fields (a web form's); dates as `parse_moment` reads them."""
        return cls(
            source=source,
            since=parse_moment(since) if since else None,
            until=parse_moment(until, until=True) if until else None,
            author=author, tag=tag, lang=lang,
        )  # fmt: skip

    def facets(
        self, dates: tuple[datetime, datetime] | None = None, months: list[str] | None = None
    ) -> list[str]:
        """FTS5 sub-expressions over the facets column that every matching row satisfies.

        `dates`: the archive's earliest and latest article dates, which close a date range
        given one bound only (so that it too becomes month tokens); `months`: these month
        tokens instead of the range's (none: no date term)."""
        terms = []
        for kind, value in (("s", self.source), ("a", self.author), ("t", self.tag)):
            if value is not None:
                terms.append(_facet(kind, value if kind == "s" else value.casefold()))
        if self.lang:
            terms.append(_facet("l", _primary_language(self.lang)))
        months = self.months(dates) if months is None else months
        if months:
            terms.append("(" + " OR ".join(months) + ")")
        return [f"facets : {term}" for term in terms]

    def months(self, dates: tuple[datetime, datetime] | None = None) -> list[str]:
        """The month tokens (m202405) of the date range, none when it spans too many."""
        since, until = self.since, self.until
        if dates is not None and (since or until):
            since, until = since or dates[0], until or dates[1] + timedelta(microseconds=1)
        if since is None or until is None:
            return []
        first = since.astimezone(UTC)
        last = (until - timedelta(microseconds=1)).astimezone(UTC)
        span = (last.year - first.year) * 12 + last.month - first.month + 1
        if span <= 0 or span > _MAX_MONTH_FACETS:
            return []
        months, year, month = [], first.year, first.month
        for _ in range(span):
            months.append(f"m{year:04d}{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def inner_months(self, dates: tuple[datetime, datetime] | None = None) -> list[str]:
        """The range's month tokens whose every instant the date filter lets through: their
        rows need no date check (the archive has no row beyond `dates`, a missing bound)."""
        since, until = self.since, self.until
        inside = []
        for token in self.months(dates):
            start = datetime(int(token[1:5]), int(token[5:7]), 1, tzinfo=UTC)
            end = datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=UTC)
            if (since is None or since <= start) and (until is None or end <= until):
                inside.append(token)
        return inside

    def where(self) -> tuple[str, dict[str, Any]]:
        """A SQL condition over `articles a` (fixed text, named parameters) and its values."""
        clauses, params = ["1"], {}
        if self.source is not None:
            clauses.append("a.source_id = :f_source")
            params["f_source"] = self.source
        if self.since is not None:
            clauses.append("coalesce(a.published, a.first_seen) >= :f_since")
            params["f_since"] = self.since.astimezone(UTC).isoformat()
        if self.until is not None:
            clauses.append("coalesce(a.published, a.first_seen) < :f_until")
            params["f_until"] = self.until.astimezone(UTC).isoformat()
        if self.author is not None:
            clauses.append(_JSON_HAS.format(column="authors", param="f_author"))
            params["f_author"] = self.author
        if self.tag is not None:
            clauses.append(_JSON_HAS.format(column="tags", param="f_tag"))
            params["f_tag"] = self.tag
        if self.lang:
            clauses.append("(lower(a.language) = :f_lang or lower(a.language) like :f_lang_sub)")
            params["f_lang"] = self.lang.lower()
            params["f_lang_sub"] = self.lang.lower() + "-%"
        return " and ".join(clauses), params


_JSON_HAS = (
    "exists (select 1 from json_each(a.{column}) where lower(json_each.value) = lower(:{param}))"
)


# --- search -------------------------------------------------------------------------------


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


# Source, language, author and tag filters are facet tokens in the MATCH: every candidate
# the index yields passes them (the row check after the cap only guards against a hash
# collision). A date filter is not (month tokens are coarse, a bound alone has none): the rows
# are then checked as the index yields them, newest first, and the cap counts only those that
# pass, so a date range still finds its rows however many newer matches there are.
_CANDIDATES = """select articles_search.rowid from articles_search{join}
  where articles_search match :match{inner}
  order by articles_search.rowid desc limit :cap"""
# `not indexed`: the rows are looked up by rowid, one each, never found by scanning an index on
# a filtered column (a source's index range is 40% of the archive: 50-100 ms).
_JOIN = " join articles a not indexed on a.rowid = articles_search.rowid"
# bm25 first counts, for each phrase of its MATCH, every row that phrase matches (its IDF):
# ~0.04 µs a row for a word (23 ms for the language facet in 550,698 of 1M rows), far more for
# a phrase of common words, the same for a facet token. So the candidates are ranked by a
# second query over the query's own phrases only (no facets, unless they are in few rows: see
# _SMALL_FACET), within the candidates' rowid range; `+` keeps the IN from becoming one index
# lookup per row.
_BM25 = "bm25(articles_search, " + ", ".join(map(str, _WEIGHTS)) + ")"
_RANKED = """select rowid, {bm25} as rank from articles_search
where articles_search match :ranking and rowid between :low and :high{among}
order by rank, rowid desc limit :n""".replace("{bm25}", _BM25)
_AMONG = "\n  and +rowid in (select value from json_each(:ids))"
_NEWEST = """select rowid from articles where rowid in (select value from json_each(:ids))
order by coalesce(published, first_seen) desc, rowid desc"""
_ARTICLES = """select a.rowid as id, a.url, a.title, a.source_id, a.published, a.language,
  a.authors, a.tags, a.body_text
from articles a not indexed where a.rowid in (select value from json_each(:ids)) and {outer}"""
_AT_LEAST = """select count(*) from (select rowid from articles_search
  where articles_search match :match limit :n)"""


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
    filters = filters or Filters()
    parts, expert = _parts(query)
    expression = _in_text(parts, expert)
    where, params = filters.where()
    dated = filters.since is not None or filters.until is not None
    join, inner, outer = (_JOIN, " and " + where, "1") if dated else ("", "", where)
    cap = candidates if candidates > 0 else -1
    try:
        ranking, fewest, counted = None, None, False
        one_bound = dated and (filters.since is None or filters.until is None)
        dates = _date_range(conn) if one_bound else None
        facets = filters.facets(dates)
        inside = filters.inner_months(dates) if dated else []
        if inside:  # the rows of those months are candidates without reading them
            outer = where
        ranks = sort == "rank" and not dated
        # The newest matches: a sample for the filters' share, and for a phrase's count.
        sampled = ranks and (where != "1" or (_one_phrase(parts) and not expert))
        newest = _newest(conn, expression) if sampled else []
        passing = _passing(conn, newest, where, params) if ranks else 0.0
        # Ranking all the matches costs bm25 for those that fail the filters and reading
        # ~limit / passing rows; cutting them by the facets first costs matching the facet
        # tokens (~0.05 µs a row of theirs), the candidates' IN check and matching the query
        # once more to rank them (unless the facets are in few rows: see _small), which is
        # cheap for words, not for phrases (every row with all their words is read).
        words = expert or all(" " not in part.strip('"* ') for part in parts)
        enough, least = (1 / 2, 1.0) if words else (1 / 4, 1 / 16)
        small = None if passing >= enough or passing < least else _small(conn, facets)
        if passing >= enough or small is False:
            if cap > 0 and not expert and _one_phrase(parts) and _seems_few(conn, newest, cap):
                # Its count would cost a whole match (of every row with all its words):
                # ranked at once, and counted as it is ranked.
                first, best = _ranked_counted(conn, expression, where == "1", limit, cap)
                if first is None or first[2] < cap:
                    rows = _rows(conn, best, where, params, limit)
                    return SearchResults(_hits(rows, query), capped=False)
                fewest, counted = first[2], True
                ranking = expression if fewest <= cap else None
            else:
                (ranking, fewest), counted = _ranking(conn, parts, expert, cap), True
            if ranking == expression and _fewer(conn, expression, fewest, cap):
                # Each match passing the filters is a candidate: rank them all, then read
                # the best rows until `limit` pass.
                best = _ranked(conn, expression, where == "1", limit)
                rows = _rows(conn, best, where, params, limit)
                return SearchResults(_hits(rows, query), capped=False)
        params |= {"match": " AND ".join([expression, *facets]), "cap": cap}
        sql = _CANDIDATES.replace("{join}", join).replace("{inner}", inner)
        fuse = sort == "rank" and not dated and bool(facets)
        fuse = fuse and (_small(conn, facets) if small is None else small)
        if fuse and not counted:
            (ranking, _), counted = _ranking(conn, parts, expert, cap), True
        if fuse and ranking == expression:
            # bm25 of the candidates as they are found: the facets weigh nothing, and what
            # counting their rows costs bm25 (its IDF) is small (see _small).
            pairs = conn.execute(_CANDIDATES_RANKED, params).fetchall()
            found = [rowid for rowid, _ in pairs]
            order = sorted(pairs, key=lambda pair: (pair[1], -pair[0]))
        else:
            if inside:
                found = _dated_candidates(
                    conn, expression, filters, dates, inside, where, params, cap
                )
            else:
                found = [rowid for (rowid,) in conn.execute(sql, params)]
            if sort == "rank" and found and not counted:
                ranking, _ = _ranking(conn, parts, expert, cap)
            # Unfiltered, ranked by the whole query: its matches in the range are the
            # candidates.
            exact = where == "1" and ranking == expression
            order = _order(conn, found, ranking, sort, exact, limit, outer == "1")
        rows = _rows(conn, order, outer, params, limit)
    except sqlite3.OperationalError as error:
        raise SearchError(f"cannot search for {query!r}: {_reason(error)}") from error
    return SearchResults(_hits(rows, query), capped=cap > 0 and len(found) >= cap)


def _dated_candidates(
    conn: sqlite3.Connection,
    expression: str,
    filters: Filters,
    dates: tuple[datetime, datetime] | None,
    inside: list[str],
    where: str,
    params: dict[str, Any],
    cap: int,
) -> list[int]:
    """The newest `cap` rowids matching `expression` and the filters, when a date range holds
    whole months (`inside`, see Filters.inner_months): their rows pass the date filter by
    their month token alone, so only the candidates of the range's first and last months are
    read to compare their dates, not every candidate (a cold row read costs far more than the
    index)."""

    def matching(months: list[str]) -> str:
        return " AND ".join([expression, *filters.facets(months=months)])

    within = _CANDIDATES.replace("{join}", "").replace("{inner}", "")
    queries = [conn.execute(within, params | {"match": matching(inside), "cap": cap})]
    edges = [m for m in filters.months(dates) if m not in inside]
    if edges:
        checked = _CANDIDATES.replace("{join}", _JOIN).replace("{inner}", " and " + where)
        queries.append(conn.execute(checked, params | {"match": matching(edges), "cap": cap}))
    merged = heapq.merge(*(map(itemgetter(0), q) for q in queries), reverse=True)
    return list(islice(merged, cap) if cap > 0 else merged)


# A facet token in at most this many rows may be matched with the query for bm25 to rank the
# candidates as they are found: bm25 counts the rows of every phrase of the MATCH first (~0.04
# µs a row), which is then less than matching the query once more to rank the candidates.
_SMALL_FACET = 20_000
_CANDIDATES_RANKED = """select rowid, {bm25} as rank from articles_search
  where articles_search match :match order by rowid desc limit :cap""".replace("{bm25}", _BM25)


def _small(conn: sqlite3.Connection, facets: list[str]) -> bool:
    """Whether every facet token of a filter is in at most _SMALL_FACET rows (~1 ms each)."""
    return all(_at_least(conn, facet, _SMALL_FACET + 1) <= _SMALL_FACET for facet in facets)


def _hits(rows: list[tuple[Row, float]], query: str) -> list[SearchHit]:
    terms = highlight_terms(query)
    return [_hit(row | {"rank": rank}, terms) for row, rank in rows]


def _ranking(
    conn: sqlite3.Connection, parts: list[str], expert: bool, cap: int
) -> tuple[str | None, int | None]:
    """The MATCH expression to rank by (None: unranked), and the fewest rows one of its
    phrases matches, counted up to cap + 1 (None: not counted, for an expert query or
    without a cap).

    In a plain query, a phrase found in more than `cap` rows does not weigh in."""
    if expert or cap < 0:
        return _in_text(parts, expert), None
    counts = [_at_least(conn, _in_text([part]), cap + 1) for part in parts]
    kept = [part for part, count in zip(parts, counts, strict=True) if count <= cap]
    return (_in_text(kept) if kept else None), min(counts)


def _fewer(conn: sqlite3.Connection, expression: str, fewest: int | None, cap: int) -> bool:
    """Whether `expression` matches fewer than `cap` rows (any, without a cap). A plain
    query's matches are among those of each of its phrases (`fewest`: the fewest of them)."""
    if cap < 0:
        return True
    if fewest is None:
        fewest = _at_least(conn, expression, cap)
    return fewest < cap


def _at_least(conn: sqlite3.Connection, match: str, n: int) -> int:
    """How many rows `match` finds, counting stops at `n` (~1 ms for 10,000 rows)."""
    return int(conn.execute(_AT_LEAST, {"match": match, "n": n}).fetchone()[0])


# Rows of the query's own matches checked for the filters, to tell whether ranking all of them
# and reading the best rows until `limit` pass beats cutting them by the filters' facet tokens
# first (a facet in many rows, as a language or a big source, costs ~0.05 µs per row of it to
# intersect, then the candidates' rowid list its IN check).
_SAMPLE = 64
_NEWEST_MATCHES = """select rowid from articles_search where articles_search match :match
  order by rowid desc limit :n"""
_PASSING = """select count(*) from articles a not indexed
  where a.rowid in (select value from json_each(:ids)) and {where}"""


def _newest(conn: sqlite3.Connection, expression: str) -> list[int]:
    """The rowids of the _SAMPLE newest archived rows matching `expression` (a small part of
    a whole match, unless it matches few rows)."""
    found = conn.execute(_NEWEST_MATCHES, {"match": expression, "n": _SAMPLE})
    return [rowid for (rowid,) in found]


def _passing(
    conn: sqlite3.Connection, newest: list[int], where: str, params: dict[str, Any]
) -> float:
    """Which share of the query's `newest` matches pass `where` (all without a filter)."""
    if where == "1":
        return 1.0
    if not newest:
        return 0.0
    sample = json.dumps(newest)
    passed = conn.execute(_PASSING.replace("{where}", where), params | {"ids": sample})
    return int(passed.fetchone()[0]) / len(newest)


def _one_phrase(parts: list[str]) -> bool:
    """Whether a plain query is one phrase of several tokens (`"who has had"`, `隐藏功能`)."""
    return len(parts) == 1 and " " in parts[0].strip('"* ')


def _seems_few(conn: sqlite3.Connection, newest: list[int], cap: int) -> bool:
    """Whether a query seems to match at most `cap` rows: as many as its `newest` matches
    say, were its matches spread evenly over the archive (an estimate: only a cost rides on
    it, the ranking counts them anyway; a wrong guess costs bm25 over `cap` rows)."""
    if len(newest) < _SAMPLE:
        return True
    top = int(conn.execute("select max(rowid) from articles").fetchone()[0] or 0)
    return _SAMPLE * top <= cap * (top - newest[-1] + 1)


# The query's own matches, best first: candidates all, for a query matching fewer than the
# cap; read lazily (the rows are checked for the filters a few at a time, see _rows).
_RANK_ALL = """select rowid, {bm25} as rank from articles_search
where articles_search match :ranking order by rank, rowid desc limit :n""".replace("{bm25}", _BM25)


def _ranked(
    conn: sqlite3.Connection, expression: str, unfiltered: bool, limit: int
) -> Iterator[tuple[int, float]]:
    """Every match of `expression` with its bm25 rank, best first (the first `limit` only
    when `unfiltered`: all of them pass)."""
    params = {"ranking": expression, "n": limit if unfiltered else -1}
    return iter(conn.execute(_RANK_ALL, params))


# The query's own matches, best first, with how many there are (up to cap + 1): bm25 ranks at
# most cap + 1 of them, and counts (its IDF) every row the phrase matches only once more.
_RANK_COUNTED = """select rowid, rank, count(*) over () from (
  select rowid, {bm25} as rank from articles_search where articles_search match :ranking
  limit :most
) order by rank, rowid desc limit :n""".replace("{bm25}", _BM25)


def _ranked_counted(
    conn: sqlite3.Connection, expression: str, unfiltered: bool, limit: int, cap: int
) -> tuple[tuple[int, float, int] | None, Iterator[tuple[int, float]]]:
    """The first row of _RANK_COUNTED (None when nothing matches; its third column: how many
    match, up to cap + 1), and every row, best first, as (rowid, rank)."""
    params = {"ranking": expression, "most": cap + 1, "n": limit if unfiltered else -1}
    cursor = conn.execute(_RANK_COUNTED, params)
    first = cursor.fetchone()
    rest = ((rowid, rank) for rowid, rank, _ in cursor)
    return first, chain([first[:2]] if first else [], rest)


def _date_range(conn: sqlite3.Connection) -> tuple[datetime, datetime] | None:
    """The earliest and latest article dates (published, else first seen), from the index on
    published (and the undated rows only); None for an empty archive."""
    found = [conn.execute(sql).fetchone()[0] for sql in _DATE_RANGE]
    known = [datetime.fromisoformat(d) for d in found if d]
    return (min(known), max(known)) if known else None


_DATE_RANGE = [
    "select min(published) from articles",
    "select max(published) from articles",
    "select min(first_seen) from articles where published is null",
    "select max(first_seen) from articles where published is null",
]


def _order(
    conn: sqlite3.Connection,
    found: list[int],
    ranking: str | None,
    sort: Sort,
    exact: bool,
    limit: int,
    all_pass: bool,
) -> list[tuple[int, float]]:
    """The candidates' rowids, best first, with their bm25 rank (0.0 when not ranked).

    `exact`: the ranking expression matches no other row in the candidates' rowid range;
    `all_pass`: every candidate passes the filters (only the first `limit` are ranked out)."""
    if not found:
        return []
    ids = json.dumps(found)
    if ranking is not None:
        params = {"ranking": ranking, "low": found[-1], "high": found[0], "ids": ids}
        params["n"] = limit if all_pass else -1
        sql = _RANKED.replace("{among}", "" if exact else _AMONG)
        return conn.execute(sql, params).fetchall()
    if sort == "newest":
        newest = _newest_by_index(conn, found, limit) if len(found) > _WALK_FROM else None
        if newest is None:
            newest = [rowid for (rowid,) in conn.execute(_NEWEST, {"ids": ids})]
        return [(rowid, 0.0) for rowid in newest]
    return [(rowid, 0.0) for rowid in found]


# Above this many candidates, reading each one's date (a random row read apiece: ~15 µs hot,
# far more cold) costs more than walking the published index from the newest row until enough
# candidates went by (~limit * archive size / candidates index entries, ~0.2 µs each).
_WALK_FROM = 1_000
# The walk stops (and the candidates are read one by one) after 4 times the index entries it
# should need were they spread evenly: a date filter can put them all at the far end.
_WALK_SLACK = 4
_BY_PUBLISHED = """select rowid, published from articles where published is not null
order by published desc, rowid desc limit :most"""
_UNDATED = """select rowid, first_seen from articles
where published is null and rowid in (select value from json_each(:ids))"""


def _newest_by_index(conn: sqlite3.Connection, found: list[int], limit: int) -> list[int] | None:
    """The first rowids of `found` in `_NEWEST`'s order (published, else first seen; newest
    first): a few more than `limit`, for the row check to drop some. None when the walk would
    be long (the candidates are rare among the archive's rows)."""
    want = 2 * limit + 10
    rows = conn.execute("select max(rowid) from articles").fetchone()[0] or 0
    most = _WALK_SLACK * want * rows // len(found) + want
    wanted = set(found)
    dated: list[tuple[str, int]] = []
    for rowid, published in conn.execute(_BY_PUBLISHED, {"most": most}):
        if rowid in wanted:
            dated.append((published, rowid))
            if len(dated) >= want:
                break
    else:
        return None
    # Undated rows sort by when they were first seen, among the dated ones (few or none).
    undated = [(seen, rowid) for rowid, seen in conn.execute(_UNDATED, {"ids": json.dumps(found)})]
    merged = sorted(dated + undated, key=lambda pair: (pair[0], pair[1]), reverse=True)
    return [rowid for _, rowid in merged[:want]]


def _rows(
    conn: sqlite3.Connection,
    order: Iterable[tuple[int, float]],
    outer: str,
    params: dict[str, Any],
    limit: int,
) -> list[tuple[Row, float]]:
    """The first `limit` articles in `order` passing `outer`, read a few at a time."""
    rows: list[tuple[Row, float]] = []
    sql = _ARTICLES.replace("{outer}", outer)
    chunk = max(2 * limit, 50)
    ordered = iter(order)
    while part := list(islice(ordered, chunk)):
        ids = json.dumps([rowid for rowid, _ in part])
        by_id = {row[0]: row for row in conn.execute(sql, params | {"ids": ids})}
        for rowid, rank in part:
            if rowid in by_id:
                rows.append((dict(zip(_COLUMNS, by_id[rowid], strict=True)), rank))
        if len(rows) >= limit:
            break
    return rows[:limit]


_COLUMNS = (
    "id", "url", "title", "source_id", "published", "language", "authors", "tags", "body_text",
)  # fmt: skip


def _reason(error: sqlite3.OperationalError) -> str:
    message = str(error).removeprefix("fts5: ")
    return message if "syntax" in message else f"query syntax error ({message})"


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


# --- snippets -----------------------------------------------------------------------------


def highlight_terms(query: str) -> list[str]:
    """The words and phrases of a query worth marking in a snippet, longest first."""
    terms = []
    for lexeme in _LEXEME.findall(query):
        text = lexeme.strip('"').replace('""', '"').strip()
        if text and lexeme not in _SYNTAX and text not in _OPERATORS and text != "NEAR":
            terms.append(text)
    return sorted(set(terms), key=len, reverse=True)


def snippet(text: str, terms: list[str], context: int = 40) -> str:
    """Up to ~2*context characters around the first term found, every term in [brackets]."""
    if not terms:
        return text[: 2 * context]
    pattern = re.compile("|".join(_term_pattern(t) for t in terms), re.IGNORECASE)
    found = pattern.search(text)
    if found is None:  # matched through a prefix, NEAR or a title word only
        return " ".join(text[: 2 * context].split()) + ("…" if len(text) > 2 * context else "")
    start = max(found.start() - context, 0)
    end = min(found.end() + context, len(text))
    window = pattern.sub(lambda m: f"[{m.group()}]", text[start:end])
    return ("…" if start else "") + " ".join(window.split()) + ("…" if end < len(text) else "")


def _term_pattern(term: str) -> str:
    # Word boundaries for Latin words (the index matches words), none inside CJK text.
    escaped = r"\s*".join(re.escape(part) for part in term.split())
    if re.match(r"\w", term[0]) and not _CJK_CHAR.match(term[0]):
        escaped = r"(?<!\w)" + escaped
    if re.match(r"\w", term[-1]) and not _CJK_CHAR.match(term[-1]):
        escaped += r"(?!\w)"
    return escaped
