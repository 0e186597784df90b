"""The crawl benchmark's local news site, built from the shared corpus's real article pages.

Every page of ../shared/corpus/fundus (real pages of ~90 publishers) is served `copies` times
under distinct URLs (/a/<copy>/<page>.html), each copy with its own canonical URL, so that one
page is several articles. Its <img> sources are rewritten to local files
(/img/<copy>/<page>-<n>.jpg, hard links to a few generated JPEGs: the originals are not in the
corpus), `srcset`s dropped. A
home page links the newest articles and names the RSS feed; robots.txt names the Google News
sitemap, which lists every article; the feed lists the newest 50.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import os
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "fundus"
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_SOURCE = re.compile(r"<source\b[^>]*>", re.I)
_SRC_ATTR = re.compile(
    r"""\b(src|data-src|data-original|data-lazy-src)\s*=\s*(["'])(.*?)\2""", re.I
)
_SRCSET = re.compile(r"""\s(?:data-)?srcset\s*=\s*(["']).*?\1""", re.I | re.S)
_CANONICAL = re.compile(r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", re.I)
_OG_URL = re.compile(r"<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
BASE_IMAGES = 6


@dataclass(frozen=True)
class SiteArticle:
    path: str  # /a/<copy>/<name>.html
    title: str
    published: datetime


def corpus_pages() -> list[Path]:
    return sorted(CORPUS.glob("*.html.gz"))


def base_images(out: Path) -> list[Path]:
    """A few JPEGs of news-image sizes (20-60 kB): noise does not compress to nothing."""
    rng = random.Random(16)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(BASE_IMAGES):
        width, height = 480 + 64 * n, 270 + 36 * n
        noise = bytes(rng.getrandbits(8) for _ in range(width * height // 16 * 3))
        image = Image.frombytes("RGB", (width // 4, height // 4), noise).resize((width, height))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        path = out / f"base{n}.jpg"
        path.write_bytes(buffer.getvalue())
        paths.append(path)
    return paths


def localize(page: str, image_prefix: str, images: dict[str, str]) -> str:
    """`page` with every <img> source a local image of this copy (`images` maps the original
    URL to its local path, `image_prefix`-<n>.jpg, filled as new ones are met) and no srcset
    left to a remote one."""

    def src(match: re.Match[str]) -> str:
        original = html.unescape(match.group(3))
        if original.startswith("data:"):
            return match.group(0)
        local = images.setdefault(original, f"{image_prefix}-{len(images)}.jpg")
        return f'{match.group(1)}="{local}"'

    page = _IMG.sub(lambda m: _SRCSET.sub("", _SRC_ATTR.sub(src, m.group(0))), page)
    return _SOURCE.sub(lambda m: _SRCSET.sub("", m.group(0)), page)


def recanonicalize(page: str, url: str) -> str:
    page = _OG_URL.sub("", _CANONICAL.sub("", page))
    tag = f'<link rel="canonical" href="{url}">'
    page, found = _HEAD.subn(lambda m: m.group(0) + tag, page, count=1)
    return page if found else tag + page


def build_site(
    out: Path, origin: str, copies: int, image_origin: str = "", pages: int | None = None
) -> list[SiteArticle]:
    """Write the site under `out` for `origin` (http://127.0.0.1:PORT); images are served from
    `image_origin` (default: the site itself; another origin to test a dead image host); the
    first `pages` corpus pages only, if given."""
    bases = base_images(out / "img" / "base")
    articles: list[SiteArticle] = []
    now = datetime.now(UTC).replace(microsecond=0)
    for copy in range(copies):
        for n, source in enumerate(corpus_pages()[:pages]):
            name = source.name.removesuffix(".html.gz")
            path = f"/a/{copy}/{name}.html"
            page = gzip.decompress(source.read_bytes()).decode("utf-8", "replace")
            images: dict[str, str] = {}
            page = localize(page, f"{image_origin}/img/{copy}/{name}", images)
            page = recanonicalize(page, origin + path)
            target = out / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
            if not image_origin:
                _link_images(out, images.values(), bases)
            title = _title(page) or name
            articles.append(SiteArticle(path, title, now - timedelta(minutes=copy * 1000 + n)))
    _write_entry_points(out, origin, articles)
    return articles


def _link_images(out: Path, locals_: object, bases: list[Path]) -> None:
    for local in locals_:  # type: ignore[attr-defined]
        target = out / str(local).lstrip("/")
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = int(hashlib.sha256(str(local).encode()).hexdigest(), 16)
        os.link(bases[digest % len(bases)], target)


def _title(page: str) -> str:
    found = re.search(r"<title[^>]*>(.*?)</title>", page, re.I | re.S)
    return " ".join(html.unescape(found.group(1)).split()) if found else ""


def _write_entry_points(out: Path, origin: str, articles: list[SiteArticle]) -> None:
    newest = sorted(articles, key=lambda a: a.published, reverse=True)
    links = "\n".join(
        f'<li><a href="{a.path}">{html.escape(a.title)}</a></li>' for a in newest[:50]
    )
    (out / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>Bench News</title>'
        '<link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>'
        f"<body><h1>Bench News</h1><ul>{links}</ul></body></html>",
        encoding="utf-8",
    )
    items = "".join(
        f"<item><title>{html.escape(a.title)}</title><link>{origin}{a.path}</link>"
        f"<pubDate>{a.published.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
        for a in newest[:50]
    )
    (out / "rss.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench News</title><link>{origin}/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    urls = "".join(
        f"<url><loc>{origin}{a.path}</loc><news:news><news:publication>"
        "<news:name>Bench News</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{a.published.isoformat()}"
        f"</news:publication_date><news:title>{html.escape(a.title)}</news:title>"
        "</news:news></url>"
        for a in newest
    )
    (out / "news-sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>",
        encoding="utf-8",
    )
    (out / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {origin}/news-sitemap.xml\n", encoding="utf-8"
    )
