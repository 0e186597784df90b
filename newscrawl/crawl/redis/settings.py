"""The cluster's settings, read once (every CLI option of the cluster commands is one of them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A lease must outlast the longest a healthy worker can hold a request without renewing it:
# every download attempt timing out, plus this margin for the callback and the pipelines.
LEASE_MARGIN = 60.0


@dataclass(frozen=True)
class ClusterSettings:
    url: str
    prefix: str = "newscrawl:"
    lease: float = 150.0  # seconds an entry stays leased without a renewal
    max_deliveries: int = 5  # K: more deliveries than this and an entry is a dead letter
    window: float = 7 * 86400.0  # seconds a fingerprint is remembered in Redis
    fingerprint_bytes: int = 12  # of Scrapy's 20-byte request fingerprint
    prefetch: int = 16  # entries leased ahead of the downloader
    poll: float = 0.2  # seconds between looks at the frontier when it gave nothing
    exit_when_done: bool = False

    @classmethod
    def from_settings(cls, settings: Any) -> ClusterSettings:
        url = settings.get("REDIS_URL")
        if not url:
            raise ValueError("the Redis frontier needs REDIS_URL (newscrawl worker --redis URL)")
        attempts = settings.getint("RETRY_TIMES", 2) + 1
        given = settings.get("NEWSCRAWL_REDIS_LEASE")  # None: from the download settings
        lease = (
            float(given)
            if given
            else (settings.getfloat("DOWNLOAD_TIMEOUT", 180) * attempts + LEASE_MARGIN)
        )
        return cls(
            url=url,
            prefix=settings.get("NEWSCRAWL_REDIS_PREFIX", "newscrawl:"),
            lease=lease,
            max_deliveries=settings.getint("NEWSCRAWL_REDIS_MAX_DELIVERIES", 5),
            window=settings.getfloat("NEWSCRAWL_REDIS_SEEN_WINDOW", 7 * 86400.0),
            prefetch=settings.getint("NEWSCRAWL_REDIS_PREFETCH")
            or settings.getint("CONCURRENT_REQUESTS", 16),
            poll=settings.getfloat("NEWSCRAWL_REDIS_POLL", 0.2),
            exit_when_done=settings.getbool("NEWSCRAWL_REDIS_EXIT_WHEN_DONE"),
        )
