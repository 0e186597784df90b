"""PlainStatsCollector counts as Scrapy's MemoryStatsCollector does."""

from __future__ import annotations

from scrapy import Spider
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newscrawl.statscollectors import PlainStatsCollector


def test_the_same_stats_as_scrapys() -> None:
    crawler = get_crawler(Spider, {"STATS_CLASS": "newscrawl.statscollectors.PlainStatsCollector"})
    assert isinstance(crawler.stats, PlainStatsCollector)
    crawler.spider = crawler._create_spider("t")
    kept = []
    for stats in (PlainStatsCollector(crawler), MemoryStatsCollector(crawler)):
        stats.open_spider()
        stats.inc_value("newscrawl/archived/new")
        stats.inc_value("newscrawl/archived/new", 2)
        stats.inc_value("started", start=10)
        stats.max_value("max", 3)
        stats.max_value("max", 1)
        stats.min_value("min", 3)
        stats.min_value("min", 1)
        stats.set_value("finish_reason", "finished")
        stats.close_spider(reason="finished")
        kept.append((stats.get_stats(), stats.get_value("max"), stats.spider_stats))
    assert kept[0] == kept[1]
    assert kept[0][0]["newscrawl/archived/new"] == 3
