"""Snippets: a window of an article's text around the query's terms, each in [brackets]."""

from __future__ import annotations

import re

from newscrawl.archive.search.query import LEXEME, OPERATORS, SYNTAX
from newscrawl.archive.search.text import CJK_CHAR


def highlight_terms(query: str) -> list[str]:
    """The words and phrases of a query worth marking in a snippet, longest first."""
    terms = []
    for lexeme in LEXEME.findall(query):
        text = lexeme.strip('"').replace('""', '"').strip()
        if text and lexeme not in SYNTAX and text not in OPERATORS and text != "NEAR":
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
    if re.match(r"\w", term[0]) and not CJK_CHAR.match(term[0]):
        escaped = r"(?<!\w)" + escaped
    if re.match(r"\w", term[-1]) and not CJK_CHAR.match(term[-1]):
        escaped += r"(?!\w)"
    return escaped
