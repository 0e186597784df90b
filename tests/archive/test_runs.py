"""The `crawl_runs` rows read back
from a real archive, a running row whose process is gone reading `killed`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from newscrawl.archive.runs import pid_alive, recent_runs
from newscrawl.archive.schema import open_db


def test_pid_alive(tmp_path: Path) -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                           capture_output=True, text=True)  # fmt: skip
    assert pid_alive(os.getpid())
    assert not pid_alive(int(ended.stdout))
    assert not pid_alive(None)
    assert not pid_alive(0)


def run(number: int, source_id: str, status: str, pid: int, **more: Any) -> dict[str, Any]:
    started = f"2024-06-01T0{number}:00:00+00:00"
    row = {"id": number, "source_id": source_id, "started_at": started, "status": status}
    return row | {"pid": pid, "counts": json.dumps({"new": number})} | more


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    opened = open_db(tmp_path / "archive.db")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    opened.table("crawl_runs").insert_all(
        [
            run(1, "mydrivers", "ok", 1),
            run(2, "ithome", "failed", 1, error="entry point failed"),
            run(3, "mydrivers", "running", int(gone.stdout)),  # killed: its process is gone
            run(4, "ithome", "running", os.getpid()),  # still running
            run(5, "mydrivers", "ok", 1, counts=None),
        ]
    )
    yield opened
    opened.close()


def test_recent_runs_newest_first(db: Database) -> None:
    rows = recent_runs(db)
    assert [(r["id"], r["status"]) for r in rows] == [
        (5, "ok"),
        (4, "running"),
        (3, "killed"),
        (2, "failed"),
        (1, "ok"),
    ]
    assert [r["counts"] for r in rows] == [{}, {"new": 4}, {"new": 3}, {"new": 2}, {"new": 1}]
    assert rows[3]["error"] == "entry point failed"


def test_recent_runs_of_a_source_up_to_a_limit(db: Database) -> None:
    assert [r["id"] for r in recent_runs(db, limit=2, source_id="mydrivers")] == [5, 3]
    assert [r["id"] for r in recent_runs(db, limit=2)] == [5, 4]
    assert recent_runs(db, source_id="nosuch") == []
