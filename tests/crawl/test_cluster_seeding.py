"""Seeding a cluster crawl as `newscrawl crawl` is run: a site's URL, --limit and --refresh
through the seed's requests, and the archive as the authority on entry points (an unchanged feed
answers 304 to the second seeding, and nothing new is archived). Real redis-server, real worker
and ingest processes, the bulk demo site on 127.0.0.1."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from clusterkit import (
    KEYS,
    ROOT,
    Cluster,
    RedisServer,
    budget,
    check_archive,
    check_redis,
    site_urls,
    summary_counts,
    wait_all,
    wait_until,
)
from helpers import make_due

from newscrawl.demo.server import SiteServer

pytestmark = pytest.mark.e2e
ARTICLES = 12


@pytest.fixture
def cluster_empty(tmp_path: Path, redis_server: RedisServer, site: SiteServer) -> Cluster:
    """A cluster whose frontier the test seeds; leases long enough that a loaded machine does
    not hand a page to a second delivery (the fetch counts are exact)."""
    return Cluster(tmp_path, redis_server, site, lease=60.0)


def seed(cluster: Cluster, *args: str) -> str:
    command = [sys.executable, "-m", "newscrawl", "crawl", *args, "--redis", cluster.redis.url,
               "--data", str(cluster.data)]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def run(cluster: Cluster, deadline: float, *sets: str) -> None:
    statuses = wait_all([cluster.worker(*sets), cluster.ingest()], deadline)
    assert statuses == [0, 0], cluster.log_text()


def article_fetches(site: SiteServer) -> int:
    return sum(n for path, n in site.hits.items() if path.endswith(".htm"))


def test_a_site_url_with_limit_then_refresh(cluster_empty: Cluster, site: SiteServer) -> None:
    deadline = budget()
    cluster = cluster_empty
    feed = site.url("/atom.xml")  # given a feed's URL, the feed is the site
    assert "1 requests put into the frontier" in seed(cluster, feed, "--limit", "5")
    run(cluster, deadline)
    assert (cluster.archived(), article_fetches(site)) == (5, 5)  # 5 for the whole cluster

    seed(cluster, feed, "--limit", "100")  # the seen window: the 5 are not fetched again
    run(cluster, deadline)
    assert (cluster.archived(), article_fetches(site)) == (ARTICLES, ARTICLES)

    seed(cluster, feed, "--limit", "100", "--refresh")  # its own window: each once more
    run(cluster, deadline)
    assert article_fetches(site) == 2 * ARTICLES
    check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(cluster.redis.client())


def test_an_unchanged_feed_answers_304_to_the_second_seeding(
    cluster_empty: Cluster, site: SiteServer
) -> None:
    deadline = budget()
    cluster = cluster_empty
    entry = ["mydrivers", "--entry", site.url("/atom.xml")]
    seed(cluster, *entry)
    run(cluster, deadline)
    check_archive(cluster.data, site_urls(site, ARTICLES))
    with sqlite3.connect(cluster.data / "archive.db") as conn:
        kept = conn.execute("select etag, source_id from entry_points").fetchall()
        fetched = conn.execute("select max(fetched_at) from articles").fetchone()[0]
    assert len(kept) == 1
    assert kept[0][0]
    assert kept[0][1] == "mydrivers"

    before = article_fetches(site)
    seed(cluster, *entry)
    run(cluster, deadline)
    assert site.hits["/atom.xml"] == 2
    assert article_fetches(site) == before  # the 304 listed nothing to fetch
    with sqlite3.connect(cluster.data / "archive.db") as conn:
        assert conn.execute("select max(fetched_at) from articles").fetchone()[0] == fetched
    assert "not modified" in cluster.log_text(tail=0)
    check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(cluster.redis.client())
    assert cluster.redis.client().xlen(KEYS.items) == 0
    assert datetime.fromisoformat(fetched) < datetime.now(UTC)


def test_the_archive_not_the_window_says_what_is_fetched_again(
    cluster_empty: Cluster, site: SiteServer
) -> None:
    """Once the seen window has forgotten a site's articles, a new seeding finds them all again
    in its feed: the ingest's archive check lets through only the one whose revisit is due."""
    deadline = budget()
    cluster, feed = cluster_empty, site.url("/atom.xml")
    window = 0.5
    forget = f"NEWSCRAWL_REDIS_SEEN_WINDOW={window}"
    seed(cluster, feed)
    run(cluster, deadline, forget)
    assert article_fetches(site) == ARTICLES
    due = sorted(site_urls(site, ARTICLES))[3]
    make_due(cluster.data / "archive.db", due)
    # past the window: Redis no longer knows these pages (seen: fingerprint -> epoch seconds)
    client = cluster.redis.client()

    def forgotten() -> bool:
        newest = client.zrange(KEYS.seen, -1, -1, withscores=True)
        return not newest or newest[0][1] < time.time() - window

    wait_until(forgotten, [], cluster, deadline)

    seed(cluster, feed)
    run(cluster, deadline, forget)
    assert site.hits["/atom.xml"] == 2
    assert article_fetches(site) == ARTICLES + 1
    assert site.hits[urlsplit(due).path] == 2
    # the second ingest's summary: every proposed page but the due one was archived already
    checked = summary_counts(cluster.log_text(tail=0), "ingest finished")["checked"]
    assert checked == (
        f"{ARTICLES} proposed pages against the archive (archived {ARTICLES - 1}, revisit 1)"
    )
    check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(cluster.redis.client())
