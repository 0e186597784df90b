"""Fixtures of the cluster tests: a redis-server of their own and the bulk demo site."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from clusterkit import REDIS_SERVER, RedisServer

from newscrawl.demo.bulk import build_bulk_site
from newscrawl.demo.server import SiteServer, serve_site


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if not shutil.which(REDIS_SERVER):
        pytest.fail("redis-server is not installed (.ci/run installs Debian's redis-server)")
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.kill()


def bulk_site(tmp_path: Path, count: int) -> Iterator[SiteServer]:
    build_bulk_site(tmp_path / "site", count)
    with serve_site(tmp_path / "site") as server:
        yield server
