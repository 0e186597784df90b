"""newscrawl: a Scrapy news archiver (feeds and pages -> Hexo posts, images, SQLite archive)."""

__version__ = "0.1.0"
