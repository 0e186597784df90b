"""Crawling on several machines (issue 17): articles/s with 1, 2 and 4 Redis workers against the
single-process `newscrawl crawl`, in the same run; Redis memory at 100,000 URLs; the ingest alone.

    python benchmarks/distributed.py                  # ~2,000 corpus articles, 200 ms per response
    python benchmarks/distributed.py --copies 2       # a quick run (258 pages)
    python benchmarks/distributed.py --rows ingest    # the ingest alone, 5 runs (after a
                                                      # 5-article crawl): their median
    python benchmarks/distributed.py --source mydrivers --delay 0 --rows 2,single [--no-images]
                                                      # 512 快科技 pages read by a declared
                                                      # source's selectors, CPU-bound

The site is the crawl benchmark's (benchmarks/crawl_site.py): the real pages of
../shared/corpus/fundus, each served --copies times under distinct URLs and canonicals, their
images rewritten to local JPEGs; home page, RSS feed, robots.txt naming a Google News sitemap of
every article. SlowSiteServer answers every request (pages, images, robots.txt) after --delay
seconds. Every run starts from the site's home URL, as `newscrawl crawl URL` does: the cluster
runs through `newscrawl crawl URL --redis`. Each worker and the single process may have 4
requests in flight (CONCURRENT_REQUESTS and _PER_DOMAIN = 4, AutoThrottle off); the cluster's
per-site limit is raised so that it does not bind. A cluster run is timed from the seed to the
ingest's exit (everything archived and acknowledged), and every run is checked: each page
archived exactly once or passed over (a page the generic extractor finds no body in), and every
run archived the same articles. `--source mydrivers` crawls instead the bundled 快科技 pages
(newscrawl/demo/bulk.py, --articles of them, their images local) from their Atom feed with the
`mydrivers` source's selectors, as benchmarks/crawl.py's declared-source rows do; `--no-images`
archives image URLs only (NEWSCRAWL_IMAGES off for the workers and the single crawl).

Each crawl row also gives the CPU its processes spent an article (the seed, the workers with their
page readers, the ingest; not the site, which runs in this process): on a shared machine, whose
load moves the wall times, the figure to compare. The ingest alone runs --ingest-runs times (5),
each into a data directory of its own after a probe of what creating a file costs there (ext4
makes it dearer after deletions); the check is on their median, and every run is printed.

Redis runs here with appendfsync everysec (README: what each setting can lose). Targets: >= 1.7x
at 2 workers and >= 3x at 4 over 1 worker; the ingest alone >= 1,000 articles/s.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The repository instead of this folder: benchmarks/incremental.py would shadow the
# `incremental` package Twisted imports.
sys.path[0] = str(ROOT)
sys.path.append(str(ROOT / "benchmarks"))

from crawl import in_loopback_namespace  # noqa: E402
from crawl_site import build_site, corpus_pages  # noqa: E402
from distributed_parts import (  # noqa: E402
    IngestRun,
    file_system,
    ingest_runs,
    memory_at,
    sample_article,
)

# crawl.py puts this folder first on the path, where incremental.py shadows Twisted's
# `incremental`: last again, before anything imports Twisted.
sys.path = [p for p in sys.path if p != str(ROOT / "benchmarks")] + [str(ROOT / "benchmarks")]

from newscrawl.demo.bulk import build_bulk_site  # noqa: E402
from newscrawl.demo.redis_server import RedisServer  # noqa: E402
from newscrawl.demo.slow import SlowSiteServer  # noqa: E402

PER_WORKER = ["CONCURRENT_REQUESTS=4", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
              "AUTOTHROTTLE_ENABLED=false", "NEWSCRAWL_CLUSTER_CONCURRENCY_PER_DOMAIN=1000",
              "LOG_LEVEL=WARNING"]  # fmt: skip
SETS = [a for s in PER_WORKER for a in ("--set", s)]


def newscrawl(*args: str, log: Path) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawl", *args], cwd=ROOT, stdout=out, stderr=out
    )


def outcome(data: Path) -> tuple[set[str], int]:
    """The URLs of the site's articles archived (each once: else exit), and how many of its
    article pages were passed over."""
    with sqlite3.connect(data / "archive.db") as conn:
        urls = [u for (u,) in conn.execute("select fetched_url from articles")]
        passed = conn.execute(
            "select count(*) from visits where article_url is null"
            " and (url like '%/a/%' or url like '%.htm')"
        ).fetchone()[0]
    if len(urls) != len(set(urls)):
        sys.exit(f"{data}: {len(urls) - len(set(urls))} articles archived twice")
    return set(urls), int(passed)


def cluster_run(tmp: Path, server: RedisServer, target: list[str], workers: int) -> float:
    """Seconds from the seed until every article is archived by `workers` workers."""
    server.client().flushall()
    data, log = tmp / f"data-{workers}", tmp / f"cluster-{workers}.log"
    started = time.perf_counter()
    seeding = newscrawl("crawl", *target, "--redis", server.url, "--data", str(data),
                        "--limit", "100000", log=log)  # fmt: skip
    if seeding.wait() != 0:
        sys.exit(f"seeding failed; see {log}")
    common = ["--redis", server.url, "--exit-when-done"]
    worker = ["worker", *common, "--data", str(tmp / "w"), "--files-store", str(data / "images")]
    processes = [newscrawl(*worker, *SETS, log=log) for _ in range(workers)]
    processes.append(newscrawl("ingest", *common, "--data", str(data), log=log))
    if any(p.wait() != 0 for p in processes):
        sys.exit(f"a cluster process failed; see {log}")
    return time.perf_counter() - started


def single_run(tmp: Path, target: list[str], name: str = "single", limit: int = 100_000) -> float:
    data, log = tmp / f"data-{name}", tmp / f"{name}.log"
    started = time.perf_counter()
    crawl = newscrawl("crawl", *target, "--data", str(data), "--limit", str(limit), *SETS, log=log)
    if crawl.wait() != 0:
        sys.exit(f"the single-process crawl failed; see {log}")
    return time.perf_counter() - started


# name, seconds, articles archived, load average after, CPU seconds of its processes
Row = tuple[str, float, int, str, float]


def crawl_rows(
    args: argparse.Namespace, tmp: Path, server: RedisServer, target: list[str]
) -> list[Row]:
    rows: list[Row] = []
    archived: set[str] | None = None
    for name in args.rows:
        if name not in ("1", "2", "4", "single"):
            continue
        cpu = children_cpu()
        took = (
            single_run(tmp, target)
            if name == "single"
            else cluster_run(tmp, server, target, int(name))
        )
        cpu = children_cpu() - cpu
        urls, passed = outcome(tmp / f"data-{name}")
        if len(urls) + passed != args.pages or (archived is not None and urls != archived):
            sys.exit(f"run {name}: {len(urls)} archived + {passed} passed over of {args.pages}")
        archived = urls
        label = "single process (newscrawl crawl)" if name == "single" else f"{name} worker(s)"
        rows.append((label, took, len(urls), load(), cpu))
        print(f"{label}: {took:.1f} s, {len(urls)} archived, {cpu / len(urls) * 1000:.0f} ms "
              f"CPU an article, load {load()}", flush=True)  # fmt: skip
    return rows


def ingest_summary(args: argparse.Namespace, runs: list[IngestRun]) -> tuple[str, bool]:
    """The ingest's runs in one line, and the check: its median against the target. A single
    run says little here: the file system's state moves a run's rate by 2x (ingest_runs)."""
    rates = sorted(r.rate for r in runs)
    median = statistics.median(rates)
    cpu = statistics.median(r.cpu for r in runs)
    busiest = statistics.median(r.busiest for r in runs)
    steady = statistics.median(r.steady for r in runs)
    print(f"ingest alone ({args.ingest} articles a run, posts and rows, into {args.fs}): "
          f"median of {len(runs)} runs {median:,.0f} articles/s (runs: "
          f"{', '.join(f'{r.rate:,.0f}' for r in runs)}; spread {rates[0]:,.0f}-{rates[-1]:,.0f};"
          f" {steady:,.0f}/s from first ack to last, no start-up); median {cpu:.2f} ms CPU an "
          f"article, busiest thread {busiest:.2f} ms; file creation before each run "
          f"{', '.join(f'{r.create_us:.0f}' for r in runs)} us; "
          f"{sum(r >= 1000 for r in rates)} of {len(runs)} runs >= 1,000/s")  # fmt: skip
    return f"ingest: median {median:,.0f}/s (target >= 1,000)", median >= 1000


def children_cpu() -> float:
    """CPU seconds of every process this one started and waited for: the seed, the workers
    with their page readers, the ingest (not the site, which runs in this process)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--copies", type=int, default=16, help="Copies of each corpus page (16: 2,064 pages)."
    )
    parser.add_argument("--delay", type=float, default=0.2, help="Seconds per response.")
    parser.add_argument("--rows", default="1,2,4,single,memory,ingest", help="Rows to run.")
    parser.add_argument("--urls", type=int, default=100_000, help="URLs for the memory figure.")
    parser.add_argument("--ingest", type=int, default=5000, help="Articles for the ingest alone.")
    parser.add_argument("--ingest-runs", type=int, default=5, help="Runs of the ingest alone.")
    parser.add_argument(
        "--source", choices=("corpus", "mydrivers"), default="corpus",
        help="The corpus pages (generic extraction) or 快科技 pages (a declared source).",
    )  # fmt: skip
    parser.add_argument("--articles", type=int, default=512, help="Pages of --source mydrivers.")
    parser.add_argument("--no-images", action="store_true", help="Archive image URLs only.")
    args = parser.parse_args()
    args.rows = args.rows.split(",")
    if args.no_images:  # the workers' and the single crawl's setting (crawl --no-images)
        SETS.extend(["--set", "NEWSCRAWL_IMAGES=false"])
    declared = args.source == "mydrivers"
    args.pages = args.articles if declared else args.copies * len(corpus_pages())
    if not args.pages:
        sys.exit("no corpus pages found: the site is built from ../shared/corpus/fundus")
    in_loopback_namespace()  # the few images the rewrite misses stay remote: never fetched
    where = "loopback-only network namespace" if os.environ.get("NEWSCRAWL_BENCH_NETNS") \
        else "NOT isolated (no unshare -n)"  # fmt: skip
    print(f"load average before: {load()} ({os.cpu_count()} cores); {where}", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="newscrawl-distributed-"))
    args.fs = file_system(tmp)
    print(f"work directory (removed when every run succeeds): {tmp}, {args.fs}", flush=True)
    measure(args, tmp)
    shutil.rmtree(tmp, ignore_errors=True)


