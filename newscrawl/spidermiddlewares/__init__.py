"""Spider middlewares: marks on the requests spiders yield, read by the downloader middlewares."""
