"""Pages per second through the browser against plain HTTP, on the same local pages (issue 19).

    python benchmarks/browser.py             # 100 articles
    python benchmarks/browser.py --n 40      # a quick run

The bundled demo pages, N of them (newscrawl.demo.bulk), served on 127.0.0.1, are crawled
twice by the real command into fresh data directories: once by the `mydrivers` source (plain
HTTP) and once by the same declaration with render="browser" (a user source,
DATA/sources/mydrivers_browser.toml), whose article pages go through scrapy-playwright and
Debian's Chromium. Same settings otherwise (AutoThrottle off, Scrapy's concurrency, images
downloaded). Two times per crawl: the whole process and the crawl itself (the crawl_runs row:
spider opened -> closed, so the browser's start-up is in it). Prints a Markdown table for
benchmarks/README.md. The machine is shared: run both back to back and compare within a run.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feed_crawl import run_feed_crawl  # noqa: E402

from newscrawl.demo.bulk import build_bulk_site  # noqa: E402
from newscrawl.demo.server import SiteServer, serve_site  # noqa: E402
from newscrawl.demo.user_source import declare_copy  # noqa: E402

BROWSER_SOURCE = "mydrivers_browser"


def declare_browser_source(data: Path) -> None:
    """mydrivers again, as a user source whose pages are rendered."""
    declare_copy(data, "mydrivers", BROWSER_SOURCE, render="browser")


def crawl(server: SiteServer, data: Path, source_id: str) -> dict[str, Any]:
    result, wall = run_feed_crawl(server, data, source_id)
    with sqlite3.connect(data / "archive.db") as conn:
        start, end = conn.execute(
            "select started_at, ended_at from crawl_runs order by id desc limit 1"
        ).fetchone()
        archived = conn.execute("select count(*) from articles").fetchone()[0]
    seconds = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
    rendered = "rendered in the browser" in result.stdout
    return {"wall": wall, "crawl": seconds, "archived": archived, "rendered": rendered}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100, help="articles on the site")
    args = parser.parse_args()
    if not shutil.which("chromium"):
        sys.exit("no chromium executable: apt-get install chromium")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        build_bulk_site(Path(tmp) / "site", args.n)
        with serve_site(Path(tmp) / "site") as server:
            for label, source_id in [("plain HTTP", "mydrivers"), ("browser", BROWSER_SOURCE)]:
                data = Path(tmp) / source_id
                if source_id == BROWSER_SOURCE:
                    declare_browser_source(data)
                found = crawl(server, data, source_id)
                if found["archived"] != args.n:
                    sys.exit(f"{label}: archived {found['archived']} of {args.n}")
                rows.append((label, found))
    print(f"| {args.n} articles | process s | crawl s | pages/s (crawl) |")
    print("|---|---:|---:|---:|")
    for label, found in rows:
        rate = args.n / found["crawl"] if found["crawl"] else 0.0
        print(f"| {label} | {found['wall']:.1f} | {found['crawl']:.1f} | {rate:.1f} |")
    plain, browser = rows[0][1], rows[1][1]
    print(f"\nbrowser / plain crawl time: {browser['crawl'] / plain['crawl']:.1f}x")


if __name__ == "__main__":
    main()
