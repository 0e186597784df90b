"""The crawl process's memory settings: glibc's malloc thresholds and the skipped imports."""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.crawl.memory import GC_YOUNG_THRESHOLD, tune_malloc


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_tune_malloc_applies_on_glibc() -> None:
    assert tune_malloc() is True
    assert tune_malloc() is True  # again: the same settings


def test_sqlite_utils_and_itemadapter_work_without_numpy_and_pydantic() -> None:
    code = (
        "import sys; from newscrawl.crawl.memory import import_libraries_without_unused; "
        "print(','.join(import_libraries_without_unused())); "
        "import sqlite_utils, itemadapter; "
        "db = sqlite_utils.Database(memory=True); db['t'].insert({'a': 1}); "
        "from newscrawl.items import Article; "
        "assert itemadapter.ItemAdapter(Article(url='u', source_id='s')).get('url') == 'u'; "
        "print('numpy' in sys.modules, 'pydantic' in sys.modules, db['t'].count)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["numpy,pydantic", "False", "False", "1"]


def test_a_user_can_still_import_numpy_after() -> None:
    """Hidden only while the libraries import: a user's pipeline importing numpy still works."""
    pytest.importorskip("numpy")
    code = (
        "from newscrawl.crawl.memory import import_libraries_without_unused; "
        "import_libraries_without_unused(); import numpy; print(numpy.zeros(2).sum())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0.0"


def test_the_crawl_process_collects_cycles_less_often_but_still_collects_them(
    tmp_path: Path,
) -> None:
    code = (
        "import gc, sys, weakref; from pathlib import Path\n"
        "from newscrawl.crawl.process import cli_process\n"
        "default = gc.get_threshold()\n"
        "cli_process(Path(sys.argv[1]), {}, False)\n"
        "print('RESULT', default, gc.get_threshold(), sep='|')\n"
        "class Node: pass\n"
        "gone = []\n"
        "for _ in range(20_000):\n"
        "    a, b = Node(), Node(); a.b, b.a = b, a\n"
        "    weakref.finalize(a, gone.append, 1)\n"
        "    del a, b\n"
        "print('RESULT', len(gone) > 10_000)\n"  # freed by the collector's own runs alone
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    (_, default, tuned), (collected,) = results[0].split("|"), results[1].split()[1:]
    older = default.strip("()").split(", ")[1:]
    assert tuned == f"({GC_YOUNG_THRESHOLD}, {', '.join(older)})"
    assert default != tuned
    assert collected == "True"
