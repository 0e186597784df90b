"""Fixtures of the archive tests: an archive file in a fresh folder, and what other
connections see of it (what is committed)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from helpers import Committed

from newscrawl.archive.store import Archive


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """An archive file in a folder that does not exist yet (open_db creates it)."""
    return tmp_path / "archive" / "news.db"


@pytest.fixture
def archive(path: Path) -> Iterator[Archive]:
    with Archive(path) as opened:
        yield opened


@pytest.fixture
def committed() -> Committed:
    """`committed(path, table="articles")`: the rows another connection sees of `table`."""

    def count(path: Path, table: str = "articles") -> int:
        with closing(sqlite3.connect(path)) as other:
            return int(other.execute(f"select count(*) from {table}").fetchone()[0])

    return count
