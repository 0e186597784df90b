"""A larger demo site for crawl tests and benchmarks: N articles made from the bundled pages.

Article k is bundled page k % 7 (real 快科技 bodies) under its own URL, title and images,
listed in one Atom feed (`atom.xml`) with its `published` and `updated` dates. Editing
articles (`edited`) adds a paragraph to their body and moves their feed `updated` date, as a
newsroom correcting a story does. Served by newscrawl.demo.server (ETag / 304 included).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newscrawl.demo.server import default_site

FIRST_NUMBER = 900000
_PUBLISHED = datetime(2024, 3, 1, tzinfo=UTC)
_IMG = re.compile(r'src="/img/(\d+-\d+\.\w+)"')
_INFO = '<div class="news_info">'


def article_path(k: int) -> str:
    number = FIRST_NUMBER + k
    return f"1/{number // 1000}/{number}.htm"


def build_bulk_site(
    out: Path,
    count: int,
    edited: Collection[int] = (),
    edited_at: datetime | None = None,
) -> list[str]:
    """Write a site of `count` articles into `out`; the URL paths of its articles."""
    demo = default_site()
    manifest = json.loads((demo / "manifest.json").read_text(encoding="utf-8"))
    templates = [a for a in manifest["articles"] if a["encoding"] == "utf-8"]
    for generated in ("1", "img"):
        shutil.rmtree(out / generated, ignore_errors=True)
    (out / "img").mkdir(parents=True)
    shutil.copy(demo / "img/weixin.png", out / "img/weixin.png")
    entries, paths = [], []
    when = edited_at or datetime.now(UTC)
    for k in range(count):
        template = templates[k % len(templates)]
        path = article_path(k)
        title = f"{template['title']} #{k}"
        page = (demo / template["path"]).read_text(encoding="utf-8")
        page = _rename(page, template, title, path, out, k)
        published = _PUBLISHED + timedelta(minutes=k)
        updated = published
        if k in edited:
            page = page.replace(_INFO, _INFO + f"<p>更正：本文第 {k} 号稿件已于发布后修订。</p>", 1)
            updated = when
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        entries.append(_entry(title, path, published, updated))
        paths.append("/" + path)
    (out / "atom.xml").write_text(_feed(entries, when), encoding="utf-8")
    return paths


def _rename(page: str, template: dict[str, str], title: str, path: str, out: Path, k: int) -> str:
    old_title = html.escape(template["title"], quote=False)
    page = page.replace(old_title, html.escape(title, quote=False))
    page = page.replace("{{BASE}}/" + template["path"], "{{BASE}}/" + path)
    missing = {m.lstrip("/") for m in template.get("missing_images", [])}

    def image(match: re.Match[str]) -> str:
        name = f"b{k}-{match[1]}"
        source = default_site() / "img" / match[1]
        if f"img/{match[1]}" not in missing and source.exists():
            shutil.copy(source, out / "img" / name)
        return f'src="/img/{name}"'

    return _IMG.sub(image, page)


def _entry(title: str, path: str, published: datetime, updated: datetime) -> str:
    link = "{{BASE}}/" + path
    return (
        f"<entry><title>{html.escape(title, quote=False)}</title>"
        f'<link rel="alternate" href="{link}"/><id>{link}</id>'
        f"<published>{published.isoformat()}</published>"
        f"<updated>{updated.isoformat()}</updated></entry>\n"
    )


def _feed(entries: list[str], updated: datetime) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "<title>快科技 demo (bulk)</title><id>{{BASE}}/atom.xml</id>"
        f"<updated>{updated.isoformat()}</updated>\n" + "".join(reversed(entries)) + "</feed>\n"
    )
