"""The crawl benchmark's browser rows: the same local pages crawled through Chromium and over
plain HTTP, so that the two rows compare (issue 19).

A separate small site of the crawl benchmark's kind (benchmarks/crawl_site.py: the first
PAGES corpus pages, one copy, images local) on its own nginx; `newscrawl crawl ORIGIN/` and
`newscrawl crawl ORIGIN/ --browser` (every article page rendered by scrapy-playwright in
Debian's Chromium; the sitemap, robots.txt and images stay plain HTTP) into fresh data
directories, alternating, `--runs` times each. The browser row checks from the crawl's
summary that its pages were rendered, and says so when they were not.
"""

from __future__ import annotations

import argparse
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from crawl_measure import Measured, measure
from crawl_server import SiteServer, free_port
from crawl_site import build_site

from newscrawl.crawl.browser import BrowserUnavailableError, browser_settings

PAGES = 60
PLAIN = f"newscrawl, plain HTTP ({PAGES} pages, browser set)"
BROWSER = f"newscrawl --browser ({PAGES} pages, browser set)"
_RENDERED = re.compile(r"(\d+) rendered in the browser")

Row = Callable[[str, int, int, Measured], str]
Count = Callable[[Path], int]


def chosen(only: list[str] | None) -> list[str]:
    """The browser rows that --only selects (all without it)."""
    return [name for name in (PLAIN, BROWSER) if not only or any(o in name for o in only)]


def browser_rows(
    args: argparse.Namespace, work: Path, row: Row, archived: Count, newscrawl: Path
) -> None:
    """Print the chosen browser rows in crawl.py's table format (`row`); `archived` counts a
    data directory's articles, `newscrawl` is the command."""
    names = chosen(args.only)
    if not names:
        return
    try:
        browser_settings()  # what `--browser` needs: chromium, scrapy-playwright
    except BrowserUnavailableError as missing:
        print(f"| {' and '.join(names)} | not run: {missing} |")
        return
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    expected = len(build_site(work / "site-browser", origin, 1, pages=PAGES))
    server = SiteServer(work / "site-browser", port, work / "nginx-browser")
    try:
        for n in range(args.runs):
            for name in names:
                out = work / f"out-browser-{n}-{names.index(name)}"
                extra = ["--browser"] if name == BROWSER else []
                command = [str(newscrawl), "crawl", f"{origin}/", "--data", str(out),
                           "--limit", "100000", *extra]  # fmt: skip
                log = work / f"{out.name}.log"
                measured = measure(command, log)
                print(row(name, archived(out), expected, measured) + _note(name, log, expected))
                shutil.rmtree(out, ignore_errors=True)
    finally:
        server.stop()


def _note(name: str, log: Path, expected: int) -> str:
    """Nothing when the row is what it says; else why not (pages not rendered)."""
    if name != BROWSER:
        return ""
    found = _RENDERED.findall(log.read_text(errors="replace"))
    rendered = int(found[-1]) if found else 0
    return "" if rendered >= expected else f" only {rendered} rendered (see {log.name})"
