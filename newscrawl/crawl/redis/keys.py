"""The names of everything newscrawl keeps in Redis, under one prefix (NEWSCRAWL_REDIS_PREFIX)."""

from __future__ import annotations

from dataclasses import dataclass

WORKERS = "workers"  # the consumer group of the frontier streams
INGEST = "ingest"  # the consumer group of the item stream
GATE = "gate"  # the consumer group of the proposed stream (the ingest's archive check)


@dataclass(frozen=True)
class Keys:
    prefix: str = "newscrawl:"

    @property
    def frontier(self) -> tuple[str, str]:
        """The frontier's streams, read in this order: entry points and revisits, then the
        rest (articles, backfill)."""
        return (f"{self.prefix}frontier:0", f"{self.prefix}frontier:1")

    @property
    def proposed(self) -> str:
        """Stream of article pages workers found, each naming the frontier stream it is for;
        the ingest forwards those the archive has not got (or has due) to the frontier."""
        return f"{self.prefix}proposed"

    @property
    def seen(self) -> str:
        """Sorted set: fingerprint -> when it was enqueued (epoch seconds); trimmed by score."""
        return f"{self.prefix}seen"

    @property
    def dead(self) -> str:
        """Stream of frontier entries given up on, each with its reason."""
        return f"{self.prefix}dead"

    @property
    def errors(self) -> str:
        """Hash: frontier entry id -> why its last delivery failed (the dead letter's reason)."""
        return f"{self.prefix}errors"

    @property
    def items(self) -> str:
        """Stream of articles and passed-over pages for the ingest."""
        return f"{self.prefix}items"

    def pages(self, second: int) -> str:
        """Counter of frontier entries completed in one second (pages/s in cluster status)."""
        return f"{self.prefix}done:{second}"

    def counts(self, consumer: str) -> str:
        """Hash of one worker's running counts: sent, pages, failed/<reason>, ... (counts.py)."""
        return f"{self.prefix}counts:{consumer}"

    @property
    def all_counts(self) -> str:
        """The pattern of every worker's counts hash (SCAN MATCH)."""
        return f"{self.prefix}counts:*"
