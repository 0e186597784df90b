"""A small news site for discovery tests: real saved articles, and the feed, sitemaps, listing
pages, non-article pages and robots.txt a news site has around them (README.md).

`build_site(dest)` writes the site; `python tests/site/build.py [--port N]` builds it in a
temporary folder and serves it on 127.0.0.1 (newscrawl.demo.server) until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import html
import json
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
FEEDS = HERE.parent / "fixtures" / "feeds"
BASE = "{{BASE}}"
# The saved pages' images are on their publishers' hosts, which tests cannot reach: each is
# pointed at one local placeholder (the demo site's), so a crawl stays on 127.0.0.1.
PHOTO = HERE.parent.parent / "newscrawl" / "demo" / "site" / "img" / "767105-1.png"
_EXTERNAL_IMG = re.compile(rb"""(<img\b[^>]*?\ssrc\s*=\s*["']?)(?:https?:)?//[^"'\s>]+""", re.I)


@dataclass(frozen=True)
class Story:
    """One real saved article and where the site serves it."""

    slug: str  # the saved page: pages/gne-<slug>.html.gz
    published: str  # ISO 8601, as the corpus records it (GNE's expected value)
    title: str

    @property
    def path(self) -> str:
        day = datetime.fromisoformat(self.published)
        return f"/news/{day:%Y/%m/%d}/{self.slug}.html"

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.published)


# Newest first. Titles as GNE's expected values give them.
STORIES = (
    Story("xinhuanet-1", "2019-12-10T07:57:40+08:00", "法国全国大罢工再次严重影响交通"),
    Story("thepaper-1", "2019-09-24T09:10:00+08:00", "共享充电宝涨价告别1元时代"),
    Story("qq-2", "2019-09-23T07:48:00+08:00", "棱镜|数据业大整顿"),
    Story("toutiao-3", "2019-09-09T16:01:46+08:00", "海螺沟寻子一个月"),
    Story("qq-qq", "2019-09-07T19:02:00+08:00", "儿歌一分钱被改成一元钱"),
    Story("163-1", "2019-09-07T13:43:45+08:00", "多地项目连环爆雷 狂奔的龙湖集团“暗伤”曝露？"),
    Story("guancha", "2019-09-07T09:25:09+08:00", "王文：中美贸易“持久战”"),
    Story("ifeng-ifeng", "2019-09-07T08:05:32+08:00", "董又霖主持首秀状况百出大方道歉"),
    Story("sina-sina", "2019-09-07T04:04:00+08:00", "最强“中国芯”本月商用 华为抢跑5G芯片大战"),
    Story("163-9", "2019-05-17T00:00:00+08:00", "京沪高速无锡至江阴大桥至广陵枢纽段封闭"),
)
BY_SLUG = {s.slug: s for s in STORIES}
# Who lists what. Every story is reachable; some by one kind of entry point only.
FEED_PAGE_1 = ("xinhuanet-1", "thepaper-1", "qq-2", "toutiao-3", "qq-qq")
FEED_PAGE_2 = ("sina-sina", "ifeng-ifeng", "guancha")  # feed paging: atom:link rel="next"
NEWS_SITEMAP = ("xinhuanet-1", "thepaper-1", "qq-2", "toutiao-3")
ARCHIVE_SITEMAP = tuple(s.slug for s in STORIES if s.slug != "163-1")  # 163-9: bad lastmod
HOME = ("xinhuanet-1", "thepaper-1", "qq-2")
LIST_2 = ("toutiao-3", "qq-qq", "guancha", "ifeng-ifeng")
LIST_3 = ("sina-sina", "163-1", "163-9")  # 163-1 is only here, two pages deep
TAG_PAGE = "/tag/tech.html"
VIDEO_PAGE = "/video/2019/09/08/launch-event-replay.html"
INDEX_PAGE = "/news/2019/09/index.html"
NON_ARTICLES = (TAG_PAGE, VIDEO_PAGE, INDEX_PAGE)
PRIVATE_PAGE = "/private/2019/09/10/internal-draft-story.html"  # disallowed by robots.txt


def build_site(dest: Path, base_url: str) -> Path:
    """Write the site under `dest` (created) for a server at `base_url`: the server puts its
    address into .xml and .html files, but a gzipped sitemap is served as it is."""
    dest.mkdir(parents=True, exist_ok=True)
    for story in STORIES:
        target = dest / story.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        page = gzip.decompress((PAGES / f"gne-{story.slug}.html.gz").read_bytes())
        target.write_bytes(_EXTERNAL_IMG.sub(rb"\1/img/photo.png", page))
    (dest / "img").mkdir(exist_ok=True)
    shutil.copyfile(PHOTO, dest / "img" / "photo.png")
    _write(dest, "/index.html", _home())
    _write(dest, "/list/2.html", _listing("第 2 页", LIST_2, "/list/3.html"))
    # The last page's "next" link points back to page 2: a pagination loop.
    _write(dest, "/list/3.html", _listing("第 3 页", LIST_3, "/list/2.html"))
    _write(dest, "/feed.xml", _rss(FEED_PAGE_1, "/feed-2.xml"))
    _write(dest, "/feed-2.xml", _rss(FEED_PAGE_2, None))
    _write(
        dest, "/robots.txt", "User-agent: *\nDisallow: /private/\n\nSitemap: /sitemap_index.xml\n"
    )
    _write(dest, "/sitemap_index.xml", _sitemap_index())
    _write(dest, "/sitemap-news.xml", _news_sitemap())
    (dest / "sitemap-archive.xml.gz").write_bytes(
        gzip.compress(_archive_sitemap().replace(BASE, base_url).encode("utf-8"), mtime=0)
    )
    _write(dest, TAG_PAGE, _listing("标签：科技", STORIES[:6], None))
    _write(dest, VIDEO_PAGE, _video())
    _write(dest, INDEX_PAGE, _listing("2019年9月 新闻索引", STORIES, None))
    _write(dest, "/about.html", _page("关于我们", "<p>本站为测试站点。</p>"))
    return dest


def feed_variant(site: Path, fixture: str, name: str) -> int:
    """Serve a real feed of tests/fixtures/feeds/ at `/<name>`, its item links pointed at the
    site's articles (bytes replaced, so the feed keeps its own encoding). Returns how many
    entries it has."""
    expected = json.loads((FEEDS / f"{fixture}.json").read_text(encoding="utf-8"))["expected"]
    data = (FEEDS / fixture).read_bytes()
    links = list(dict.fromkeys(e["link"] for e in expected["entries"]))
    for i, link in enumerate(links):
        local = f"{BASE}{STORIES[i % len(STORIES)].path}".encode()
        for form in (link, html.escape(link, quote=False)):
            data = re.sub(re.escape(form.encode()) + rb"(?=[<\"'])", local, data)
    (site / name).write_bytes(data)
    return int(expected["entry_count"])


def _write(dest: Path, path: str, text: str) -> None:
    target = dest / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _page(title: str, body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">\n'
        f"<title>{html.escape(title)} - 测试新闻网</title>\n{head}</head>\n<body>\n"
        f'<nav><a href="/">首页</a> <a href="{TAG_PAGE}">科技</a> '
        f'<a href="{VIDEO_PAGE}">视频：发布会回放</a> <a href="{INDEX_PAGE}">九月索引</a> '
        f'<a href="/about.html">关于</a></nav>\n{body}\n</body></html>\n'
    )


def _items(slugs: tuple[str, ...] | tuple[Story, ...]) -> str:
    stories = [BY_SLUG[s] if isinstance(s, str) else s for s in slugs]
    return "\n".join(f'<li><a href="{s.path}">{html.escape(s.title)}</a></li>' for s in stories)


def _home() -> str:
    head = (
        '<link rel="alternate" type="application/rss+xml" title="测试新闻网" href="/feed.xml">\n'
        # a stale feed link to a page that is no feed, as sites keep them
        '<link rel="alternate" type="application/atom+xml" title="旧版" href="/about.html">\n'
        '<meta property="og:type" content="website">\n'
        '<meta property="og:site_name" content="测试新闻网">\n'
    )
    body = (
        f"<h1>测试新闻网</h1>\n<ul>\n{_items(HOME)}\n"
        # robots.txt disallows /private/: a polite crawl never asks for it
        f'<li><a href="{PRIVATE_PAGE}">内部稿件：请勿抓取的新闻</a></li>\n</ul>\n'
        '<a href="/list/2.html">下一页</a>'
    )
    return _page("首页", body, head)


def _listing(title: str, slugs: tuple[str, ...] | tuple[Story, ...], following: str | None) -> str:
    head = '<meta property="og:type" content="website">\n'
    if following:
        head += f'<link rel="next" href="{following}">\n'
    body = f"<h1>{html.escape(title)}</h1>\n<ul>\n{_items(slugs)}\n</ul>"
    if following:
        body += f'\n<a href="{following}">下一页</a>'
    return _page(title, body, head)


def _video() -> str:
    head = (
        '<meta property="og:type" content="video.other">\n'
        '<meta property="article:published_time" content="2019-09-08T10:00:00+08:00">\n'
    )
    body = (
        "<h1>发布会回放：新品发布会全程视频</h1>\n"
        '<video src="/media/launch.mp4" controls></video>\n'
        "<p>本视频为发布会全程回放，时长约两小时，内容包括新品介绍、现场演示和媒体问答环节。"
        "观看完整视频请点击播放按钮。</p>"
    )
    return _page("发布会回放", body, head)


def _rss(slugs: tuple[str, ...], following: str | None) -> str:
    link = f'<atom:link rel="next" href="{BASE}{following}"/>' if following else ""
    items = "\n".join(
        f"<item><title>{html.escape(BY_SLUG[s].title)}</title>"
        f"<link>{BASE}{BY_SLUG[s].path}</link>"
        f"<pubDate>{format_datetime(BY_SLUG[s].when)}</pubDate></item>"
        for s in slugs
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>\n'
        f"<title>测试新闻网</title><link>{BASE}/</link>{link}\n{items}\n</channel></rss>\n"
    )


_URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _sitemap_index() -> str:
    entries = "\n".join(
        f"<sitemap><loc>{BASE}/{name}</loc><lastmod>{date}</lastmod></sitemap>"
        for name, date in (
            ("sitemap-news.xml", "2019-12-10"),
            ("sitemap-archive.xml.gz", "2019-12-10"),
        )
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}\n</sitemapindex>\n"
    )


