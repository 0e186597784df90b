"""The 快科技 page and feed templates, and the builder of the bundled demo site.

The fixtures in tests/sources/mydrivers/ and the demo site are reconstructions: the article
bodies, titles and dates are real (from the sample posts), the page around them is a template.
Run `python -m newscrawl.demo.build_site` from the repository to rebuild newscrawl/demo/site/
from the committed fixtures; the output is committed, so nothing runs this at crawl time.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont

BEIJING = ZoneInfo("Asia/Shanghai")
POST_BODY_START = "<div>   \n"
POST_BODY_END = "  \n</div>\n            "
# Furniture the extractor must remove: an inline ad call after the first paragraph, and the
# share box (.weixin) followed by related links, which end the body.
AD_SCRIPT = '<script type="text/javascript">try{ad_news_in();}catch(e){}</script>'
WEIXIN = '<div class="weixin"><img src="{icon}">关注快科技官方微信，获取更多科技资讯</div>\n'
WEIXIN_ICON = "//icons.mydrivers.com/news/weixin.png"
NO_REFERRER = ' referrerpolicy="no-referrer"'
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\bsrc="([^"]*)"')
_LINKED_IMG = re.compile(r'<a href="[^"]*"([^>]*>)(<img\b[^>]*\bsrc="(/img/[^"]*)")')

# The demo articles: fixture slug, served as GBK without a charset header, missing image index.
DEMO_ARTICLES: tuple[tuple[str, bool, int | None], ...] = (
    ("bat-chips", False, None),
    ("oil-price", False, 2),
    ("aircon-26c", False, None),
    ("tesla-cold", True, None),
    ("tcl-oled", False, None),
    ("excel-bug", False, None),
    ("chrome-100", False, None),
)


Related = tuple[int, str, str]  # article number, URL, title


@dataclass(frozen=True)
class Page:
    """What one article page shows; `body` is the `.news_info` inner HTML, furniture included."""

    url: str
    title: str
    published: datetime
    author: str
    origin: str
    tags: tuple[str, ...]
    description: str
    body: str
    site: str = "//news.mydrivers.com"  # prefix of navigation links, styles and scripts
    charset: str = "utf-8"
    number: int = 0


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    published: datetime
    description: str


@dataclass
class DemoArticle:
    """One article of the demo site, as listed in its manifest.json."""

    path: str
    slug: str
    title: str
    published: str
    encoding: str
    images: list[str] = field(default_factory=list)
    missing_images: list[str] = field(default_factory=list)


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def post_body(post: str) -> str:
    """BODY of a sample post: the feed's description HTML, brace entities turned back."""
    if not post.endswith(POST_BODY_END):
        raise ValueError("not a post in the RSSHUB-PAGE layout")
    start = post.index(POST_BODY_START) + len(POST_BODY_START)
    return post[start : -len(POST_BODY_END)].replace("&#123;", "{").replace("&#125;", "}")


def local_time(instant: datetime) -> str:
    """The page's date text: Beijing wall-clock time."""
    return instant.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def rfc822(instant: datetime) -> str:
    """A feed pubDate as rss.mydrivers.com writes it: Beijing time with `+0800`."""
    return format_datetime(instant.astimezone(BEIJING))


def excerpt(body: str, limit: int = 80) -> str:
    """A short plain-text excerpt of a body, for feed and meta descriptions."""
    text = html.unescape(re.sub(r"<[^>]*>", " ", body))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def furnish(body: str, related: Sequence[tuple[str, str]], icon: str = WEIXIN_ICON) -> str:
    """`body` with the ad script after its first paragraph and the share box plus related
    links after it; removing the script and everything from `.weixin` on gives `body` back."""
    end = body.find("</p>")
    if end >= 0:
        body = body[: end + 4] + AD_SCRIPT + body[end + 4 :]
    links = "".join(
        f'<li><a href="{html.escape(href)}">{html.escape(title, quote=False)}</a></li>'
        for href, title in related
    )
    weixin = WEIXIN.format(icon=html.escape(icon))
    return f'{body}{weixin}<div class="xgwz"><h3>相关文章</h3><ul>{links}</ul></div>\n'


def strip_referrer(body: str) -> str:
    """Drop RSSHub's `referrerpolicy` from every img: the site itself does not write it."""
    return _IMG.sub(lambda m: m[0].replace(NO_REFERRER, ""), body)


