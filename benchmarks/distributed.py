"""Crawling on several machines (issue 17): articles/s with 1, 2 and 4 Redis workers against the
single-process `newscrawl crawl`, in the same run; Redis memory at 100,000 URLs; the ingest alone.

    python benchmarks/distributed.py                 # 2,000 articles, 200 ms per response
    python benchmarks/distributed.py --n 300         # a quick run

The site is the bulk demo site (newscrawl/demo/bulk.py: the bundled 快科技 pages, each article
with its own URL, title and local images), served by SlowSiteServer, which answers every request
(pages and images) after --delay seconds. Each worker and the single process may have 4 requests
in flight (CONCURRENT_REQUESTS and _PER_DOMAIN = 4, AutoThrottle off); the cluster's per-site
limit is raised so that it does not bind. A run is timed from the seed to the ingest's exit
(everything archived and acknowledged) and checked: every article archived exactly once.

Redis runs here with appendfsync everysec (README: what each setting can lose). Targets: >= 1.7x
at 2 workers and >= 3x at 4 over 1 worker; the ingest alone >= 1,000 articles/s.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The repository instead of this folder: benchmarks/incremental.py would shadow the
# `incremental` package Twisted imports.
sys.path[0] = str(ROOT)

from newscrawl.crawl.process import Target  # noqa: E402
from newscrawl.crawl.redis.keys import Keys  # noqa: E402
from newscrawl.crawl.redis.seed import seed  # noqa: E402
from newscrawl.demo.bulk import build_bulk_site  # noqa: E402
from newscrawl.demo.redis_server import RedisServer  # noqa: E402
from newscrawl.demo.slow import SlowSiteServer  # noqa: E402

PER_WORKER = ["CONCURRENT_REQUESTS=4", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
              "AUTOTHROTTLE_ENABLED=false", "NEWSCRAWL_CLUSTER_CONCURRENCY_PER_DOMAIN=1000",
              "LOG_LEVEL=WARNING"]  # fmt: skip


def newscrawl(*args: str, log: Path) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawl", *args], cwd=ROOT, stdout=out, stderr=out
    )


def archived(data: Path) -> tuple[int, int]:
    """Articles archived, and distinct fetched URLs among them."""
    with sqlite3.connect(data / "archive.db") as conn:
        rows = conn.execute("select count(*), count(distinct fetched_url) from articles").fetchone()
    return int(rows[0]), int(rows[1])


def cluster_run(tmp: Path, server: RedisServer, site: SlowSiteServer, workers: int) -> float:
    """Seconds from the seed until every article is archived by `workers` workers."""
    server.client().flushall()
    data, log = tmp / f"data-{workers}", tmp / f"cluster-{workers}.log"
    started = time.perf_counter()
    seed(server.url, Keys().prefix, data, [Target("mydrivers", [site.url("/atom.xml")])])
    sets = [a for s in PER_WORKER for a in ("--set", s)]
    common = ["--redis", server.url, "--exit-when-done"]
    worker = ["worker", *common, "--data", str(tmp / "w"), "--files-store", str(data / "images")]
    processes = [newscrawl(*worker, *sets, log=log) for _ in range(workers)]
    processes.append(newscrawl("ingest", *common, "--data", str(data), log=log))
    if any(p.wait() != 0 for p in processes):
        sys.exit(f"a cluster process failed; see {log}")
    return time.perf_counter() - started


def single_run(tmp: Path, site: SlowSiteServer) -> float:
    data = tmp / "data-single"
    sets = [a for s in PER_WORKER for a in ("--set", s)]
    started = time.perf_counter()
    crawl = newscrawl("crawl", "mydrivers", "--entry", site.url("/atom.xml"), "--data", str(data),
                      *sets, log=tmp / "single.log")  # fmt: skip
    if crawl.wait() != 0:
        sys.exit(f"the single-process crawl failed; see {tmp / 'single.log'}")
    return time.perf_counter() - started


def memory_at(server: RedisServer, urls: int) -> dict[str, float]:
    """Redis memory for `urls` requests enqueued (stream entries + seen window), and for the
    seen window alone once they are done."""

    from newscrawl.crawl.redis.codec import encode_request
    from newscrawl.crawl.redis.connection import Link
    from newscrawl.crawl.redis.queue import FrontierQueue
    from newscrawl.crawl.redis.spider import ClusterSpider

    client = server.client()
    client.flushall()
    base = int(client.info("memory")["used_memory"])
    keys = Keys()
    queue = FrontierQueue(Link(server.url), keys, "bench", 60.0, 5)
    queue.ensure_groups()
    spider = ClusterSpider()
    for k in range(urls):
        url = f"https://news.example.com/2024/{k // 1000}/{k}.htm"
        request = spider.article_request(url)
        request.meta["newscrawl_source"] = "mydrivers"
        fingerprint = spider_fingerprint(request)
        queue.enqueue(1, encode_request(request, spider), fingerprint, 7 * 86400)
    queued = int(client.info("memory")["used_memory"]) - base
    for stream in keys.frontier:
        client.delete(stream)
    seen = int(client.info("memory")["used_memory"]) - base
    return {"queued": queued / urls, "seen": seen / urls, "seen_total": seen, "urls": urls}


def spider_fingerprint(request: Any) -> bytes:
    from scrapy.utils.request import RequestFingerprinter

    return RequestFingerprinter().fingerprint(request)[:12]


def ingest_alone(tmp: Path, server: RedisServer, site_article: dict[str, Any], n: int) -> float:
    """Articles/s of the ingest writing `n` distinct articles already waiting on the stream."""
    client = server.client()
    client.flushall()
    pipe = client.pipeline(transaction=False)
    for k in range(n):
        article = dict(site_article, url=f"{site_article['url']}?k={k}", canonical_url="",
                       title=f"{site_article['title']} ({k})")  # fmt: skip
        pipe.xadd(Keys().items, {"r": json.dumps({"kind": "article", "article": article})})
    pipe.execute()
    data = tmp / "data-ingest"
    started = time.perf_counter()
    ingest = newscrawl("ingest", "--redis", server.url, "--data", str(data), "--exit-when-done",
                       log=tmp / "ingest.log")  # fmt: skip
    if ingest.wait() != 0:
        sys.exit(f"ingest failed; see {tmp / 'ingest.log'}")
    took = time.perf_counter() - started
    if archived(data)[1] != n:
        sys.exit(f"ingest archived {archived(data)} of {n}")
    return n / took


def sample_article(data: Path) -> dict[str, Any]:
    """One crawled article as the item stream carries it (from the archive row's fields)."""
    from newscrawl.crawl.redis.records import article_record
    from newscrawl.exporters.repost import article_from_row
    from newscrawl.items import ImageResult

    with sqlite3.connect(data / "archive.db") as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("select * from articles limit 1").fetchone())
        images = conn.execute(
            "select url, status, path, checksum, error from images where article_url = ?"
            " order by position", [row["url"]],
        ).fetchall()  # fmt: skip
    article = article_from_row(row)
    article.image_results = [ImageResult(*image) for image in images]
    article.images = [image.url for image in article.image_results]
    return dict(json.loads(article_record(article))["article"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="Articles on the site.")
    parser.add_argument("--delay", type=float, default=0.2, help="Seconds per response.")
    parser.add_argument("--workers", default="1,2,4", help="Worker counts to run.")
    parser.add_argument("--urls", type=int, default=100_000, help="URLs for the memory figure.")
    parser.add_argument("--ingest", type=int, default=5000, help="Articles for the ingest alone.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newscrawl-distributed-") as name:
        tmp = Path(name)
        build_bulk_site(tmp / "site", args.n)
        rows: list[tuple[str, float, int]] = []
        with (
            RedisServer(tmp / "redis", fsync="everysec") as server,
            SlowSiteServer(tmp / "site", args.delay) as site,
        ):
            for workers in [int(w) for w in args.workers.split(",")]:
                took = cluster_run(tmp, server, site, workers)
                rows.append(
                    (f"{workers} worker(s) + ingest", took, check(tmp / f"data-{workers}", args.n))
                )
            took = single_run(tmp, site)
            rows.append(
                ("single process (newscrawl crawl)", took, check(tmp / "data-single", args.n))
            )
            memory = memory_at(server, args.urls)
            ingest_rate = ingest_alone(
                tmp, server, sample_article(tmp / "data-single"), args.ingest
            )
    report(args, rows, memory, ingest_rate)


def check(data: Path, n: int) -> int:
    total, distinct = archived(data)
    if total != n or distinct != n:
        sys.exit(f"{data}: {total} articles archived ({distinct} distinct), expected {n}")
    return total


def report(args: argparse.Namespace, rows: list[tuple[str, float, int]],
           memory: dict[str, float], ingest_rate: float) -> None:  # fmt: skip
    print(f"\n{args.n} articles (+ their images), {args.delay * 1000:.0f} ms per response, "
          f"4 requests in flight per worker; Python {sys.executable}\n")  # fmt: skip
    print(f"{'run':<34}{'seconds':>9}{'articles/s':>12}{'speed-up':>10}{'archived':>10}")
    one = next((args.n / t for name, t, _ in rows if name.startswith("1 ")), None)
    for name, took, count in rows:
        rate = args.n / took
        speed = f"{rate / one:.2f}x" if one else "-"
        print(f"{name:<34}{took:>9.1f}{rate:>12.1f}{speed:>10}{count:>10}")
    print(f"\nRedis memory per URL, {memory['urls']:,.0f} URLs: {memory['queued']:.0f} B while "
          f"queued (stream entry + seen window), {memory['seen']:.0f} B once done (seen window "
          f"only: {memory['seen_total'] / 1048576:.1f} MiB)")  # fmt: skip
    print(f"ingest alone: {ingest_rate:,.0f} articles/s ({args.ingest} articles, posts and rows)")
    by = {name.split(" ")[0]: args.n / t for name, t, _ in rows}
    checks = []
    if one and "2" in by:
        checks.append((f"2 workers: {by['2'] / one:.2f}x (target >= 1.7x)", by["2"] / one >= 1.7))
    if one and "4" in by:
        checks.append((f"4 workers: {by['4'] / one:.2f}x (target >= 3x)", by["4"] / one >= 3))
    checks.append((f"ingest: {ingest_rate:,.0f}/s (target >= 1,000)", ingest_rate >= 1000))
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")


if __name__ == "__main__":
    main()
