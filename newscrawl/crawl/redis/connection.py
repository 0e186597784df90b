"""The Redis link of a worker, the ingest or the CLI: fail fast while the server is down, try
again after a growing backoff, and say so in one log line a minute, never a traceback."""

from __future__ import annotations

import logging
import socket
import time
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import redis

logger = logging.getLogger(__name__)
T = TypeVar("T")
# redis-py 8 types each reply as the union of what RESP2 and RESP3 could return, which no
# caller can use without a cast at every call: replies are read as the commands document them.
Client = Any

# What a server that is restarting, unreachable or still loading its AOF answers.
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError, OSError)
LOG_EVERY = 60.0
MAX_BACKOFF = 10.0


class RedisDownError(Exception):
    """Redis cannot be reached now; the caller leaves its work unacknowledged."""


ScriptCall = tuple[Any, list[Any], list[Any]]  # a registered script, its keys, its args
# The registered scripts this process loaded into Redis (each is registered on one client).
_LOADED: weakref.WeakSet[Any] = weakref.WeakSet()


def run_scripts(client: Client, calls: list[ScriptCall]) -> list[Any]:
    """Run registered scripts in one pipelined round trip, in order; what each returned.
    EVALSHA goes out directly: redis-py's pipeline asks SCRIPT EXISTS first, one more round
    trip every time. A script is loaded the first time (SCRIPT LOAD); one Redis forgot since
    (a restart) was refused without running, and runs again alone, after the others (each
    script is atomic on its own, as in any pipeline without a transaction). Another error
    is raised, as `execute` raises it."""
    for script in {id(s): s for s, _, _ in calls}.values():
        if script not in _LOADED:
            client.script_load(script.script)
            _LOADED.add(script)
    pipe = client.pipeline(transaction=False)
    for script, keys, args in calls:
        pipe.evalsha(script.sha, len(keys), *keys, *args)
    results: list[Any] = pipe.execute(raise_on_error=False)
    for k, (result, (script, keys, args)) in enumerate(zip(results, calls, strict=True)):
        if isinstance(result, redis.exceptions.NoScriptError):
            results[k] = script(keys=keys, args=args, client=client)  # loads it again
        elif isinstance(result, Exception):
            raise result
    return results


def consumer_name() -> str:
    """host:pid, the name a process reads a consumer group under."""
    import os

    return f"{socket.gethostname()}:{os.getpid()}"


class Link:
    """A redis-py client whose calls raise RedisDownError while the server is away."""

    def __init__(self, url: str, timeout: float = 5.0, clock: Callable[[], float] = time.monotonic):
        self.url = url
        self.client: Client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=min(timeout, 2.0)
        )
        self.clock = clock
        self.retry_at = 0.0
        self.backoff = 0.0
        self.down_since: float | None = None
        self.logged_at = 0.0

    def call(self, action: Callable[[Client], T]) -> T:
        """Run `action` on the client, or raise RedisDownError without trying before the backoff."""
        now = self.clock()
        if now < self.retry_at:
            raise RedisDownError(
                f"Redis at {self.safe_url} is down; next try in {self.retry_at - now:.1f}s"
            )
        try:
            result = action(self.client)
        except UNREACHABLE as error:
            self._failed(error)
            raise RedisDownError(f"Redis at {self.safe_url}: {error}") from error
        self._ok()
        return result

    def wait_for(self, action: Callable[[Client], T], stop: Callable[[], bool]) -> T | None:
        """Run `action`, retrying after each backoff until it succeeds; None once `stop()`."""
        while not stop():
            try:
                return self.call(action)
            except RedisDownError:
                time.sleep(max(0.05, min(self.retry_at - self.clock(), 1.0)))
        return None

    def _failed(self, error: BaseException) -> None:
        now = self.clock()
        if self.down_since is None:
            self.down_since, self.logged_at = now, now
            logger.warning(
                "Redis at %s unreachable (%s): retrying with backoff", self.safe_url, error
            )
        elif now - self.logged_at >= LOG_EVERY:
            self.logged_at = now
            logger.warning(
                "Redis at %s still unreachable after %.0fs (%s)",
                self.safe_url,
                now - self.down_since,
                error,
            )
        self.backoff = min(MAX_BACKOFF, max(0.25, self.backoff * 2))
        self.retry_at = now + self.backoff

    def _ok(self) -> None:
        if self.down_since is not None:
            logger.warning(
                "Redis at %s reachable again after %.0fs",
                self.safe_url,
                self.clock() - self.down_since,
            )
        self.down_since, self.backoff, self.retry_at = None, 0.0, 0.0

    @property
    def safe_url(self) -> str:
        """The URL without its password, for log lines."""
        kwargs: dict[str, Any] = self.client.connection_pool.connection_kwargs
        where = kwargs.get("host", kwargs.get("path", "?"))
        return f"{where}:{kwargs.get('port', '')}/{kwargs.get('db', 0)}"