def article_page(page: Page) -> str:
    """A 快科技 article page (layout of 2021-2022, reconstructed) around `page.body`."""
    esc, text, site = html.escape, _text, page.site
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={page.charset}">
<title>{text(page.title)}-快科技-科技改变未来</title>
<meta name="keywords" content="{esc(",".join(page.tags))}">
<meta name="description" content="{esc(page.description)}">
<link rel="canonical" href="{esc(page.url)}">
<link rel="stylesheet" type="text/css" href="{site}/css/news.css">
<script type="text/javascript" src="{site}/js/news.js"></script>
</head>
<body>
<div class="top">
 <div class="top_nav"><a href="{site}/">快科技首页</a> | <a href="{site}/">资讯</a> | \
<a href="{site}/tag/">标签</a> | <a href="{site}/rss.xml">RSS订阅</a></div>
</div>
<div class="main">
<div class="news_left">
<div class="news_weizhi">您的位置：<a href="{site}/">快科技</a> &gt; \
<a href="{site}/">资讯中心</a> &gt; 正文</div>
<div class="news_bt"><h1>{text(page.title)}</h1></div>
<div class="news_bt1"><div class="news_bt1_left"><span class="date">{local_time(page.published)}\
</span> 出处：{text(page.origin)} <span class="author">作者：<a href="#">{text(page.author)}</a>\
</span></div><div class="news_bt1_right"><a href="#comment">我要评论</a></div></div>
<div class="news_info">{page.body}</div>
<div class="news_pl" id="comment"><h3>网友评论</h3><p>评论加载中……</p></div>
</div>
<div class="news_right"><h3>今日热点</h3></div>
</div>
<div class="footer"><p>快科技 版权所有 (reconstructed page skeleton)</p></div>
<script type="text/javascript">var newsid = {page.number}; \
if (window.news_view) {{ news_view(newsid); }}</script>
</body>
</html>
"""


def rss_feed(items: Sequence[FeedItem], home: str) -> str:
    """An RSS 2.0 feed in the style of rss.mydrivers.com, newest item first."""
    ordered = sorted(items, key=lambda i: i.published, reverse=True)
    entries = "".join(
        f"<item>\n<title>{_text(i.title)}</title>\n<link>{_text(i.link)}</link>\n"
        f"<description>{_text(i.description)}</description>\n"
        f"<pubDate>{rfc822(i.published)}</pubDate>\n"
        f'<guid isPermaLink="true">{_text(i.link)}</guid>\n</item>\n'
        for i in ordered
    )
    built = rfc822(ordered[0].published) if ordered else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n<channel>\n'
        "<title>快科技(原驱动之家)--最新新闻</title>\n"
        f"<link>{_text(home)}</link>\n<description>快科技最新新闻</description>\n"
        f"<language>zh-cn</language>\n<lastBuildDate>{built}</lastBuildDate>\n"
        f"{entries}</channel>\n</rss>\n"
    )


def localize_images(body: str, number: int) -> tuple[str, list[str]]:
    """Point every img (and the link around it) at `/img/<number>-<k>.<ext>` on the demo site."""
    paths: list[str] = []

    def one(match: re.Match[str]) -> str:
        src = _SRC.search(match[0])
        ext = "jpg" if src and re.search(r"\.jpe?g$", src[1], re.I) else "png"
        paths.append(f"/img/{number}-{len(paths) + 1}.{ext}")
        tag = match[0].replace(NO_REFERRER, "")
        return _SRC.sub(f'src="{paths[-1]}"', tag, count=1)

    body = _IMG.sub(one, body)
    return _LINKED_IMG.sub(lambda m: f'<a href="{m[3]}"{m[1]}{m[2]}', body), paths


def placeholder_image(path: Path, number: int, index: int, label: str = "") -> None:
    """A small generated image showing the article number and image index."""
    seed = hashlib.sha256(f"{number}-{index}".encode()).digest()
    image = Image.new("RGB", (120, 80), (160 + seed[0] % 80, 160 + seed[1] % 80, 200))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=18)
    draw.rectangle((0, 0, 119, 79), outline=(60, 60, 60))
    draw.text((8, 18), label or str(number), fill=(20, 20, 20), font=font)
    draw.text((8, 44), f"image {index}" if not label else "icon", fill=(20, 20, 20), font=font)
    if path.suffix == ".jpg":
        image.save(path, "JPEG", quality=80)
    else:
        image.save(path, "PNG", optimize=True)


def _demo_page(fixtures: Path, slug: str, related: list[Related]) -> tuple[Page, list[str]]:
    meta = json.loads((fixtures / f"{slug}.json").read_text(encoding="utf-8"))
    body = post_body((fixtures / f"{slug}.post.md").read_text(encoding="utf-8"))
    expected, number = meta["expected"], int(meta["article_number"])
    local, images = localize_images(body, number)
    page = Page(
        url=demo_url(number),
        title=expected["title"],
        published=datetime.fromisoformat(expected["published"]),
        author=expected["authors"][0],
        origin=expected.get("origin_name", "快科技"),
        tags=tuple(expected.get("tags", ())),
        description=excerpt(body),
        body=furnish(
            local, [(url, title) for n, url, title in related if n != number], "/img/weixin.png"
        ),
        site="{{BASE}}",
        number=number,
    )
    return page, images


def demo_url(number: int) -> str:
    return f"{{{{BASE}}}}/1/{number // 1000}/{number}.htm"


def build_site(fixtures: Path, out: Path) -> list[DemoArticle]:
    """Write the demo site's pages, images, feed, index and manifest into `out`."""
    for generated in ("1", "img"):
        shutil.rmtree(out / generated, ignore_errors=True)
    (out / "img").mkdir(parents=True)
    placeholder_image(out / "img/weixin.png", 0, 0, "weixin")
    related: list[Related] = []
    for slug, _, _ in DEMO_ARTICLES:
        meta = json.loads((fixtures / f"{slug}.json").read_text(encoding="utf-8"))
        number = int(meta["article_number"])
        related.append((number, demo_url(number), meta["expected"]["title"]))
    articles, items, nocharset = [], [], []
    for slug, gbk, missing in DEMO_ARTICLES:
        page, images = _demo_page(fixtures, slug, related)
        page = replace(page, charset="gb2312" if gbk else "utf-8")
        path = page.url.removeprefix("{{BASE}}/")
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(article_page(page).encode("gbk" if gbk else "utf-8"))
        published = page.published.isoformat()
        article = DemoArticle(path, slug, page.title, published, page.charset, images)
        for k, src in enumerate(images, 1):
            if k == missing:
                article.missing_images.append(src)
            else:
                placeholder_image(out / src.lstrip("/"), page.number, k)
        if gbk:
            nocharset.append(path)
        articles.append(article)
        items.append(FeedItem(page.title, page.url, page.published, page.description))
    _write_site_files(out, articles, items, nocharset)
    return articles


