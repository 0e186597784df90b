"""The ingest: the one process that writes the archive (SQLite rows, posts, image rows) from the
item stream. It takes over what an earlier ingest left pending and replays that first; then, batch
by batch, it writes the posts (atomically), commits the rows in one transaction, and only then
acknowledges the batch. Delivery is at least once and every write is an idempotent upsert, so each
article is archived once whatever moment the ingest is killed at."""

from __future__ import annotations

import functools
import logging
import os
import signal
from dataclasses import dataclass
from pathlib import Path

from newscrawl.archive import archive_path
from newscrawl.archive.schema import write_transaction
from newscrawl.archive.store import Archive
from newscrawl.archive.visits import passed_over_rows
from newscrawl.crawl.lock import data_lock
from newscrawl.crawl.redis.connection import Client, Link, consumer_name
from newscrawl.crawl.redis.gate import Gate, gate_thread
from newscrawl.crawl.redis.keys import INGEST, Keys
from newscrawl.crawl.redis.queue import create_group
from newscrawl.crawl.redis.records import BadRecordError, read_record
from newscrawl.exporters.posts import make_durable, remove_stale_temp
from newscrawl.pipelines.export import export

logger = logging.getLogger(__name__)

Batch = list[tuple[str, bytes]]  # (entry id, payload)


@dataclass
class IngestOptions:
    batch: int = 2000  # at most: XREADGROUP gives what is waiting, so a backlog makes big batches
    block_ms: int = 1000
    exit_when_done: bool = False  # stop once the frontier and the item stream are both empty
    # tests only: "files" or "commit", SIGKILL there, in the 2nd batch that writes posts (a
    # batch of entry points' validators alone, as the first often is, does not count)
    fault: str = ""


class Ingest:
    def __init__(self, link: Link, keys: Keys, data_dir: Path, options: IngestOptions) -> None:
        self.link, self.keys, self.data_dir, self.options = link, keys, data_dir, options
        self.consumer = consumer_name()
        self.stopping = False
        self.batches = 0  # that wrote posts
        self.wrote_posts = False  # the batch being written did
        self.counts: dict[str, int] = {}
        self.entry_points: list[dict[str, object]] = []  # of the batch being written
        # One link: a Redis outage is one log line a minute for the process, not one a thread.
        self.gate = Gate(link, keys, archive_path(data_dir))

    def stop(self, *_: object) -> None:
        self.stopping = True

    def run(self) -> int:
        """Ingest until SIGTERM (or, with exit_when_done, until the cluster is done)."""
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        with data_lock(self.data_dir):
            for root in (self.data_dir / "posts", self.data_dir / "images"):
                if root.is_dir() and remove_stale_temp(root):
                    logger.warning("removed temp files an interrupted ingest left in %s", root)
            with (
                Archive(archive_path(self.data_dir), batch_size=10**9, background=False) as archive,
                gate_thread(self.gate),
            ):
                self.loop(archive)
        counts = self.counts | {f"proposed {k}": v for k, v in self.gate.counts.items()}
        logger.info("ingest stopped: %s", ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
        return 1 if self.gate.failed else 0

    def loop(self, archive: Archive) -> None:
        if (
            self.link.wait_for(lambda c: create_group(c, self.keys.items, INGEST), self.halted)
            is None
        ):
            return
        self.link.wait_for(self.take_over, self.halted)
        replay = True  # this consumer's pending entries first, then new ones
        while not self.halted():
            batch = self.link.wait_for(functools.partial(self.read, replay=replay), self.halted)
            if batch is None:
                return
            if not batch:
                if replay:
                    replay = False
                elif self.options.exit_when_done and self.cluster_done():
                    return
                continue
            self.write(archive, batch)

    def halted(self) -> bool:
        return self.stopping or bool(self.gate.failed)

    def take_over(self, client: Client) -> int:
        """Every pending item entry becomes this consumer's: the ingest before it is gone (the
        data directory's lock says no other ingest writes this archive)."""
        taken, cursor = 0, "0-0"
        while True:
            cursor, claimed, *_ = client.xautoclaim(
                self.keys.items, INGEST, self.consumer, 0, cursor, count=500
            )
            taken += len(claimed)
            if cursor in (b"0-0", "0-0"):
                return taken

    def read(self, client: Client, *, replay: bool) -> Batch:
        reply = client.xreadgroup(
            INGEST, self.consumer, {self.keys.items: "0" if replay else ">"},
            count=self.options.batch, block=None if replay else self.options.block_ms,
        )  # fmt: skip
        entries = reply[0][1] if reply else []
        return [(_text(i), f.get(b"r", b"")) for i, f in entries if f]

    def write(self, archive: Archive, batch: Batch) -> None:
        posts = self.data_dir / "posts"
        bad: list[tuple[str, bytes, str]] = []
        written: list[Path] = []
        self.entry_points = []
        for entry_id, payload in batch:
            problem = self.write_one(archive, posts, payload, written)
            if problem:
                bad.append((entry_id, payload, problem))
        make_durable(written)  # every post on disk before the rows that point at them commit
        self.wrote_posts = bool(written)
        self.batches += self.wrote_posts
        self.fault("files")
        archive.flush()  # one transaction: the batch's rows, or none of them
        if self.entry_points:
            with write_transaction(archive.db):
                archive.db.table("entry_points").upsert_all(self.entry_points, pk="url")
        self.fault("commit")
        ids = [entry_id for entry_id, _ in batch]
        self.link.wait_for(lambda c: self.ack(c, ids, bad), self.halted)

    def write_one(
        self, archive: Archive, posts: Path, payload: bytes, written: list[Path]
    ) -> str | None:
        try:
            kind, value = read_record(payload)
            if kind == "article":
                outcome, _ = export(value, archive, posts, synced=written.append)
                self.counts[outcome] = self.counts.get(outcome, 0) + 1
            elif kind == "entry_point":
                self.entry_points.append(value)
                self.counts["entry_points"] = self.counts.get("entry_points", 0) + 1
            else:
                archive.pass_over(
                    passed_over_rows(
                        value["urls"], value["source_id"], value["outcome"], value["at"]
                    )
                )
                self.counts["passed_over"] = self.counts.get("passed_over", 0) + 1
        except (BadRecordError, ValueError, KeyError, TypeError) as error:
            logger.error("item entry not archived: %s", error)
            self.counts["bad"] = self.counts.get("bad", 0) + 1
            return f"not archivable: {error}"[:300]
        return None

    def ack(self, client: Client, ids: list[str], bad: list[tuple[str, bytes, str]]) -> None:
        pipe = client.pipeline(transaction=True)
        for entry_id, payload, reason in bad:
            pipe.xadd(
                self.keys.dead,
                {
                    "stream": self.keys.items,
                    "id": entry_id,
                    "deliveries": 1,
                    "reason": reason,
                    "r": payload,
                },
            )
        pipe.xack(self.keys.items, INGEST, *ids)
        pipe.xdel(self.keys.items, *ids)
        pipe.execute()

    def cluster_done(self) -> bool:
        def depth(client: Client) -> int:
            streams = (*self.keys.frontier, self.keys.proposed, self.keys.items)
            return sum(int(client.xlen(s)) for s in streams)

        return self.link.wait_for(depth, self.halted) == 0

    def fault(self, point: str) -> None:
        if self.options.fault == point and self.batches == 2 and self.wrote_posts:
            os.kill(os.getpid(), signal.SIGKILL)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def run_ingest(url: str, data_dir: Path, prefix: str, options: IngestOptions) -> int:
    return Ingest(Link(url), Keys(prefix), data_dir, options).run()
