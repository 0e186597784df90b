"""The crawl process's memory settings: glibc's malloc thresholds and the skipped imports."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from newscrawl.crawl.memory import tune_malloc


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_tune_malloc_applies_on_glibc() -> None:
    assert tune_malloc() is True
    assert tune_malloc() is True  # again: the same settings


def test_sqlite_utils_and_itemadapter_work_without_numpy_and_pydantic() -> None:
    code = (
        "from newscrawl.crawl.memory import skip_unused_imports; "
        "print(','.join(skip_unused_imports())); "
        "import sqlite_utils, itemadapter, sys; "
        "db = sqlite_utils.Database(memory=True); db['t'].insert({'a': 1}); "
        "from newscrawl.items import Article; "
        "assert itemadapter.ItemAdapter(Article(url='u', source_id='s')).get('url') == 'u'; "
        "print(sys.modules['numpy'], sys.modules['pydantic'], db['t'].count)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["numpy,pydantic", "None", "None", "1"]
