"""Politeness settings: the shipped defaults, a source's overrides, the User-Agent's contact."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from newscrawl import settings as project
from newscrawl.sources.base import Source, SourceError
from newscrawl.spiders.base import apply_politeness


def source(**crawl_settings: object) -> Source:
    return Source(
        id="polite", name="p", domains=("p.example",), categories=("a", "b", "c"), author="p",
        crawl_settings=crawl_settings,  # type: ignore[arg-type]
    )  # fmt: skip


def test_shipped_defaults_are_polite() -> None:
    assert project.ROBOTSTXT_OBEY is True
    assert project.AUTOTHROTTLE_ENABLED is True
    assert project.CONCURRENT_REQUESTS_PER_DOMAIN <= 4
    assert project.RETRY_TIMES >= 1
    assert "{contact}" in project.USER_AGENT


def test_contact_url_goes_into_the_user_agent() -> None:
    settings = Settings(vars(project), priority="project")
    settings.set("NEWSCRAWL_CONTACT_URL", "mailto:desk@example.org", priority="cmdline")
    apply_politeness(settings, None)
    assert settings["USER_AGENT"] == "newscrawl/0.1 (+mailto:desk@example.org; news archiver)"


def test_a_source_overrides_defaults_and_the_command_line_overrides_it() -> None:
    settings = Settings(vars(project), priority="project")
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 8, priority="cmdline")
    apply_politeness(settings, source(DOWNLOAD_DELAY=2.5, CONCURRENT_REQUESTS_PER_DOMAIN=1))
    assert settings.getfloat("DOWNLOAD_DELAY") == 2.5
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 8


def test_a_source_cannot_set_anything_else() -> None:
    with pytest.raises(SourceError, match="crawl_settings cannot set"):
        source(ITEM_PIPELINES={})


def test_autothrottle_runs_as_its_stall_aware_subclass_at_its_place() -> None:
    from scrapy.extensions.throttle import AutoThrottle
    from scrapy.settings import default_settings

    from newscrawl.extensions.throttle import StallAwareAutoThrottle

    ours = "newscrawl.extensions.throttle.StallAwareAutoThrottle"
    scrapys = "scrapy.extensions.throttle.AutoThrottle"
    assert scrapys not in project.EXTENSIONS_BASE
    assert project.EXTENSIONS_BASE[ours] == default_settings.EXTENSIONS_BASE[scrapys]
    assert issubclass(StallAwareAutoThrottle, AutoThrottle)


def test_the_per_request_middlewares_kept_and_left_out() -> None:
    """Each middleware costs every request: those that do nothing for newscrawl's spiders are
    left out, and nothing that keeps a crawl polite, retried or correct goes with them."""
    from scrapy.utils.conf import build_component_list

    settings = Settings(vars(project), priority="project")
    downloader = build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))
    spider = build_component_list(settings.getwithbase("SPIDER_MIDDLEWARES"))
    names = {path.rsplit(".", 1)[-1] for path in [*downloader, *spider]}
    assert {
        "RobotsTxtMiddleware", "RobotsTxtCacheMiddleware", "RetryMiddleware",
        "RedirectMiddleware", "MetaRefreshMiddleware", "HttpCompressionMiddleware",
        "CookiesMiddleware", "DeadHostMiddleware", "UserAgentMiddleware",
        "DefaultHeadersMiddleware", "DownloadTimeoutMiddleware", "HttpProxyMiddleware",
        "ArchivedArticleMiddleware", "ConditionalEntryMiddleware", "HttpErrorMiddleware",
        "UrlLengthMiddleware", "EntryMarkMiddleware", "HttpAuthMiddleware", "RefererMiddleware",
    } <= names  # fmt: skip
    assert not {"OffsiteMiddleware", "DepthMiddleware", "MetaCopyDetectionMiddleware"} & names
    # Scrapy's cookies and HTTP auth at their places, as newscrawl's that pass over requests
    # with nothing to do (tests/downloadermiddlewares/test_cookies.py, test_httpauth.py).
    assert "newscrawl.downloadermiddlewares.cookies.CookiesMiddleware" in downloader
    assert "scrapy.downloadermiddlewares.cookies.CookiesMiddleware" not in downloader
    assert "newscrawl.downloadermiddlewares.httpauth.HttpAuthMiddleware" in downloader
    assert settings.getbool("DOWNLOADER_STATS") is False
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is True


@pytest.mark.parametrize(
    ("given", "kept"),
    [({}, False), ({"DEPTH_LIMIT": 2}, True), ({"DEPTH_PRIORITY": 1}, True)],
)
def test_depth_middleware_comes_back_for_depth_settings(given: dict[str, int], kept: bool) -> None:
    """DepthMiddleware is left out for speed, but a crawl given DEPTH_LIMIT or DEPTH_PRIORITY
    (`newscrawl crawl --set DEPTH_LIMIT=2`) gets it back, at Scrapy's own place."""
    from scrapy.utils.conf import build_component_list

    from newscrawl.crawl.process import keep_depth_settings

    settings = Settings(vars(project), priority="project")
    for name, value in given.items():
        settings.set(name, value, priority="cmdline")
    keep_depth_settings(settings)
    spider = build_component_list(settings.getwithbase("SPIDER_MIDDLEWARES"))
    assert ("scrapy.spidermiddlewares.depth.DepthMiddleware" in spider) is kept
    assert "newscrawl.spidermiddlewares.entrymark.EntryMarkMiddleware" in spider
