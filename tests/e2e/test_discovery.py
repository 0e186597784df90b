"""Discovery end to end: real crawls (subprocesses) of tests/site/ served on 127.0.0.1.

From the home page alone a crawl finds the feed (<link rel=alternate>, paged), the sitemaps
(robots.txt -> index -> news sitemap + gzipped urlset with a bad lastmod) and the listing
(paginated, with a loop); it archives every article once and no tag, video or index page.
"""

from __future__ import annotations

import json
import subprocess
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import helpers
import pytest
from helpers import SITE, load_script, make_due, python, rows

from newscrawl.demo.server import SiteServer, serve_site

pytestmark = pytest.mark.e2e
_site = load_script(SITE / "build.py", "site_build")
NON_ARTICLES, PRIVATE_PAGE, STORIES = _site.NON_ARTICLES, _site.PRIVATE_PAGE, _site.STORIES
build_site, feed_variant = _site.build_site, _site.feed_variant


def newscrawl(*args: str) -> subprocess.CompletedProcess[str]:
    return helpers.newscrawl(*args, env={"COLUMNS": "250"})  # tables print whole ids and URLs


def fetched(data: Path) -> list[str]:
    urls = rows(data / "archive.db", "select fetched_url from articles")
    return sorted(str(url) for (url,) in urls)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    root = tmp_path_factory.mktemp("site")
    with serve_site(root) as server:
        build_site(root, server.base_url)
        yield server


def urls(server: SiteServer, stories: object = STORIES) -> list[str]:
    return sorted(server.url(s.path) for s in stories)  # type: ignore[attr-defined]


def test_crawl_from_the_home_page_archives_every_article_once(
    tmp_path: Path, site: SiteServer
) -> None:
    site.hits.clear()
    data = tmp_path / "data"
    result = newscrawl("crawl", site.url("/"), "--data", str(data))
    out, log = result.stdout, result.stderr
    assert result.returncode == 0, log[-3000:]
    assert fetched(data) == urls(site), out + log[-4000:]  # all ten, once each, nothing else
    for story in STORIES:
        assert site.hits[story.path] == 1, story.path
    # the three kinds of entry point, named in the summary
    assert f"entry      feed {site.url('/feed.xml')} (" in out
    assert f"entry      sitemap {site.url('/sitemap_index.xml')} (" in out
    assert f"entry      listing {site.url('/')} (" in out
    assert f"archived   {len(STORIES)} (new {len(STORIES)}" in out
    # non-articles: skipped with a reason and counted, never archived
    assert "skipped    4 (index_page 1, not_article_url 1, robots_txt 1, video_page 1)" in out
    assert site.hits[PRIVATE_PAGE] == 0  # robots.txt obeyed
    assert site.hits["/robots.txt"] == 1  # its Sitemap: lines read from the one Scrapy asked
    assert f"skipped {site.url(PRIVATE_PAGE)}: robots_txt" in log
    assert f"skipped {site.url(NON_ARTICLES[1])}: video_page (og:type video.other)" in log
    assert f"skipped {site.url(NON_ARTICLES[2])}: index_page" in log
    assert f"skipped {site.url(NON_ARTICLES[0])}: not an article URL" in log
    assert f"{site.url('/about.html')} is not a feed" in log  # a stale <link>: checked, said
    # feed paging, the gzipped sitemap with its bad lastmod, the pagination loop
    assert site.hits["/feed-2.xml"] == 1
    assert site.hits["/sitemap-archive.xml.gz"] == 1
    assert "bad lastmod '2019-13-45T99:00:00Z' for " + site.url(STORIES[-1].path) in log
    assert "(entry kept, undated)" in log
    assert f"links back to {site.url('/list/2.html')}, read already: not followed" in log
    assert site.hits["/list/2.html"] == site.hits["/list/3.html"] == 1
    assert "dropped    0" in out
    assert "failed     0" in out


