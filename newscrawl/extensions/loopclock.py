"""When the crawl's event loop last woke up: the moment its select() returned.

A response is read in the loop iteration whose select() saw its socket ready, so the site had
answered (bytes were waiting) by the time that select() returned; whatever the loop does after
that return (callbacks queued before, the other ready sockets, timers) is the crawl's own time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

logger = logging.getLogger(__name__)


class LoopClock:
    """`woke`: time.monotonic() (the clock Scrapy's download latency is measured on) when the
    loop's select() last returned."""

    __slots__ = ("woke",)

    def __init__(self) -> None:
        self.woke = time.monotonic()


# One clock per selector, so that several crawls in one process share it and wrap it once.
_CLOCKS: WeakKeyDictionary[Any, LoopClock] = WeakKeyDictionary()


def _timed(select: Callable[..., Any], clock: LoopClock) -> Callable[..., Any]:
    now = time.monotonic

    def select_then_note(timeout: float | None = None) -> Any:
        # Runs once per loop iteration: nothing but the call, a clock read and a store.
        ready = select(timeout)
        clock.woke = now()
        return ready

    return select_then_note


def loop_clock(reactor: Any) -> LoopClock | None:
    """The clock of `reactor`'s event loop (timing its selector from now on), or None when the
    loop has no selector of its own to time (a reactor other than AsyncioSelectorReactor, an
    event loop such as uvloop): then nothing is changed."""
    loop = getattr(reactor, "_asyncioEventloop", None)
    selector = getattr(loop, "_selector", None)
    if not callable(getattr(selector, "select", None)):
        logger.debug(
            "%s has no selector to time: AutoThrottle counts the crawl's own pauses as latency",
            type(loop if loop is not None else reactor).__name__,
        )
        return None
    clock = _CLOCKS.get(selector)
    if clock is None:
        clock = _CLOCKS[selector] = LoopClock()
        selector.select = _timed(selector.select, clock)  # type: ignore[union-attr]
    return clock
