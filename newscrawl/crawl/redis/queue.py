"""The frontier's Redis side: streams read by one consumer group, each entry leased to the
worker that read it until that worker acknowledges it. Every step that must not be split is one
Lua script, run atomically by Redis: enqueue with the seen window, claim with the delivery
limit, renew and acknowledge only what this consumer still owns."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import redis

from newscrawl.crawl.redis.connection import Client, Link
from newscrawl.crawl.redis.keys import WORKERS, Keys

# The owner of a pending entry, or false.
_OWNER = """
local function owner(stream, group, id)
  local p = redis.call('XPENDING', stream, group, id, id, 1)
  if p[1] then return p[1][2] end
  return false
end
"""

# KEYS: stream, seen[, the frontier stream of the entry the request was found in]. ARGV:
# fingerprint ("" = never filtered, and the window left as it is: the seed enqueues with no
# window), now, window seconds, payload, the frontier stream a proposal is for ("" for a frontier
# entry)[, group, consumer, the entry's id]. A request found in an entry this consumer no longer
# owns is a late copy: the worker that reclaimed the entry finds it again, so it is dropped
# before it counts as seen (-1).
_ENQUEUE = (
    _OWNER
    + """
if #KEYS == 3 and owner(KEYS[3], ARGV[6], ARGV[8]) ~= ARGV[7] then return -1 end
if ARGV[1] ~= '' then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
  if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
end
if ARGV[5] == '' then
  redis.call('XADD', KEYS[1], '*', 'r', ARGV[4])
else
  redis.call('XADD', KEYS[1], '*', 'r', ARGV[4], 'to', ARGV[5])
end
return 1
"""
)

# KEYS: stream, dead, errors. ARGV: group, consumer, min idle ms, count, max deliveries.
# Entries idle past their lease change hands; one delivered too often goes to the dead letters
# (returned too, marked 'dead', for the worker's count).
_CLAIM = (
    _OWNER
    + """
local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', ARGV[4])
local out = {}
for _, e in ipairs(r[2]) do
  local id, payload = e[1], ''
  if e[2] then for i = 1, #e[2], 2 do if e[2][i] == 'r' then payload = e[2][i + 1] end end end
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
  local n = p[1] and p[1][4] or 1
  if n > tonumber(ARGV[5]) then
    local why = redis.call('HGET', KEYS[3], id) or 'its worker never finished it'
    redis.call('XADD', KEYS[2], '*', 'stream', KEYS[1], 'id', id, 'deliveries', n - 1,
               'reason', why, 'r', payload)
    redis.call('XACK', KEYS[1], ARGV[1], id)
    redis.call('XDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[3], id)
    table.insert(out, {id, payload, 'dead'})
  else
    table.insert(out, {id, payload})
  end
end
return out
"""
)

# KEYS: stream. ARGV: group, consumer, ids... Resets the idle time of what this consumer still
# owns; returns the ids it no longer owns (reclaimed by another worker meanwhile).
_RENEW = (
    _OWNER
    + """
local lost = {}
for i = 3, #ARGV do
  if owner(KEYS[1], ARGV[1], ARGV[i]) == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
  else
    table.insert(lost, ARGV[i])
  end
end
return lost
"""
)

# KEYS: stream, errors, pages counter. ARGV: group, consumer, id. A late ack (the entry was
# reclaimed by another worker) changes nothing.
_ACK = (
    _OWNER
    + """
if owner(KEYS[1], ARGV[1], ARGV[3]) ~= ARGV[2] then return 0 end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[3])
redis.call('HDEL', KEYS[2], ARGV[3])
redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], 120)
return 1
"""
)

# KEYS: stream, errors. ARGV: group, consumer, id, idle ms, reason. Gives a failed entry back at
# once (idle as long as a lease, so the next claim takes it), its reason kept.
_RELEASE = (
    _OWNER
    + """
if owner(KEYS[1], ARGV[1], ARGV[3]) ~= ARGV[2] then return 0 end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'IDLE', ARGV[4], 'JUSTID')
if ARGV[5] ~= '' then redis.call('HSET', KEYS[2], ARGV[3], ARGV[5]) end
return 1
"""
)

# KEYS: stream, items. ARGV: group, consumer, id, record. A record of an entry this consumer
# still owns goes to the item stream; one of an entry another worker reclaimed does not: that
# worker's copy is the one handed on, and the entry may be done and deleted already, the ingest
# gone (--exit-when-done) with nothing left to read a late record.
_HAND_ON = (
    _OWNER
    + """
if owner(KEYS[1], ARGV[1], ARGV[3]) ~= ARGV[2] then return 0 end
redis.call('XADD', KEYS[2], '*', 'r', ARGV[4])
return 1
"""
)

# KEYS: stream, dead. ARGV: group, id, reason, payload. A malformed entry, put aside.
_BURY = """
redis.call('XADD', KEYS[2], '*', 'stream', KEYS[1], 'id', ARGV[2], 'deliveries', 1,
           'reason', ARGV[3], 'r', ARGV[4])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
