"""Post files under a root directory: atomic, idempotent writes that cannot leave the root."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import stat
import string
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from newscrawl.render.names import path_key

# Starts with "." so Hexo (and most tools) ignore a leftover from a killed run.
TEMP_PREFIX = ".newscrawl-tmp-"
_FILE_MODE = 0o644  # mkstemp makes 0600 files; posts are meant to be read by the site builder


def post_path(root: Path, relpath: str, checked: set[str] | None = None) -> Path:
    """`root/relpath`, or ValueError if relpath is not a plain relative POSIX path inside root.
    `checked`: folders (relative to root) already found to be plain folders, not looked at
    again, and where the folders found now are added (PostWriter keeps one for a batch)."""
    parts = relpath.split("/")
    # Empty parts catch absolute paths, `a//b` and a trailing slash; `\\` and drives, Windows.
    if (
        any(p in ("", ".", "..") for p in parts)
        or "\\" in relpath
        or "\x00" in relpath
        or (relpath[1:2] == ":" and relpath[:1] in _DRIVE_LETTERS)  # as PureWindowsPath
    ):
        raise ValueError(f"not a relative post path: {relpath!r}")
    target = root.joinpath(*parts)
    if not _stays_inside(_real_root(root), parts, set() if checked is None else checked):
        raise ValueError(f"post path leaves the root through a symlink: {relpath!r}")
    return target


_DRIVE_LETTERS = frozenset(string.ascii_letters)


@functools.lru_cache(maxsize=64)
def _real_root(root: Path) -> Path:
    """The root with its symlinks resolved, once per process: resolving it for every post
    walked every component of the data directory's path again."""
    return root.resolve()


def _stays_inside(real_root: Path, parts: list[str], checked: set[str]) -> bool:
    """Whether real_root/parts is inside real_root: only the components below the root can
    make it leave (`parts` has no `..`), through a symlink, which `resolve()` then follows."""
    below = ""
    for k, part in enumerate(parts):
        below = f"{below}/{part}" if below else part
        if below in checked:
            continue
        try:
            mode = os.lstat(f"{real_root}/{below}").st_mode
        except (FileNotFoundError, NotADirectoryError):
            return True  # nothing below exists, so no symlink either
        if stat.S_ISLNK(mode):
            return real_root.joinpath(*parts).resolve().is_relative_to(real_root)
        if k < len(parts) - 1 and stat.S_ISDIR(mode):
            checked.add(below)
    return True


def _has_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError):
        return False


def _fsync_dir(directory: Path) -> None:
    # Makes the rename durable; not possible on every platform (Windows), hence the suppress.
    with contextlib.suppress(OSError):
        _fsync(directory)


def replace_atomically(
    target: Path, data: bytes, fsync: bool = True, mode: int | None = _FILE_MODE
) -> None:
    """Write `data` to a temporary file beside `target` (fsynced if `fsync`), then rename it
    over `target`: a reader, or a killed run, never sees a half-written file. `mode`: the
    file's permissions (None: the temporary file's 0600, as mkstemp makes them)."""
    fd, tmp = _temp_beside(target)
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _temp_beside(target: Path) -> tuple[int, str]:
    """A new temporary file in target's folder, open for writing. It is named for this
    process and thread, which write one file at a time: no random name to draw, no file
    object around the descriptor. A name already there (a killed run's leftover, until
    remove_stale_temp) makes a random one instead; O_EXCL, as mkstemp, never follows a
    symlink planted under the name."""
    tmp = os.path.join(target.parent, f"{TEMP_PREFIX}{os.getpid()}-{threading.get_ident()}")
    try:
        return os.open(tmp, _TEMP_FLAGS, 0o600), tmp
    except FileExistsError:
        return tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)


_TEMP_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


def write_post(
    root: Path, relpath: str, text: str, synced: Callable[[Path], None] | None = None
) -> bool:
    """Write `text` (UTF-8, no BOM, newlines as given) to root/relpath atomically, fsynced
    (or, given `synced`, handed to it to fsync later: crawl/durable.py).

    Returns False without touching the file when it already holds exactly these bytes.
    """
    return _write_target(post_path(root, relpath), text, synced)


def _write_target(target: Path, text: str, synced: Callable[[Path], None] | None) -> bool:
    data = text.encode("utf-8")
    if _has_bytes(target, data):
        return False
    try:
        replace_atomically(target, data, fsync=synced is None)
    except FileNotFoundError:  # a new folder: made only then, not tried for every post
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(target, data, fsync=synced is None)
    if synced is None:
        _fsync_dir(target.parent)
    else:
        synced(target)
    return True


def remove_moved_post(root: Path, previous: str, relpath: str) -> None:
    """Remove the post at `previous`, which the article's post left for `relpath` (its title,
    so its name, changed), unless both name one file: on a case-insensitive file system
    "News.md" -> "NEWS.md" is the same file (names that differ in more than case never are,
    so the new file is looked at only then: PostWriter may not have written it yet otherwise)."""
    old = post_path(root, previous)
    same_name = path_key(previous) == path_key(relpath)
    if not (same_name and old.exists() and old.samefile(post_path(root, relpath))):
        old.unlink(missing_ok=True)


