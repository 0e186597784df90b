"""The SQLite archive: where a data directory keeps it, its schema, reads, batched writes,
search, visits, revisions, health and crawl runs (one module each)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the archive runs without Scrapy (CLI, benchmarks); only its settings type
    import sqlite3

    from scrapy.settings import BaseSettings

ARCHIVE_NAME = "archive.db"
_HAS_TABLE = "select 1 from sqlite_master where type = 'table' and name = :name"


def archive_path(data_dir: Path) -> Path:
    """The archive file of a data directory (beside its posts/ and images/)."""
    return data_dir / ARCHIVE_NAME


def data_dir_from_settings(settings: BaseSettings) -> Path:
    """The data directory a crawl's settings name (NEWSCRAWL_DATA_DIR; the CLI's --data)."""
    return Path(settings.get("NEWSCRAWL_DATA_DIR", "data"))


def archive_path_from_settings(settings: BaseSettings) -> Path:
    """The archive file of the data directory a crawl's settings name."""
    return archive_path(data_dir_from_settings(settings))


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the archive has table `name` (one served read-only may predate a migration)."""
    return conn.execute(_HAS_TABLE, {"name": name}).fetchone() is not None
