"""Run one crawl command and measure it: wall time, CPU and peak memory of its process tree.

The tree is sampled every 50 ms from /proc: CPU is each process's own user + system time as
last seen (the crawl's own read once it has exited, before it is reaped), so processes that a
grandchild reaps (a pool's workers under its fork server) count too; a process loses at most
its last 50 ms. The crawl process's own share is kept apart: how the work spreads over the
cores. Memory: the sum of RSS (what the issue's targets use; pages shared by forked
workers count once per process) and the sum of PSS (shared pages split between them).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Measured:
    wall: float
    cpu: float  # user + system seconds over the process tree
    cpu_root: float  # of them, the crawl process's own (the rest: its page readers)
    peak_rss: int  # bytes
    peak_pss: int  # bytes
    status: int
    load: float = 0.0  # the 1-minute load average as the crawl ended: others' work on the cores


@dataclass
class _Samples:
    cpu: dict[int, float] = field(default_factory=dict)
    peak_rss: int = 0
    peak_pss: int = 0


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = Path(entry.path, "stat").read_text()
            ppid = int(stat.rpartition(")")[2].split()[1])
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _own_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime


def _pss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def sample(root: int, samples: _Samples) -> None:
    tree, todo, rss, pss = _children(), [root], 0, 0
    while todo:
        pid = todo.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):  # a process just ended
            samples.cpu[pid] = _own_cpu(pid)
            rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
            pss += _pss(pid)
        todo.extend(tree.get(pid, []))
    samples.peak_rss, samples.peak_pss = max(samples.peak_rss, rss), max(samples.peak_pss, pss)


def measure(command: list[str], log: Path) -> Measured:
    """Run `command` in `log`'s folder (no project's scrapy.cfg above it), output to `log`."""
    start = time.perf_counter()
    samples = _Samples()
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=log.parent)
        done = threading.Event()

        def loop() -> None:
            while not done.wait(0.05):
                sample(process.pid, samples)

        sampler = threading.Thread(target=loop, daemon=True)
        sampler.start()
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
        done.set()
        sampler.join()
        with contextlib.suppress(OSError, IndexError, ValueError):
            samples.cpu[process.pid] = _own_cpu(process.pid)  # a zombie keeps its final times
        process.wait()
    wall = time.perf_counter() - start
    return Measured(
        wall,
        sum(samples.cpu.values()),
        samples.cpu.get(process.pid, 0.0),
        samples.peak_rss,
        samples.peak_pss,
        process.returncode,
        os.getloadavg()[0],
    )
