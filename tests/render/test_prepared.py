"""A post rendered in the page's reader is the post the export would render, and is dropped when
the article changed on the way (render/prepared.py)."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime
from pathlib import Path

from newscrawl import sources
from newscrawl.archive.store import Archive
from newscrawl.crawl.reading import read_page
from newscrawl.exporters.archiving import export, post_text
from newscrawl.items import Article
from newscrawl.render.names import post_relpath
from newscrawl.render.prepared import prepared_post

PAGE = Path(__file__).parents[1] / "sources" / "mydrivers" / "bat-chips.html"
URL = "https://news.mydrivers.com/1/1000/1000000.htm"


def _read() -> Article:
    read = read_page(PAGE.read_bytes(), URL, "text/html", sources.get("mydrivers"), None)
    assert read.skip is None
    copy: Article = pickle.loads(pickle.dumps(read.article))  # as a reader process returns it
    return copy


def _unprepared(article: Article) -> Article:
    copy = dataclasses.replace(article)
    vars(copy).pop("_newscrawl_post", None)
    return copy


def test_the_reader_prepares_the_post_the_export_would_render() -> None:
    article = _read()
    prepared = prepared_post(article)
    assert prepared is not None
    fresh = _unprepared(article)
    assert prepared_post(fresh) is None
    assert prepared.text == post_text(fresh, None)
    assert prepared.relpath == post_relpath(fresh)


def test_a_changed_article_is_rendered_again() -> None:
    article = _read()
    article.title = "另一个标题"
    assert prepared_post(article) is None
    assert "另一个标题" in post_text(article, None)
    article = _read()
    article.published = datetime(2001, 1, 1, tzinfo=UTC)
    assert "2001" in post_text(article, None)


def test_an_undated_article_is_left_to_the_export(tmp_path: Path) -> None:
    article = _unprepared(_read())
    article.published = None
    assert prepared_post(article) is None


def test_export_writes_the_same_post_and_path_either_way(tmp_path: Path) -> None:
    written: dict[str, dict[str, bytes]] = {}
    for name, article in (("prepared", _read()), ("rendered", _unprepared(_read()))):
        root = tmp_path / name
        with Archive(root / "a.db") as archive:
            assert export(article, archive, root / "posts") == ("new", True)
        written[name] = {
            str(p.relative_to(root / "posts")): p.read_bytes() for p in root.rglob("*.md")
        }
    assert written["prepared"] == written["rendered"]
    assert len(written["prepared"]) == 1
