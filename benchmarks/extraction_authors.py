"""Authors alone, and authors of pages that say less: the authors F1 of `extraction.py`'s tuning
and validation parts (same split, same scoring), then of the same pages with their author
metadata taken away, so that what the page shows its readers must credit it. And the tuning
part's author misses with the sources a page offers (`extraction.py --authors`).

    python benchmarks/extraction_authors.py [--misses]

Readings: "as saved"; "no author metadata" (the author, creator, editor and contributor of every
JSON-LD node, and every <meta> whose name, property or itemprop speaks of an author, creator or
byline, Parse.ly's page object and a twitter card's labelled fields removed; bylines, author
links, microdata elements and the text stay: a page of a site that writes no author fields).
`extract_article` is run as for a page without a source's rules. `--misses` lists the tuning
part's misses of each reading; the validation part is only ever counted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree
from parsel import Selector

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_data import Extracted, Page, corpus_pages, split
from extraction_score import author_f1

from newscrawl import sources
from newscrawl.extract import metadata
from newscrawl.extract.article import extract_article
from newscrawl.extract.body import parse
from newscrawl.extract.metadata.bylines import _BYLINE_MARKED

DATA = Path(__file__).resolve().parent / "data"
_CREDITED = re.compile(r"author|creator|byl|parsely-page|twitter:label|twitter:data", re.I)
_KEYS = ("name", "property", "itemprop")
_LD_CREDITS = ("author", "creator", "editor", "contributor")
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


def as_saved(html: str) -> str:
    return html


def without_author_metadata(html: str) -> str:
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for script in root.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            script.drop_tree()  # unreadable here, and perhaps by the extractor
            continue
        script.text = json.dumps(_uncredited(data), ensure_ascii=False)
    for tag in root.xpath("//meta"):
        if _CREDITED.search(" ".join(tag.get(key, "") for key in _KEYS)):
            tag.drop_tree()
    return str(lxml.html.tostring(root, encoding="unicode"))


def _uncredited(data: Any) -> Any:
    if isinstance(data, list):
        return [_uncredited(item) for item in data]
    if isinstance(data, dict):
        return {k: _uncredited(v) for k, v in data.items() if k not in _LD_CREDITS}
    return data


def score(pages: list[Page], reading: Callable[[str], str], misses: bool) -> str:
    """ "F1 (N pages, M missed)" of `pages`; with `misses`, each miss printed first."""
    total = 0.0
    missed = 0
    for page in pages:
        html = reading(page.html)
        got = extract_article(html, page.url, sources.generic(page.url)).authors
        f1 = author_f1(page.expected["authors"], got)
        total += f1
        missed += f1 < 1
        if misses and f1 < 1:
            print(f"    {page.id}  F1 {f1:.2f}  expected {page.expected['authors']!r}  got {got!r}")
    return f"F1 {total / len(pages):.4f} ({len(pages)} pages, {missed} missed)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning part's misses")
    args = parser.parse_args()
    parts = split([p for folder in ("corpus", "extra") for p in corpus_pages(DATA / folder)])
    readings = (("as saved", as_saved), ("no author metadata", without_author_metadata))
    for label, reading in readings:
        for name in ("tuning", "validation"):
            authored = [p for p in parts[name] if "authors" in p.expected]
            started = time.process_time()
            figures = score(authored, reading, args.misses and name == "tuning")
            spent = time.process_time() - started
            print(f"{label:<19} {name:<11} {figures}  ({spent:.1f} s CPU)", flush=True)


if __name__ == "__main__":
    main()
