"""Published dates alone, and dates of pages that say less: the minute and day figures of
`extraction.py`'s tuning and validation parts (same split, same scoring), then of the same
pages with their date metadata taken away, so that what the page shows its readers must date it.

    python benchmarks/extraction_dates.py [--misses]

Readings: "as saved"; "no date metadata" (JSON-LD scripts, every <meta> whose name, property,
itemprop or http-equiv speaks of a date, time, publication, change or update, and the
datePublished/dateModified/dateCreated itemprops removed; <time> elements, the text, the URL
and other scripts stay: a page of a site that writes no date fields). `extract_article` is run
as for a page without a source's rules. `--misses` lists the tuning part's misses of each
reading; the validation part is only ever counted.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_data import Page, corpus_pages, split
from extraction_score import _has_time, same_day, same_minute

from newscrawl import sources
from newscrawl.extract.article import extract_article

DATA = Path(__file__).resolve().parent / "data"
_DATED = re.compile(r"date|time|publish|modif|updat|created|issued", re.IGNORECASE)
_KEYS = ("name", "property", "itemprop", "http-equiv")
_ITEMPROPS = '//*[@itemprop="datePublished" or @itemprop="dateModified" or @itemprop="dateCreated"]'


def as_saved(html: str) -> str:
    return html


def without_date_metadata(html: str) -> str:
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for script in root.xpath('//script[contains(@type, "ld+json")]'):
        script.drop_tree()
    for meta in root.xpath("//meta"):
        if _DATED.search(" ".join(meta.get(key, "") for key in _KEYS)):
            meta.drop_tree()
    for element in root.xpath(_ITEMPROPS):
        del element.attrib["itemprop"]
    return str(lxml.html.tostring(root, encoding="unicode"))


def score(pages: list[Page], reading: Callable[[str], str], misses: bool) -> str:
    """ "minute M/N, day D/N" of `pages`; with `misses`, each miss printed first."""
    minute = timed = day = 0
    for page in pages:
        want = page.expected["publishing_date"]
        got = extract_article(reading(page.html), page.url, sources.generic(page.url)).published
        same = same_day(want, got)
        day += same
        if _has_time(want):
            timed += 1
            same = same_minute(want, got)
            minute += same
        if misses and not same:
            print(f"    {page.id}  expected {want}  got {got and got.isoformat()}")
    return (
        f"minute {minute / timed:.3f} ({minute}/{timed})  day {day / len(pages):.3f} "
        f"({day}/{len(pages)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning part's misses")
    args = parser.parse_args()
    parts = split([p for folder in ("corpus", "extra") for p in corpus_pages(DATA / folder)])
    for label, reading in (("as saved", as_saved), ("no date metadata", without_date_metadata)):
        for name in ("tuning", "validation"):
            dated = [p for p in parts[name] if "publishing_date" in p.expected]
            started = time.process_time()
            figures = score(dated, reading, args.misses and name == "tuning")
            spent = time.process_time() - started
            print(f"{label:<17} {name:<11} {figures}  ({spent:.1f} s CPU)", flush=True)


if __name__ == "__main__":
    main()
