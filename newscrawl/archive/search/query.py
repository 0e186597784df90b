"""Query parsing: a user query as an FTS5 MATCH expression over the index's tokens."""

from __future__ import annotations

import re

from newscrawl.archive.search.text import CJK_CHAR, query_tokens


class SearchError(ValueError):
    """A search query that the full-text index cannot run."""


# Outside quotes, these characters are FTS5 syntax: kept as written in an expert query.
SYNTAX = set("(),:^+*{}")
OPERATORS = {"AND", "OR", "NOT"}
LEXEME = re.compile(r'"(?:[^"]|"")*"?|[(),:^+*{}]|[^\s(),:^+*{}"]+')
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_]+")


def _phrase(text: str, prefix: bool = False) -> str | None:
    """One user term as an FTS5 string (a phrase of index tokens), None if it has none."""
    tokens, cjk_prefix = query_tokens(text)
    if not re.search(r"\w", tokens):
        return None
    return '"' + tokens.replace('"', '""') + '"' + (" *" if prefix or cjk_prefix else "")


def _is_expert(lexemes: list[str]) -> bool:
    return any(x in OPERATORS or x == "NEAR" or x in SYNTAX - {"*", "+"} for x in lexemes)


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a user query, restricted to title and body.

    Plain text: every word and "quoted phrase" is required; `word*` is a prefix. With an
    operator (AND, OR, NOT, NEAR in capitals), parentheses or a column filter (`title:`)
    the query is FTS5 syntax, and its words and phrases are segmented the same way.
    """
    parts, _ = parts_of(query)
    return "{title body} : (" + " ".join(parts) + ")"


def in_text(parts: list[str], expert: bool = False) -> str:
    """match_expression's, without its column filter when no token of the parts can match
    the facets column (the filter makes FTS5 check each phrase's columns: a phrase costs up
    to twice the time with it); the same rows match."""
    expression = " ".join(parts)
    if expert or _may_match_facets(expression):
        return "{title body} : (" + expression + ")"
    return expression


# The facets column holds only these tokens (see facet and facet_tokens): a kind letter and
# 12 hex digits, or m and a month. A plain query's token can match one only if it is one, or
# if it is a prefix of one.
_FACET_TOKEN = re.compile(r"[slat][0-9a-f]{12}|m[0-9]{6}")
_FACET_PREFIX = re.compile(r"[slat][0-9a-f]{0,12}|m[0-9]{0,6}")
_WORD_PREFIX = re.compile(r"([^\W_]+)\W*\*")


def _may_match_facets(expression: str) -> bool:
    """Whether a plain query's FTS5 phrases (`"a b" "c" *`) may match a facet token: they
    have one, or a prefix of one, or a letter or digit other than ASCII and CJK (unicode61
    folds some of those to ASCII letters: not worth telling which; punctuation separates)."""
    if any(c.isalnum() and not c.isascii() and not CJK_CHAR.match(c) for c in expression):
        return True
    text = expression.lower()
    if any(_FACET_TOKEN.fullmatch(word) for word in re.findall(r"[^\W_]+", text)):
        return True
    return any(_FACET_PREFIX.fullmatch(word) for word in _WORD_PREFIX.findall(text))


def parts_of(query: str) -> tuple[list[str], bool]:
    """The query's FTS5 pieces, and whether it is an expert query (else: required phrases)."""
    lexemes = LEXEME.findall(query)
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
    if lexeme in SYNTAX:
        return lexeme if expert else ""
    if expert and (lexeme in OPERATORS or lexeme == "NEAR"):
        return lexeme
    if expert and _PLAIN_WORD.fullmatch(lexeme) and following == ":":
        return lexeme  # a column name
    if expert and previous == "," and lexeme.isdigit():
        return lexeme  # NEAR's distance
    return _phrase(lexeme, prefix=following == "*") or ""
