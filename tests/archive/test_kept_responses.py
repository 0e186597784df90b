"""Kept responses in the archive: written in their article's batch transaction (a failure writes
neither, and both are written later), one per revision, none for an unchanged refetch."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import KEPT_AT, Committed, kept_article

from newscrawl.archive.store import Archive
from newscrawl.archive.visits import visit_rows
from newscrawl.items import ImageResult


def refuse(db: Path, table: str) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute(
            f"create trigger refuse before insert on {table} begin select raise(abort, 'no'); end"
        )


def allow(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("drop trigger refuse")


@pytest.mark.parametrize("table", ["responses", "visits", "images"])
def test_a_failed_batch_written_behind_keeps_articles_and_responses_together(
    tmp_path: Path, table: str, committed: Committed
) -> None:
    """Whichever statement of the batch fails (the responses' own, or one after them),
    neither the articles nor their responses are written; both are kept and written later."""
    db = tmp_path / "a.db"
    archive = Archive(db, batch_size=2)
    refuse(db, table)
    first = kept_article(1)
    first.image_results = [ImageResult("https://i.example/1.jpg", "failed")]
    archive.add(first, None, visit_rows(first, None))
    archive.add(kept_article(2), None)  # the batch is written behind now
    with pytest.raises(sqlite3.IntegrityError):
        archive.flush()
    assert (committed(db), committed(db, "responses")) == (0, 0)
    allow(db)
    archive.close()
    assert (committed(db), committed(db, "responses")) == (2, 2)


def test_a_failed_flush_writes_neither(tmp_path: Path, committed: Committed) -> None:
    db = tmp_path / "a.db"
    with Archive(db, batch_size=10) as archive:
        archive.add(kept_article(1), None)
        refuse(db, "responses")
        with pytest.raises(sqlite3.IntegrityError):
            archive.flush()
        assert (committed(db), committed(db, "responses")) == (0, 0)
        allow(db)
    assert (committed(db), committed(db, "responses")) == (1, 1)


def test_unchanged_adds_nothing_revised_adds_one_and_a_first_kept_response_is_kept(
    tmp_path: Path, committed: Committed
) -> None:
    db = tmp_path / "a.db"
    later = KEPT_AT + timedelta(days=1)
    with Archive(db) as archive:
        assert archive.add(kept_article(1), None) == "new"
        assert archive.add(kept_article(1, fetched=later), None) == "unchanged"  # same batch
    with Archive(db) as archive:
        assert archive.add(kept_article(1, fetched=later + timedelta(1)), None) == "unchanged"
        assert (
            archive.add(kept_article(1, "changed", fetched=later + timedelta(2)), None) == "updated"
        )
        unkept = kept_article(2)
        unkept.response = None  # archived before responses were kept
        assert archive.add(unkept, None) == "new"
    assert committed(db, "responses") == 2
    with Archive(db) as archive:
        assert archive.add(kept_article(2, fetched=later), None) == "unchanged"
        assert archive.add(kept_article(2, fetched=later + timedelta(1)), None) == "unchanged"
    assert committed(db, "responses") == 3
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute("select * from responses where article_url like '%/2.htm'").fetchone()
    assert row is not None
