"""The data-loss core of the Redis cluster crawl: workers SIGKILLed at random moments and inside
the last pipeline stage, and the ingest SIGKILLed between its writes, lose and duplicate
nothing (issue 17, tests 1, 2 and 5)."""

from __future__ import annotations

import random
import signal
import time

import pytest
from clusterkit import (
    Cluster,
    RedisServer,
    check_archive,
    check_redis,
    run_to_end,
    site_urls,
    slow,
    wait_all,
)

from newscrawl.demo.server import SiteServer

pytestmark = pytest.mark.e2e
ARTICLES = 60
SLOW = slow(0.05)


def test_a_worker_killed_five_times_loses_nothing(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    steady = cluster.worker(*SLOW)
    ingest = cluster.ingest()
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    kills, progress = 0, []
    while kills < 5:
        victim = cluster.worker(*SLOW)
        time.sleep(rng.uniform(1.0, 3.0))  # start-up takes ~1 s: kills land mid-crawl
        if victim.poll() is not None:
            break
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        kills += 1
        progress.append(cluster.archived())
    last = cluster.worker(*SLOW)
    statuses = wait_all([steady, last, ingest], 120)
    assert statuses == [0, 0, 0], (statuses, cluster.log_text())
    assert kills == 5, f"the crawl ended after {kills} kills (seed {seed}): site too small"
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    print(f"worker kill test: {kills} kills survived (seed {seed}), {counts}, 0 lost, "
          f"0 duplicated; archived after each kill: {progress}")  # fmt: skip


def test_a_worker_killed_after_its_item_was_accepted_before_its_ack(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    # The ingest runs meanwhile: it is what lets the article pages found into the frontier.
    ingest = cluster.ingest()
    dying = cluster.worker("NEWSCRAWL_REDIS_TEST_KILL_AFTER_ITEMS=5")
    assert dying.wait(timeout=60) == -signal.SIGKILL  # killed right after its 5th item's XADD
    ingest.send_signal(signal.SIGTERM)
    assert ingest.wait(timeout=30) == 0
    run_to_end(cluster, workers=1)
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    # the killed worker's last article was fetched and sent again, and archived once
    assert "unchanged" in cluster.log_text(tail=0)
    print(f"kill after item XADD: {counts}, 0 lost, 0 duplicated")


@pytest.mark.parametrize("point", ["files", "commit"])
def test_the_ingest_killed_between_its_writes(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer, point: str
) -> None:
    worker = cluster.worker()
    dying = cluster.ingest("--test-kill-at", point)
    assert dying.wait(timeout=60) == -signal.SIGKILL
    posts = len(list((cluster.data / "posts").rglob("*.md")))
    held = redis_server.client().xpending("newscrawl:items", "ingest")["pending"]
    if point == "files":  # the second batch's posts written, its rows not committed
        assert posts > cluster.archived() > 0
    else:  # the second batch committed, not acknowledged (the third's posts may be written)
        assert posts >= cluster.archived() > 0
        assert held > 0
    ingest = cluster.ingest()
    assert wait_all([worker, ingest], 90) == [0, 0], cluster.log_text()
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    print(f"ingest killed at {point}: {counts}, 0 lost, 0 duplicated")


def test_a_batch_whose_post_cannot_be_written_is_neither_committed_nor_acked(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    # A batch's posts are written on the ingest's post threads beside its rows: a write that
    # fails (here every one: a file where the posts folder goes) keeps its rows out of the
    # archive and its entries pending, and the ingest stops with one line.
    cluster.data.mkdir()
    (cluster.data / "posts").write_text("not a folder")
    worker = cluster.worker()
    failing = cluster.ingest()
    assert failing.wait(timeout=60) == 1
    log = cluster.log_text(tail=0)
    assert "ingest stopped, its batch left pending: [Errno 20] Not a directory" in log
    assert "Traceback" not in log
    assert cluster.archived() == 0
    assert redis_server.client().xpending("newscrawl:items", "ingest")["pending"] > 0
    (cluster.data / "posts").unlink()
    ingest = cluster.ingest()
    assert wait_all([worker, ingest], 90) == [0, 0], cluster.log_text()
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    print(f"a post write failed: {counts} after the restart, 0 lost, 0 duplicated")
