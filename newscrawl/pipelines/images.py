"""Download body images with Scrapy's FilesPipeline; record every image's outcome.

FilesPipeline (not ImagesPipeline) because an archive keeps the site's bytes: ImagesPipeline
re-encodes everything to JPEG and flattens animated GIFs. A downloaded file must still be an
image (an HTML error page served as 200 is a failure), and a failed image never drops its
article: it becomes a row with status "failed" and a reason.
"""

from __future__ import annotations

import hashlib
import logging
import os
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar, NoReturn

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.pipelines.files import FilesPipeline, FSFilesStore
from scrapy.pipelines.media import FileException
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from newscrawl.archive import data_dir_from_settings
from newscrawl.crawl.durable import FileSync, file_sync
from newscrawl.downloadermiddlewares.deadhosts import IMAGE_META, HostUnreachable
from newscrawl.exporters.posts import replace_atomically
from newscrawl.failures import failure_reason
from newscrawl.items import Article, ImageResult

logger = logging.getLogger(__name__)


class AtomicFSFilesStore(FSFilesStore):
    """FSFilesStore that never leaves a half-written file behind (temp file + rename); with
    `files` set, the fsync is left to it (crawl/durable.py)."""

    files: FileSync | None = None

    def _mkdir(self, dirname: Path, domain: Any = None) -> None:
        # Scrapy's checks exists() then mkdir(): two processes sharing the store (workers on
        # one machine, or a FILES_STORE on a shared disk) race between the two, and the loser
        # failed with FileExistsError: at start-up that was the whole worker.
        seen: set[str] = self.created_directories[domain] if domain else set()
        if str(dirname) not in seen:
            dirname.mkdir(parents=True, exist_ok=True)
            seen.add(str(dirname))

    def persist_file(
        self,
        path: str | os.PathLike[str],
        buf: BytesIO,
        info: Any,
        meta: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.write(path, buf.getvalue(), info)

    def write(self, path: str | os.PathLike[str], data: bytes, info: Any) -> None:
        """persist_file for bytes at hand: the temporary file written with plain system calls
        (no file object, no random name to draw: exporters/posts.py), kept 0600 as before."""
        target = self._get_filesystem_path(path)
        self._mkdir(target.parent, info)
        replace_atomically(target, data, fsync=self.files is None, mode=None)
        if self.files is not None:
            self.files.add(target)


class ImageFailed(FileException):
    """An image that could not be archived; its message is the reason stored in the archive."""


class _QuietImageFailures(logging.Filter):
    """Drops Scrapy's traceback for failures we already logged in one clear line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, Failure) and isinstance(record.msg.value, ImageFailed))


logging.getLogger("scrapy.pipelines.media").addFilter(_QuietImageFailures())


def check_image(body: bytes) -> None:
    """Raise ImageFailed unless `body` is an image Pillow can identify."""
    # Imported here: a crawl that downloads no image (an unchanged source) skips Pillow's import.
    from PIL import Image

    try:
        with Image.open(BytesIO(body)) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError) as exc:  # UnidentifiedImageError is an OSError
        raise ImageFailed("not_an_image") from exc


class ImageKeys:
    """What the media pipeline tells images apart by (one download for the same image named
    twice): the canonical URL, which is all Scrapy's fingerprint of a GET without a body
    depends on, without its JSON and SHA-1 for every image."""

    def fingerprint(self, request: Request) -> bytes:
        return canonicalize_url(request.url).encode()


PATH_META = "newscrawl_image_path"  # meta: the image's path in the store, once computed

# Raster formats only: SVG is a document that can carry script.
IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".ico"})


class ArticleImagesPipeline(FilesPipeline):
    LOG_FAILED_RESULTS = False  # each failure is logged once, with its reason, in media_failed
    # Local paths and file: URIs go to the atomic store; other schemes as Scrapy ships them.
    STORE_SCHEMES: ClassVar[dict[str, type]] = {
        **FilesPipeline.STORE_SCHEMES,
        "": AtomicFSFilesStore,
        "file": AtomicFSFilesStore,
    }

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArticleImagesPipeline:
        if not crawler.settings.getbool("NEWSCRAWL_IMAGES", True):
            raise NotConfigured("NEWSCRAWL_IMAGES is off: image URLs are archived, not files")
        # NEWSCRAWL_FILES_STORE: where workers on several machines put images (a shared
        # directory, or any store Scrapy's FilesPipeline knows, such as s3://bucket/images).
        store = crawler.settings.get("NEWSCRAWL_FILES_STORE") or str(
            (data_dir_from_settings(crawler.settings) / "images").resolve()
        )
        cls._update_stores(crawler.settings)
        pipeline = cls(store, crawler=crawler)
        pipeline._fingerprinter = ImageKeys()
        if isinstance(pipeline.store, AtomicFSFilesStore):
            pipeline.store.files = file_sync(crawler)
        return pipeline

    def file_path(
        self,
        request: Request,
        response: Response | None = None,
        info: Any = None,
        *,
        item: Any = None,
    ) -> str:
        # FilesPipeline asks for each image's path three times (to look for a stored copy,
        # to store it, to report it); it depends on the URL only.
        known: str | None = request.meta.get(PATH_META)
        if known is not None:
            return known
        # Scrapy takes the extension from the URL: `a.html` would be stored as HTML, and an
        # image/HTML polyglot could be served as a page if the folder is ever published.
        path = super().file_path(request, response, info, item=item)
        stem, dot, ext = path.rpartition(".")
        path = path if dot and f".{ext.lower()}" in IMAGE_EXTENSIONS else f"{stem or path}.img"
        request.meta[PATH_META] = path
        return path

    def file_downloaded(
        self, response: Response, request: Request, info: Any, *, item: Any = None
    ) -> Any:
        if not isinstance(self.store, AtomicFSFilesStore):  # S3, GCS, FTP: Scrapy's way
            return super().file_downloaded(response, request, info, item=item)
        # Scrapy's digests the body 8 KiB at a time through a BytesIO copy; one call is
        # cheaper, and the local store writes at once (its fsync is the archive writer's).
        path = self.file_path(request, response=response, info=info, item=item)
        checksum = hashlib.md5(response.body, usedforsecurity=False).hexdigest()
        self.store.write(path, response.body, info)
        return checksum

    def media_to_download(self, request: Request, info: Any, *, item: Any = None) -> Any:
        if not isinstance(self.store, AtomicFSFilesStore):  # S3, GCS, FTP: Scrapy's way
            return super().media_to_download(request, info, item=item)
        # Scrapy's looks for a stored copy through a Deferred, which the media pipeline then
        # waits for as an asyncio future, a turn of the event loop for every image; the local
        # store answers at once. As there, an error only means the image is downloaded.
        path = self.file_path(request, info=info, item=item)
        try:
            return self._onsuccess(self.store.stat_file(path, info), request, info, path)
        except Exception:
            return None

    def get_media_requests(self, item: Any, info: Any) -> list[Request]:
        article: Article = item
        # A browser sends the article as Referer; some image hosts refuse requests without it.
        return [
            Request(
                url,
                callback=NO_CALLBACK,
                headers={"Referer": article.url},
                meta={IMAGE_META: True},
            )
            for url in article.images
        ]

    async def media_downloaded(
        self, response: Response, request: Request, info: Any, *, item: Any = None
    ) -> Any:
        if response.status != 200:
            raise ImageFailed(f"http_{response.status}")
        # Checked here, not in file_downloaded: Scrapy logs a traceback for an error there.
        if response.body:
            check_image(response.body)
        return await super().media_downloaded(response, request, info, item=item)

    def media_failed(self, failure: Failure, request: Request, info: Any) -> NoReturn:
        if isinstance(failure.value, ImageFailed):
            reason = str(failure.value)
        elif isinstance(failure.value, HostUnreachable):
            reason = "host_unreachable"
        elif isinstance(failure.value, FileException) and str(failure.value):
            reason = str(failure.value)  # Scrapy's own: "empty-content", ...
        else:
            reason = failure_reason(failure)
        logger.warning("image %s failed: %s", request.url, reason)
        raise ImageFailed(reason)

    def item_completed(self, results: list[Any], item: Any, info: Any) -> Any:
        article: Article = item
        article.image_results = [
            _result(url, ok, value)
            for url, (ok, value) in zip(article.images, results, strict=True)
        ]
        stats = self.crawler.stats
        assert stats is not None  # a running crawl always has its stats collector
        for result in article.image_results:
            key = "ok" if result.status != "failed" else f"failed/{result.error}"
            stats.inc_value(f"newscrawl/images/{key}")
        return item


def _result(url: str, ok: bool, value: Any) -> ImageResult:
    if ok:
        return ImageResult(url, value["status"], value["path"], value["checksum"])
    error = value.value if isinstance(value, Failure) else value
    return ImageResult(url, "failed", error=str(error) or type(error).__name__)
