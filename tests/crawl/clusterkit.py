"""What the cluster tests share: a real redis-server on a free 127.0.0.1 port in a temp dir, the
bulk demo site, workers and the ingest as real `newscrawl` processes, and the end-of-test check
(every article archived exactly once, nothing pending, integrity ok)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import redis

from newscrawl.crawl.redis.keys import WORKERS, Keys
from newscrawl.demo.bulk import article_path, build_bulk_site
from newscrawl.demo.redis_server import RedisServer
from newscrawl.demo.server import SiteServer, serve_site
from newscrawl.exporters.posts import TEMP_PREFIX
from newscrawl.exporters.repost import render_row

ROOT = Path(__file__).resolve().parents[2]
KEYS = Keys()
# What bounds a cluster test's waits: the test's whole budget, under pytest's timeout (300 s) so
# that a wait that fails says why with the processes' logs. Never a guess at how long one step
# takes: each wait ends when its condition holds, at once on an idle machine, later on a loaded
# one.
BUDGET = 240.0
# Every process a Cluster started; conftest kills those still running after each test.
STARTED: list[subprocess.Popen[bytes]] = []


class Cluster:
    """Workers and an ingest against one Redis, archiving into `data`."""

    def __init__(self, tmp: Path, server: RedisServer, site: SiteServer, lease: float = 3.0):
        self.tmp, self.redis, self.site, self.lease = tmp, server, site, lease
        self.data = tmp / "data"
        self.logs = tmp / "logs"
        self.logs.mkdir(exist_ok=True)
        self.started = 0
        self.log_paths: dict[int, Path] = {}  # pid -> its log

    def seed(self) -> str:
        """`newscrawl crawl mydrivers --entry FEED --redis URL`: the frontier seeded."""
        command = [sys.executable, "-m", "newscrawl", "crawl", "mydrivers",
                   "--entry", self.site.url("/atom.xml"), "--redis", self.redis.url,
                   "--data", str(self.data)]  # fmt: skip
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == [
            "mydrivers",
            "1",
            "requests",
            "put",
            "into",
            "the",
            "frontier",
        ]
        return done.stdout

    def worker(
        self,
        *sets: str,
        exit_when_done: bool = True,
        processes: int = 1,
        group: bool = False,
        verbose: bool = False,
    ) -> subprocess.Popen[bytes]:
        """A worker (`processes` > 1: `--processes N`); `group`: in a process group of its own,
        as a shell starts a job, for a test to signal the group as a terminal does; `verbose`:
        Scrapy's own log lines too (how it took a signal)."""
        # A local site: no AutoThrottle; short leases so that reclaiming shows within a test.
        settings = ["AUTOTHROTTLE_ENABLED=false", f"NEWSCRAWL_REDIS_LEASE={self.lease}",
                    "NEWSCRAWL_REDIS_POLL=0.05", "DOWNLOAD_TIMEOUT=5", "RETRY_TIMES=1",
                    *sets]  # fmt: skip
        command = [sys.executable, "-m", "newscrawl", *(["-v"] if verbose else []), "worker",
                   "--redis", self.redis.url,
                   "--data", str(self.tmp / "worker"),
                   "--files-store", str(self.data / "images")]  # fmt: skip
        command += [a for s in settings for a in ("--set", s)]
        if exit_when_done:
            command.append("--exit-when-done")
        if processes > 1:
            command += ["--processes", str(processes)]
        return self._start("worker", command, group)

    def ingest(self, *extra: str) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "newscrawl", "ingest", "--redis", self.redis.url,
                   "--data", str(self.data), "--batch", "20", "--exit-when-done",
                   *extra]  # fmt: skip
        return self._start("ingest", command)

    def _start(self, name: str, command: list[str], group: bool = False) -> subprocess.Popen[bytes]:
        self.started += 1
        log = (self.logs / f"{self.started:02d}-{name}.log").open("ab")
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=log, process_group=0 if group else None
        )
        STARTED.append(process)
        self.log_paths[process.pid] = Path(log.name)
        return process

    def log_text(self, tail: int = 3000) -> str:
        """The processes' logs, the last `tail` characters of each (0: all of them)."""
        texts = (p.read_text(errors="replace") for p in sorted(self.logs.iterdir()))
        return "\n".join(text[-tail:] if tail else text for text in texts)

    def log_of(self, process: subprocess.Popen[bytes]) -> str:
        """The log of one process this cluster started (its stdout and stderr)."""
        return self.log_paths[process.pid].read_text(errors="replace")

    def logs_saying(self, text: str) -> int:
        """How many of the processes' logs hold `text`."""
        return sum(text in p.read_text(errors="replace") for p in self.logs.iterdir())

    def archived(self) -> int:
        if not (self.data / "archive.db").exists():
            return 0
        with sqlite3.connect(self.data / "archive.db") as conn:
            try:
                return int(conn.execute("select count(*) from articles").fetchone()[0])
            except sqlite3.OperationalError:
                return 0


def slow(delay: float) -> list[str]:
    """A worker's settings that keep a small crawl going long enough to fault it mid-way."""
    return ["CONCURRENT_REQUESTS_PER_DOMAIN=2", f"DOWNLOAD_DELAY={delay}"]


