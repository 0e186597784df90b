"""Downloader middlewares: Scrapy's retry, redirect and decompression, with named outcomes."""
