"""Discovery and robots.txt, end to end (real crawls of tests/site/ on 127.0.0.1): the robots.txt
Scrapy reads before the start page is the one whose `Sitemap:` lines are used (asked for once),
its sitemaps are asked for while the start page is, and are read only once it is a page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import helpers
import pytest
from helpers import SITE, load_script, rows

from newscrawl.demo.server import SiteServer, serve_site
from newscrawl.extract.discover import COMMON_SITEMAP_PATHS
from newscrawl.spiders.site import looks_like_entry_point

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


def test_sitemaps_are_asked_for_while_a_slow_page_is(tmp_path: Path, site: SiteServer) -> None:
    """The page takes 2 s: robots.txt's sitemap index is asked for meanwhile, read once the
    page is (a section page: none of the sitemaps' articles is in its section)."""
    site.hits.clear()
    site.times.clear()
    out, log = newscrawl("crawl", site.url("/_slow/2"), "--data", str(tmp_path / "data"))
    assert site.hits["/robots.txt"] == 1
    assert site.hits["/sitemap_index.xml"] == 1
    assert site.times["/sitemap_index.xml"][0] < site.times["/_slow/2"][0] + 1.9, log[-3000:]
    assert site.hits["/sitemap-news.xml"] == 1  # the index read after the page: its children
    assert f"entry      sitemap {site.url('/sitemap_index.xml')} (0 article links)" in out


def test_a_feed_at_a_plain_url_is_the_site_and_its_sitemaps_are_not_read(
    tmp_path: Path, site: SiteServer
) -> None:
    assert not looks_like_entry_point(site.url("/latest.htm"))
    site.hits.clear()
    data = tmp_path / "data"
    out, log = newscrawl("crawl", site.url("/latest.htm"), "--data", str(data))
    assert f"entry      feed {site.url('/latest.htm')} (" in out, log[-3000:]
    assert "entry      sitemap" not in out
    # Its sitemap index was asked for with it, and left unread: nothing it lists is fetched.
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


def test_without_robots_txt_it_is_asked_for_once_and_no_sitemap_guessed(
    tmp_path: Path,
) -> None:
    """404 for robots.txt: no rules, and (as when the site spider asked for it itself) no
    sitemap paths tried; feeds and the page's links still found."""
    root = tmp_path / "site"
    root.mkdir()
    with serve_site(root) as server:
        _site.build_site(root, server.base_url)
        (root / "robots.txt").unlink()
        data = tmp_path / "data"
        out, log = newscrawl("crawl", server.url("/"), "--data", str(data))
        assert server.hits["/robots.txt"] == 1, log[-3000:]
        assert not any(server.hits[path] for path in COMMON_SITEMAP_PATHS)
        assert server.hits["/sitemap_index.xml"] == 0
        assert f"entry      feed {server.url('/feed.xml')} (" in out
        assert fetched(data)


@pytest.mark.parametrize(
    ("url", "entry"),
    [
        ("https://a.example/", False),
        ("https://a.example/news/index.html", False),
        ("https://a.example/tech/", False),
        ("https://a.example/feed.xml", True),
        ("https://a.example/feed", True),
        ("https://a.example/news/rss/", True),
        ("https://a.example/sitemap_index.xml.gz", True),
        ("https://a.example/?feed=rss2", True),
        ("https://feeds.example.com/TechNews", True),
    ],
)
def test_what_looks_like_a_feed_or_sitemap_by_its_url(url: str, entry: bool) -> None:
    assert looks_like_entry_point(url) is entry
