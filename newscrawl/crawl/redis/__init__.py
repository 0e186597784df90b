"""Crawling on several machines: a Redis Streams frontier leased to workers, one ingest writer."""
