"""The crawl's event loop, timed at its select(): how long it waited for events, and when it
last woke up.

Two readings of one wrapper: the page readers (crawl/pool.py) ask whether the crawl thread has
time to spare (`idle`: seconds spent waiting in select(); its CPU share would not do on a
machine others load, where a thread that never waits still gets only part of a core), and
AutoThrottle (extensions/throttle.py) asks when a response was found ready (`woke`: a
response is read in the loop turn whose select() saw its socket ready, so its bytes had
arrived by the time that select() returned; what the loop does after that is the crawl's own
time, not the site's). Only asyncio's selector loops have a selector to time (a private name,
`_selector`); other loops give None and the callers keep their untimed behaviour.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any


class TimedSelector:
    """The event loop's selector, noting `idle` and `woke` (time.monotonic(), the clock Scrapy
    measures download latency on) at each select(): a clock read and a store a loop turn."""

    def __init__(self, selector: Any) -> None:
        self.selector = selector
        self.idle = 0.0
        self.woke = time.monotonic()

    def select(self, timeout: float | None = None) -> Any:
        if timeout == 0:  # a poll between callbacks, not a wait
            ready = self.selector.select(0)
            self.woke = time.monotonic()
            return ready
        start = time.monotonic()
        try:
            return self.selector.select(timeout)
        finally:
            self.woke = time.monotonic()
            self.idle += self.woke - start

    def __getattr__(self, name: str) -> Any:
        return getattr(self.selector, name)


def timed_selector(loop: asyncio.AbstractEventLoop | None) -> TimedSelector | None:
    """`loop`'s selector, timed from now on (wrapped once, whoever asks first), or None for a
    loop without one (uvloop, a reactor other than AsyncioSelectorReactor)."""
    selector = getattr(loop, "_selector", None)
    if not callable(getattr(selector, "select", None)):
        return None
    if not isinstance(selector, TimedSelector):
        selector = TimedSelector(selector)
        loop._selector = selector  # type: ignore[union-attr]
    return selector
