"""Crawl runs: the `crawl_runs` rows `newscrawl runs` lists."""

from __future__ import annotations

import json
import os
from typing import Any

from sqlite_utils import Database


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recent_runs(
    db: Database, limit: int = 20, source_id: str | None = None
) -> list[dict[str, Any]]:
    """The newest crawl runs first; a `running` row whose process is gone reads `killed`."""
    params = {"source": source_id, "limit": limit}
    rows = [dict(row) for row in db.query(_RUNS_OF if source_id else _RUNS, params)]
    for row in rows:
        row["counts"] = json.loads(row["counts"] or "{}")
        if row["status"] == "running" and not pid_alive(row["pid"]):
            row["status"] = "killed"
    return rows


_RUNS = "select * from crawl_runs order by id desc limit :limit"
_RUNS_OF = "select * from crawl_runs where source_id = :source order by id desc limit :limit"
