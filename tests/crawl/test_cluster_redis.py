"""The Redis server itself fails: SIGKILLed mid-crawl and back once every process has found it
gone, 5 s at least (AOF, appendfsync always), or not up yet when the worker and the ingest
start; and a worker asked to stop with SIGTERM. Nothing is lost, each failure is one log line,
not a traceback (issue 17, tests 3, 4)."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from clusterkit import (
    Cluster,
    RedisServer,
    budget,
    check_archive,
    check_redis,
    leased,
    site_urls,
    slow,
    wait_all,
    wait_until,
)

from newscrawl.demo.server import SiteServer

pytestmark = pytest.mark.e2e
ARTICLES = 40
SLOW = slow(0.1)


# The killed-and-restarted test's budget (its pytest timeout a little above): Redis stays down
# until every process has found it gone. The others have clusterkit's.
BUDGET = 540.0
# What crawl/redis/connection.py logs once an outage begins (a dead image host's line also
# says "unreachable (").
REDIS_DOWN = "): retrying with backoff"


@pytest.mark.timeout(BUDGET + 60)
def test_redis_killed_mid_crawl_and_restarted_loses_nothing(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = time.monotonic() + BUDGET
    workers = [cluster.worker(*SLOW) for _ in range(2)]
    ingest = cluster.ingest()
    processes = [*workers, ingest]
    wait_until(lambda: cluster.archived() >= 5, processes, cluster, deadline)
    before = cluster.archived()
    assert 0 < before < ARTICLES, "the kill must land mid-crawl"
    redis_server.kill()
    killed = time.monotonic()
    # Down until each process has found Redis gone, and longer than a lease (3 s): what the
    # workers held comes back after Redis does through its lapsed lease, not only a give-back.
    wait_until(
        lambda: (
            cluster.logs_saying(REDIS_DOWN) == len(processes) and time.monotonic() - killed >= 5
        ),
        processes,
        cluster,
        deadline,
    )
    redis_server.start()
    assert wait_all(processes, deadline) == [0, 0, 0], cluster.log_text()
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    assert cluster.logs_saying(REDIS_DOWN) == len(processes)
    assert "Traceback" not in cluster.log_text(tail=0)
    print(f"redis killed with {before} archived: {counts}, 0 lost, 0 duplicated")


def test_redis_down_when_worker_and_ingest_start(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = budget()
    redis_server.stop()  # SIGTERM: the seeded frontier is in the AOF
    worker, ingest = cluster.worker(), cluster.ingest()
    started = time.monotonic()
    # Both up and waiting for Redis (each says so once), neither given up: then Redis comes.
    wait_until(
        lambda: cluster.logs_saying("unreachable (") == 2, [worker, ingest], cluster, deadline
    )
    late = time.monotonic() - started
    redis_server.start()
    assert wait_all([worker, ingest], deadline) == [0, 0], cluster.log_text()
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    logs = cluster.log_text(tail=0)
    assert logs.count("unreachable (") == 2  # one line per process, not one per attempt
    assert "Traceback" not in logs
    print(f"redis up {late:.1f} s late: {counts}, 0 lost")


def test_sigterm_finishes_or_gives_back_what_a_worker_holds(
    tmp_path: Path, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = budget()
    cluster = Cluster(tmp_path, redis_server, site, lease=60.0)  # nothing may wait for a lease
    cluster.seed()
    first = cluster.worker(*SLOW)
    ingest = cluster.ingest()
    wait_until(lambda: cluster.archived() >= 3, [first, ingest], cluster, deadline)
    first.send_signal(signal.SIGTERM)
    assert wait_all([first], deadline) == [0], cluster.log_text()
    # What it did not finish it gave back: idle as long as a lease, the next claim's at once.
    client = redis_server.client()
    held = leased(client, first)
    assert all(row["time_since_delivered"] >= 60_000 for row in held), held
    second = cluster.worker()
    assert wait_all([second, ingest], deadline) == [0, 0], cluster.log_text()
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(client)
    print(f"SIGTERM: {counts}, {len(held)} given back")
