"""Each worker process and the ingest end with the one-screen summary a single crawl prints,
and its numbers are what happened: the articles the workers sent are the articles the ingest
wrote, a page the site answers 404 is one failure with its reason."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from clusterkit import (
    ROOT,
    Cluster,
    RedisServer,
    budget,
    check_archive,
    check_redis,
    children,
    consumer,
    first_number,
    site_urls,
    summary_counts,
    wait_all,
    wait_until,
)

from newscrawl.demo.bulk import article_path, build_bulk_site
from newscrawl.demo.server import SiteServer, serve_site
from newscrawl.extensions.progress import add_summaries, format_worker_summary, summarize

pytestmark = pytest.mark.e2e
ARTICLES = 30
MISSING = "/" + article_path(ARTICLES)  # in the feed, not on the site: a 404


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteServer]:
    root = tmp_path / "site"
    build_bulk_site(root, ARTICLES + 1)
    (root / MISSING.lstrip("/")).unlink()
    with serve_site(root) as server:
        yield server


def test_workers_and_the_ingest_end_with_their_summaries(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = budget()
    workers = [cluster.worker() for _ in range(2)]
    ingest = cluster.ingest()
    assert wait_all([*workers, ingest], deadline) == [0, 0, 0], cluster.log_text()
    check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
    logs = [cluster.log_of(w) for w in workers]
    mine = [summary_counts(log, "worker finished in ") for log in logs]
    # the articles the workers sent are the articles the ingest wrote, all of them new
    sent = [first_number(s["sent"]) for s in mine]
    assert sum(sent) == ARTICLES, mine
    pages = [int(s[""].split(": ", 1)[1].split()[0]) for s in mine]
    assert pages == sent  # every article page read went to the ingest
    # the 404: one failure, with its reason, in the summary of the worker that fetched it
    failed = sorted(s["failed"] for s in mine)
    assert failed == ["0", "1 (http_404 1)"], mine
    assert site.hits[MISSING] == 1
    # every frontier entry done once: the feed, the articles, the 404
    done = [first_number(s["entries"].removeprefix("done ")) for s in mine]
    assert sum(done) == 1 + ARTICLES + 1, mine
    for summary in mine:
        assert summary["entries"].endswith(", given back 0, lost 0, dead letters 0"), summary
    written = summary_counts(cluster.log_of(ingest), "ingest finished in ")
    assert written[""].split(": ", 1)[1].startswith(f"{ARTICLES} articles written in ")
    assert written["archived"] == f"{ARTICLES} (new {ARTICLES}, updated 0)"
    assert written["unchanged"] == "0"
    assert written["failed"].startswith("0 ")
    assert written["replayed"].startswith("0 ")
    text = "\n".join(logs) + cluster.log_of(ingest)
    assert "Traceback" not in text
    # what an operator sees of it in `cluster status`: the workers' summaries added up
    counts = status_counts(redis_server)
    assert counts[""] == "workers' counts (2 workers, 2 ended):", counts
    assert counts["sent"] == f"{ARTICLES} articles to the ingest", counts
    assert counts["pages"] == f"{ARTICLES} article pages read", counts
    assert counts["failed"] == "1 (http_404 1)", counts
    assert counts["entries"] == f"done {ARTICLES + 2}, given back 0, lost 0, dead letters 0"
    for worker, summary in zip(workers, mine, strict=True):
        name = consumer(worker).decode()
        assert counts[name].startswith(f"sent {first_number(summary['sent'])}, failed "), counts
        assert ", ended, written " in counts[name], counts
    print("\n\n".join(["\n".join(s.values()) for s in [*mine, written, counts]]))


def status_counts(server: RedisServer) -> dict[str, str]:
    """The workers' counts in `newscrawl cluster status`, by label (a worker's line by its
    name)."""
    command = [sys.executable, "-m", "newscrawl", "cluster", "status", "--redis", server.url]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return summary_counts(done.stdout, "workers' counts (")


def test_processes_print_one_total(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = budget()
    worker = cluster.worker(processes=2)
    ingest = cluster.ingest()
    assert wait_all([worker, ingest], deadline) == [0, 0], cluster.log_text()
    check_archive(cluster.data, site_urls(site, ARTICLES))
    log = cluster.log_of(worker)
    # one summary, of both children: none of their own
    assert "worker finished in " not in log
    total = summary_counts(log, "2 worker processes finished in ")
    assert first_number(total["sent"]) == ARTICLES, total
    assert total["failed"] == "1 (http_404 1)", total
    assert "missing" not in total
    print("\n".join(total.values()))


def test_a_worker_stopped_by_sigterm_prints_its_summary(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = budget()
    ingest = cluster.ingest()
    worker = cluster.worker("CONCURRENT_REQUESTS_PER_DOMAIN=1", "DOWNLOAD_DELAY=0.2",
                            "NEWSCRAWL_PROGRESS_INTERVAL=0.5",
                            "NEWSCRAWL_REDIS_COUNTS_INTERVAL=0.2",
                            exit_when_done=False)  # fmt: skip
    wait_until(lambda: cluster.archived() >= 3, [worker, ingest], cluster, deadline)
    # while it runs, `cluster status` has its counts so far
    live = status_counts(redis_server)
    assert live[""] == "workers' counts (1 workers, 0 ended):", live
    assert first_number(live["sent"]) >= 3, live
    assert ", not ended, written " in live[consumer(worker).decode()], live
    worker.send_signal(signal.SIGTERM)
    assert wait_all([worker], deadline) == [0], cluster.log_text()
    log = cluster.log_of(worker)
    mine = summary_counts(log, "worker finished in ")
    sent = first_number(mine["sent"])
    assert 3 <= sent < ARTICLES, mine
    # and once it ended, the counts of its summary
    ended = status_counts(redis_server)
    assert ended[""] == "workers' counts (1 workers, 1 ended):", ended
    assert ended["sent"] == f"{sent} articles to the ingest", (ended, mine)
    assert ended["entries"] == mine["entries"], (ended, mine)
    # its progress lines too say what it sent, not an "archived 0" of its own
    ticks = [line for line in log.splitlines() if "progress: " in line]
    assert ticks, log
    assert all(" to the ingest, dropped " in line for line in ticks), ticks
    # what it sent is what the ingest writes (the rest waits in the frontier)
    wait_until(lambda: cluster.archived() == sent, [ingest], cluster, deadline)
    ingest.send_signal(signal.SIGTERM)
    assert wait_all([ingest], deadline) == [0], cluster.log_text()
    written = summary_counts(cluster.log_of(ingest), "ingest finished in ")
    assert written["archived"] == f"{sent} (new {sent}, updated 0)", (mine, written)


def test_summaries_add_up_by_reason() -> None:
    """--processes: the children's counts added, each reason on its own."""
    one = summarize(
        {"newscrawl/pages": 3, "newscrawl/redis/items": 3, "newscrawl/failed/http_404": 1}
        | {"newscrawl/redis/acked": 4}
    )
    two = summarize(
        {"newscrawl/pages": 2, "newscrawl/redis/items": 2, "newscrawl/failed/http_404": 2}
        | {"newscrawl/failed/read_timeout": 1, "newscrawl/redis/given_back": 1}
        | {"newscrawl/redis/dead_letters": 1}
    )
    text = format_worker_summary(add_summaries([one, two]), 10.0, "2 worker processes")
    assert text.splitlines()[0] == "2 worker processes finished in 10.0s: 5 article pages (0.5/s)"
    assert "  sent       5 articles to the ingest" in text.splitlines()
    assert "  failed     4 (http_404 3, read_timeout 1)" in text.splitlines()
    assert "  entries    done 4, given back 1, lost 0, dead letters 1" in text.splitlines()


