"""Scrapy extensions: crawl progress and the end-of-crawl summary."""
