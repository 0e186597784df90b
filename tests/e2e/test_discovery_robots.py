"""Discovery and robots.txt, end to end (real crawls of tests/site/ on 127.0.0.1): the robots.txt
Scrapy reads before the start page is the one whose `Sitemap:` lines are used (asked for once);
without robots.txt the common sitemap paths are tried; a start URL that is a feed is the whole
site."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import helpers
import pytest
from helpers import SITE, load_script, rows

from newscrawl.demo.server import SiteServer, serve_site
from newscrawl.extract.discover import COMMON_SITEMAP_PATHS

pytestmark = pytest.mark.e2e
_site = load_script(SITE / "build.py", "site_build")


def newscrawl(*args: str) -> tuple[str, str]:
    result = helpers.newscrawl(*args, env={"COLUMNS": "250"})
    assert result.returncode in (0, 1), result.stderr[-3000:]
    return result.stdout, result.stderr


def fetched(data: Path) -> list[str]:
    if not (data / "archive.db").exists():
        return []
    return sorted(str(u) for (u,) in rows(data / "archive.db", "select fetched_url from articles"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    root = tmp_path_factory.mktemp("site")
    with serve_site(root) as server:
        _site.build_site(root, server.base_url)
        # The feed again at a URL that does not look like one (served as HTML).
        shutil.copy(root / "feed.xml", root / "latest.htm")
        yield server


def test_a_feed_at_a_plain_url_is_the_site_and_its_sitemaps_are_not_read(
    tmp_path: Path, site: SiteServer
) -> None:
    site.hits.clear()
    data = tmp_path / "data"
    out, log = newscrawl("crawl", site.url("/latest.htm"), "--data", str(data))
    assert f"entry      feed {site.url('/latest.htm')} (" in out, log[-3000:]
    assert "entry      sitemap" not in out
    # Its site's sitemaps are not asked for: nothing they list is fetched.
    assert not any(site.hits[path] for path in COMMON_SITEMAP_PATHS)
    assert site.hits["/sitemap-news.xml"] == site.hits["/sitemap-archive.xml.gz"] == 0
    assert "failed     0" in out
    assert fetched(data)  # the feed's items, page by page
    assert site.hits["/feed-2.xml"] == 1
    assert site.hits["/robots.txt"] == 1


def test_a_start_page_robots_txt_disallows_asks_for_nothing_more(
    tmp_path: Path, site: SiteServer
) -> None:
    site.hits.clear()
    _, log = newscrawl("crawl", site.url(_site.PRIVATE_PAGE), "--data", str(tmp_path / "d"))
    assert f"skipped {site.url(_site.PRIVATE_PAGE)}: robots_txt" in log
    assert dict(site.hits) == {"/robots.txt": 1}


@pytest.mark.parametrize("obey", [True, False])
def test_without_robots_txt_the_common_sitemap_paths_are_tried(tmp_path: Path, obey: bool) -> None:
    """404 for robots.txt (read by Scrapy's middleware, or by the spider itself when robots.txt
    is not obeyed): no rules, no sitemap named, so the common paths are tried, once each."""
    root = tmp_path / "site"
    root.mkdir()
    with serve_site(root) as server:
        _site.build_site(root, server.base_url)
        (root / "robots.txt").unlink()
        data = tmp_path / "data"
        obeyed = ("--set", f"ROBOTSTXT_OBEY={obey}")
        out, log = newscrawl("crawl", server.url("/"), "--data", str(data), *obeyed)
        assert server.hits["/robots.txt"] == 1, log[-3000:]
        assert [server.hits[path] for path in COMMON_SITEMAP_PATHS] == [1, 1, 1]
        assert f"nothing at {server.url('/robots.txt')}: http_404: trying /sitemap.xml" in log
        assert f"entry      sitemap {server.url('/sitemap_index.xml')} (" in out
        assert f"entry      feed {server.url('/feed.xml')} (" in out
        assert server.hits["/sitemap-news.xml"] == 1
        assert fetched(data)
