"""Export of articles to post files and the archive, on real files: moves, collisions, dates."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from helpers import article

from newscrawl.archive.store import Archive
from newscrawl.pipelines.export import export

BODY = '<p>正文<img src="https://img.example/a.jpg" referrerpolicy="no-referrer"></p>'


# 快科技's articles: every post lands under the same categories folder.
mydrivers = partial(
    article,
    source_id="mydrivers",
    body_html=BODY,
    body_text="正文",
    categories=["新媒体", "快科技（原驱动之家）", "最新新闻"],
    publisher="快科技（原驱动之家）",
    published=datetime(2021, 7, 18, 18, 56, 44, tzinfo=UTC),
    fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
)


def posts_in(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.md"))


def test_a_retitled_article_moves_its_post_instead_of_duplicating_it(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    with Archive(tmp_path / "a.db") as archive:
        assert export(mydrivers(1, title="旧标题"), archive, posts) == ("new", True)
        assert export(mydrivers(1, title="新标题"), archive, posts) == ("updated", True)
    assert posts_in(posts) == ["新媒体/快科技（原驱动之家）/最新新闻/新标题.md"]
    with sqlite3.connect(tmp_path / "a.db") as db:
        assert db.execute("select count(*), max(post_path) from articles").fetchone() == (
            1,
            "新媒体/快科技（原驱动之家）/最新新闻/新标题.md",
        )


def test_two_articles_with_one_title_get_two_posts(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    with Archive(tmp_path / "a.db") as archive:
        export(mydrivers(1, title="同名"), archive, posts)
        export(mydrivers(2, title="同名", body_html="<p>另一篇</p>"), archive, posts)
        # re-crawling either one keeps each on its own file
        assert export(mydrivers(2, title="同名", body_html="<p>另一篇</p>"), archive, posts)[0] == (
            "unchanged"
        )
    plain = "新媒体/快科技（原驱动之家）/最新新闻/同名.md"
    names = posts_in(posts)
    assert len(names) == 2
    assert plain in names
    (other,) = set(names) - {plain}
    assert other.startswith(plain[: -len(".md")] + " ")  # a stable hash suffix


def test_a_dateless_article_keeps_the_date_of_its_first_archiving(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    first = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    with Archive(tmp_path / "a.db") as archive:
        export(mydrivers(1, title="无日期", published=None, fetched_at=first), archive, posts)
    (post,) = posts.rglob("*.md")
    text = post.read_text(encoding="utf-8")
    later = first + timedelta(days=3)
    with Archive(tmp_path / "a.db") as archive:
        outcome = export(
            mydrivers(1, title="无日期", published=None, fetched_at=later), archive, posts
        )
    assert outcome == ("unchanged", False)
    assert post.read_text(encoding="utf-8") == text
    assert "\ndate: " in text
    assert "GMT\n" in text
