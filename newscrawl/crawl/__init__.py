"""Running crawls: the Scrapy process for one or several sources (process.py) and the HTTP
exchanges kept for WARC export (exchanges.py)."""
