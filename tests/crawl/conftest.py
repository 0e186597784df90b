"""Fixtures of the cluster tests: a redis-server of their own, on a free port, per test; the
bulk demo site of the test module's ARTICLES; a cluster on both with its frontier seeded."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from clusterkit import STARTED, Cluster, bulk_site

from newscrawl.demo.redis_server import REDIS_SERVER, RedisServer
from newscrawl.demo.server import SiteServer


@pytest.fixture(autouse=True)
def no_process_left() -> Iterator[None]:
    """A failed test's workers and ingest die with it, not left polling a Redis that is gone."""
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if not shutil.which(REDIS_SERVER):
        pytest.fail("redis-server is not installed (.ci/run installs Debian's redis-server)")
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.kill()


@pytest.fixture
def site(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[SiteServer]:
    yield from bulk_site(tmp_path, request.module.ARTICLES)


@pytest.fixture
def cluster(tmp_path: Path, redis_server: RedisServer, site: SiteServer) -> Cluster:
    cluster = Cluster(tmp_path, redis_server, site)
    cluster.seed()
    return cluster
