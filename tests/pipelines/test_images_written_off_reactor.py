"""Image files are written in the reactor's thread pool (ArticleImagesPipeline.file_downloaded)
by _persist: the same bytes, checksum and atomic rename as Scrapy's FilesPipeline gives; the
crawls of tests/e2e (test_crawl, test_faults) run it in the reactor's pool."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from scrapy.pipelines.files import _md5sum

from newscrawl.pipelines import images
from newscrawl.pipelines.images import AtomicFSFilesStore


class _Info:
    """What Scrapy passes as `info` (the store keys its made folders on it)."""


def test_persist_writes_the_file_atomically_and_returns_scrapys_checksum(tmp_path: Path) -> None:
    store = AtomicFSFilesStore(str(tmp_path))
    body = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    checksum = images._persist(store, "full/ab.png", body, _Info())
    assert checksum == _md5sum(BytesIO(body))
    assert (tmp_path / "full" / "ab.png").read_bytes() == body
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["ab.png"]  # no temp file left
