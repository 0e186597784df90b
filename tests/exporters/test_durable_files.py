"""make_durable: one syncfs(2) per file system for a whole batch where Linux has it, else an
fsync per file and folder; a failing syncfs is an error, never a silent success."""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from pathlib import Path

import pytest

from newscrawl.exporters import posts
from newscrawl.exporters.posts import make_durable, write_post


def _batch(root: Path, n: int) -> list[Path]:
    written: list[Path] = []
    for k in range(n):
        write_post(root, f"{k % 3}/post-{k}.md", f"post {k}\n", written.append)
    return written


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return calls


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs(2) is Linux's")
def test_a_batch_costs_one_syncfs_not_a_fsync_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert posts._SYNCFS is not None
    synced: list[int] = []
    real = posts._SYNCFS
    monkeypatch.setattr(posts, "_SYNCFS", lambda fd: synced.append(fd) or real(fd))
    fsyncs = _counting(monkeypatch)
    make_durable(_batch(tmp_path, 30))
    assert (len(synced), len(fsyncs)) == (1, 0)


def test_without_syncfs_each_file_and_folder_is_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(posts, "_SYNCFS", None)
    fsyncs = _counting(monkeypatch)
    make_durable(_batch(tmp_path, 30))
    assert len(fsyncs) == 30 + 3


def test_a_failing_syncfs_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(fd: int) -> int:
        ctypes.set_errno(errno.EIO)
        return -1

    monkeypatch.setattr(posts, "_SYNCFS", failing)
    with pytest.raises(OSError, match="syncfs"):
        make_durable(_batch(tmp_path, 2))


def test_files_removed_since_are_passed_over(tmp_path: Path) -> None:
    written = _batch(tmp_path, 4)
    written[0].unlink()
    (tmp_path / "gone").mkdir()
    make_durable([*written, tmp_path / "gone" / "x.md"])  # nothing to keep: no error
