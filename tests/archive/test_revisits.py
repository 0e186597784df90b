"""Revisit schedules (durations, stages, validation) and the due URLs read from a real
archive's `visits` rows (the default schedule's stages: tests/e2e/test_incremental.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import article

from newscrawl.archive.revisits import PASSED_OVER, due_urls, duration, next_visit, parse_schedule
from newscrawl.archive.store import Archive
from newscrawl.archive.visits import passed_over_rows, visit_rows

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15m", 15 * MINUTE),
        ("3h", timedelta(hours=3)),
        ("2d", timedelta(days=2)),
        ("1w", timedelta(weeks=1)),
        ("90s", timedelta(seconds=90)),
        (" 5m ", 5 * MINUTE),
        ("0m", timedelta(0)),
    ],
)
def test_duration(text: str, expected: timedelta) -> None:
    assert duration(text) == expected


@pytest.mark.parametrize("text", ["", "15", "m", "1.5h", "3 hours", "-1d", "2y", "1h30m"])
def test_a_bad_duration_is_refused_with_its_text(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        duration(text)


def test_parse_schedule() -> None:
    assert parse_schedule([("1h", "10m"), ("1d", "6h")]) == [
        (timedelta(hours=1), 10 * MINUTE),
        (timedelta(days=1), timedelta(hours=6)),
    ]
    assert parse_schedule([]) == []


@pytest.mark.parametrize(
    ("schedule", "error"),
    [
        ((("1d", "1h"), ("1h", "5m")), "must increase"),
        ((("1h", "5m"), ("1h", "10m")), "must increase"),
        ((("1h", "0m"),), "must be positive"),
    ],
)
def test_a_bad_schedule_says_why(schedule: tuple[tuple[str, str], ...], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        parse_schedule(schedule)


SCHEDULE = (("1h", "10m"), ("1d", "6h"))


@pytest.mark.parametrize(
    ("age", "due_after"),
    [
        (timedelta(0), 10 * MINUTE),
        (59 * MINUTE, 10 * MINUTE),
        (timedelta(hours=1), timedelta(hours=6)),  # a limit belongs to the next stage
        (timedelta(hours=23), timedelta(hours=6)),
        (timedelta(days=1), None),  # past the last limit: never
    ],
)
def test_next_visit_follows_the_stage_of_the_age(
    age: timedelta, due_after: timedelta | None
) -> None:
    due = next_visit(T0, T0 + age, SCHEDULE)
    assert due == (T0 + age + due_after if due_after is not None else None)


def test_next_visit_keeps_the_zone_it_is_given() -> None:
    beijing = timezone(timedelta(hours=8))
    due = next_visit(T0.astimezone(beijing), T0.astimezone(beijing), SCHEDULE)
    assert due == T0 + 10 * MINUTE


def test_due_urls_are_the_fetched_urls_of_due_articles_oldest_first(tmp_path: Path) -> None:
    """An article fetched at a redirect's target is due by that URL only; a page passed over
    (no article), one of another source, one due later or never: not listed."""
    redirected = article(1, requested_urls=["https://news.example/old/1"], fetched_at=T0)
    older = article(2, fetched_at=T0 - timedelta(minutes=5))
    other = article(3, source_id="other", fetched_at=T0)
    with Archive(tmp_path / "archive.db") as archive:
        for item in (redirected, older, other):
            archive.add(item, None, visit_rows(item, None))
        archive.pass_over(passed_over_rows(["https://news.example/tag"], "example", "skipped", T0))
        archive.flush()
        soon = T0 + 15 * MINUTE  # unknown sources revisit by the default schedule
        assert due_urls(archive.db, "example", soon - 6 * MINUTE) == []
        assert due_urls(archive.db, "example", soon - 5 * MINUTE) == [older.url]
        assert due_urls(archive.db, "example", soon) == [older.url, redirected.url]
        assert due_urls(archive.db, "other", soon) == [other.url]
        # the page passed over is only due after its own delay, and is never an article
        later = T0 + PASSED_OVER["skipped"] + MINUTE
        assert "https://news.example/tag" not in due_urls(archive.db, "example", later)
