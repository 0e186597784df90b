"""Kill test: a real crawl of a 200-article local site, SIGKILLed at random moments and
restarted with the same command each time, ends with every article archived exactly once and
every file complete (issue 6: resume after SIGKILL at any instant). Again with a browser source
(issue 19): 60 articles rendered in Chromium, 8 kills."""

from __future__ import annotations

import hashlib
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT

from newscrawl.demo.bulk import build_bulk_site
from newscrawl.demo.server import SiteServer, serve_site
from newscrawl.demo.user_source import declare_copy
from newscrawl.exporters.posts import TEMP_PREFIX
from newscrawl.exporters.repost import render_row

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Variant:
    source: str
    articles: int
    kills: int


# A rendered page costs ~1 s here: fewer articles and kills keep the browser run short.
PLAIN, BROWSER = Variant("mydrivers", 200, 10), Variant("mydrivers_browser", 60, 8)


@pytest.fixture(params=[PLAIN, BROWSER], ids=["http", "browser"])
def variant(request: pytest.FixtureRequest) -> Variant:
    if request.param is BROWSER and not shutil.which("chromium"):
        pytest.skip("no chromium executable (apt-get install chromium)")
    found: Variant = request.param
    return found


@pytest.fixture
def bulk_server(tmp_path: Path, variant: Variant) -> Iterator[SiteServer]:
    build_bulk_site(tmp_path / "site", variant.articles)
    with serve_site(tmp_path / "site") as server:
        yield server


def browser_source(data: Path) -> None:
    """mydrivers declared again as a user source that renders its pages in the browser."""
    declare_copy(data, "mydrivers", BROWSER.source, render="browser")


def crawl_command(server: SiteServer, data: Path, variant: Variant = PLAIN) -> list[str]:
    feed = server.url("/atom.xml")
    # One request at a time, ~60 ms apart: an unkilled crawl of the site's ~600 pages and
    # images takes ~40 s however fast the machine, so the ten kills all land mid-crawl. A
    # rendered page is slow enough as it is.
    pace = ["--set", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "--set", "DOWNLOAD_DELAY=0.06"]
    if variant is BROWSER:
        browser_source(data)
        pace = []
    # Small batches: more commits for a kill to interrupt; no AutoThrottle: a local server.
    return [sys.executable, "-m", "newscrawl", "crawl", variant.source, "--entry", feed,
            "--set", "NEWSCRAWL_BATCH_SIZE=20", "--set", "AUTOTHROTTLE_ENABLED=false", *pace,
            "--data", str(data)]  # fmt: skip


def kill_at_random(
    command: list[str], rng: random.Random, log: Path, data: Path, n: int
) -> int | None:
    """Start the crawl and SIGKILL it; None if it was killed, else the exit status it ended
    with before the kill came.

    Even attempts: after a random delay from the start (start-up, migrations, the feed, any
    moment). Odd ones: a random moment after the crawl wrote a post this time, so that kills
    fall mid-crawl however fast or loaded the machine is."""
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=out)
        if n % 2:
            posts = written(data)[0]
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and process.poll() is None:
                if written(data)[0] > posts:
                    break
                time.sleep(0.02)
            deadline = time.monotonic() + rng.uniform(0.0, 1.5)
        else:
            deadline = time.monotonic() + rng.uniform(0.3, 4.0)
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.01)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return None
        return process.returncode


def written(data: Path) -> tuple[int, int]:
    """Post files on disk and articles committed to the archive."""
    posts = len(list((data / "posts").rglob("*.md")))
    if not (data / "archive.db").exists():
        return posts, 0
    with sqlite3.connect(data / "archive.db") as conn:
        try:
            return posts, int(conn.execute("select count(*) from articles").fetchone()[0])
        except sqlite3.OperationalError:  # killed before the first migration
            return posts, 0


@dataclass
class Attempts:
    """What the killed runs did: how many kills landed, the exit statuses of the runs that ended
    before their kill, and (post files, archived articles) after each attempt."""

    kills: int = 0
    ended: list[int] = field(default_factory=list)
    progress: list[tuple[int, int]] = field(default_factory=list)
    # kills that landed after the run had recorded itself "ok" but before the process exited
    # (closing the browser takes a while): a finished run, not an interrupted one
    late: int = 0


