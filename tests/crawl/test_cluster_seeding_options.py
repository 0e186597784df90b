"""`newscrawl crawl ... --redis`: what a seeding cannot send to the workers is refused with one
line, and the frontier stays empty; the crawl's bounds go through."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from helpers import newscrawl

from newscrawl.demo.redis_server import RedisServer
from newscrawl.demo.user_source import declare_copy


def seed(redis_server: RedisServer, data: Path, *args: str) -> tuple[int, str, int]:
    """The seeding's exit status, its stderr and how many keys Redis holds afterwards."""
    done = newscrawl("crawl", *args, "--redis", redis_server.url, "--data", str(data))
    keys = len(redis.Redis.from_url(redis_server.url).keys("*"))
    return done.returncode, done.stderr + done.stdout, keys


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--keep-responses"], "--keep-responses does not work with --redis yet"),
        (["--no-images"], "NEWSCRAWL_IMAGES set the workers' crawl"),
        (["--browser"], "NEWSCRAWL_BROWSER set the workers' crawl"),
        (["--set", "DOWNLOAD_DELAY=2"], "DOWNLOAD_DELAY set the workers' crawl"),
    ],
)
def test_a_workers_option_is_refused_and_nothing_is_seeded(
    redis_server: RedisServer, tmp_path: Path, options: list[str], said: str
) -> None:
    status, output, keys = seed(redis_server, tmp_path / "data", "mydrivers", *options)
    assert (status, keys) == (2, 0), output
    assert said in output
    assert "Traceback" not in output


def test_a_browser_source_is_refused_by_name_and_left_out_of_all(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    declare_copy(data, "mydrivers", "mydrivers_browser", render="browser")
    status, output, keys = seed(redis_server, data, "mydrivers_browser")
    assert (status, keys) == (2, 0), output
    assert "mydrivers_browser renders pages in a browser" in output

    status, output, keys = seed(redis_server, data, "--all", "--limit", "5")
    assert status == 0, output
    assert "mydrivers_browser: renders pages in a browser, not seeded" in output
    seeded = {line.split()[0] for line in output.splitlines() if "put into the frontier" in line}
    assert "mydrivers" in seeded
    assert "mydrivers_browser" not in seeded
    assert keys > 0
