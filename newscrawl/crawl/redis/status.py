"""`newscrawl cluster status` and `cluster dead`: what the cluster is doing, read from Redis."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from newscrawl.crawl.redis.connection import Client
from newscrawl.crawl.redis.counts import BY_REASON, ENTRIES
from newscrawl.crawl.redis.keys import WORKERS, Keys
from newscrawl.extensions.progress import reasons


@dataclass
class DeadLetter:
    id: str
    stream: str
    entry: str
    deliveries: int
    reason: str
    url: str
    payload: bytes = field(repr=False, default=b"")


@dataclass
class Status:
    waiting: dict[str, int]  # frontier stream -> entries not yet delivered
    pending: dict[str, tuple[int, float]]  # consumer -> (entries held, oldest idle seconds)
    dead: list[DeadLetter]
    dead_total: int
    items_waiting: int
    proposed_waiting: int  # article pages found, waiting for the archive's check
    pages_per_second: float
    seen: int
    memory: int  # bytes Redis uses
    # worker (consumer name) -> its counts hash (crawl/redis/counts.py), values as numbers
    workers: dict[str, dict[str, float]] = field(default_factory=dict)


def _s(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def read_status(client: Client, keys: Keys, dead_shown: int = 20) -> Status:
    waiting: dict[str, int] = {}
    pending: dict[str, tuple[int, float]] = {}
    for stream in keys.frontier:
        if not client.exists(stream):
            waiting[stream] = 0
            continue
        groups = {_s(g["name"]): g for g in client.xinfo_groups(stream)}
        group = groups.get(WORKERS)
        waiting[stream] = int(group.get("lag") or 0) if group else int(client.xlen(stream))
        if group is None:
            continue
        for row in client.xpending_range(stream, WORKERS, "-", "+", 10_000):
            name = _s(row["consumer"])
            held, idle = pending.get(name, (0, 0.0))
            pending[name] = (held + 1, max(idle, row["time_since_delivered"] / 1000))
    now = int(time.time())
    done = sum(int(v or 0) for v in client.mget([keys.pages(now - s) for s in range(1, 61)]))
    return Status(
        waiting=waiting,
        pending=pending,
        dead=dead_letters(client, keys, dead_shown),
        dead_total=int(client.xlen(keys.dead)),
        items_waiting=int(client.xlen(keys.items)),
        proposed_waiting=int(client.xlen(keys.proposed)),
        pages_per_second=done / 60,
        seen=int(client.zcard(keys.seen)),
        memory=int(client.info("memory")["used_memory"]),
        workers=worker_counts(client, keys),
    )


def worker_counts(client: Client, keys: Keys) -> dict[str, dict[str, float]]:
    """Every worker's counts hash that has not expired, by worker."""
    names = sorted(_s(k) for k in client.scan_iter(match=keys.all_counts, count=1000))
    pipe = client.pipeline(transaction=False)
    for name in names:
        pipe.hgetall(name)
    start = len(keys.counts(""))
    return {
        name[start:]: {_s(k): float(v) for k, v in found.items()}
        for name, found in zip(names, pipe.execute(), strict=True)
        if found
    }


def dead_letters(client: Client, keys: Keys, count: int | None = None) -> list[DeadLetter]:
    rows = client.xrange(keys.dead, count=count)
    return [_dead(entry_id, fields) for entry_id, fields in rows]


def _dead(entry_id: Any, fields: dict[bytes, bytes]) -> DeadLetter:
    payload = fields.get(b"r", b"")
    try:
        data = json.loads(payload)
        url = data.get("url") or data.get("article", {}).get("url") or ""
    except (ValueError, AttributeError):
        url = "?"
    return DeadLetter(
        id=_s(entry_id),
        stream=_s(fields.get(b"stream", b"")),
        entry=_s(fields.get(b"id", b"")),
        deliveries=int(fields.get(b"deliveries", b"0") or 0),
        reason=_s(fields.get(b"reason", b"")),
        url=str(url),
        payload=payload,
    )


def retry_dead(client: Client, keys: Keys) -> int:
    """Put every dead letter back on the stream it came from (`cluster dead --retry`)."""
    letters = dead_letters(client, keys)
    known = {*keys.frontier, keys.items}
    for letter in letters:
        if letter.stream not in known:
            continue
        pipe = client.pipeline(transaction=True)
        pipe.xadd(letter.stream, {"r": letter.payload})
        pipe.xdel(keys.dead, letter.id)
        pipe.execute()
    return sum(1 for letter in letters if letter.stream in known)


def render_status(status: Status) -> str:
    lines = ["frontier (waiting for a worker):"]
    lines += [f"  {stream:<32} {n:>8}" for stream, n in status.waiting.items()]
    lines.append("leased (per worker: entries, oldest lease age):")
    lines += [
        f"  {name:<32} {n:>8}  {age:6.1f}s" for name, (n, age) in sorted(status.pending.items())
    ]
    if not status.pending:
        lines.append("  (none)")
    lines.append(f"pages found, waiting for the ingest's archive check: {status.proposed_waiting}")
    lines.append(f"items waiting for the ingest: {status.items_waiting}")
    lines.append(f"pages/s over the last minute: {status.pages_per_second:.1f}")
    lines.append(f"seen window: {status.seen} fingerprints")
    lines.append(f"Redis memory: {status.memory / 1048576:.1f} MiB")
    lines += worker_lines(status.workers)
    lines.append(f"dead letters: {status.dead_total}")
    lines += [f"  {d.url or d.entry}  ({d.deliveries} deliveries): {d.reason}" for d in status.dead]
    return "\n".join(lines)


_NOT_COUNTS = ("updated", "ended")  # a worker's hash's own fields: when, and whether it ended


def worker_lines(workers: dict[str, dict[str, float]]) -> list[str]:
    """The workers' counts added up (what each one's summary says, for all of them, while they
    run), then one line a worker."""
    ended = sum(1 for counts in workers.values() if counts.get("ended"))
    lines = [f"workers' counts ({len(workers)} workers, {ended} ended):"]
    if not workers:
        return [*lines, "  (none)"]
    total: dict[str, int] = {}
    for counts in workers.values():
        for name, value in counts.items():
            if name not in _NOT_COUNTS:
                total[name] = total.get(name, 0) + int(value)

    def by(kind: str, counts: dict[str, Any]) -> dict[str, int]:
        return {k.partition("/")[2]: int(v) for k, v in sorted(counts.items())
                if k.startswith(kind + "/")}  # fmt: skip

    entries = by("entries", total)
    lines += [
        f"  sent       {total.get('sent', 0)} articles to the ingest",
        f"  pages      {total.get('pages', 0)} article pages read",
        *(f"  {kind:<10} {reasons(by(kind, total))}" for kind in BY_REASON),
        "  entries    " + ", ".join(f"{name} {entries.get(name, 0)}" for name in ENTRIES),
    ]
    now = time.time()
    for name, counts in workers.items():
        failed = sum(by("failed", counts).values())
        state = "ended" if counts.get("ended") else "not ended"
        lines.append(
            f"  {name:<32} sent {int(counts.get('sent', 0))}, failed {failed}, {state},"
            f" written {max(0.0, now - counts.get('updated', now)):.0f}s ago"
        )
    return lines
