"""Fixtures of the cluster tests: a redis-server of their own, on a free port, per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.demo.redis_server import REDIS_SERVER, RedisServer


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if not shutil.which(REDIS_SERVER):
        pytest.fail("redis-server is not installed (.ci/run installs Debian's redis-server)")
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.kill()
