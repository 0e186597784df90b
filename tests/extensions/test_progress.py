"""The Progress extension tells a cluster worker's crawl by the setting the worker sets, not by
knowing the cluster's modules: a general extension imports no cluster module."""

from __future__ import annotations

import subprocess
import sys

import pytest
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from newscrawl.crawl.redis.worker import worker_settings
from newscrawl.extensions.progress import Progress


def progress_of(settings: dict[str, object]) -> Progress:
    return Progress.from_crawler(get_crawler(settings_dict=settings))


def test_a_worker_is_told_by_its_setting() -> None:
    assert progress_of({"NEWSCRAWL_REDIS_WORKER": True}).worker
    assert not progress_of({}).worker


def test_the_worker_settings_make_a_workers_progress() -> None:
    base = get_project_settings()
    assert base.getbool("NEWSCRAWL_REDIS_WORKER") is False  # a single crawl's
    mine = worker_settings(base, "redis://127.0.0.1:1/0")
    assert progress_of({"NEWSCRAWL_REDIS_WORKER": mine["NEWSCRAWL_REDIS_WORKER"]}).worker


def test_progress_imports_no_cluster_module() -> None:
    code = (
        "import sys, newscrawl.extensions.progress;"
        "print(sorted(m for m in sys.modules if m.startswith('newscrawl.crawl')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


@pytest.mark.parametrize(
    "module", ["newscrawl.extensions.progress", "newscrawl.crawl.redis.status"]
)
def test_the_summaries_and_cluster_status_import_no_scrapy(module: str) -> None:
    """`newscrawl cluster status` has no crawl: Scrapy's imports would double its time."""
    code = (
        f"import sys, {module};"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
