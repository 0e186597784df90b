"""Run one crawl command and measure it: wall time, CPU of its process tree, peak RSS of it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measured:
    wall: float
    cpu: float  # user + system seconds of the process and every child it waited for
    peak_rss: int  # bytes: the largest sum of RSS over the process tree, sampled every 50 ms
    status: int


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Sum of the resident pages of `pid` and all its descendants, in bytes."""
    tree, todo, total = _children(), [pid], 0
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError, IndexError):  # a process that just ended
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * _PAGE
        todo.extend(tree.get(current, []))
    return total


def measure(command: list[str], log: Path) -> Measured:
    """Run `command` in `log`'s folder (no project's scrapy.cfg above it), output to `log`."""
    start = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=log.parent)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], tree_rss(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(wall, cpu, peak[0], process.returncode)
