"""The archive's say over the pages a cluster finds. Workers have no archive, and the seen
window forgets after NEWSCRAWL_REDIS_SEEN_WINDOW, so a worker proposes each article page and
entry point (feed, sitemap) it finds (the `proposed` stream) instead of putting it in the
frontier. The gate, a thread of the ingest (the one process that owns the archive), forwards an
article page to the frontier only when the archive says to fetch it, by the rule the
single-process crawl's ArchivedArticleMiddleware follows (`archive.visits.fetch_verdict`), and
an entry point with the validators the archive keeps for it (asked conditionally, as the seed
asks); a --refresh seeding's pages always pass, unconditionally. Forwarding and acknowledging a
proposal are one Lua script, so a killed ingest forwards nothing twice."""

from __future__ import annotations

import functools
import json
import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.archive.visits import FETCH, conditional_headers, fetch_verdict
from newscrawl.crawl.redis.codec import MalformedEntryError, request_data
from newscrawl.crawl.redis.connection import (
    Client,
    Link,
    ScriptCall,
    consumer_name,
    run_scripts,
)
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


def asked_conditionally(payload: bytes, conn: sqlite3.Connection) -> bytes:
    """A found entry point (a feed or sitemap a worker discovered) with the validators the
    archive keeps for it, as the seed asks the entry points it enqueues."""
    data = json.loads(payload)
    headers = conditional_headers(conn, data["url"])
    if not headers:
        return payload
    data["headers"] = (data.get("headers") or {}) | {k: [v] for k, v in headers.items()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


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
            count=self.batch, block=None if replay else _WAIT_MS,
        )  # fmt: skip
        entries = reply[0][1] if reply else []
        now = datetime.now(UTC)
        calls: list[ScriptCall] = []
        for entry_id, fields in entries:
            # An entry deleted while pending (none should be) has no fields: only acked.
            to, payload, reason = self.verdict(conn, fields, now) if fields else ("", b"", "")
            keys = [self.keys.proposed, to, self.keys.dead]
            calls.append((self._pass, keys, [GATE, entry_id, payload, reason]))
        if calls:
            run_scripts(client, calls)
        return len(entries)

    def verdict(
        self, conn: sqlite3.Connection, fields: dict[bytes, bytes], now: datetime
    ) -> tuple[str, bytes, str]:
        """(the frontier stream to forward to, or ""; the entry to put there; a dead letter's
        reason, or "")."""
        to, payload = fields.get(b"to", b"").decode(), fields.get(b"r", b"")
        try:
            if to not in self.keys.frontier:
                raise MalformedEntryError(f"proposed for no frontier stream: {to!r}")
            data = request_data(payload)
        except MalformedEntryError as error:
            self.counts["malformed"] += 1
            logger.error("proposal is malformed (%s): moved to the dead letters", error)
            return "", payload, f"malformed: {error}"[:300]
        meta = data.get("meta") or {}
        bounds = meta.get("newscrawl_bounds")
        if isinstance(bounds, dict) and bounds.get("refresh"):
            verdict = "refresh"  # a --refresh seeding fetches everything again, unconditionally
        elif meta.get("newscrawl_entry"):
            verdict, payload = "entry point", asked_conditionally(payload, conn)
        else:
            verdict = fetch_verdict(conn, data["url"], meta.get("newscrawl_listed"), now)
        self.counts[verdict] += 1
        return (to if verdict in PASS else ""), payload, ""


PASS = FETCH | {"refresh", "entry point"}
# How long one read waits for proposals: the ingest waits as long for the gate when it stops
# (an `--exit-when-done` ingest, once all is archived, or SIGTERM); an idle poll costs Redis
# next to nothing.
_WAIT_MS = 100


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
