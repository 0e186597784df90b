"""`extraction.py --dates`: the tuning pages whose published date newscrawl gets wrong, with
the dates the page offers, to find general causes (never run it on the validation part)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

from extraction_data import Extracted, Page
from extraction_score import _has_time, same_day, same_minute
from parsel import Selector

from newscrawl.extract import metadata
from newscrawl.extract.body import parse
from newscrawl.extract.dates import find_published


def print_date_misses(pages: list[Page], extract: Callable[[Page], Extracted]) -> None:
    """Every dated page whose date is wrong (the instant, or the day where only a day is
    expected): expected, got, and the page's JSON-LD datePublished / dateModified, its
    article:published_time, its first <time> elements and htmldate's reading."""
    dated = [p for p in pages if "publishing_date" in p.expected]
    print(f"\nDates newscrawl gets wrong ({len(dated)} dated pages)")
    for page in dated:
        want, got = page.expected["publishing_date"], extract(page).published
        right = same_minute(want, got) if _has_time(want) else same_day(want, got)
        if right:
            continue
        print(f"  {page.id}  {page.url}\n    expected  {want}\n    got       {got}")
        for origin, value in _offered(page):
            print(f"      {origin:<22} {value!r}")


def _offered(page: Page) -> list[tuple[str, str]]:
    sel = Selector(root=parse(page.html), type="html")
    ld = metadata.json_ld(sel)
    found = [
        ("JSON-LD datePublished", ld.get("datePublished")),
        ("JSON-LD dateModified", ld.get("dateModified")),
        ("article:published_time", metadata.meta(sel, "article:published_time")),
        ("meta (published)", metadata.published(sel, {})),
        ("htmldate", find_published(page.html, page.url)),
    ]
    times = islice(sel.root.iter("time"), 3) if hasattr(sel.root, "iter") else ()
    for element in times:
        text = " ".join("".join(element.itertext()).split())[:60]
        found.append(("<time>", f"{element.get('datetime')} | {text}"))
    return [(origin, str(value)) for origin, value in found if value]