def _news_sitemap() -> str:
    entries = "\n".join(
        f"<url><loc>{BASE}{BY_SLUG[s].path}</loc><news:news><news:publication>"
        "<news:name>测试新闻网</news:name><news:language>zh</news:language></news:publication>"
        f"<news:publication_date>{BY_SLUG[s].published}</news:publication_date>"
        f"<news:title>{html.escape(BY_SLUG[s].title)}</news:title></news:news></url>"
        for s in NEWS_SITEMAP
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'{_URLSET} xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{entries}\n</urlset>\n"
    )


def _archive_sitemap() -> str:
    rows = [
        (BY_SLUG[s].path, "2019-13-45T99:00:00Z" if s == "163-9" else BY_SLUG[s].published)
        for s in ARCHIVE_SITEMAP
    ]
    rows += [(TAG_PAGE, "2019-09-24"), (VIDEO_PAGE, "2019-09-08"), (INDEX_PAGE, "2019-09-30")]
    entries = "\n".join(
        f"<url><loc>{BASE}{path}</loc><lastmod>{date}</lastmod></url>" for path, date in rows
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{_URLSET}>\n{entries}\n</urlset>\n'


def main() -> None:
    from newscrawl.demo.server import serve_site

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, serve_site(Path(tmp), port=args.port) as server:
        build_site(Path(tmp), server.base_url)
        print(f"serving the discovery test site at {server.base_url}/", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