def measure(args: argparse.Namespace, tmp: Path) -> None:
    (tmp / "site").mkdir()
    with (
        RedisServer(tmp / "redis", fsync="everysec") as server,
        SlowSiteServer(tmp / "site", args.delay) as site,
    ):
        home = site.url("/")
        if args.source == "mydrivers":
            build_bulk_site(tmp / "site", args.pages)  # the server fills in {{BASE}}
            target = ["mydrivers", "--entry", f"{home}atom.xml"]
        else:
            build_site(tmp / "site", home.rstrip("/"), args.copies)
            target = [home]
        rows = crawl_rows(args, tmp, server, target)
        memory = memory_at(server, args.urls) if "memory" in args.rows else None
        ingest = None
        if "ingest" in args.rows:
            if not (tmp / "data-single").exists():
                single_run(tmp, target, "sample", limit=5)
            sample = sample_article(tmp / ("data-single" if rows else "data-sample"))
            print(f"ingest sample: {sample['url']} ({len(sample['body_html']):,} characters of "
                  f"body, {len(sample['image_results'])} images)", flush=True)  # fmt: skip
            ingest = ingest_runs(tmp, server, sample, args.ingest, args.ingest_runs, newscrawl,
                                 load)  # fmt: skip
    report(args, rows, memory, ingest)