def _write_site_files(
    out: Path, articles: list[DemoArticle], items: list[FeedItem], nocharset: list[str]
) -> None:
    (out / "rss.xml").write_text(rss_feed(items, "{{BASE}}/"), encoding="utf-8")
    (out / "nocharset.txt").write_text(
        "# pages served as text/html without a charset (their bytes are GBK)\n"
        + "".join(f"{p}\n" for p in nocharset),
        encoding="utf-8",
    )
    links = "".join(
        f'<li><a href="{{{{BASE}}}}/{a.path}">{html.escape(a.title, quote=False)}</a></li>\n'
        for a in sorted(articles, key=lambda a: a.published, reverse=True)
    )
    (out / "index.html").write_text(
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>快科技 demo</title>\n'
        '<link rel="alternate" type="application/rss+xml" href="{{BASE}}/rss.xml">\n</head>\n'
        f'<body>\n<h1>快科技 demo site</h1>\n<p><a href="{{{{BASE}}}}/rss.xml">RSS</a></p>\n'
        f'<ul class="news_list">\n{links}</ul>\n</body>\n</html>\n',
        encoding="utf-8",
    )
    manifest = {"feed": "rss.xml", "articles": [asdict(a) for a in articles]}
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
    )


def main(argv: Sequence[str] | None = None) -> None:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--fixtures", type=Path, default=here.parents[1] / "tests/sources/mydrivers"
    )
    parser.add_argument("--out", type=Path, default=here / "site")
    args = parser.parse_args(argv)
    for article in build_site(args.fixtures, args.out):
        print(article.path, article.slug, article.encoding, len(article.images))


if __name__ == "__main__":
    main()