def test_since_limit_and_max_depth_bound_the_crawl(tmp_path: Path, site: SiteServer) -> None:
    since = newscrawl(
        "crawl", site.url("/"), "--since", "2019-09-08", "--data", str(tmp_path / "a")
    )
    assert since.returncode == 0, since.stderr[-3000:]
    newer = [s for s in STORIES if s.when.date().isoformat() >= "2019-09-08"]
    assert len(newer) == 4
    assert fetched(tmp_path / "a") == urls(site, newer), since.stdout + since.stderr[-4000:]
    assert "older_than_since" in since.stdout

    limit = newscrawl("crawl", site.url("/"), "--limit", "3", "--data", str(tmp_path / "b"))
    assert limit.returncode == 0, limit.stderr[-3000:]
    assert len(fetched(tmp_path / "b")) == 3, limit.stdout + limit.stderr[-4000:]
    assert "--limit 3 reached" in limit.stderr

    # depth 1: the listing's page 2 is read, page 3 (the only link to 163-1) is not
    shallow = newscrawl("crawl", site.url("/"), "--max-depth", "1", "--data", str(tmp_path / "c"))
    assert shallow.returncode == 0, shallow.stderr[-3000:]
    assert site.url("/news/2019/09/07/163-1.html") not in fetched(tmp_path / "c")
    assert len(fetched(tmp_path / "c")) == len(STORIES) - 1, shallow.stderr[-4000:]
    assert f"{site.url('/list/3.html')} not followed, deeper than --max-depth 1" in shallow.stderr


def test_add_writes_a_source_that_crawls_as_a_named_source(
    tmp_path: Path, site: SiteServer
) -> None:
    data = tmp_path / "data"
    added = newscrawl("add", site.url("/"), "--data", str(data))
    assert added.returncode == 0, added.stderr[-3000:]
    path = data / "sources" / "site_127_0_0_1.toml"
    assert f"wrote {path}" in added.stdout
    declared = tomllib.loads(path.read_text(encoding="utf-8"))
    assert declared["feeds"] == [site.url("/feed.xml")]
    assert declared["sitemaps"] == [site.url("/sitemap_index.xml")]
    assert declared["listings"] == [site.url("/")]
    assert declared["name"] == "测试新闻网"
    assert declared["language"] == "zh-CN"
    assert not (data / "archive.db").exists() or fetched(data) == []  # no article fetched

    listed = newscrawl("sources", "--json", "--data", str(data))
    rows = {row["id"]: row for row in map(json.loads, listed.stdout.splitlines())}
    assert rows["site_127_0_0_1"]["kind"] == "user"
    assert rows["mydrivers"]["kind"] == "built-in"
    table = newscrawl("sources", "--data", str(data))
    assert "site_127_0_0_1" in table.stdout
    assert "user" in table.stdout

    again = newscrawl("add", site.url("/"), "--data", str(data))
    assert again.returncode != 0
    assert "exists already" in again.stderr

    crawled = newscrawl("crawl", "site_127_0_0_1", "--data", str(data))
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    assert fetched(data) == urls(site), crawled.stdout + crawled.stderr[-4000:]


@pytest.mark.parametrize(
    ("fixture", "problem"),
    [
        ("rss2-gb2312-acnnewswire.xml", None),  # GB2312, declared in the XML declaration
        ("rss1-big5-coolloud-illformed.xml", "is ill-formed, read leniently"),  # RSS 1.0, Big5
    ],
)
def test_real_legacy_feeds_lose_nothing(
    tmp_path: Path, site: SiteServer, fixture: str, problem: str | None
) -> None:
    root = Path(site.root)
    name = fixture.replace(".xml", "-local.xml")
    entries = feed_variant(root, fixture, name)
    data = tmp_path / "data"
    result = python(
        "-m", "scrapy", "crawl", "feed", "-a", f"entry={site.url(name)}",
        "-s", f"NEWSCRAWL_DATA_DIR={data}", "-s", "AUTOTHROTTLE_ENABLED=False",
    )  # fmt: skip
    log = result.stderr
    assert result.returncode == 0, log[-3000:]
    distinct = min(entries, len(STORIES))
    assert len(fetched(data)) == distinct  # every item's page, each once
    assert f"newscrawl/entry/feed {site.url(name)}': {distinct}" in log
    assert "has no entries" not in log
    if problem:
        assert f"feed {site.url(name)} {problem}" in log


