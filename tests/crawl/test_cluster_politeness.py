"""Per-site limits hold for the whole cluster: 4 workers, each allowed 4 requests at a time to
the site, never have more than the cluster's per-site limit in flight at the server (test 8)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from clusterkit import (
    Cluster,
    RedisServer,
    budget,
    check_archive,
    check_redis,
    site_urls,
    wait_all,
)

from newscrawl.demo.bulk import build_bulk_site
from newscrawl.demo.slow import SlowSiteServer

pytestmark = pytest.mark.e2e
ARTICLES = 30
LIMIT = 2


@pytest.fixture
def slow_site(tmp_path: Path) -> Iterator[SlowSiteServer]:
    build_bulk_site(tmp_path / "site", ARTICLES)
    with SlowSiteServer(tmp_path / "site", delay=0.2) as server:
        yield server


def test_four_workers_never_exceed_the_sites_limit(
    tmp_path: Path, redis_server: RedisServer, slow_site: SlowSiteServer
) -> None:
    deadline = budget()
    cluster = Cluster(tmp_path, redis_server, slow_site)
    cluster.seed()
    sets = ["CONCURRENT_REQUESTS_PER_DOMAIN=4", f"NEWSCRAWL_CLUSTER_CONCURRENCY_PER_DOMAIN={LIMIT}"]
    workers = [cluster.worker(*sets) for _ in range(4)]
    ingest = cluster.ingest()
    assert wait_all([*workers, ingest], deadline) == [0] * 5, cluster.log_text()
    counts = check_archive(cluster.data, site_urls(slow_site, ARTICLES))
    check_redis(redis_server.client())
    assert slow_site.max_in_flight == LIMIT  # the limit was reached, never passed
    print(f"politeness: {counts}, at most {slow_site.max_in_flight} requests in flight")


def test_a_slot_given_up_is_released_with_the_next_acquire_or_at_close(
    redis_server: RedisServer,
) -> None:
    from scrapy import Request
    from scrapy.utils.test import get_crawler
    from twisted.internet.task import Clock

    from newscrawl.crawl.redis.connection import Link
    from newscrawl.crawl.redis.politeness import FREE_WITHIN, TOKEN, ClusterSlotMiddleware
    from newscrawl.crawl.redis.settings import ClusterSettings

    crawler = get_crawler(settings_dict={"REDIS_URL": redis_server.url})
    config = ClusterSettings.from_settings(crawler.settings)
    link = Link(redis_server.url)
    clock = Clock()
    slots = ClusterSlotMiddleware(crawler, link, config, 1, clock)
    client = redis_server.client()
    first, second = Request("https://site.example/1"), Request("https://site.example/2")
    keys = slots.keys(first)
    held = keys[0]
    assert slots.acquire(client, keys, [1, 0, 60_000, "a"]) == 0
    assert slots.acquire(client, keys, [1, 0, 60_000, "b"]) > 0  # the site's one slot is taken
    first.meta[TOKEN] = "a"
    slots.free(first, 0.0)
    assert client.zrange(held, 0, -1) == [b"a"]  # not yet released in Redis: still counted
    assert slots.acquire(client, keys, [1, 0, 60_000, "b"]) == 0  # released, then taken
    assert client.zrange(held, 0, -1) == [b"b"]
    assert not clock.getDelayedCalls()  # nothing left to release later
    second.meta[TOKEN] = "b"
    slots.free(second, 0.0)
    clock.advance(FREE_WITHIN)  # no acquire came: released within FREE_WITHIN
    assert client.zcard(held) == 0
    assert slots.acquire(client, keys, [1, 0, 60_000, "c"]) == 0
    first.meta[TOKEN] = "c"
    slots.free(first, 0.0)
    slots.close()  # a stopping worker releases what it gave up
    assert client.zcard(held) == 0
    assert not clock.getDelayedCalls()


def test_scripts_in_a_pipeline_run_in_order_without_asking_redis_first(
    redis_server: RedisServer,
) -> None:
    """run_scripts: one round trip of EVALSHA, no SCRIPT EXISTS before it; a script Redis
    forgot (a restart flushes its scripts) is loaded again and runs."""
    from newscrawl.crawl.redis.connection import run_scripts

    client = redis_server.client()
    add = client.register_script("return redis.call('INCRBY', KEYS[1], ARGV[1])")
    assert run_scripts(client, [(add, ["n"], [1]), (add, ["n"], [2])]) == [1, 3]
    client.script_flush()
    assert run_scripts(client, [(add, ["n"], [4])]) == [7]
    assert "cmdstat_script|exists" not in client.info("commandstats")