def summary_counts(log: str, heading: str) -> dict[str, str]:
    """The summary a process printed last (its line starting with `heading`, then its
    indented lines), by label: {"sent": "40 articles to the ingest", ...}."""
    lines = log.splitlines()
    starts = [n for n, line in enumerate(lines) if line.startswith(heading)]
    assert starts, f"no summary starting {heading!r} in:\n{log[-3000:]}"
    found = {"": lines[starts[-1]]}
    for line in lines[starts[-1] + 1 :]:
        if not line.startswith("  "):
            break
        label, _, rest = line.strip().partition(" ")
        found[label] = rest.strip()
    return found


def first_number(text: str) -> int:
    found = re.match(r"\d+", text)
    assert found, text
    return int(found.group())


def budget() -> float:
    """The deadline (time.monotonic()) of a test's waits, for a test starting now."""
    return time.monotonic() + BUDGET


def wait_until(
    condition: Callable[[], bool],
    processes: list[subprocess.Popen[bytes]],
    cluster: Cluster,
    deadline: float,
) -> None:
    """Poll `condition` until it holds, however slowly a loaded machine gets there: fails at
    once if one of `processes` exits first (it cannot hold any more), else only at `deadline`
    (time.monotonic(); the test's whole budget, not a guess at how long the step takes)."""
    while not condition():
        exited = [p.returncode for p in processes if p.poll() is not None]
        assert not exited, (exited, cluster.log_text())
        assert time.monotonic() < deadline, cluster.log_text()
        time.sleep(0.05)


def wait_all(processes: list[subprocess.Popen[bytes]], deadline: float) -> list[int]:
    """The exit statuses of `processes` (-999: still running at `deadline`, then killed)."""
    statuses = []
    for process in processes:
        try:
            statuses.append(process.wait(timeout=max(0.1, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            process.kill()
            statuses.append(-999)
    return statuses


def consumer(worker: subprocess.Popen[bytes]) -> bytes:
    """The frontier consumer a worker process reads as (crawl/redis/connection.py)."""
    return f"{socket.gethostname()}:{worker.pid}".encode()


def leased(client: redis.Redis, worker: subprocess.Popen[bytes]) -> list[dict[str, Any]]:
    """The frontier entries pending to `worker`, each with its idle time
    (time_since_delivered, ms)."""
    name = consumer(worker)
    return [
        row
        for stream in KEYS.frontier
        for row in client.xpending_range(stream, WORKERS, "-", "+", 1000, consumername=name)
    ]


def done_entries(client: redis.Redis) -> int:
    """Frontier entries acknowledged as done in the last two minutes (the per-second counters of
    cluster status)."""
    return sum(int(client.get(key) or 0) for key in client.scan_iter(f"{KEYS.prefix}done:*"))


def site_urls(site: SiteServer, count: int) -> set[str]:
    return {site.url("/" + article_path(k)) for k in range(count)}


def check_archive(data: Path, expected: set[str]) -> dict[str, int]:
    """Every expected article archived exactly once, its post and images complete."""
    with sqlite3.connect(data / "archive.db") as conn:
        conn.row_factory = sqlite3.Row
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        rows = [dict(r) for r in conn.execute("select * from articles")]
        images = [dict(r) for r in conn.execute("select * from images")]
    fetched = [r["fetched_url"] for r in rows]
    assert len(fetched) == len(set(fetched)), "an article archived twice"
    assert set(fetched) == expected, (len(set(fetched)), len(expected), expected - set(fetched))
    posts = data / "posts"
    on_disk = {p.relative_to(posts).as_posix() for p in posts.rglob("*.md")}
    assert on_disk == {r["post_path"] for r in rows}
    for row in rows:
        assert (posts / row["post_path"]).read_bytes() == render_row(row).encode(), row["url"]
    stored = [i for i in images if i["status"] != "failed"]
    assert stored
    for image in stored:
        body = (data / "images" / image["path"]).read_bytes()
        assert hashlib.md5(body).hexdigest() == image["checksum"], image["path"]
    assert not [p for p in posts.rglob("*") if p.name.startswith(TEMP_PREFIX)]
    return {"articles": len(rows), "images": len(stored)}


def check_redis(client: redis.Redis, planted_dead: int = 0) -> list[dict[bytes, bytes]]:
    """Nothing waiting or pending on any stream; only the planted dead letters."""
    for stream in KEYS.frontier:
        assert client.xlen(stream) == 0, stream
        assert client.xpending(stream, WORKERS)["pending"] == 0, stream
    assert client.xlen(KEYS.items) == 0
    dead = [fields for _id, fields in client.xrange(KEYS.dead)]
    assert len(dead) == planted_dead, dead
    return dead


def run_to_end(cluster: Cluster, workers: int, deadline: float) -> Any:
    """Start `workers` workers and the ingest and wait until they all exit by themselves."""
    processes = [cluster.worker() for _ in range(workers)]
    ingest = cluster.ingest()
    statuses = wait_all([*processes, ingest], deadline)
    assert statuses == [0] * (workers + 1), (statuses, cluster.log_text())


def bulk_site(tmp_path: Path, count: int) -> Iterator[SiteServer]:
    """The bulk demo site of `count` articles, served on 127.0.0.1 (for a fixture)."""
    build_bulk_site(tmp_path / "site", count)
    with serve_site(tmp_path / "site") as server:
        yield server


def stat(pid: int | str) -> list[str]:
    """/proc/PID/stat's fields after the command's name: state, parent pid, ..."""
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()


def state(pid: int) -> str:
    return stat(pid)[0]  # T: stopped


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        with contextlib.suppress(OSError, IndexError):
            if entry.isdigit() and int(stat(entry)[1]) == pid:
                found.append(int(entry))
    return found
