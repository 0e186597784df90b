"""FileSync: post and image files made durable with the archive batch that names them.

A crawl writes each post and image atomically (a temporary file renamed into place) at once,
but fsyncs them later, all together, in the archive's writer thread just before it commits the
batch of rows that name them: a file is still on disk before any committed row points at it,
and the reactor's thread never waits for the disk.
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import Any

from newscrawl.exporters.posts import make_durable


class FileSync:
    """Paths written but not yet fsynced; sync() fsyncs them (and their folders)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: dict[Path, None] = {}

    def add(self, path: Path) -> None:
        """`path` was just renamed into place: its bytes and its folder entry to fsync."""
        with self._lock:
            self._paths[path] = None

    def sync(self) -> None:
        """fsync every path added so far; run by the archive's writer before each commit."""
        with self._lock:
            paths, self._paths = list(self._paths), {}
        make_durable(paths)


_BY_CRAWLER: weakref.WeakKeyDictionary[Any, FileSync] = weakref.WeakKeyDictionary()


def file_sync(crawler: Any) -> FileSync:
    """The crawl's one FileSync, shared by the images pipeline and the export pipeline."""
    found = _BY_CRAWLER.get(crawler)
    if found is None:
        found = _BY_CRAWLER[crawler] = FileSync()
    return found
