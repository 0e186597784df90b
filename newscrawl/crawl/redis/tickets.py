"""Acknowledge only when done: a frontier entry is acknowledged once its response has gone
through the callback, every request it produced is in the frontier and every item it produced
is in the item stream (or it finally failed with a counted reason). Anything else, an exception
in the callback, Redis refusing a child request or an item, gives it back unacknowledged."""

from __future__ import annotations

import contextlib
import logging
import weakref
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from scrapy import Request, signals

from newscrawl.crawl.redis.connection import RedisDownError
from newscrawl.crawl.redis.queue import FrontierQueue

logger = logging.getLogger(__name__)

TICKET = "newscrawl_ticket"  # meta: the Ticket of the frontier entry a request carries out
PARENT = "newscrawl_parent"  # meta: the Ticket of the response a request was found in
# The tracker of each running crawler's frontier scheduler (components built before it find it).
TRACKERS: weakref.WeakKeyDictionary[Any, Tracker] = weakref.WeakKeyDictionary()


@dataclass(eq=False)
class Ticket:
    """One leased frontier entry, and what must happen before it is done."""

    stream: str
    entry_id: str
    holds: int = 1  # the callback itself, plus one per request and item it yielded
    failed: str | None = None
    over: bool = False
    via_errback: bool = False  # the errback ran: its output is counted by wrap_errback


