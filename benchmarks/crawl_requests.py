"""CPU a request through the crawl's own Scrapy components, in one process; prints a table.

    python benchmarks/crawl_requests.py [--requests 3000] [--repeat 5]

What the crawl process spends on each request apart from the network and reading pages,
measured without a crawl so that other processes' load moves it little: the downloader
middleware chain as newscrawl's settings build it (every corpus page as an article response,
and two image requests for each), an image's key in the media pipeline, a stats counter.
Compare two checkouts by running each one's python on this file (the settings are the
checkout's). RobotsTxtMiddleware is left out of the chain: it needs a running engine to
fetch robots.txt (its per-request check is a Protego lookup).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The repository instead of this folder: benchmarks/incremental.py would shadow the
# `incremental` package Twisted imports (as in distributed.py).
sys.path[0] = str(ROOT)

from scrapy import Request, Spider, signals  # noqa: E402
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager  # noqa: E402
from scrapy.http import HtmlResponse, Response  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

import newscrawl.settings as project  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "fundus"
ROBOTS = "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"


def crawler_settings(data_dir: str) -> dict[str, Any]:
    settings = {k: v for k, v in vars(project).items() if k.isupper()}
    settings["NEWSCRAWL_DATA_DIR"] = data_dir
    settings["DOWNLOADER_MIDDLEWARES"] = {**settings["DOWNLOADER_MIDDLEWARES"], ROBOTS: None}
    return settings


def exchanges(bodies: list[bytes]) -> list[tuple[Request, bytes | None]]:
    """An article page and two images, as a crawl asks for them, for each body."""
    out: list[tuple[Request, bytes | None]] = []
    for n, body in enumerate(bodies):
        page = f"http://127.0.0.1/a/{n}.html"
        out.append((Request(page, meta={"newscrawl_article": True}), body))
        for k in range(2):
            image = f"http://127.0.0.1/images/{n}-{k}.jpg"
            out.append(
                (Request(image, headers={"Referer": page}, meta={"newscrawl_image": True}), None)
            )
    return out


async def chain_us(crawler: Any, bodies: list[bytes], total: int) -> float:
    manager = DownloaderMiddlewareManager.from_crawler(crawler)
    await crawler.signals.send_catch_log_async(signal=signals.spider_opened, spider=crawler.spider)
    todo = (exchanges(bodies) * (total // (3 * len(bodies)) + 1))[:total]
    pages = {r.url: b for r, b in todo if b is not None}
    requests = [r.replace() for r, _ in todo]  # fresh requests: nothing cached on them

    async def download(request: Request) -> Response:
        body = pages.get(request.url)
        if body is None:
            return Response(request.url, body=b"\xff\xd8", request=request)
        headers = {"Content-Type": "text/html; charset=utf-8"}
        return HtmlResponse(request.url, body=body, headers=headers, request=request)

    started = time.process_time()
    for request in requests:
        await manager.download_async(download, request)
    return (time.process_time() - started) / len(requests) * 1e6


def run_chain(bodies: list[bytes], total: int) -> float:
    from twisted.internet import asyncioreactor

    asyncioreactor.install()
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred

    with tempfile.TemporaryDirectory() as data:
        crawler = get_crawler(Spider, crawler_settings(data))
        crawler.spider = crawler._create_spider("bench")
        found: list[Any] = []
        done = Deferred.fromFuture(asyncio.ensure_future(chain_us(crawler, bodies, total)))
        done.addBoth(lambda result: (found.append(result), reactor.stop()))  # type: ignore[attr-defined]
        reactor.run()  # type: ignore[attr-defined]
    if not isinstance(found[0], float):
        found[0].raiseException()
    return found[0]


def image_key_us() -> float:
    """The media pipeline's key for an image request (Scrapy's fingerprint, or the pipeline's)."""
    from newscrawl.pipelines.images import ArticleImagesPipeline

    with tempfile.TemporaryDirectory() as data:
        crawler = get_crawler(Spider, crawler_settings(data))
        pipeline = ArticleImagesPipeline.from_crawler(crawler)
        requests = [Request(f"https://img.example/a/{n}.jpg?w=600") for n in range(20000)]
        started = time.process_time()
        for request in requests:
            pipeline._fingerprinter.fingerprint(request)
        return (time.process_time() - started) / len(requests) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bodies = [gzip.decompress(p.read_bytes()) for p in sorted(CORPUS.glob("*.html.gz"))]
    crawler = get_crawler(Spider, crawler_settings(tempfile.gettempdir()))
    stats = crawler.stats
    counter = min(timeit.repeat(lambda: stats.inc_value("a/b"), number=100_000, repeat=args.repeat))
    keys = min(image_key_us() for _ in range(args.repeat))
    chain = run_chain(bodies, args.requests)
    print(f"| what | us | ({Path(project.__file__).parent.parent}) |\n|---|---|---|")
    print(f"| downloader middleware chain, a request (1 page : 2 images) | {chain:.1f} | |")
    print(f"| an image's key in the media pipeline | {keys:.2f} | |")
    print(f"| a stats counter (`inc_value`) | {counter * 10:.2f} | |")


if __name__ == "__main__":
    main()
