"""The ingest: the one process that writes the archive (SQLite rows, posts, image rows) from the
item stream. It takes over what an earlier ingest left pending and replays that first; then, batch
by batch, it writes the posts (atomically), commits the rows in one transaction, and only then
acknowledges the batch. Delivery is at least once and every write is an idempotent upsert, so each
article is archived once whatever moment the ingest is killed at.

Batches overlap: while the archive's writer thread commits one batch (SQLite runs without the
GIL), the next is read and its posts are written, on a few threads of their own while this one
builds the rows (exporters/posts.py, PostWriter); every post of a batch is written before its
rows are handed to the writer, and a batch is acknowledged once its own commit is done. Posts
written ahead of their rows are replayed with them after a kill: still pending."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.archive import archive_path
from newscrawl.archive.schema import write_transaction
from newscrawl.archive.store import Archive
from newscrawl.archive.visits import passed_over_rows
from newscrawl.crawl.durable import FileSync
from newscrawl.crawl.lock import data_lock
from newscrawl.crawl.redis.connection import Client, Link, RedisDownError, consumer_name
from newscrawl.crawl.redis.gate import Gate, gate_thread
from newscrawl.crawl.redis.keys import INGEST, Keys
from newscrawl.crawl.redis.queue import create_group, stream_lengths
from newscrawl.crawl.redis.records import BadRecordError, read_record
from newscrawl.exporters.archiving import export
from newscrawl.exporters.posts import PostWriter, remove_stale_temp
from newscrawl.extensions.progress import format_ingest_summary
from newscrawl.items import Article
from newscrawl.render.names import post_relpath

logger = logging.getLogger(__name__)

Batch = list[tuple[str, bytes]]  # (entry id, payload)


@dataclass
class IngestOptions:
    batch: int = 500  # at most: XREADGROUP gives what is waiting; a backlog is cut in batches
    # this small so that committing one overlaps writing the next (and they fit in memory)
    block_ms: int = 1000
    exit_when_done: bool = False  # stop once the frontier and the item stream are both empty
    # tests only: "files" or "commit", SIGKILL there, in the 2nd batch that writes posts (a
    # batch of entry points' validators alone, as the first often is, does not count)
    fault: str = ""


@dataclass
class Written:
    """A batch whose posts are written and whose rows are buffered or being committed."""

    ids: list[str]
    bad: list[tuple[str, bytes, str]] = field(default_factory=list)  # entry id, payload, reason
    entry_points: list[dict[str, object]] = field(default_factory=list)
    posts: int = 0
    number: int = 0  # among the batches that wrote posts (1, 2, ...), 0: it wrote none


class Ingest:
    def __init__(self, link: Link, keys: Keys, data_dir: Path, options: IngestOptions) -> None:
        self.link, self.keys, self.data_dir, self.options = link, keys, data_dir, options
        self.consumer = consumer_name()
        self.stopping = False
        self.failed = False  # a post could not be written
        self.batches = 0  # that wrote posts
        self.counts: dict[str, int] = {}
        self.files = FileSync()  # fsynced by the archive's writer before it commits their rows
        self.posts = PostWriter(self.files.add)  # a batch's posts, written beside its rows
        self.committing: Written | None = None  # the batch the writer thread has
        self.replay_from: str | None = "0"  # own pending entries after this id; None: new ones
        self.idle = True  # the last read found nothing: the next one may wait for entries
        self.reader = ThreadPoolExecutor(1, thread_name_prefix="stream-reader")
        self.ahead: Future[Batch | None] | None = None  # the next batch, being read
        # One link: a Redis outage is one log line a minute for the process, not one a thread.
        self.gate = Gate(link, keys, archive_path(data_dir))

    def stop(self, *_: object) -> None:
        self.stopping = True

    def run(self) -> int:
        """Ingest until SIGTERM (or, with exit_when_done, until the cluster is done)."""
        started = time.monotonic()
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        with data_lock(self.data_dir):
            for root in (self.data_dir / "posts", self.data_dir / "images"):
                if root.is_dir() and remove_stale_temp(root):
                    logger.warning("removed temp files an interrupted ingest left in %s", root)
            with (
                # durable: a batch is acknowledged, and deleted from Redis, after its commit.
                Archive(
                    archive_path(self.data_dir), batch_size=10**9, background=False, durable=True
                ) as archive,
                gate_thread(self.gate),
            ):
                archive.writer.before_write = self.files.sync
                try:
                    self.loop(archive)
                    self.settle(archive)
                except OSError as error:  # a post file: its batch is neither committed nor acked
                    logger.error("ingest stopped, its batch left pending: %s", error)
                    self.failed = True
                finally:  # a batch committed and not acknowledged is replayed (idempotent)
                    self.stopping = True  # ends a read ahead that waits for Redis
                    self.reader.shutdown(wait=True, cancel_futures=True)
                    self.posts.close()
        counts = self.counts | {"batches": self.batches, "proposed": dict(self.gate.counts)}
        # stdout, like a crawl's summary; the log lines above went to stderr.
        print(format_ingest_summary(counts, time.monotonic() - started), flush=True)
        return 1 if self.gate.failed or self.failed else 0

    def loop(self, archive: Archive) -> None:
        if (
            self.link.wait_for(lambda c: create_group(c, self.keys.items, INGEST), self.halted)
            is None
        ):
            return
        self.link.wait_for(self.take_over, self.halted)
        while not self.halted():
            batch = self.next_batch()
            if batch is None:
                return
            self.idle = not batch
            if batch:
                self.write(archive, batch)
                continue
            self.settle(archive)
            if self.replay_from is not None:
                self.replay_from = None
            elif self.options.exit_when_done and self.cluster_done():
                return

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

    def next_batch(self) -> Batch | None:
        """The batch read ahead, else one read now. Behind a batch of new entries the next
        is read on the reader thread while this one is written: Redis takes about as long
        to send a batch as the ingest to write it, and a socket read runs without the GIL."""
        ahead, self.ahead = self.ahead, None
        batch = ahead.result() if ahead is not None else self.link.wait_for(self.read, self.halted)
        if batch and self.replay_from is None:
            self.ahead = self.reader.submit(self.link.wait_for, self.read_ahead, self.halted)
        return batch

    def read_ahead(self, client: Client) -> Batch:
        """New entries, without waiting for them (the reader thread's read)."""
        reply = client.xreadgroup(
            INGEST, self.consumer, {self.keys.items: ">"}, count=self.options.batch
        )
        return _entries(reply[0][1] if reply else [])

    def read(self, client: Client) -> Batch:
        """The next batch: this consumer's pending entries past the last read (replay), then
        new ones. It waits for entries only when idle: not while a batch is being committed
        (which would wait for the ack) nor behind a backlog."""
        wait = self.idle and self.committing is None and self.replay_from is None
        reply = client.xreadgroup(
            INGEST, self.consumer, {self.keys.items: self.replay_from or ">"},
            count=self.options.batch, block=self.options.block_ms if wait else None,
        )  # fmt: skip
        entries = reply[0][1] if reply else []
        if self.replay_from is not None and entries:
            self.replay_from = _text(entries[-1][0])
            self.count("replayed", len(entries))
        return _entries(entries)

    def write(self, archive: Archive, batch: Batch) -> None:
        """Write the batch's posts and buffer its rows; then, once the batch before it is
        committed and acknowledged, hand the rows to the writer thread. The archive's rows
        of the batch's articles are read in one query first (no batch commits meanwhile:
        the one in flight is waited for after)."""
        posts = self.data_dir / "posts"
        written = Written([entry_id for entry_id, _ in batch])
        records = [(entry_id, payload, self.decoded(payload)) for entry_id, payload in batch]
        articles = [r[1][0] for _, _, r in records if not isinstance(r, str) and r[0] == "article"]
        named = _names(articles)
        try:
            with archive.prefetched([a.key for a in articles], named.values()):
                for entry_id, payload, record in records:
                    problem = (
                        record
                        if isinstance(record, str)
                        else self.write_one(archive, posts, record, written, named)
                    )
                    if problem:
                        written.bad.append((entry_id, payload, problem))
            written.posts = self.posts.wait()
        except BaseException:  # rows naming files not (all) written are never committed
            self.posts.close()
            archive.writer.discard()
            raise
        if written.posts:
            self.batches += 1
            written.number = self.batches
        self.settle(archive)
        self.fault("files", written)  # its posts written, its rows not committed
        archive.writer.flush_behind()  # one transaction: the batch's rows, or none of them
        self.committing = written

    def settle(self, archive: Archive) -> None:
        """Wait for the batch being committed, write its entry points, acknowledge it."""
        written, self.committing = self.committing, None
        if written is None:
            return
        archive.writer.wait()
        if written.entry_points:
            with write_transaction(archive.db):
                archive.db.table("entry_points").upsert_all(written.entry_points, pk="url")
        self.fault("commit", written)
        if not self.halted():
            self.link.wait_for(lambda c: self.ack(c, written), self.halted)
            return
        try:  # stopping: one try, else the next ingest replays the batch (idempotent)
            self.link.call(lambda c: self.ack(c, written))
        except RedisDownError as error:
            logger.warning("a committed batch stays pending, to be replayed: %s", error)

    def write_one(
        self,
        archive: Archive,
        posts: Path,
        record: tuple[str, Any],
        written: Written,
        named: dict[int, str],
    ) -> str | None:
        kind, value = record
        try:
            if kind == "article":
                article, rendered = value
                name = named.get(id(article))
                outcome, _ = export(article, archive, posts, None, rendered, self.posts, name)
                self.count(outcome)
            elif kind == "entry_point":
                written.entry_points.append(value)
                self.count("entry_points")
            else:
                archive.pass_over(
                    passed_over_rows(
                        value["urls"], value["source_id"], value["outcome"], value["at"]
                    )
                )
                self.count("passed_over")
        except (ValueError, KeyError, TypeError) as error:
            return self.refused(error)
        return None

    def decoded(self, payload: bytes) -> tuple[str, Any] | str:
        """The entry's record (records.read_record), or why it cannot be read."""
        try:
            return read_record(payload)
        except BadRecordError as error:
            return self.refused(error)

    def refused(self, error: Exception) -> str:
        """An entry not archivable: one log line; the reason its dead letter gives."""
        logger.error("item entry not archived: %s", error)
        self.count("bad")
        return f"not archivable: {error}"[:300]

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def ack(self, client: Client, written: Written) -> None:
        pipe = client.pipeline(transaction=True)
        for entry_id, payload, reason in written.bad:
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
        pipe.xack(self.keys.items, INGEST, *written.ids)
        pipe.xdel(self.keys.items, *written.ids)
        pipe.execute()

    def cluster_done(self) -> bool:
        streams = [*self.keys.frontier, self.keys.proposed, self.keys.items]
        return self.link.wait_for(lambda c: stream_lengths(c, streams), self.halted) == 0

    def fault(self, point: str, written: Written) -> None:
        if self.options.fault == point and written.number == 2:
            os.kill(os.getpid(), signal.SIGKILL)


def _names(articles: list[Article]) -> dict[int, str]:
    """Each article's post path unless another article owns it (post_relpath), by id(): what
    the batch's owner lookup reads. One that has none is refused by `export`, with reason."""
    names = {}
    for article in articles:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            names[id(article)] = post_relpath(article)
    return names


def _entries(entries: list[Any]) -> Batch:
    return [(_text(i), f.get(b"r", b"")) for i, f in entries if f]


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def run_ingest(url: str, data_dir: Path, prefix: str, options: IngestOptions) -> int:
    quiet_collector()
    return Ingest(Link(url), Keys(prefix), data_dir, options).run()


def quiet_collector() -> None:
    """The cyclic collector tuned for a process that makes and drops many small objects per
    article, almost none in cycles: what start-up made (modules, classes) is frozen out of
    every collection, and a young collection waits for many more allocations than Python's
    default (each walked an article's young objects and freed next to nothing)."""
    gc.freeze()
    gc.set_threshold(_YOUNG, 20, 20)


_YOUNG = 20_000