"""


# What enqueue did with a request.
ADDED, SEEN, SUPERSEDED = 1, 0, -1


@dataclass(frozen=True)
class Entry:
    stream: str
    id: str
    payload: bytes


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class FrontierQueue:
    """The frontier streams as one leased queue, for one consumer."""

    def __init__(self, link: Link, keys: Keys, consumer: str, lease: float, max_deliveries: int):
        self.link, self.keys, self.consumer = link, keys, consumer
        self.buried = 0  # entries this consumer moved to the dead letters
        self.lease_ms = int(lease * 1000)
        self.max_deliveries = max_deliveries
        client = link.client
        self._enqueue = client.register_script(_ENQUEUE)
        self._claim = client.register_script(_CLAIM)
        self._renew = client.register_script(_RENEW)
        self._ack = client.register_script(_ACK)
        self._release = client.register_script(_RELEASE)
        self._hand_on = client.register_script(_HAND_ON)
        self._bury = client.register_script(_BURY)

    def ensure_groups(self) -> None:
        """Create the streams' consumer group (reading from the start) unless it exists."""

        def create_all(client: Client) -> None:
            for stream in self.keys.frontier:
                create_group(client, stream, WORKERS)

        self.link.call(create_all)

    def enqueue(
        self,
        level: int,
        payload: str,
        fingerprint: bytes | None,
        window: float,
        *,
        propose: bool = False,
        found_in: tuple[str, str] | None = None,
    ) -> int:
        """Add a request unless its fingerprint was enqueued within `window` seconds (ADDED,
        SEEN); an article page is proposed (the ingest's archive check forwards it to the
        frontier). A request found in the frontier entry `found_in` (stream, id) goes only while
        this consumer owns that entry (else SUPERSEDED)."""
        stream = self.keys.frontier[level]
        stream, to = (self.keys.proposed, stream) if propose else (stream, "")
        keys = [stream, self.keys.seen]
        args: list[Any] = [fingerprint or b"", f"{time.time():.3f}", window, payload, to]
        if found_in is not None:
            keys.append(found_in[0])
            args += [WORKERS, self.consumer, found_in[1]]
        return int(self.link.call(lambda c: self._enqueue(keys=keys, args=args, client=c)))

    def claim(self, count: int) -> list[Entry]:
        """Entries whose lease ran out, now this consumer's (too often delivered: buried)."""

        def claim_all(client: Client) -> list[Entry]:
            found: list[Entry] = []
            for stream in self.keys.frontier:
                keys = [stream, self.keys.dead, self.keys.errors]
                args: list[Any] = [
                    WORKERS,
                    self.consumer,
                    self.lease_ms,
                    count,
                    self.max_deliveries,
                ]
                rows = self._claim(keys=keys, args=args, client=client)
                found += [Entry(stream, _text(r[0]), r[1]) for r in rows if len(r) == 2]
                self.buried += len(rows) - sum(len(r) == 2 for r in rows)
            return found

        return self.link.call(claim_all)

    def read(self, count: int) -> list[Entry]:
        """New entries, entry points and revisits first."""

        def read_all(client: Client) -> list[Entry]:
            found: list[Entry] = []
            for stream in self.keys.frontier:
                if len(found) >= count:
                    break
                reply = client.xreadgroup(
                    WORKERS, self.consumer, {stream: ">"}, count=count - len(found)
                )
                for _name, entries in reply or []:
                    found += [Entry(stream, _text(i), f.get(b"r", b"")) for i, f in entries]
            return found

        return self.link.call(read_all)

    def renew(self, stream: str, ids: list[str]) -> list[str]:
        """Renew the leases of `ids`; the ids this consumer no longer owns."""
        args: list[Any] = [WORKERS, self.consumer, *ids]
        lost = self.link.call(lambda c: self._renew(keys=[stream], args=args, client=c))
        return [_text(i) for i in lost]

    def ack(self, stream: str, entry_id: str) -> bool:
        """Done: acknowledged and deleted, if this consumer still owns it."""
        keys = [stream, self.keys.errors, self.keys.pages(int(time.time()))]
        done = self.link.call(
            lambda c: self._ack(keys=keys, args=[WORKERS, self.consumer, entry_id], client=c)
        )
        return bool(done)

    def hand_on(self, stream: str, entry_id: str, record: str) -> bool:
        """Put `record` on the item stream if this consumer still owns the entry it came from."""
        keys, args = [stream, self.keys.items], [WORKERS, self.consumer, entry_id, record]
        return bool(self.link.call(lambda c: self._hand_on(keys=keys, args=args, client=c)))

    def release(self, stream: str, entry_id: str, reason: str) -> None:
        """Give an unfinished entry back now instead of at the end of its lease."""
        args: list[Any] = [WORKERS, self.consumer, entry_id, self.lease_ms, reason]
        self.link.call(
            lambda c: self._release(keys=[stream, self.keys.errors], args=args, client=c)
        )

    def bury(self, entry: Entry, reason: str) -> None:
        """Move an entry no worker can run to the dead letters."""
        args: list[Any] = [WORKERS, entry.id, reason, entry.payload]
        self.link.call(
            lambda c: self._bury(keys=[entry.stream, self.keys.dead], args=args, client=c)
        )
        self.buried += 1

    def depth(self) -> int:
        """Entries not yet done (waiting or leased) across the frontier streams, with the
        proposals the archive has not checked yet."""
        streams = [*self.keys.frontier, self.keys.proposed]
        return self.link.call(lambda c: stream_lengths(c, streams))


def stream_lengths(client: Client, streams: list[str]) -> int:
    """How many entries the streams hold together: one round trip."""
    pipe = client.pipeline(transaction=False)
    for stream in streams:
        pipe.xlen(stream)
    return sum(int(n) for n in pipe.execute())


def create_group(client: Client, stream: str, group: str) -> bool:
    """Create `group` on `stream` (reading from its start) unless it exists; True."""
    try:
        client.xgroup_create(stream, group, id="0", mkstream=True)
    except redis.ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise
    return True
