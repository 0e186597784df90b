"""Text as a page's markup leaves it, made one clean line: clean_text, unique_texts,
element_text."""

from __future__ import annotations

from typing import Any


def clean_text(text: str) -> str:
    """Collapse whitespace (newlines, NBSP, control characters) to single spaces."""
    # str.split() splits at exactly what \s matches, several times faster than a regex
    text = " ".join(text.split())
    if not text.isprintable():  # rare once whitespace is folded: the per-character pass
        text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text


def element_text(element: Any) -> str:
    """Every text inside an lxml element, its white space folded to single spaces: the line a
    reader sees of it (no printable-character pass: see clean_text)."""
    return " ".join("".join(element.itertext()).split())


def unique_texts(values: list[str]) -> list[str]:
    """Cleaned, non-empty values, first occurrence kept."""
    return list(dict.fromkeys(v for v in (clean_text(x) for x in values) if v))
