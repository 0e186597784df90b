"""The data-loss core of the Redis cluster crawl: workers SIGKILLed at random moments and inside
the last pipeline stage, and the ingest SIGKILLed between its writes, lose and duplicate
nothing (issue 17, tests 1, 2 and 5)."""

from __future__ import annotations

import random
import signal
from collections import deque
from subprocess import Popen

import pytest
from clusterkit import (
    Cluster,
    RedisServer,
    budget,
    check_archive,
    check_redis,
    done_entries,
    first_number,
    leased,
    run_to_end,
    site_urls,
    slow,
    summary_counts,
    wait_all,
    wait_until,
)

from newscrawl.demo.server import SiteServer

pytestmark = pytest.mark.e2e
ARTICLES = 60
SLOW = slow(0.05)


def test_a_worker_killed_five_times_loses_nothing(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = budget()
    client = redis_server.client()
    ingest = cluster.ingest()
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    progress = []
    # Each victim is SIGKILLed mid-crawl, whatever its start-up took: once the cluster finished 1
    # to 4 more entries (a random number) and the victim holds some leased. The next one starts
    # up meanwhile (two workers at most), so the crawl cannot end before the fifth kill (some 25
    # of its 61 entries done by then); what a victim held goes to another once its lease runs
    # out, and may do so five times: more deliveries than the 5 after which it is a dead letter.
    sets = [*SLOW, "NEWSCRAWL_REDIS_MAX_DELIVERIES=10"]
    victims = deque(cluster.worker(*sets) for _ in range(2))
    for _ in range(5):
        victim = victims.popleft()
        goal = done_entries(client) + rng.randint(1, 4)

        def mid_crawl(victim: Popen[bytes] = victim, goal: int = goal) -> bool:
            return done_entries(client) >= goal and bool(leased(client, victim))

        wait_until(mid_crawl, [victim, *victims, ingest], cluster, deadline)
        victim.send_signal(signal.SIGKILL)
        assert wait_all([victim], deadline) == [-signal.SIGKILL]
        progress.append(done_entries(client))
        victims.append(cluster.worker(*sets))
    statuses = wait_all([*victims, ingest], deadline)  # the last two finish the crawl
    assert statuses == [0, 0, 0], (statuses, cluster.log_text())
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    print(f"worker kill test: 5 kills survived (seed {seed}), {counts}, 0 lost, "
          f"0 duplicated; entries done at each kill: {progress}")  # fmt: skip


def test_a_worker_killed_after_its_item_was_accepted_before_its_ack(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = budget()
    # The ingest runs meanwhile: it is what lets the article pages found into the frontier.
    ingest = cluster.ingest()
    dying = cluster.worker("NEWSCRAWL_REDIS_TEST_KILL_AFTER_ITEMS=5")
    # killed right after its 5th item's XADD
    assert wait_all([dying], deadline) == [-signal.SIGKILL], cluster.log_text()
    ingest.send_signal(signal.SIGTERM)
    assert wait_all([ingest], deadline) == [0], cluster.log_text()
    run_to_end(cluster, 1, deadline)
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    # the killed worker's last article was fetched and sent again, and archived once: the
    # second time, an ingest wrote it unchanged
    unchanged = [
        first_number(summary_counts(log.read_text(), "ingest finished in ")["unchanged"])
        for log in sorted(cluster.logs.glob("*-ingest.log"))
    ]
    assert len(unchanged) == 2, unchanged
    assert sum(unchanged) >= 1, unchanged
    print(f"kill after item XADD: {counts}, 0 lost, 0 duplicated")


@pytest.mark.parametrize("point", ["files", "commit"])
def test_the_ingest_killed_between_its_writes(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer, point: str
) -> None:
    deadline = budget()
    worker = cluster.worker()
    dying = cluster.ingest("--test-kill-at", point)
    assert wait_all([dying], deadline) == [-signal.SIGKILL], cluster.log_text()
    posts = len(list((cluster.data / "posts").rglob("*.md")))
    held = redis_server.client().xpending("newscrawl:items", "ingest")["pending"]
    if point == "files":  # the second batch's posts written, its rows not committed
        assert posts > cluster.archived() > 0
    else:  # the second batch committed, not acknowledged (the third's posts may be written)
        assert posts >= cluster.archived() > 0
        assert held > 0
    ingest = cluster.ingest()
    assert wait_all([worker, ingest], deadline) == [0, 0], cluster.log_text()
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    # what the killed ingest held pending, the next one replayed (its summary says how many)
    replayed = summary_counts(cluster.log_of(ingest), "ingest finished in ")["replayed"]
    assert first_number(replayed) == held > 0, (replayed, held)
    print(f"ingest killed at {point}: {counts}, 0 lost, 0 duplicated")


def test_a_batch_whose_post_cannot_be_written_is_neither_committed_nor_acked(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    # A batch's posts are written on the ingest's post threads beside its rows: a write that
    # fails (here every one: a file where the posts folder goes) keeps its rows out of the
    # archive and its entries pending, and the ingest stops with one line.
    deadline = budget()
    cluster.data.mkdir()
    (cluster.data / "posts").write_text("not a folder")
    worker = cluster.worker()
    failing = cluster.ingest()
    assert wait_all([failing], deadline) == [1], cluster.log_text()
    log = cluster.log_text(tail=0)
    assert "ingest stopped, its batch left pending: [Errno 20] Not a directory" in log
    assert "Traceback" not in log
    assert cluster.archived() == 0
    assert redis_server.client().xpending("newscrawl:items", "ingest")["pending"] > 0
    (cluster.data / "posts").unlink()
    ingest = cluster.ingest()
    assert wait_all([worker, ingest], deadline) == [0, 0], cluster.log_text()
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    print(f"a post write failed: {counts} after the restart, 0 lost, 0 duplicated")
