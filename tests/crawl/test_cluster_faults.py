"""Faults a Redis cluster crawl must ride out: a page whose callback always raises, a malformed
frontier entry, a worker stopped past its lease, SIGTERM, redis-server killed or late (issue 17,
tests 3, 4, 6 and 7)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from clusterkit import (
    KEYS,
    ROOT,
    Cluster,
    RedisServer,
    budget,
    check_archive,
    check_redis,
    leased,
    site_urls,
    slow,
    summary_counts,
    wait_all,
    wait_until,
)
from raising import PLANTED

from newscrawl.demo.bulk import article_path
from newscrawl.demo.server import SiteServer

pytestmark = pytest.mark.e2e
ARTICLES = 40
SLOW = slow(0.1)


def test_a_page_that_always_fails_ends_as_a_dead_letter(
    tmp_path: Path, redis_server: RedisServer, site: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    deadline = budget()
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    cluster = Cluster(tmp_path, redis_server, site)
    cluster.seed()
    client = redis_server.client()
    client.xadd(KEYS.frontier[1], {"r": b'{"url": 5, "callback": "os.system"}'})
    workers = [cluster.worker("NEWSCRAWL_REDIS_SPIDER=raising.RaisingSpider",
                              "NEWSCRAWL_REDIS_MAX_DELIVERIES=3") for _ in range(2)]  # fmt: skip
    ingest = cluster.ingest()
    assert wait_all([*workers, ingest], deadline) == [0, 0, 0], cluster.log_text()
    planted = site.url("/" + article_path(3))
    assert planted.endswith(PLANTED)
    counts = check_archive(cluster.data, site_urls(site, ARTICLES) - {planted})
    dead = check_redis(client, planted_dead=2)
    reasons = {fields[b"reason"].decode() for fields in dead}
    assert any(r.startswith("malformed") for r in reasons), reasons
    assert any("callback raised RuntimeError: planted failure" in r for r in reasons), reasons
    assert site.hits["/" + article_path(3)] == 3  # K deliveries, then given up
    # the workers' summaries count both dead letters, whichever worker buried each
    buried = [
        summary_counts(cluster.log_of(w), "worker finished in ")["entries"].rpartition(
            "dead letters "
        )[2]
        for w in workers
    ]
    assert sum(map(int, buried)) == 2, buried
    status = subprocess.run(
        [sys.executable, "-m", "newscrawl", "cluster", "status", "--redis", redis_server.url],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "dead letters: 2" in status.stdout
    assert f"{planted}  (3 deliveries): callback raised RuntimeError" in status.stdout
    print(f"dead letters: {counts}; status:\n{status.stdout}")


def test_a_worker_stopped_past_its_lease_is_relieved_and_its_late_ack_harms_nothing(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = budget()
    client = redis_server.client()
    sleeper = cluster.worker(*SLOW)
    wait_until(lambda: bool(leased(client, sleeper)), [sleeper], cluster, deadline)
    sleeper.send_signal(signal.SIGSTOP)
    other = cluster.worker(*SLOW)
    ingest = cluster.ingest()
    # Past the lease (3 s) the other worker takes the stopped one's entries.
    wait_until(lambda: not leased(client, sleeper), [other, ingest], cluster, deadline)
    sleeper.send_signal(signal.SIGCONT)
    assert wait_all([sleeper, other, ingest], deadline) == [0, 0, 0], cluster.log_text()
    counts = check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(client)
    logs = cluster.log_text(tail=0)
    assert "reclaimed by another worker" in logs or "lost to another worker" in logs
    print(f"SIGSTOP past the lease: {counts}, 0 lost, 0 duplicated")
