"""Workers on one machine share the images store: they create its folders at the same moments."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from newscrawl.pipelines.images import AtomicFSFilesStore


def _make_folders(store_dir: str, barrier: Any, rounds: int) -> None:
    for k in range(rounds):
        barrier.wait()  # every process asks for the same new folders at the same moment
        store = AtomicFSFilesStore(f"{store_dir}/{k}")
        for n in range(20):
            store._mkdir(Path(f"{store_dir}/{k}/full/{n}"))


def test_processes_creating_the_same_folders_all_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    processes, rounds = 6, 30
    barrier = context.Barrier(processes, timeout=10)  # a process that died breaks it
    workers = [
        context.Process(target=_make_folders, args=(str(tmp_path), barrier, rounds))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0] * processes
    assert len(list(tmp_path.glob("*/full/*"))) == rounds * 20
