"""The data directory's crawl lock (flock, real files, a real second process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.crawl.lock import LOCK_NAME, DataLock, LockedError, data_lock, held_here


def test_the_lock_is_held_once_and_names_its_holder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with data_lock(data) as lock:
        assert held_here(data)
        assert lock.path == data / LOCK_NAME
        assert f"pid {os.getpid()}" in lock.path.read_text()
        with pytest.raises(LockedError, match=f"another crawl is using .*pid {os.getpid()}"):
            DataLock(data / LOCK_NAME).acquire(wait=0.3)
    assert not held_here(data)
    with data_lock(data):  # released: taken again at once
        assert held_here(data)


def test_the_lock_of_a_process_that_ended_is_free(tmp_path: Path) -> None:
    """flock: the kernel releases it with the process, however it ends."""
    script = "import sys; from newscrawl.crawl.lock import DataLock; "
    script += "DataLock(__import__('pathlib').Path(sys.argv[1])).acquire(); sys.exit(3)"
    ended = subprocess.run([sys.executable, "-c", script, str(tmp_path / LOCK_NAME)], check=False)
    assert ended.returncode == 3
    lock = DataLock(tmp_path / LOCK_NAME)
    lock.acquire()
    lock.release()
    lock.release()  # twice: nothing to do