def test_processes_name_the_children_that_gave_no_summary(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    deadline = budget()
    ingest = cluster.ingest()
    # each child SIGKILLs itself after its 3rd article: no summary from either
    dying = cluster.worker("NEWSCRAWL_REDIS_TEST_KILL_AFTER_ITEMS=3", processes=2)
    # the shell's convention for a process killed by SIGKILL, 128 + 9 (was 247: 256 - 9)
    assert wait_all([dying], deadline) == [137], cluster.log_text()
    log = cluster.log_of(dying)
    ended = [line for line in log.splitlines() if line.startswith("  ended ")]
    assert len(ended) == 1, log
    assert re.fullmatch(
        r"  ended      2 of 2 processes badly: pid \d+ killed by SIGKILL \(no summary\), "
        r"pid \d+ killed by SIGKILL \(no summary\)",
        ended[0],
    ), ended
    assert "Traceback" not in log
    # the rest is crawled by a worker that ends as usual; every article archived once
    assert wait_all([cluster.worker(), ingest], deadline) == [0, 0], cluster.log_text()
    check_archive(cluster.data, site_urls(site, ARTICLES))


def test_processes_exit_as_a_shell_says_and_name_the_killed_child(
    cluster: Cluster, redis_server: RedisServer, site: SiteServer
) -> None:
    """One child of two killed from outside: the other's summary is the total, the killed one
    is named by its pid, and the exit status is the shell's 137 for it."""
    deadline = budget()
    ingest = cluster.ingest()
    worker = cluster.worker("CONCURRENT_REQUESTS_PER_DOMAIN=1", "DOWNLOAD_DELAY=0.2",
                            processes=2)  # fmt: skip
    wait_until(lambda: len(children(worker.pid)) == 2, [worker], cluster, deadline)
    wait_until(lambda: cluster.archived() >= 2, [worker, ingest], cluster, deadline)
    killed = min(children(worker.pid))
    os.kill(killed, signal.SIGKILL)
    assert wait_all([worker, ingest], deadline) == [137, 0], cluster.log_text()
    log = cluster.log_of(worker)
    total = summary_counts(log, "1 worker process finished in ")
    assert total["ended"] == f"1 of 2 processes badly: pid {killed} killed by SIGKILL (no summary)"
    # what the killed child held was reclaimed when its lease ran out: every article once
    check_archive(cluster.data, site_urls(site, ARTICLES))
    check_redis(redis_server.client())
