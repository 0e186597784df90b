"""robots.txt in a cluster: a site is asked once for every worker (the answer shared in Redis),
and again once that answer is older than NEWSCRAWL_ROBOTS_MAX_AGE, even by a worker that
keeps running (Scrapy's own middleware would keep it for the life of the process)."""

from __future__ import annotations

import time

import pytest
from clusterkit import (
    KEYS,
    Cluster,
    budget,
    check_archive,
    check_redis,
    site_urls,
    slow,
    wait_all,
    wait_until,
)

from newscrawl.demo.redis_server import RedisServer
from newscrawl.demo.server import SiteServer

pytestmark = pytest.mark.e2e
ARTICLES = 30
ROBOTS = f"{KEYS.prefix}robots:"


def test_a_second_worker_reads_robots_txt_from_redis(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = budget()
    first = cluster.worker(*slow(0.1))
    client = redis_server.client()
    wait_until(lambda: bool(client.keys(f"{ROBOTS}*")), [first], cluster, deadline)
    second = cluster.worker(*slow(0.1))
    statuses = wait_all([first, second, cluster.ingest()], deadline)
    assert statuses == [0, 0, 0], cluster.log_text()
    check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(client)
    assert site.hits["/robots.txt"] == 1
    (key,) = client.keys(f"{ROBOTS}*")
    assert 0 < client.pttl(key) <= 86_400_000  # RFC 9309: a day at most


def test_a_running_worker_asks_again_once_robots_txt_expired(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = budget()
    started = time.monotonic()
    worker = cluster.worker(*slow(0.3), "NEWSCRAWL_ROBOTS_MAX_AGE=1")
    assert wait_all([worker, cluster.ingest()], deadline) == [0, 0], cluster.log_text()
    seconds = time.monotonic() - started
    check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    assert seconds > 4  # the crawl outlived several max ages
    assert 2 <= site.hits["/robots.txt"] <= seconds + 1
