"""Per-site limits hold for the whole cluster: 4 workers, each allowed 4 requests at a time to
the site, never have more than the cluster's per-site limit in flight at the server (test 8)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from clusterkit import Cluster, RedisServer, check_archive, check_redis, site_urls, wait_all

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
    cluster = Cluster(tmp_path, redis_server, slow_site)
    cluster.seed()
    sets = ["CONCURRENT_REQUESTS_PER_DOMAIN=4", f"NEWSCRAWL_CLUSTER_CONCURRENCY_PER_DOMAIN={LIMIT}"]
    workers = [cluster.worker(*sets) for _ in range(4)]
    ingest = cluster.ingest()
    assert wait_all([*workers, ingest], 120) == [0] * 5, cluster.log_text()
    counts = check_archive(cluster.data, site_urls(slow_site, ARTICLES))
    check_redis(redis_server.client())
    assert slow_site.max_in_flight == LIMIT  # the limit was reached, never passed
    print(f"politeness: {counts}, at most {slow_site.max_in_flight} requests in flight")
