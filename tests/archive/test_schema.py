"""The archive's schema: open_db's pragmas, migrations applied once and in order, an archive
of an older schema migrated with its rows, write transactions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from newscrawl.archive.schema import MIGRATIONS, open_db, write_transaction
from newscrawl.archive.store import Archive


def test_open_db_creates_dirs_and_sets_pragmas(path: Path) -> None:
    db = open_db(path)
    assert path.exists()
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    db.close()


def test_migrations_apply_once_in_order(path: Path) -> None:
    open_db(path).close()
    db = open_db(path)
    names = [row["name"] for row in db.table("_migrations").rows_where(order_by="rowid")]
    assert names == [m.__name__ for m in MIGRATIONS]
    assert {"articles", "images", "articles_search"} <= set(db.table_names())
    assert "articles_fts" not in db.table_names()  # the trigram index it replaced
    db.close()


def test_an_archive_of_the_trigram_schema_gets_its_rows_indexed(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newscrawl.archive.schema

    monkeypatch.setattr(newscrawl.archive.schema, "MIGRATIONS", MIGRATIONS[:3])
    with Archive(path) as old:
        old.db.table("articles").insert(
            {"url": "https://old.example/1", "title": "旧文章", "body_text": "显卡驱动 GPU"}
            | {"source_id": "old", "first_seen": "2020-01-01T00:00:00+00:00"}
        )
        old.db.conn.commit()
    monkeypatch.undo()
    with Archive(path) as archive:
        assert [hit.url for hit in archive.search("显卡驱动")] == ["https://old.example/1"]
        assert [hit.url for hit in archive.search("GPU", source="old")] == ["https://old.example/1"]


INSERT_ENTRY = "insert into entry_points (url, source_id) values ('https://e.example/', 'e')"


def insert_then_fail(db: Database) -> None:
    with write_transaction(db):
        db.execute(INSERT_ENTRY)
        raise RuntimeError("stop")


def test_a_write_transaction_is_rolled_back_on_error(path: Path) -> None:
    db = open_db(path)
    with pytest.raises(RuntimeError, match="stop"):
        insert_then_fail(db)
    assert db.execute("select count(*) from entry_points").fetchone()[0] == 0
    with write_transaction(db):
        db.execute(INSERT_ENTRY)
    db.close()
    other = open_db(path)
    assert other.execute("select count(*) from entry_points").fetchone()[0] == 1
    other.close()