class Tracker:
    """The tickets one worker holds; acknowledges, gives back and renews them."""

    def __init__(self, queue: FrontierQueue, stats: Any) -> None:
        self.queue, self.stats = queue, stats
        self.held: dict[str, Ticket] = {}
        self.items: dict[int, Ticket] = {}  # id(item) -> its ticket, until the item is handed on
        self.current: Ticket | None = None  # whose callback is running right now

    def take(self, ticket: Ticket) -> None:
        self.held[ticket.entry_id] = ticket

    def hold(self, ticket: Ticket, output: Any) -> Any:
        """Count an output the ticket must wait for (Scrapy ignores a None)."""
        if output is None:
            return output
        ticket.holds += 1
        if isinstance(output, Request):
            output.meta[PARENT] = ticket
        else:
            self.items[id(output)] = ticket
        return output

    def release(self, ticket: Ticket | None) -> None:
        """One thing the ticket waited for is done; the last one acknowledges it."""
        if ticket is None or ticket.over:
            return
        ticket.holds -= 1
        if ticket.holds > 0:
            return
        ticket.over = True
        self.held.pop(ticket.entry_id, None)
        try:
            if self.queue.ack(ticket.stream, ticket.entry_id):
                self.stats.inc_value("newscrawl/redis/acked")
            else:  # reclaimed by another worker while this one was away: its copy decides
                self.stats.inc_value("newscrawl/redis/late_ack")
                logger.info(
                    "entry %s was reclaimed by another worker: ack ignored", ticket.entry_id
                )
        except RedisDownError as error:
            self.stats.inc_value("newscrawl/redis/ack_failed")
            logger.warning(
                "entry %s not acknowledged (%s): redelivered after its lease",
                ticket.entry_id,
                error,
            )

    def fail(self, ticket: Ticket | None, reason: str) -> None:
        """The entry cannot be completed here: give it back, unacknowledged, with its reason."""
        if ticket is None or ticket.over:
            return
        ticket.over, ticket.failed = True, reason
        self.held.pop(ticket.entry_id, None)
        self.stats.inc_value("newscrawl/redis/given_back")
        logger.warning("entry %s given back unfinished: %s", ticket.entry_id, reason)
        with contextlib.suppress(RedisDownError):  # else its lease runs out instead
            self.queue.release(ticket.stream, ticket.entry_id, reason)

    def item_done(self, item: Any) -> None:
        self.release(self.items.pop(id(item), None))

    def item_failed(self, item: Any, reason: str) -> None:
        self.fail(self.items.pop(id(item), None), reason)

    def item_superseded(self, item: Any) -> None:
        """The item's entry was reclaimed by another worker (its lease ran out while this one
        held it): nothing more of it is handed on or acknowledged here."""
        ticket = self.items.pop(id(item), None)
        if ticket is not None and not ticket.over:
            ticket.over = True
            self.held.pop(ticket.entry_id, None)
            self.stats.inc_value("newscrawl/redis/lease_lost")
            logger.warning("lease of entry %s lost to another worker", ticket.entry_id)

    def ticket_of_item(self, item: Any) -> Ticket | None:
        return self.items.get(id(item))

    def renew(self) -> None:
        """Keep the leases of everything held; forget what another worker took meanwhile."""
        by_stream: dict[str, list[str]] = {}
        for ticket in self.held.values():
            by_stream.setdefault(ticket.stream, []).append(ticket.entry_id)
        for stream, ids in by_stream.items():
            for entry_id in self.queue.renew(stream, ids):
                lost = self.held.pop(entry_id, None)
                if lost is not None:
                    lost.over = True
                    self.stats.inc_value("newscrawl/redis/lease_lost")
                    logger.warning("lease of entry %s lost to another worker", entry_id)

    def give_back_all(self, reason: str) -> int:
        """At shutdown: everything still held goes back to the frontier at once."""
        tickets = list(self.held.values())
        for ticket in tickets:
            self.fail(ticket, reason)
        return len(tickets)

    def run_callback(self, ticket: Ticket, result: Iterable[Any]) -> Iterator[Any]:
        """Iterate a callback's output, counting what it yields; the callback's own hold ends
        when it is exhausted, and an exception gives the entry back."""
        iterator = iter(result)
        while True:
            with self._running(ticket):
                try:
                    output = next(iterator)
                except StopIteration:
                    break
            yield self.hold(ticket, output)
        self.release(ticket)

    async def run_callback_async(
        self, ticket: Ticket, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        """run_callback for a callback whose output is asynchronous."""
        while True:
            with self._running(ticket):
                try:
                    output = await result.__anext__()
                except StopAsyncIteration:
                    break
            yield self.hold(ticket, output)
        self.release(ticket)

    @contextlib.contextmanager
    def _running(self, ticket: Ticket) -> Iterator[None]:
        """The callback's code runs as `ticket` (what it yields is counted against it); an
        exception it raises gives the entry back with the reason."""
        self.current = ticket
        try:
            yield
        except Exception as error:
            self.fail(ticket, f"callback raised {type(error).__name__}: {error}"[:300])
            raise
        finally:
            self.current = None

    def wrap_errback(
        self, ticket: Ticket, errback: Callable[..., Any] | None
    ) -> Callable[..., Any]:
        """The request's errback, counted like a callback: a download that finally failed is
        done once the errback has recorded its reason."""

        def errback_done(failure: Any) -> list[Any]:
            ticket.via_errback = True
            try:
                output = errback(failure) if errback else None
                outputs = list(output or [])
            except Exception as error:
                self.fail(ticket, f"errback raised {type(error).__name__}: {error}"[:300])
                raise
            held = [self.hold(ticket, o) for o in outputs]
            self.release(ticket)
            return held

        return errback_done


class TicketMiddleware:
    """Spider middleware, last before the engine: counts each callback's output against the
    entry it came from, and passes the entry's source on to the requests found in it."""

    def __init__(self, tracker_of: Callable[[], Tracker | None], crawler: Any) -> None:
        self.tracker_of, self.crawler = tracker_of, crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> TicketMiddleware:
        middleware = cls(lambda: TRACKERS.get(crawler), crawler)
        crawler.signals.connect(middleware.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(middleware.item_error, signal=signals.item_error)
        return middleware

    def _counted(self, response: Any) -> tuple[Tracker, Ticket] | None:
        ticket, tracker = response.meta.get(TICKET), self.tracker_of()
        if tracker is None or ticket is None or ticket.via_errback:
            return None
        return tracker, ticket

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        counted = self._counted(response)
        outputs = counted[0].run_callback(counted[1], result) if counted else result
        for output in outputs:
            yield _pass_source(response, output)

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        counted = self._counted(response)
        outputs = counted[0].run_callback_async(counted[1], result) if counted else result
        async for output in outputs:
            yield _pass_source(response, output)

    def item_scraped(self, item: Any) -> None:
        tracker = self.tracker_of()
        if tracker is not None:
            tracker.item_done(item)

    def item_error(self, item: Any, failure: Any) -> None:
        tracker = self.tracker_of()
        if tracker is not None:
            tracker.item_failed(item, f"item pipeline error: {failure.value!r}"[:300])


def _pass_source(response: Any, output: Any) -> Any:
    """A request found in a page of a source is read with that source's rules too."""
    source = response.meta.get("newscrawl_source")
    if source and isinstance(output, Request):
        output.meta.setdefault("newscrawl_source", source)
        if output.meta.get("newscrawl_entry") == "web":  # EntryMark's word for "no source"
            output.meta["newscrawl_entry"] = source
    return output
