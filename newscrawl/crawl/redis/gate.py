"""The archive's say over the article pages a cluster finds. Workers have no archive, and the
seen window forgets after NEWSCRAWL_REDIS_SEEN_WINDOW, so a worker proposes each article page it
finds (the `proposed` stream) instead of putting it in the frontier. The gate, a thread of the
ingest (the one process that owns the archive), forwards a proposal to the frontier only when
the archive says to fetch it, by the rule the single-process crawl's ArchivedArticleMiddleware
follows (`archive.visits.fetch_verdict`); a --refresh seeding's pages always pass. Forwarding
and acknowledging a proposal are one Lua script, so a killed ingest forwards nothing twice."""

from __future__ import annotations

import functools
import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newscrawl.archive.visits import FETCH, fetch_verdict
from newscrawl.crawl.redis.codec import MalformedEntryError, request_data
from newscrawl.crawl.redis.connection import Client, Link, consumer_name
from newscrawl.crawl.redis.keys import GATE, Keys
from newscrawl.crawl.redis.queue import create_group

logger = logging.getLogger(__name__)

# KEYS: proposed, frontier stream ("" = drop), dead. ARGV: group, id, payload, reason.
_PASS = """
if KEYS[2] ~= '' then redis.call('XADD', KEYS[2], '*', 'r', ARGV[3]) end
if ARGV[4] ~= '' then
  redis.call('XADD', KEYS[3], '*', 'stream', KEYS[1], 'id', ARGV[2], 'deliveries', 1,
             'reason', ARGV[4], 'r', ARGV[3])
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
"""


def proposal_facts(payload: bytes) -> tuple[str, Any, bool]:
    """(url, when its feed or sitemap says it changed, whether a --refresh seeding found it)."""
    data = request_data(payload)
    meta = data.get("meta") or {}
    bounds = meta.get("newscrawl_bounds")
    refresh = isinstance(bounds, dict) and bool(bounds.get("refresh"))
    return data["url"], meta.get("newscrawl_listed"), refresh


class Gate:
    def __init__(self, link: Link, keys: Keys, db_path: Path, batch: int = 500) -> None:
        self.link, self.keys, self.db_path, self.batch = link, keys, db_path, batch
        self.consumer = consumer_name()
        self.counts: Counter[str] = Counter()
        self.stopping = threading.Event()
        self.failed = ""
        self._pass = link.client.register_script(_PASS)

    def run(self) -> None:
        """Check proposals until stopped; Redis away: wait for it, as the ingest does. Any
        other failure ends the gate with one log line (`failed`); the ingest then stops."""
        try:
            self.check_all()
        except Exception as error:
            self.failed = f"{type(error).__name__}: {error}"
            logger.error("the archive check of proposed pages stopped: %s", self.failed)

    def check_all(self) -> None:
        if self.link.wait_for(self.prepare, self.stopping.is_set) is None:
            return
        replay = True  # proposals an earlier ingest took and did not finish, first
        with closing(sqlite3.connect(self.db_path)) as conn:
            while not self.stopping.is_set():
                step = functools.partial(self.step, conn=conn, replay=replay)
                checked = self.link.wait_for(step, self.stopping.is_set)
                if checked is None:
                    return
                replay = replay and checked > 0

    def prepare(self, client: Client) -> bool:
        """The group exists and every pending proposal is this consumer's (one ingest)."""
        create_group(client, self.keys.proposed, GATE)
        cursor = "0-0"
        while True:
            cursor, *_ = client.xautoclaim(
                self.keys.proposed, GATE, self.consumer, 0, cursor, count=500
            )
            if cursor in (b"0-0", "0-0"):
                return True

    def step(self, client: Client, conn: sqlite3.Connection, replay: bool) -> int:
        """Check one batch of proposals; how many."""
        reply = client.xreadgroup(
            GATE, self.consumer, {self.keys.proposed: "0" if replay else ">"},
            count=self.batch, block=None if replay else 1000,
        )  # fmt: skip
        entries = reply[0][1] if reply else []
        now = datetime.now(UTC)
        pipe = client.pipeline(transaction=False)
        for entry_id, fields in entries:
            # An entry deleted while pending (none should be) has no fields: only acked.
            to, reason = self.verdict(conn, fields, now) if fields else ("", "")
            keys = [self.keys.proposed, to, self.keys.dead]
            args = [GATE, entry_id, (fields or {}).get(b"r", b""), reason]
            self._pass(keys=keys, args=args, client=pipe)
        pipe.execute()
        return len(entries)

    def verdict(
        self, conn: sqlite3.Connection, fields: dict[bytes, bytes], now: datetime
    ) -> tuple[str, str]:
        """(the frontier stream to forward to, or ""; a dead letter's reason, or "")."""
        to = fields.get(b"to", b"").decode()
        try:
            if to not in self.keys.frontier:
                raise MalformedEntryError(f"proposed for no frontier stream: {to!r}")
            url, listed, refresh = proposal_facts(fields.get(b"r", b""))
        except MalformedEntryError as error:
            self.counts["malformed"] += 1
            logger.error("proposal is malformed (%s): moved to the dead letters", error)
            return "", f"malformed: {error}"[:300]
        verdict = "refresh" if refresh else fetch_verdict(conn, url, listed, now)
        self.counts[verdict] += 1
        return (to, "") if verdict in FETCH or refresh else ("", "")


@contextmanager
def gate_thread(gate: Gate) -> Iterator[Gate]:
    """The gate running beside the ingest's loop, stopped (and waited for) after it."""
    thread = threading.Thread(target=gate.run, name="newscrawl-gate", daemon=True)
    thread.start()
    try:
        yield gate
    finally:
        gate.stopping.set()
        thread.join()
