"""Scrapy item pipelines: thin adapters over clean/ and archive/, one step per module; their order
is in settings.ITEM_PIPELINES."""
