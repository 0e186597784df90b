"""Revisit schedules and revisions on real archives: the default schedule decays, bad schedules
are refused, and changed content keeps the previous version (no crawl needed)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from helpers import article

from newscrawl import sources
from newscrawl.archive.history import diff, versions
from newscrawl.archive.revisits import DEFAULT_SCHEDULE, next_visit, parse_schedule
from newscrawl.archive.store import Archive
from newscrawl.archive.visits import visit_rows
from newscrawl.sources.base import SourceError

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
H, D = timedelta(hours=1), timedelta(days=1)


@pytest.mark.parametrize(
    ("age", "due_after"),
    [
        (timedelta(0), timedelta(minutes=15)),  # new: every 15 minutes
        (2 * H + 59 * timedelta(minutes=1), timedelta(minutes=15)),
        (3 * H, H),  # then hourly for the first day
        (23 * H, H),
        (D, 2 * D),  # then at about 3 days
        (3 * D, 27 * D),  # and at about 30 days
        (30 * D, None),  # then never
        (400 * D, None),
    ],
)
def test_default_schedule_decays(age: timedelta, due_after: timedelta | None) -> None:
    due = next_visit(T0, T0 + age, DEFAULT_SCHEDULE)
    assert due == (T0 + age + due_after if due_after else None)


@pytest.mark.parametrize(
    "schedule",
    [(("3h", "15m"), ("1h", "5m")), (("3h", "0m"),), (("3 hours", "15m"),), (("3h",),)],
)
def test_bad_schedules_are_refused(schedule: tuple[tuple[str, str], ...]) -> None:
    with pytest.raises((ValueError, TypeError)):
        parse_schedule(schedule)
    with pytest.raises(SourceError, match="revisit"):
        replace(sources.get("mydrivers"), revisit=schedule)


# One page of 快科技, archived twice with different content.
version = partial(
    article, url="https://news.example/1/2/3.htm", source_id="mydrivers", body_text=""
)


def test_changed_content_keeps_the_previous_version(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    v1 = version(title="标题", body_html="<p>第一版。</p>\n<p>不变的一段。</p>", fetched_at=T0)
    v2 = version(
        title="标题（更新）", body_html="<p>第二版。</p>\n<p>不变的一段。</p>", fetched_at=T0 + H
    )
    with Archive(db_path) as archive:
        assert archive.add(v1, "a.md", visit_rows(v1, None)) == "new"
    with Archive(db_path) as archive:
        assert archive.add(v2, "a.md", visit_rows(v2, T0)) == "updated"
        # the same content again (a revisit) changes no article row and makes no revision
        again = replace(v2, fetched_at=T0 + 2 * H)
        assert archive.add(again, "a.md", visit_rows(again, T0)) == "unchanged"
    conn = sqlite3.connect(db_path)
    revisions = conn.execute("select article_url, revised_at, title from revisions").fetchall()
    assert revisions == [(v1.url, (T0 + H).isoformat(), "标题")]
    assert conn.execute("select fetched_at from articles").fetchall() == [((T0 + H).isoformat(),)]
    # the visit moved on: last visit at the revisit, due 15 minutes later (young article)
    visit = conn.execute("select first_seen, last_visit, next_visit from visits").fetchone()
    assert visit == (T0.isoformat(), (T0 + 2 * H).isoformat(), (T0 + 2.25 * H).isoformat())
    with Archive(db_path) as archive:
        found = versions(archive.db, v1.url)
    assert found is not None
    key, history = found
    assert key == v1.url
    assert [v.title for v in history] == ["标题", "标题（更新）"]
    assert history[0].until == history[1].since == (T0 + H).isoformat()
    lines = diff(history[0], history[1])
    assert "-第一版。" in lines
    assert "+第二版。" in lines
    assert not any("不变的一段" in line and line[0] in "+-" for line in lines)
