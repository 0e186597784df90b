"""Scrapy's MemoryStatsCollector, its counters called as plain methods.

Scrapy 2.19's StatsCollector routes every attribute it is asked for, its own `_stats` included,
through a Python `__getattribute__` that wraps each counter method to warn about a deprecated
`spider` argument: each `inc_value` (several a request, from the scheduler, the core stats,
newscrawl's components) cost a failed attribute lookup and a wrapper call.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    """MemoryStatsCollector with Python's own attribute lookup: the same methods and stats;
    a caller that still passes `spider=` is not warned."""

    __getattribute__ = object.__getattribute__
