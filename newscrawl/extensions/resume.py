"""Resumable crawls: Scrapy's JOBDIR kept after a graceful stop, discarded after a kill.

Scrapy writes its JOBDIR queue and seen-requests file consistently only when the crawl closes;
after a SIGKILL they may disagree (requests marked seen that the queue lost), so they are not
trusted: the next run starts with a fresh JOBDIR and the archive itself says what is done
(archived articles are skipped by ArchivedArticleMiddleware). After a graceful stop (Ctrl-C)
the queue is complete, and the next run continues it.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)

PAUSED, RESUMED, RUNNING = "newscrawl.paused", "newscrawl.resumed", "newscrawl.running"


def was_resumed(jobdir: str | None) -> bool:
    """Whether the crawl using `jobdir` continues a queue left by a graceful stop."""
    return bool(jobdir and Path(jobdir, RESUMED).exists())


class JobdirGuard:
    """Decides, before Scrapy opens the JOBDIR queues, whether the previous run's are usable."""

    def __init__(self, jobdir: Path) -> None:
        self.jobdir = jobdir

    @classmethod
    def from_crawler(cls, crawler: Any) -> JobdirGuard:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured  # no JOBDIR (a bare NotConfigured is not logged as a warning)
        guard = cls(Path(jobdir))
        guard.prepare()
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def prepare(self) -> None:
        marker = self.jobdir / PAUSED
        if marker.exists():
            marker.replace(self.jobdir / RESUMED)
            logger.info("resuming the crawl stopped earlier (queue in %s)", self.jobdir)
        elif self.jobdir.exists():
            if (self.jobdir / RUNNING).exists():
                logger.warning(
                    "the previous crawl was killed; its queue is discarded and the archive "
                    "decides what is left to fetch"
                )
            shutil.rmtree(self.jobdir)
        self.jobdir.mkdir(parents=True, exist_ok=True)
        (self.jobdir / RUNNING).touch()

    def spider_closed(self, reason: str) -> None:
        # Scrapy has closed (written) its queues before this signal.
        (self.jobdir / RESUMED).unlink(missing_ok=True)
        if reason == "shutdown":
            (self.jobdir / PAUSED).touch()
        (self.jobdir / RUNNING).unlink(missing_ok=True)