def report(args: argparse.Namespace, rows: list[Row], memory: dict[str, float] | None,
           ingest: list[IngestRun] | None) -> None:  # fmt: skip
    print(f"\nPython {sys.executable}")
    if rows:
        site = "快科技 pages (mydrivers source)" if args.source == "mydrivers" else "corpus site"
        images = "no images" if args.no_images else "+ their images"
        print(f"{args.pages} pages ({images}) of the {site}, {args.delay * 1000:.0f} "
              f"ms per response, 4 requests in flight per worker\n")  # fmt: skip
        print("| run | seconds | articles/s | speed-up | archived | CPU an article | load after |")
        print("|---|---|---|---|---|---|---|")
    one = next((n / t for name, t, n, _, _ in rows if name.startswith("1 ")), None)
    rates = {name.split(" ")[0]: n / t for name, t, n, _, _ in rows}
    for name, took, count, after, cpu in rows:
        speed = f"{count / took / one:.2f}x" if one else "-"
        print(f"| {name} | {took:.1f} | {count / took:.1f} | {speed} | {count} | "
              f"{cpu / count * 1000:.0f} ms | {after} |")  # fmt: skip
    if memory:
        print(f"\nRedis memory per URL, {memory['urls']:,.0f} URLs: {memory['queued']:.0f} B "
              f"while queued (stream entry + seen window), {memory['seen']:.0f} B once done "
              f"(seen window only: {memory['seen_total'] / 1048576:.1f} MiB)")  # fmt: skip
    checks = []
    if one and "2" in rates:
        checks.append(
            (f"2 workers: {rates['2'] / one:.2f}x (target >= 1.7x)", rates["2"] / one >= 1.7)
        )
    if one and "4" in rates:
        checks.append((f"4 workers: {rates['4'] / one:.2f}x (target >= 3x)", rates["4"] / one >= 3))
    if ingest:
        checks.append(ingest_summary(args, ingest))
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