def test_a_feed_page_that_repeats_stops_paging(tmp_path: Path, site: SiteServer) -> None:
    """A WordPress feed pages with ?paged=N without saying so: asked for its next page only
    to reach back to --since; this server ignores the query and repeats the page, which
    must end the paging rather than loop."""
    items = "".join(
        f"<item><title>{s.title}</title><link>{site.url(s.path)}</link></item>" for s in STORIES[:3]
    )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>wp</title>'
        f"<generator>https://wordpress.org/?v=6.5.2</generator>{items}</channel></rss>"
    )
    (Path(site.root) / "wp-feed.xml").write_text(feed, encoding="utf-8")
    site.hits.clear()
    data = tmp_path / "data"
    result = python(
        "-m", "scrapy", "crawl", "feed", "-a", f"entry={site.url('/wp-feed.xml')}",
        "-a", "since=2019-01-01", "-s", f"NEWSCRAWL_DATA_DIR={data}",
        "-s", "AUTOTHROTTLE_ENABLED=False",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert site.hits["/wp-feed.xml"] == 2  # the feed, and its ?paged=2
    assert f"feed page {site.url('/wp-feed.xml?paged=2')} lists nothing new" in result.stderr
    assert len(fetched(data)) == 3


def test_from_a_section_page_feeds_are_probed_and_sitemaps_scoped(
    tmp_path: Path, site: SiteServer
) -> None:
    """/list/2.html names no feed: the common paths are tried (/feed.xml answers); the
    site-wide sitemaps give only the section's articles (none here: they live under /news/)."""
    data = tmp_path / "data"
    result = newscrawl("crawl", site.url("/list/2.html"), "--data", str(data))
    out, log = result.stdout, result.stderr
    assert result.returncode == 0, log[-3000:]
    assert f"entry      feed {site.url('/feed.xml')} (8 article links)" in out
    # 163-1, 163-9, and the nav bar's video and index pages (fetched, then skipped)
    assert f"entry      listing {site.url('/list/2.html')} (4 article links)" in out
    assert f"entry      sitemap {site.url('/sitemap_index.xml')} (0 article links)" in out
    assert "is a section page: sitemap entries outside /list/ left out" in log
    assert fetched(data) == urls(site), out + log[-4000:]


def test_given_a_sitemap_url_the_sitemap_is_the_site(tmp_path: Path, site: SiteServer) -> None:
    data = tmp_path / "data"
    result = newscrawl("crawl", site.url("/sitemap_index.xml"), "--data", str(data))
    out = result.stdout
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"entry      sitemap {site.url('/sitemap_index.xml')} (11 article links)" in out
    assert "entry      feed" not in out
    # listed by both child sitemaps is no duplicate; 163-1 is in neither
    assert "skipped    3 (index_page 1, not_article_url 1, video_page 1)" in out
    assert len(fetched(data)) == len(STORIES) - 1


def crawl_changed_site(root: Path, server: SiteServer, data: Path) -> str:
    """Touch every page and feed of the site (new ETags: all read again), then crawl it."""
    for page in [*root.rglob("*.html"), *root.rglob("*.xml")]:
        page.write_text(page.read_text(encoding="utf-8") + "<!-- -->\n", "utf-8")
    result = newscrawl("crawl", server.url("/"), "--data", str(data))
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def visit(data: Path, url: str) -> tuple[str | None, str]:
    """The archived visit of `url`: (its article's URL or None, when it is due next)."""
    sql = "select article_url, next_visit from visits where url = ?"
    [found] = rows(data / "archive.db", sql, url)
    return found


def test_a_page_skipped_once_is_not_fetched_again_until_due(tmp_path: Path) -> None:
    """A video or index page is read once: the next crawls remember it (`visits`, no article)
    until it is due again, even when the pages that link to it changed."""
    root, data = tmp_path / "site", tmp_path / "data"
    video, index = NON_ARTICLES[1], NON_ARTICLES[2]
    root.mkdir()
    with serve_site(root) as server:
        build_site(root, server.base_url)
        first = crawl_changed_site(root, server, data)
        assert "index_page 1" in first
        assert "video_page 1" in first
        assert server.hits[video] == server.hits[index] == 1
        assert visit(data, server.url(video))[0] is None  # a visit, no article
        assert visit(data, server.url(index))[0] is None

        second = crawl_changed_site(root, server, data)
        assert server.hits[video] == server.hits[index] == 1, second
        assert "seen_before 2" in second
        assert "archived   0 (new 0, updated 0)" in second

        # due again (a week later): fetched, skipped, and remembered for another week
        make_due(data / "archive.db", server.url(video))
        third = crawl_changed_site(root, server, data)
        assert server.hits[video] == 2, third
        assert server.hits[index] == 1
        assert "video_page 1" in third
        assert "seen_before 1" in third
        assert visit(data, server.url(video))[1] > datetime.now(UTC).isoformat()
