"""Source health read from a real archive: crawl runs and first-seen articles against the
usual yield, selector failures, and which fields' declared selectors miss on a page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import article

from newscrawl.archive.health import Health, selector_misses, source_health
from newscrawl.archive.store import Archive
from newscrawl.sources.base import Source

NOW = datetime(2024, 6, 20, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
SINCE = NOW - DAY  # the recent window of source_health's default


def archived(archive: Archive, source_id: str, times: list[datetime]) -> None:
    """Articles of `source_id` first seen at `times`."""
    for time in times:
        url = f"https://news.example/{source_id}/{time.isoformat()}"
        archive.add(article(url=url, source_id=source_id, fetched_at=time), None)
    archive.flush()


def crawled(archive: Archive, source_id: str, *runs: tuple[datetime, str, dict[str, int]]) -> None:
    rows = [
        {"source_id": source_id, "started_at": at.isoformat(), "status": status}
        | {"counts": json.dumps(counts)}
        for at, status, counts in runs
    ]
    archive.db.table("crawl_runs").insert_all(rows)
    archive.db.conn.commit()


# Two articles a day for the ten days before the recent window.
USUAL = [SINCE - d * DAY + h * timedelta(hours=1) for d in range(1, 11) for h in (0, 2)]
PAGES = {"selector_pages": 10, "selector_failed_pages": 1}


@pytest.fixture
def archive(path: Path) -> Iterator[Archive]:
    with Archive(path) as opened:
        archived(opened, "s", USUAL)
        yield opened


def health(archive: Archive, source_id: str = "s") -> Health:
    return source_health(archive.db, source_id, NOW)


def test_a_healthy_source(archive: Archive) -> None:
    archived(archive, "s", [NOW - timedelta(hours=3), NOW - timedelta(hours=2)])
    crawled(archive, "s", (NOW - timedelta(hours=2), "ok", PAGES))
    found = health(archive)
    assert found.problems == []
    assert not found.broken
    assert found.last_article == NOW - timedelta(hours=2)
    assert (found.runs, found.failed_runs, found.recent_yield) == (1, 0, 2.0)
    assert found.usual_yield == pytest.approx(2.0)  # 20 articles over 10 windows of a day
    assert (found.pages, found.selector_failures) == (10, 1)
    assert found.selector_failure_share == pytest.approx(0.1)


def test_a_source_that_stopped_yielding(archive: Archive) -> None:
    crawled(archive, "s", (NOW - timedelta(hours=2), "ok", PAGES))
    assert health(archive).problems == ["0 new articles recently, usually 2.0"]


def test_a_source_whose_runs_all_failed(archive: Archive) -> None:
    archived(archive, "s", [NOW - timedelta(hours=3), NOW - timedelta(hours=2)])
    failed = (NOW - timedelta(hours=5), "failed", {})
    crawled(archive, "s", failed, (NOW - timedelta(hours=1), "failed", {}))
    # a run still going is not judged yet
    crawled(archive, "s", (NOW - timedelta(minutes=5), "running", {}))
    found = health(archive)
    assert (found.runs, found.failed_runs) == (2, 2)
    assert found.problems == ["all 2 recent runs failed"]


def test_a_source_whose_selectors_fail(archive: Archive) -> None:
    archived(archive, "s", [NOW - timedelta(hours=3), NOW - timedelta(hours=2)])
    half = {"selector_pages": 3, "selector_failed_pages": 2}
    crawled(archive, "s", (NOW - timedelta(hours=4), "ok", half), (NOW - DAY / 2, "ok", half))
    assert health(archive).problems == ["declared selectors failed on 67% of pages"]


def test_a_source_not_crawled_recently(archive: Archive) -> None:
    crawled(archive, "s", (NOW - 3 * DAY, "ok", PAGES))
    found = health(archive)
    assert found.runs == 0
    assert found.problems == ["no crawl run recently", "0 new articles recently, usually 2.0"]


def test_a_source_never_crawled_has_no_problems(archive: Archive) -> None:
    found = health(archive, "new")
    assert not found.ever_crawled
    assert (found.problems, found.last_article, found.usual_yield) == ([], None, 0.0)


def test_a_young_source_has_no_usual_yield_yet(archive: Archive) -> None:
    """Less than a window of history before the recent one: nothing to compare with."""
    archived(archive, "young", [SINCE - timedelta(hours=5), NOW - timedelta(hours=1)])
    crawled(archive, "young", (NOW - timedelta(hours=1), "ok", {}))
    found = health(archive, "young")
    assert (found.recent_yield, found.usual_yield, found.problems) == (1.0, 0.0, [])


SOURCE = Source(
    id="site",
    name="S",
    domains=("s.example",),
    categories=("News", "World", "Asia"),
    author="S",
    selectors={"title": "h1.title", "published": "xpath://time/@datetime"},
    body="div.body",
)


@pytest.mark.parametrize(
    ("html", "missed"),
    [
        ('<h1 class="title">T</h1><time datetime="2024">x</time><div class="body">B</div>', []),
        (
            '<h1>T</h1><time datetime=" ">x</time><div class="body">B</div>',
            ["title", "published"],
        ),
        ('<h1 class="title">T</h1><time datetime="2024"></time>', ["body"]),
        ("<p>redesigned</p>", ["title", "published", "body"]),
    ],
)
def test_selector_misses(html: str, missed: list[str]) -> None:
    assert selector_misses(html, SOURCE) == missed


def test_selector_misses_without_declarations() -> None:
    bare = Source(
        id="generic", name="G", domains=("g.example",), categories=("a", "b", "c"), author="G"
    )
    assert selector_misses("<p>anything</p>", bare) == []
