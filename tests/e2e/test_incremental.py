"""Incremental crawls end to end: revisits catch edits, runs, the lock, resume after Ctrl-C,
source health; real SQLite files, real crawl processes against local sites."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT, make_due, newscrawl, rows

from newscrawl.crawl.lock import LockedError, data_lock
from newscrawl.demo.bulk import build_bulk_site
from newscrawl.demo.server import SiteServer, default_site, serve_site
from newscrawl.extensions.resume import PAUSED


@pytest.fixture
def demo_copy(tmp_path: Path) -> Iterator[SiteServer]:
    site = tmp_path / "site"
    shutil.copytree(default_site(), site)
    with serve_site(site) as server:
        yield server


@pytest.mark.e2e
def test_unchanged_feed_costs_one_request_and_revisits_catch_edits(
    tmp_path: Path, demo_copy: SiteServer
) -> None:
    data, feed = tmp_path / "data", demo_copy.url("/rss.xml")
    crawl = ("crawl", "mydrivers", "--entry", feed, "--data", str(data))
    first = newscrawl(*crawl)
    assert first.returncode == 0, first.stderr[-3000:]
    db = data / "archive.db"
    assert rows(db, "select count(*) from articles") == [(7,)]

    hits = sum(demo_copy.hits.values())
    second = newscrawl(*crawl)
    assert second.returncode == 0, second.stderr[-3000:]
    assert sum(demo_copy.hits.values()) - hits == 1  # the feed, answered 304
    assert "skipped    1 (not_modified 1)" in second.stdout

    # an editor changes an article; its revisit comes due
    page = demo_copy.root / "1/767/767105.htm"
    info = '<div class="news_info">'
    edited = page.read_text(encoding="utf-8").replace(info, info + "<p>更正：芯片数量有误。</p>", 1)
    page.write_text(edited, encoding="utf-8")
    url = demo_copy.url("/1/767/767105.htm")
    make_due(db, url)
    third = newscrawl(*crawl)
    assert third.returncode == 0, third.stderr[-3000:]
    assert "archived   1 (new 0, updated 1)" in third.stdout
    assert rows(db, "select article_url from revisions") == [(url,)]
    shown = newscrawl("history", url, "--data", str(data))
    assert shown.returncode == 0, shown.stderr
    assert "2 version(s)" in shown.stdout
    assert "\n+更正：芯片数量有误。\n" in shown.stdout

    listed = newscrawl("runs", "--json", "--data", str(data))
    runs = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["status"] for r in runs] == ["ok", "ok", "ok"]
    assert [r["counts"]["new"] for r in runs] == [0, 0, 7]
    assert runs[0]["counts"]["updated"] == 1
    assert runs[0]["ended_at"] > runs[0]["started_at"]


@pytest.mark.e2e
def test_a_second_crawl_of_the_same_data_exits_with_a_clear_message(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with data_lock(data):
        with pytest.raises(LockedError, match="another crawl is using"), data_lock(data):
            pass
        refused = newscrawl("crawl", "mydrivers", "--data", str(data))
        assert refused.returncode == 75
        assert "another crawl is using" in refused.stderr
        assert f"({tmp_path.name}" not in refused.stderr  # names the holder, not a path
        assert "pid " in refused.stderr
    with data_lock(data, wait=1.0):  # free again once the holder is done
        pass


@pytest.mark.e2e
def test_ctrl_c_stops_cleanly_and_the_same_command_resumes(tmp_path: Path) -> None:
    build_bulk_site(tmp_path / "site", 200)
    data = tmp_path / "data"
    with serve_site(tmp_path / "site") as server:
        command = [sys.executable, "-m", "newscrawl", "crawl", "mydrivers", "--entry",
                   server.url("/atom.xml"), "--data", str(data)]  # fmt: skip
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        posts = data / "posts"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list(posts.rglob("*.md"))) < 20:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 130, err[-3000:]
        assert "run the same command again to resume" in err
        jobs = list((data / "jobs").iterdir())
        assert len(jobs) == 1
        assert (jobs[0] / PAUSED).exists()
        status = rows(data / "archive.db", "select status from crawl_runs")
        assert status == [("interrupted",)]

        resumed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert resumed.returncode == 0, resumed.stderr[-3000:]
        assert "resuming the crawl stopped earlier" in resumed.stderr
    urls = rows(data / "archive.db", "select fetched_url from articles")
    assert len(urls) == len(set(urls)) == 200
    assert not (data / "jobs").exists()


@pytest.mark.e2e
def test_check_flags_a_source_whose_selectors_stopped_matching(
    tmp_path: Path, demo_copy: SiteServer
) -> None:
    data, feed = tmp_path / "data", demo_copy.url("/rss.xml")
    first = newscrawl("crawl", "mydrivers", "--entry", feed, "--data", str(data))
    assert first.returncode == 0, first.stderr[-3000:]
    table = newscrawl("check", "--data", str(data))  # every registered source
    assert table.returncode == 0, table.stdout
    assert "│ mydrivers" in table.stdout
    assert "bbc" in table.stdout.split("never crawled into this data directory:")[1]
    assert "│ bbc" not in table.stdout  # one line for them, not a row each
    healthy = newscrawl("check", "mydrivers", "--json", "--data", str(data))
    assert healthy.returncode == 0, healthy.stdout
    before = json.loads(healthy.stdout)
    assert before["pages"] == 7
    assert before["selector_failures"] == 1  # one article has no tags: not a redesign

    # a redesign: the headline block is renamed on every page
    for page in demo_copy.root.glob("1/*/*.htm"):
        page.write_bytes(page.read_bytes().replace(b'class="news_bt"', b'class="headline"'))
    redesign = newscrawl("crawl", "mydrivers", "--entry", feed, "--refresh", "--data", str(data))
    assert redesign.returncode == 0, redesign.stderr[-3000:]
    broken = newscrawl("check", "mydrivers", "--json", "--data", str(data))
    assert broken.returncode == 1, broken.stdout
    health = json.loads(broken.stdout)
    assert health["broken"]
    assert health["selector_failures"] == 1 + 7  # the title selector, on every page now
    assert "declared selectors failed on 57% of pages" in health["problems"]


@pytest.mark.e2e
def test_fetch_gets_an_archived_article_again(tmp_path: Path, demo_copy: SiteServer) -> None:
    data, url = tmp_path / "data", demo_copy.url("/1/767/767105.htm")
    for outcome in ("archived   1 (new 1, updated 0)", "unchanged  1"):
        result = newscrawl("fetch", url, "--source", "mydrivers", "--data", str(data))
        assert result.returncode == 0, result.stderr[-3000:]
        assert outcome in result.stdout
    assert demo_copy.hits["/1/767/767105.htm"] == 2


@pytest.mark.e2e
def test_an_article_that_failed_is_asked_for_again(tmp_path: Path, demo_copy: SiteServer) -> None:
    data, feed = tmp_path / "data", demo_copy.url("/rss.xml")
    page = demo_copy.root / "1/805/805462.htm"
    saved = page.read_bytes()
    page.unlink()  # the site answers 404 for it this time
    first = newscrawl("crawl", "mydrivers", "--entry", feed, "--data", str(data))
    assert first.returncode == 0, first.stderr[-3000:]
    assert "failed     1 (http_404 1)" in first.stdout
    page.write_bytes(saved)
    second = newscrawl("crawl", "mydrivers", "--entry", feed, "--data", str(data))
    assert second.returncode == 0, second.stderr[-3000:]
    # the feed was read in full again (no 304), the six archived skipped, the missing one got
    assert "archived   1 (new 1, updated 0)" in second.stdout
    assert "skipped    6 (archived 6)" in second.stdout
    third = newscrawl("crawl", "mydrivers", "--entry", feed, "--data", str(data))
    assert "skipped    1 (not_modified 1)" in third.stdout


@pytest.mark.e2e
def test_an_article_behind_a_redirect_is_known_as_archived(
    tmp_path: Path, demo_copy: SiteServer
) -> None:
    feed_file = demo_copy.root / "rss.xml"
    moved = "{{BASE}}/_moved/1/767/767105.htm"
    feed_file.write_text(
        feed_file.read_text(encoding="utf-8").replace("{{BASE}}/1/767/767105.htm", moved),
        encoding="utf-8",
    )
    data, feed = tmp_path / "data", demo_copy.url("/rss.xml")
    first = newscrawl("crawl", "mydrivers", "--entry", feed, "--data", str(data))
    assert first.returncode == 0, first.stderr[-3000:]
    assert "archived   7 (new 7" in first.stdout
    # the feed changes (a new ETag): it is read again, and its seven articles are all known
    feed_file.write_text(feed_file.read_text(encoding="utf-8") + "<!-- -->\n", encoding="utf-8")
    second = newscrawl("crawl", "mydrivers", "--entry", feed, "--data", str(data))
    assert second.returncode == 0, second.stderr[-3000:]
    assert "skipped    7 (archived 7)" in second.stdout
    assert demo_copy.hits["/_moved/1/767/767105.htm"] == 1