def kill_repeatedly(
    command: list[str], rng: random.Random, log: Path, data: Path, kills: int
) -> Attempts:
    """Start and kill the crawl until `kills` kills have landed (3 * kills attempts at most)."""
    done = Attempts()
    while done.kills < kills and len(done.progress) < 3 * kills:
        status = kill_at_random(command, rng, log, data, len(done.progress))
        if status is None:
            done.kills += 1
            done.late += last_run_status(data) == "ok"
        else:
            done.ended.append(status)
        done.progress.append(written(data))
    return done


def last_run_status(data: Path) -> str | None:
    """The status of the newest crawl run, None if the archive has none yet."""
    if not (data / "archive.db").exists():
        return None
    with sqlite3.connect(data / "archive.db") as conn:
        try:
            row = conn.execute("select status from crawl_runs order by id desc limit 1").fetchone()
        except sqlite3.OperationalError:  # killed before the first migration
            return None
    return None if row is None else str(row[0])


def archived(db: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int, dict[str, int]]:
    """The archive's articles, images, revision count and crawl runs by status, after checking
    that SQLite finds the file intact."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        rows = [dict(r) for r in conn.execute("select * from articles")]
        images = [dict(r) for r in conn.execute("select * from images")]
        revisions = conn.execute("select count(*) from revisions").fetchone()[0]
        runs = dict(conn.execute("select status, count(*) from crawl_runs group by status"))
    return rows, images, revisions, runs


def check_posts(data: Path, rows: list[dict[str, Any]]) -> None:
    """Every post complete: the bytes the archive row renders to; no other post file."""
    posts = data / "posts"
    on_disk = {p.relative_to(posts).as_posix() for p in posts.rglob("*.md")}
    assert on_disk == {r["post_path"] for r in rows}
    for row in rows:
        assert (posts / row["post_path"]).read_bytes() == render_row(row).encode(), row["url"]


def check_images(data: Path, images: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every stored image complete: its bytes hash to the archived checksum; no unreferenced
    file. Returns the stored ones (there must be some)."""
    stored = [i for i in images if i["status"] != "failed"]
    assert stored
    for image in stored:
        body = (data / "images" / image["path"]).read_bytes()
        # FilesPipeline's checksum: md5 of the stored bytes
        assert hashlib.md5(body).hexdigest() == image["checksum"], image["path"]
    image_files = {
        p.relative_to(data / "images").as_posix()
        for p in (data / "images").rglob("*")
        if p.is_file()
    }
    assert image_files == {i["path"] for i in stored}
    return stored


def test_sigkill_at_random_moments_loses_and_duplicates_nothing(
    tmp_path: Path, bulk_server: SiteServer, variant: Variant
) -> None:
    data, articles = tmp_path / "data", variant.articles
    command = crawl_command(bulk_server, data, variant)
    seed = random.randrange(2**32)
    done = kill_repeatedly(
        command, random.Random(seed), tmp_path / "crawl.log", data, variant.kills
    )
    assert done.kills >= variant.kills, f"only {done.kills} kills landed (seed {seed})"
    # the kills fell while articles were being archived, not only before the crawl began
    assert len({n for n in done.progress if 0 < n[0] < articles}) >= 3, (done.progress, seed)

    final = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert final.returncode == 0, final.stderr[-3000:]
    if variant is BROWSER and "archived   0 " not in final.stdout:
        assert "rendered in the browser" in final.stdout, final.stdout
    rows, images, revisions, runs = archived(data / "archive.db")
    site_urls = {bulk_server.url(f"/1/{900000 // 1000}/{900000 + k}.htm") for k in range(articles)}
    fetched = [r["fetched_url"] for r in rows]
    # every article exactly once, nothing else, and no content change was invented
    assert len(fetched) == len(set(fetched)) == articles, f"seed {seed}"
    assert set(fetched) == site_urls
    assert revisions == 0
    check_posts(data, rows)
    stored = check_images(data, images)
    # no temp file, no queue left behind; the runs say what happened
    leftovers = [p for p in data.rglob("*") if p.name.startswith(TEMP_PREFIX)]
    assert leftovers == []
    assert not (data / "jobs").exists()
    assert done.ended.count(0) == len(done.ended), done.ended  # a run not killed ended well
    assert runs.get("ok") == 1 + len(done.ended) + done.late
    assert runs.get("killed", 0) + runs.get("running", 0) >= 1
    print(
        f"kill test: {done.kills} kills survived in {len(done.progress)} attempts (seed {seed}); "
        f"{articles} articles archived once each, 0 lost, 0 duplicated; {len(stored)} images "
        f"verified; (posts, archived) after each kill: {done.progress}"
    )
