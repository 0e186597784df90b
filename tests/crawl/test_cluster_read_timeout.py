"""NEWSCRAWL_READ_TIMEOUT in the cluster: real workers on a real Redis, the bulk demo site on
127.0.0.1 with one more article whose page takes seconds to read (200,000 paragraphs). Past the
timeout its entry is finished as a failure once, as a 5xx is (one log line; acknowledged, not
given back for every worker in turn); a read under the timeout but longer than the lease
keeps its lease (renewed while a reader process reads), so it is archived once."""

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
from test_pool import long_page

from newscrawl.demo.bulk import article_path, build_bulk_site
from newscrawl.demo.server import SiteServer, serve_site

pytestmark = pytest.mark.e2e
ARTICLES = 12
LONG = "/" + article_path(ARTICLES)  # the feed's last article, its page replaced


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteServer]:
    root = tmp_path / "site"
    build_bulk_site(root, ARTICLES + 1)
    (root / LONG.lstrip("/")).write_bytes(long_page(title="读不完的文章"))
    with serve_site(root) as server:
        yield server


def run(cluster: Cluster, workers: int, *sets: str) -> str:
    deadline = budget()
    processes = [cluster.worker(*sets) for _ in range(workers)]
    ingest = cluster.ingest()
    statuses = wait_all([*processes, ingest], deadline)
    assert statuses == [0] * (workers + 1), (statuses, cluster.log_text())
    return cluster.log_text(tail=0)


@pytest.mark.parametrize(
    ("sets", "detail"),
    [
        (("NEWSCRAWL_READ_PROCESSES=1", "NEWSCRAWL_READ_TIMEOUT=1"), "took over 1 s to read"),
        # No reader: the worker's own thread may read only what fits in half its lease (3 s),
        # under the 60 s timeout; before, it read the page for seconds, every lease it held
        # ran out meanwhile, and each worker in turn read the page again.
        (
            ("NEWSCRAWL_READ_PROCESSES=0", "NEWSCRAWL_READ_TIMEOUT=60"),
            "400,022 tags: more than the crawl's own thread may read in 1.5 s (15,000), "
            "with no reader processes",
        ),
    ],
    ids=["reader", "inline"],
)
def test_a_page_over_the_read_timeout_fails_once_in_the_cluster(
    cluster: Cluster,
    redis_server: RedisServer,
    site: SiteServer,
    sets: tuple[str, ...],
    detail: str,
) -> None:
    logs = run(cluster, 2, *sets)
    url = site.url(LONG)
    lines = [line for line in logs.splitlines() if url in line and "] ERROR: " in line]
    assert [line.split("] ERROR: ", 1)[1] for line in lines] == [
        f"failed {url}: read_timeout ({detail})"
    ]
    assert site.hits[LONG] == 1  # not given back: another worker would wait as long again
    assert "given back unfinished" not in logs
    assert "lease of entry" not in logs
    check_archive(cluster.data, site_urls(site, ARTICLES))  # every other article, once
    check_redis(redis_server.client())  # acknowledged: nothing pending, no dead letter
    assert "Traceback" not in logs


def test_a_read_longer_than_the_lease_keeps_its_lease(
    tmp_path: Path, redis_server: RedisServer, site: SiteServer
) -> None:
    """The long page reads in seconds in a reader process while the worker's reactor renews
    its lease every third of a lease (2 s here): no other worker takes it meanwhile."""
    cluster = Cluster(tmp_path, redis_server, site, lease=2.0)
    cluster.seed()
    logs = run(cluster, 2, "NEWSCRAWL_READ_PROCESSES=1", "NEWSCRAWL_READ_TIMEOUT=120")
    assert site.hits[LONG] == 1
    assert "lease of entry" not in logs
    assert "reclaimed by another worker" not in logs
    check_archive(cluster.data, site_urls(site, ARTICLES + 1))
    check_redis(redis_server.client())
