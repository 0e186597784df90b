"""The parts of benchmarks/distributed.py that time no crawl: Redis memory per URL, and the
ingest alone writing articles already waiting on the item stream."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newscrawl.crawl.redis.keys import Keys
from newscrawl.demo.redis_server import RedisServer


def memory_at(server: RedisServer, urls: int) -> dict[str, float]:
    """Redis memory for `urls` requests enqueued (stream entries + seen window), and for the
    seen window alone once they are done."""
    from scrapy.utils.request import RequestFingerprinter

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
    fingerprinter = RequestFingerprinter()
    for k in range(urls):
        url = f"https://news.example.com/2024/{k // 1000}/{k}.htm"
        request = spider.article_request(url)
        request.meta["newscrawl_source"] = "mydrivers"
        fingerprint = fingerprinter.fingerprint(request)[:12]
        queue.enqueue(1, encode_request(request, spider), fingerprint, 7 * 86400)
    queued = int(client.info("memory")["used_memory"]) - base
    for stream in keys.frontier:
        client.delete(stream)
    seen = int(client.info("memory")["used_memory"]) - base
    return {"queued": queued / urls, "seen": seen / urls, "seen_total": seen, "urls": urls}


Launcher = Callable[..., Any]  # distributed.newscrawl: args, log= -> a Popen


@dataclasses.dataclass
class IngestRun:
    rate: float  # articles/s, wall time of the whole process
    cpu: float  # ms of CPU an article, the process
    busiest: float  # ms of CPU an article, its busiest thread
    steady: float  # articles/s from its first batch's acknowledgement to its last one's
    create_us: float  # what creating a file cost in its data directory just before it
    load: str  # load average after it


def ingest_runs(
    tmp: Path, server: RedisServer, article: dict[str, Any], n: int, runs: int,
    newscrawl: Launcher, load: Callable[[], str],
) -> list[IngestRun]:  # fmt: skip
    """`runs` runs of the ingest alone, each into a data directory of its own. Nothing is
    deleted between them: ext4 (without a journal, as this VM's) skips recently freed inodes
    one by one when it creates a file, so a deletion just before a run would slow its file
    creation, which each run's `create_us` shows."""
    found = []
    for k in range(runs):
        data = tmp / f"data-ingest-{k}"
        create_us = file_creation_us(data / "probe")
        rate, cpu, busiest, steady = ingest_alone(tmp, data, server, article, n, newscrawl)
        found.append(IngestRun(rate, cpu, busiest, steady, create_us, load()))
        print(f"ingest run {k + 1}: {rate:,.0f} articles/s ({steady:,.0f} from its first "
              f"ack to its last), {cpu:.2f} ms CPU an article, "
              f"busiest thread {busiest:.2f} ms, file creation {create_us:.0f} us before it, "
              f"load after {found[-1].load}", flush=True)  # fmt: skip
    return found


def file_creation_us(folder: Path, files: int = 200) -> float:
    """Median microseconds to create (open O_CREAT|O_EXCL, close) an empty file in `folder`,
    a new folder on the file system measured. The files stay: removing them would make the
    next creations on the file system dearer (ingest_runs)."""
    folder.mkdir(parents=True)
    took = []
    for k in range(files):
        started = time.perf_counter()
        os.close(os.open(folder / str(k), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        took.append(time.perf_counter() - started)
    return statistics.median(took) * 1e6


def file_system(path: Path) -> str:
    """The file system `path` is on: type, device and mount point (Linux's /proc/mounts)."""
    best = ("", "?", "?")
    with contextlib.suppress(OSError):
        for line in Path("/proc/mounts").read_text().splitlines():
            device, mount, kind = line.split()[:3]
            if path.resolve().is_relative_to(mount) and len(mount) >= len(best[0]):
                best = (mount, kind, device)
    return f"{best[1]} on {best[2]} (mounted at {best[0] or '?'})"


def ingest_alone(
    tmp: Path, data: Path, server: RedisServer, article: dict[str, Any], n: int,
    newscrawl: Launcher,
) -> tuple[float, float, float, float]:  # fmt: skip
    """Articles/s of the ingest writing `n` distinct articles already waiting on the stream,
    its CPU milliseconds per article (the rate an idle core would allow), and those of its
    busiest thread (the rate idle cores would allow, one for each of its threads); then its
    rate between its first acknowledgement and its last (no start-up, no last commit), as
    the stream's length shows it. The records are the workers' (records.article_record: the
    fields and the post text rendered there)."""
    from newscrawl.crawl.redis.records import article_record, read_record

    client = server.client()
    client.flushall()
    pipe = client.pipeline(transaction=False)
    _, (sample, _) = read_record(json.dumps({"kind": "article", "article": article}))
    for k in range(n):
        each = dataclasses.replace(sample, url=f"{sample.url}?k={k}", canonical_url="",
                                   title=f"{sample.title} ({k})")  # fmt: skip
        pipe.xadd(Keys().items, {"r": article_record(each)})
    pipe.execute()
    started = time.perf_counter()
    ingest = newscrawl("ingest", "--redis", server.url, "--data", str(data), "--exit-when-done",
                       log=tmp / "ingest.log")  # fmt: skip
    threads: dict[str, float] = {}  # CPU seconds of each thread, last seen
    acks: list[tuple[float, int]] = []  # (when, entries left) at each change after the first
    while True:
        done, status, usage = os.wait4(ingest.pid, os.WNOHANG)
        if done:
            break
        with contextlib.suppress(OSError, IndexError, ValueError):
            threads |= thread_cpu(ingest.pid)
        left = int(client.xlen(Keys().items))
        if left < (acks[-1][1] if acks else n):
            acks.append((time.perf_counter(), left))
        time.sleep(0.02)
    took = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"ingest failed; see {tmp / 'ingest.log'}")
    with sqlite3.connect(data / "archive.db") as conn:
        count = conn.execute("select count(distinct fetched_url) from articles").fetchone()[0]
    if count != n:
        sys.exit(f"ingest archived {count} of {n}")
    busiest = max(threads.values(), default=0.0) / n * 1000
    steady = 0.0
    if len(acks) > 1 and acks[-1][0] > acks[0][0]:
        steady = (acks[0][1] - acks[-1][1]) / (acks[-1][0] - acks[0][0])
    return n / took, (usage.ru_utime + usage.ru_stime) / n * 1000, busiest, steady


def thread_cpu(pid: int) -> dict[str, float]:
    """CPU seconds (user + system) of each thread of process `pid`, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        fields = Path(f"/proc/{pid}/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        seconds[tid] = (int(fields[11]) + int(fields[12])) / ticks
    return seconds


def sample_article(data: Path) -> dict[str, Any]:
    """One crawled article, the one with the most images, as the item stream carries it (from
    the archive row's fields)."""
    from newscrawl.crawl.redis.records import article_record
    from newscrawl.exporters.repost import article_from_row
    from newscrawl.items import ImageResult

    with sqlite3.connect(data / "archive.db") as conn:
        conn.row_factory = sqlite3.Row
        most = conn.execute(
            "select article_url from images group by article_url order by count(*) desc limit 1"
        ).fetchone()
        rows = conn.execute("select * from articles where url = ?", [most[0]]) if most else None
        row = dict((rows or conn.execute("select * from articles limit 1")).fetchone())
        images = conn.execute(
            "select url, status, path, checksum, error from images where article_url = ?"
            " order by position", [row["url"]],
        ).fetchall()  # fmt: skip
    article = article_from_row(row)
    article.image_results = [ImageResult(*image) for image in images]
    article.images = [image.url for image in article.image_results]
    return dict(json.loads(article_record(article))["article"])
