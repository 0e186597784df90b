"""The local image store: atomic 0600 files handed to the crawl's FileSync, and a stored copy
found without a download."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.pipelines.media import MediaPipeline
from scrapy.utils.test import get_crawler

from newscrawl.crawl.durable import FileSync
from newscrawl.exporters.posts import TEMP_PREFIX
from newscrawl.pipelines.images import ArticleImagesPipeline, AtomicFSFilesStore

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
PATH = "full/" + "a" * 40 + ".jpg"


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith(TEMP_PREFIX)]


@pytest.mark.parametrize("synced", [True, False])
def test_a_stored_image_is_whole_private_and_handed_to_the_file_sync(
    tmp_path: Path, synced: bool
) -> None:
    store = AtomicFSFilesStore(str(tmp_path))
    store.files = FileSync() if synced else None
    store.write(PATH, JPEG, None)
    target = tmp_path / PATH
    assert target.read_bytes() == JPEG
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # as mkstemp made them
    assert not leftovers(tmp_path)
    if store.files is not None:
        assert list(store.files._paths) == [target]


def test_a_write_that_fails_leaves_no_temporary_file(tmp_path: Path) -> None:
    store = AtomicFSFilesStore(str(tmp_path))
    (tmp_path / PATH).mkdir(parents=True)  # a folder where the file should go
    with pytest.raises(IsADirectoryError):
        store.write(PATH, JPEG, None)
    assert not leftovers(tmp_path)


def pipeline(tmp_path: Path) -> tuple[ArticleImagesPipeline, MediaPipeline.SpiderInfo]:
    crawler = get_crawler(Spider, {"NEWSCRAWL_DATA_DIR": str(tmp_path)})
    crawler.spider = crawler._create_spider("test")
    images = ArticleImagesPipeline.from_crawler(crawler)
    return images, MediaPipeline.SpiderInfo(crawler.spider)


def test_a_stored_copy_is_up_to_date_without_a_download(tmp_path: Path) -> None:
    images, info = pipeline(tmp_path)
    request = Request("http://127.0.0.1/img/a.jpg")
    assert images.media_to_download(request, info) is None  # not stored: downloaded
    images.store.write(images.file_path(request), JPEG, info)
    found = images.media_to_download(request, info)
    assert found == {
        "url": request.url,
        "path": images.file_path(request),
        "checksum": hashlib.md5(JPEG).hexdigest(),
        "status": "uptodate",
    }


def test_a_stored_copy_that_cannot_be_read_is_downloaded_again(tmp_path: Path) -> None:
    images, info = pipeline(tmp_path)
    request = Request("http://127.0.0.1/img/b.jpg")
    (tmp_path / "images" / images.file_path(request)).mkdir(parents=True)  # stat ok, read fails
    assert images.media_to_download(request, info) is None
