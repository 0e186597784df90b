"""The tuning part's author misses, with the sources a page offers (see benchmarks/extraction.py
--authors): what a rule could have read, beside what newscrawl read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from extraction_data import Extracted, Page
from extraction_score import author_f1
from parsel import Selector

from newscrawl.extract import metadata
from newscrawl.extract.body import parse
from newscrawl.extract.metadata.bylines import _BYLINE_MARKED

_META_KEYS = ("author", "article:author", "sailthru.author", "parsely-author", "byl", "dc.creator")


def print_author_misses(pages: list[Page], extract: Callable[[Page], Extracted]) -> None:
    """Every page with expected authors whose author F1 is below 1: expected, got, and the
    page's candidate sources (JSON-LD author, author <meta> tags, byline-marked elements)."""
    authored = [p for p in pages if "authors" in p.expected]
    misses = 0
    print("\nAuthors newscrawl gets wrong (tuning part)")
    for page in authored:
        got = extract(page).authors
        score = author_f1(page.expected["authors"], got)
        if score == 1.0:
            continue
        misses += 1
        print(f"  {page.id}  F1 {score:.2f}\n    expected  {page.expected['authors']!r}")
        print(f"    got       {got!r}")
        for origin, value in candidates(page):
            print(f"      {origin:<12} {value!r}")
    print(f"  {misses} of {len(authored)} pages with expected authors missed")


def candidates(page: Page) -> list[tuple[str, str]]:
    """(origin, raw value) of each author source the page has, in page order per origin."""
    sel = Selector(root=parse(page.html), type="html")
    found = [("JSON-LD", _short(repr(a))) for a in _ld_authors(metadata.json_ld(sel))]
    tags = metadata.metas(sel)
    found += [
        (f"meta {key}", value)
        for key in _META_KEYS
        for attr in ("name", "property", "itemprop")
        for value in tags.get((attr, key), [])
    ]
    for element in sel.xpath(_BYLINE_MARKED)[:6]:
        text = " ".join(" ".join(element.root.itertext()).split())
        if text:
            found.append((f"<{element.root.tag}>", _short(text)))
    return found


def _ld_authors(ld: dict[str, Any]) -> list[Any]:
    value = ld.get("author")
    return value if isinstance(value, list) else [value] if value else []


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."
