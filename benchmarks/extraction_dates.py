"""Published dates alone, and dates of pages that say less: the minute and day figures of
`extraction.py`'s tuning and validation parts (same split, same scoring), then of the same
pages with their date metadata taken away, so that what the page shows its readers must date it.

    python benchmarks/extraction_dates.py [--misses]

Readings: "as saved"; "no date metadata" (JSON-LD scripts, every <meta> whose name, property,
itemprop or http-equiv speaks of a date, time, publication, change or update, and the
datePublished/dateModified/dateCreated itemprops removed; <time> elements, the text, the URL
and other scripts stay: a page of a site that writes no date fields). `extract_article` is run
as for a page without a source's rules. `--misses` lists the tuning part's misses of each
reading; the validation part is only ever counted. Each line is followed by its misses counted
by kind (the same counts for both parts: aggregates that say which general cause to chase):
minute misses as a whole-hour (quarter-hour) offset of the right clock, the right day without
its time, another time of the right day, another day, none found; day misses as one day off,
another day, none found.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path

import lxml.html
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_data import Page, corpus_pages, more_parts, split
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


_MINUTE_KINDS = ("whole-hour offset", "day, no time", "other time same day", "other day", "none")
_DAY_KINDS = ("one day off", "other day", "none")


def score(pages: list[Page], reading: Callable[[str], str], misses: bool) -> tuple[str, str]:
    """ "minute M/N, day D/N" of `pages` and their misses counted by kind; with `misses`, each
    miss printed first."""
    minute = timed = day = 0
    kinds: Counter[str] = Counter()
    for page in pages:
        want = page.expected["publishing_date"]
        got = extract_article(reading(page.html), page.url, sources.generic(page.url)).published
        same = same_day(want, got)
        day += same
        kind = "" if same else _day_kind(want, got)
        kinds[kind] += not same
        if _has_time(want):
            timed += 1
            same = same_minute(want, got)
            minute += same
            kind = "" if same else _minute_kind(want, got)
            kinds[kind] += not same
        if misses and not same:
            print(f"    {page.id}  expected {want}  got {got and got.isoformat()}  ({kind[2:]})")
    figures = (
        f"minute {minute / timed:.3f} ({minute}/{timed})  day {day / len(pages):.3f} "
        f"({day}/{len(pages)})"
    )
    counted = "  ".join(f"{kind} {kinds['m:' + kind]}" for kind in _MINUTE_KINDS)
    counted += "  |  day misses: " + "  ".join(f"{k} {kinds['d:' + k]}" for k in _DAY_KINDS)
    return figures, "minute misses: " + counted


def _minute_kind(want: str, got: datetime | None) -> str:
    """The kind of a minute miss: the right day without a time, a whole number of quarter hours
    off the label's instant (the right clock read in another zone), another time of that day,
    another day, none."""
    if got is None:
        return "m:none"
    if got.time() == clock_time():  # a day alone: no clock to be offset
        return "m:day, no time" if same_day(want, got) else "m:other day"
    expected = datetime.fromisoformat(want)
    found = got
    if (expected.tzinfo is None) != (found.tzinfo is None):
        expected, found = expected.replace(tzinfo=None), found.replace(tzinfo=None)
    gap = abs((found - expected).total_seconds())
    if gap <= 14 * 3600 and min(gap % 900, 900 - gap % 900) < 60:
        return "m:whole-hour offset"
    return "m:other time same day" if same_day(want, got) else "m:other day"


def _day_kind(want: str, got: datetime | None) -> str:
    if got is None:
        return "d:none"
    expected = datetime.fromisoformat(want[:10]).date()
    return "d:one day off" if abs((got.date() - expected).days) == 1 else "d:other day"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning part's misses")
    parser.add_argument(
        "--more", action="store_true", help="the pages of data/more instead (same split)"
    )
    args = parser.parse_args()
    folders = [DATA / "corpus", DATA / "extra"]
    parts = split([p for folder in folders for p in corpus_pages(folder)])
    if args.more:
        parts = more_parts(folders, DATA / "more")
    for label, reading in (("as saved", as_saved), ("no date metadata", without_date_metadata)):
        for name in ("tuning", "validation"):
            dated = [p for p in parts[name] if "publishing_date" in p.expected]
            started = time.process_time()
            figures, kinds = score(dated, reading, args.misses and name == "tuning")
            spent = time.process_time() - started
            print(f"{label:<17} {name:<11} {figures}  ({spent:.1f} s CPU)", flush=True)
            print(f"{'':<29} {kinds}", flush=True)


if __name__ == "__main__":
    main()
