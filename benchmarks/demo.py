"""Time the demo crawl and the per-article work; prints a table.

    python benchmarks/demo.py [--runs 3]

Per-article work (pure, no I/O): page bytes -> post (article_from_page: decode, extract,
normalize, sanitize; post_from_article: validate, render), on the saved 快科技 fixture pages.
Crawl: `newscrawl demo` in a fresh data directory, as a newcomer runs it (process wall time,
and the crawl's own elapsed time from Scrapy's stats, per article).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscrawl import sources
from newscrawl.clean.article import article_from_page, post_from_article

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "sources" / "mydrivers"


def per_article(rounds: int) -> list[float]:
    source = sources.get("mydrivers")
    found = sorted(p for p in FIXTURES.glob("*.html") if not p.name.endswith(".gbk.html"))
    pages = [p.read_bytes() for p in found]
    times = []
    for _ in range(rounds):
        for page in pages:
            start = time.perf_counter()
            post_from_article(
                article_from_page(page, "https://news.mydrivers.com/1/1/1.htm", source)
            )
            times.append((time.perf_counter() - start) * 1000)
    return times


def demo_crawl() -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "newscrawl", "demo", "--data", tmp],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        wall = time.perf_counter() - start
    match = re.search(r"crawl finished in ([\d.]+)s: (\d+) article pages", result.stdout)
    assert match, result.stdout
    return wall, float(match[1]), int(match[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = per_article(rounds=20)
    crawls = [demo_crawl() for _ in range(args.runs)]
    walls = [c[0] for c in crawls]
    elapsed = [c[1] for c in crawls]
    articles = crawls[0][2]
    p95 = statistics.quantiles(work, n=20)[-1]
    per = f"{statistics.median(elapsed) / articles * 1000:9.1f} ms"
    per_wall = f"{statistics.median(walls) / articles * 1000:9.1f} ms"
    print(f"{'measure':44} {'value':>12}")
    print(f"{'per article: page -> post, mean':44} {statistics.mean(work):9.2f} ms")
    print(f"{'per article: page -> post, p95':44} {p95:9.2f} ms")
    print(f"{'demo: articles':44} {articles:12d}")
    print(f"{'demo: crawl elapsed (Scrapy stats), median':44} {statistics.median(elapsed):10.2f} s")
    print(f"{'demo: crawl elapsed per article':44} {per}")
    print(f"{'demo: whole command wall time, median':44} {statistics.median(walls):10.2f} s")
    print(f"{'demo: whole command per article':44} {per_wall}")


if __name__ == "__main__":
    main()
