"""The data directory's crawl lock: one crawl process writes a data directory at a time."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LOCK_NAME = "crawl.lock"
# The lock files this process holds (resolved paths): a crawler started inside `newscrawl
# crawl` finds its data directory's lock already taken by its own process (extensions/lock.py).
_HELD: set[Path] = set()


class LockedError(RuntimeError):
    """Another crawl holds the data directory."""


@dataclass
class DataLock:
    """An exclusive lock on a data directory, held by one crawl process at a time.

    flock(2): the kernel releases it when the process ends, however it ends (SIGKILL too),
    so a killed crawl never leaves a stale lock behind."""

    path: Path
    fd: int | None = None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, waiting up to `wait` seconds; LockedError naming the holder if not."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode(errors="replace").strip()
                    os.close(fd)
                    raise LockedError(
                        f"another crawl is using {self.path.parent} ({holder or 'pid unknown'})"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(
            fd, f"pid {os.getpid()}, since {time.strftime('%Y-%m-%dT%H:%M:%S%z')}".encode(), 0
        )
        self.fd = fd
        _HELD.add(self.path.resolve())

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the flock
            self.fd = None
            _HELD.discard(self.path.resolve())


def held_here(data_dir: Path) -> bool:
    """Whether this process holds `data_dir`'s crawl lock."""
    return (data_dir / LOCK_NAME).resolve() in _HELD


@contextlib.contextmanager
def data_lock(data_dir: Path, wait: float = 0.0) -> Iterator[DataLock]:
    """Hold the data directory's crawl lock for the block (LockedError if it is taken)."""
    lock = DataLock(data_dir / LOCK_NAME)
    lock.acquire(wait)
    try:
        yield lock
    finally:
        lock.release()
