"""Incremental crawl cost: a 1,000-article local site crawled, crawled again unchanged, then
again after 10 of its articles were edited (issue 6).

    python benchmarks/incremental.py            # 1,000 articles, 10 edited
    python benchmarks/incremental.py --n 200    # a quick run

Run it with the Python newscrawl is installed in (`pip install -e .` in a fresh venv): a crawl's
start-up is mostly imports, so unrelated packages count (sqlite-utils imports numpy when it is
installed, ~0.08 s). The package's own modules are byte-compiled first, as an installed package's
are (pip compiles on install; an editable checkout caches on first import unless
PYTHONDONTWRITEBYTECODE is set, as in some sandboxes).

Each crawl is the real command (`newscrawl crawl mydrivers --entry FEED`, a subprocess) against
the bundled demo server on 127.0.0.1, which sends ETag / Last-Modified and answers 304. Requests
are counted by the server. Two times per crawl: the whole process (Python and Scrapy start-up
included) and the crawl itself (the `crawl_runs` row: spider opened -> closed). The unchanged
crawl is run --repeat times (it changes nothing) and its median is reported. Targets: the
unchanged crawl sends at most one request per entry point and takes under 5% of the first
crawl's time, whole process against whole process; the edited crawl makes a revision for exactly
the edited articles.
"""

from __future__ import annotations

import argparse
import compileall
import json
import random
import sqlite3
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feed_crawl import run_feed_crawl  # noqa: E402

from newscrawl.archive import archive_path  # noqa: E402
from newscrawl.demo.bulk import article_path, build_bulk_site  # noqa: E402
from newscrawl.demo.server import SiteServer, serve_site  # noqa: E402

ENTRY_POINTS = 1  # the site's one Atom feed


def crawl(server: SiteServer, data: Path) -> dict[str, float]:
    """Run one crawl; its requests, process and crawl times, and outcome counts."""
    before = sum(server.hits.values())
    _, wall = run_feed_crawl(server, data, "mydrivers")
    with sqlite3.connect(archive_path(data)) as conn:
        start, end, counts = conn.execute(
            "select started_at, ended_at, counts from crawl_runs order by id desc limit 1"
        ).fetchone()
        revisions = conn.execute("select count(*) from revisions").fetchone()[0]
    took = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
    found = json.loads(counts)
    return {
        "requests": sum(server.hits.values()) - before,
        "wall": wall,
        "crawl": took,
        "new": found["new"],
        "updated": found["updated"],
        "skipped": found["skipped"],
        "revisions": revisions,
    }


def median_crawl(runs: list[dict[str, float]]) -> dict[str, float]:
    """Median times of identical crawls; the most requests any of them sent."""
    merged = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    merged["requests"] = max(run["requests"] for run in runs)
    return merged


def revised_urls(data: Path) -> set[str]:
    with sqlite3.connect(archive_path(data)) as conn:
        return {url for (url,) in conn.execute("select article_url from revisions")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="Articles on the site.")
    parser.add_argument("--edited", type=int, default=10, help="Articles edited before crawl 3.")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=5, help="Unchanged crawls (median shown).")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "newscrawl", quiet=1)
    with tempfile.TemporaryDirectory(prefix="newscrawl-incremental-") as tmp:
        site, data = Path(tmp, "site"), Path(tmp, "data")
        build_bulk_site(site, args.n)
        edited = set(random.Random(args.seed).sample(range(args.n), args.edited))
        with serve_site(site) as server:
            first = crawl(server, data)
            second = median_crawl([crawl(server, data) for _ in range(args.repeat)])
            build_bulk_site(site, args.n, edited, datetime.now(UTC))
            third = crawl(server, data)
            expected = {server.url("/" + article_path(k)) for k in edited}
        revised = revised_urls(data)
    report(args, first, second, third, revised == expected)


def report(
    args: argparse.Namespace,
    first: dict[str, float],
    second: dict[str, float],
    third: dict[str, float],
    exact: bool,
) -> None:
    print(f"\n{args.n} articles, {ENTRY_POINTS} entry point, {args.edited} edited before crawl 3; "
          f"crawl 2 is the median of {args.repeat} runs; Python {sys.executable}\n")  # fmt: skip
    print(f"{'crawl':<22}{'requests':>9}{'process s':>11}{'crawl s':>9}{'new':>6}"
          f"{'updated':>8}{'skipped':>8}{'revisions':>10}")  # fmt: skip
    rows = [("1 first", first), ("2 unchanged", second), (f"3 {args.edited} edited", third)]
    for name, r in rows:
        print(f"{name:<22}{r['requests']:>9.0f}{r['wall']:>11.2f}{r['crawl']:>9.3f}"
              f"{r['new']:>6.0f}{r['updated']:>8.0f}{r['skipped']:>8.0f}"
              f"{r['revisions']:>10.0f}")  # fmt: skip
    per_entry = second["requests"] / ENTRY_POINTS
    crawl_ratio, wall_ratio = second["crawl"] / first["crawl"], second["wall"] / first["wall"]
    checks = [
        (f"unchanged crawl: {per_entry:.0f} request(s) per entry point (target <= 1)",
         per_entry <= 1),
        (f"unchanged crawl time / first, whole process incl. start-up: {wall_ratio:.2%} "
         "(target < 5%)", wall_ratio < 0.05),
        (f"  same, crawl only (spider opened -> closed): {crawl_ratio:.2%}", crawl_ratio < 0.05),
        (f"revisions after the edit: {third['revisions']:.0f}, exactly the edited articles: "
         f"{exact}", exact and third["revisions"] == args.edited),
    ]  # fmt: skip
    print()
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")


if __name__ == "__main__":
    main()
