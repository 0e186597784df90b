"""The data directory's crawl lock for a crawl started by `scrapy crawl`.

`newscrawl crawl` (and fetch, demo) take the lock before Scrapy starts (runs.data_lock), so
that two crawls never fill one archive at once: a cron run and one started by hand would fetch
the same pages and wait on each other's writes. A spider run with `scrapy crawl` takes it here,
before any other component starts (the JOBDIR guard would otherwise judge a running crawl's
queue), and gives it back when the engine stops.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.archive import data_dir_from_settings
from newscrawl.crawl.lock import LOCK_NAME, DataLock, LockedError, held_here

logger = logging.getLogger(__name__)


class DataDirLock:
    def __init__(self, lock: DataLock) -> None:
        self.lock = lock

    @classmethod
    def from_crawler(cls, crawler: Any) -> DataDirLock:
        data_dir = data_dir_from_settings(crawler.settings)
        if held_here(data_dir):
            raise NotConfigured  # newscrawl's CLI holds it for the whole process
        lock = DataLock(data_dir / LOCK_NAME)
        try:
            lock.acquire()
        except LockedError as error:  # raised on: no component starts, no crawl
            logger.error("%s: not crawling (newscrawl crawl --wait SECONDS waits for it)", error)
            raise
        extension = cls(lock)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        self.lock.release()