class PostWriter:
    """Writes post files on a few threads while the caller goes on (the ingest: it builds the
    next rows meanwhile). Creating a file is a system call, run without the GIL, that ext4
    makes cost up to milliseconds when its inode group holds many recently deleted inodes.

    The writes and removals of one path run in the order given: each goes to the one thread
    its case-folded name picks (`path_key`: one file on a case-insensitive file system, as
    `remove_moved_post` needs). They are handed over `chunk` at a time: a hand-over wakes a
    thread, which costs the caller's GIL and a futex round per task. `wait` hands over what
    is left, waits for everything handed over so far and raises the first error; the caller
    commits rows naming the files only after it returned."""

    def __init__(
        self, synced: Callable[[Path], None] | None = None, threads: int = 4, chunk: int = 32
    ) -> None:
        self.synced, self.chunk = synced, chunk
        self._lanes = [ThreadPoolExecutor(1, thread_name_prefix="posts") for _ in range(threads)]
        self._queued: list[list[_Task]] = [[] for _ in self._lanes]
        self._handed: list[Future[list[bool | BaseException | None]]] = []
        # Folders under a root found plain (no symlink) in this batch: a post's path is
        # checked component by component, and a batch's posts share their few folders.
        self._checked: dict[Path, set[str]] = {}

    def write(self, root: Path, relpath: str, text: str) -> bool:
        """Hand over the write of `text` to root/relpath (see write_post); True. A path that
        is not allowed raises ValueError here, on the caller's thread."""
        target = post_path(root, relpath, self._checked.setdefault(root, set()))
        self._hand(relpath, (_write_target, (target, text, self.synced)))
        return True

    def remove_moved(self, root: Path, previous: str, relpath: str) -> None:
        """Hand over `remove_moved_post`, after whatever was handed over for `previous`."""
        post_path(root, previous, self._checked.setdefault(root, set()))
        self._hand(previous, (remove_moved_post, (root, previous, relpath)))

    def _hand(self, relpath: str, task: _Task) -> None:
        lane = zlib.crc32(path_key(relpath).encode()) % len(self._lanes)
        queued = self._queued[lane]
        queued.append(task)
        if len(queued) >= self.chunk:
            self._send(lane)

    def _send(self, lane: int) -> None:
        tasks, self._queued[lane] = self._queued[lane], []
        if tasks:
            self._handed.append(self._lanes[lane].submit(_run_all, tasks))

    def wait(self) -> int:
        """Wait for every write and removal handed over; how many files were (re)written.
        Raises the first error, after all of them ended."""
        self._checked = {}
        for lane in range(len(self._lanes)):
            self._send(lane)
        handed, self._handed = self._handed, []
        wait(handed)
        outcomes = [outcome for f in handed for outcome in f.result()]
        errors = [error for error in outcomes if isinstance(error, BaseException)]
        if errors:
            raise errors[0]
        return sum(1 for outcome in outcomes if outcome is True)

    def close(self) -> None:
        """Wait for what was handed over (its errors ignored) and stop the threads; what was
        not handed over yet is dropped."""
        self._queued = [[] for _ in self._lanes]
        wait(self._handed)
        self._handed = []
        for lane in self._lanes:
            lane.shutdown(wait=True)


_Task = tuple[Callable[..., bool | None], tuple[Any, ...]]


def _run_all(tasks: list[_Task]) -> list[bool | BaseException | None]:
    """Run every task in order; what each returned, or the error it raised."""
    outcomes: list[bool | BaseException | None] = []
    for task, args in tasks:
        try:
            outcomes.append(task(*args))
        except Exception as error:
            outcomes.append(error)
    return outcomes


def make_durable(files: Iterable[Path], threads: int = 16) -> None:
    """Make `files` and their folder entries durable: one syncfs(2) per file system they are
    on where the platform has it (Linux), else an fsync of each file and folder, many at once
    (a file system commits concurrent fsyncs together)."""
    paths = list(dict.fromkeys(files))
    directories = list(dict.fromkeys(p.parent for p in paths))
    if directories and syncfs_each(directories):
        return
    with ThreadPoolExecutor(threads, thread_name_prefix="fsync") as pool:
        list(pool.map(_fsync_file, paths))
        list(pool.map(_fsync_dir, directories))


def syncfs_each(directories: Iterable[Path]) -> bool:
    """syncfs(2) the file system of each directory once: every file written there, its data
    and its folder entry, reaches the disk, in one journal commit however many files a batch
    wrote. False (nothing done) where syncfs is not available."""
    if _SYNCFS is None:
        return False
    filesystems: dict[int, Path] = {}
    for directory in directories:
        with contextlib.suppress(FileNotFoundError):
            filesystems.setdefault(os.stat(directory).st_dev, directory)
    for directory in filesystems.values():
        fd = os.open(directory, os.O_RDONLY)
        try:
            if _SYNCFS(fd) != 0:
                error = ctypes.get_errno()
                raise OSError(error, f"syncfs: {os.strerror(error)}", str(directory))
        finally:
            os.close(fd)
    return True


def _load_syncfs() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        found: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):  # a libc without it (before glibc 2.14, some musl)
        return None
    return found


_SYNCFS = _load_syncfs()


def _fsync_file(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):  # replaced or removed since: nothing to keep
        _fsync(path)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temp(root: Path) -> int:
    """Delete temp files a killed run left under root; returns how many were removed."""
    removed = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if name.startswith(TEMP_PREFIX):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
    return removed
