"""The SQLite archive: schema migrations, batched upserts, images and full-text search."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from newscrawl.archive import statements
from newscrawl.archive.schema import MIGRATIONS, open_db
from newscrawl.archive.search import match_expression
from newscrawl.archive.store import Archive, SearchError, article_row
from newscrawl.archive.visits import passed_over_rows, visit_rows
from newscrawl.items import Article, ImageResult

FETCHED = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def article(n: int = 1, **fields: Any) -> Article:
    values: dict[str, Any] = {
        "url": f"https://news.example/a/{n}?utm=x",
        "canonical_url": f"https://news.example/a/{n}",
        "source_id": "example",
        "title": f"Article number {n}",
        "body_html": f"<p>Body of article {n}</p>",
        "body_text": f"Body of article {n}",
        "published": datetime(2024, 5, 1, 10, 0, tzinfo=timezone(timedelta(hours=8))),
        "fetched_at": FETCHED,
    }
    return Article(**(values | fields))


def changed(base: Article, **fields: Any) -> Article:
    return article(int(base.key.rsplit("/", 1)[1]), **fields)


def visible_rows(path: Path, table: str = "articles") -> int:
    """Rows another connection sees: what is committed."""
    with closing(sqlite3.connect(path)) as other:
        return int(other.execute(f"select count(*) from {table}").fetchone()[0])


def run_sql(path: Path, sql: str) -> None:
    """Change the schema from another connection, as another process could."""
    with closing(sqlite3.connect(path)) as other:
        other.execute(sql)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "archive" / "news.db"


@pytest.fixture
def archive(path: Path) -> Iterator[Archive]:
    with Archive(path) as opened:
        yield opened


# --- schema ---------------------------------------------------------------------------------


def test_open_db_creates_dirs_and_sets_pragmas(path: Path) -> None:
    db = open_db(path)
    assert path.exists()
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    db.close()


def test_migrations_apply_once_in_order(path: Path) -> None:
    open_db(path).close()
    db = open_db(path)
    names = [row["name"] for row in db.table("_migrations").rows_where(order_by="rowid")]
    assert names == [m.__name__ for m in MIGRATIONS]
    assert {"articles", "images", "articles_search"} <= set(db.table_names())
    assert "articles_fts" not in db.table_names()  # the trigram index it replaced
    db.close()


def test_an_archive_of_the_trigram_schema_gets_its_rows_indexed(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newscrawl.archive.schema

    monkeypatch.setattr(newscrawl.archive.schema, "MIGRATIONS", MIGRATIONS[:3])
    with Archive(path) as old:
        old.db.table("articles").insert(
            {"url": "https://old.example/1", "title": "旧文章", "body_text": "显卡驱动 GPU"}
            | {"source_id": "old", "first_seen": "2020-01-01T00:00:00+00:00"}
        )
        old.db.conn.commit()
    monkeypatch.undo()
    with Archive(path) as archive:
        assert [hit.url for hit in archive.search("显卡驱动")] == ["https://old.example/1"]
        assert [hit.url for hit in archive.search("GPU", source="old")] == ["https://old.example/1"]


# --- upserts --------------------------------------------------------------------------------


def test_add_then_same_content_is_unchanged_and_not_rewritten(path: Path) -> None:
    first = article()
    with Archive(path) as archive:
        assert archive.add(first, "posts/1.md") == "new"
    later = article(fetched_at=FETCHED + timedelta(days=1))
    with Archive(path) as archive:
        assert archive.add(later, "posts/1.md") == "unchanged"
        assert archive.count() == 1
        row = archive.db.table("articles").get(first.key)
    assert row["fetched_at"] == "2024-05-01T08:00:00+00:00"


def test_row_columns(archive: Archive) -> None:
    extra = {"editor": "Ed", "origin_url": "https://origin.example/x", "origin_name": "Origin"}
    item = article(authors=["张三", "Li"], tags=["显卡"], extra=extra | {"more": "yes"})
    archive.add(item, None)
    archive.flush()
    row = archive.db.table("articles").get(item.key)
    assert row["fetched_url"] == item.url
    assert row["published"] == "2024-05-01T02:00:00+00:00"
    assert row["authors"] == '["张三", "Li"]'
    assert row["tags"] == '["显卡"]'
    assert (row["editor"], row["origin_name"]) == ("Ed", "Origin")
    assert row["extra"].startswith('{"editor": "Ed"')
    assert len(row["content_hash"]) == 64
    assert row["post_path"] is None


def test_updated_content_changes_row_keeps_first_seen(path: Path) -> None:
    first = article()
    with Archive(path) as archive:
        archive.add(first, "posts/1.md")
        seen = archive.get_first_seen(first.key)
    update = changed(first, body_html="<p>New</p>", fetched_at=FETCHED + timedelta(hours=1))
    with Archive(path) as archive:
        assert archive.add(update, "posts/1.md") == "updated"
        archive.flush()
        row = archive.db.table("articles").get(first.key)
        assert archive.get_first_seen(first.key) == seen
        assert archive.count() == 1
    assert row["body_html"] == "<p>New</p>"
    assert row["fetched_at"] == "2024-05-01T09:00:00+00:00"


def test_same_key_twice_in_one_batch_counts_once(path: Path) -> None:
    with Archive(path, batch_size=10) as archive:
        first = article()
        assert archive.add(first, None) == "new"
        assert archive.add(first, None) == "unchanged"
        assert archive.add(changed(first, title="Retitled"), None) == "updated"
        assert visible_rows(path) == 0
        assert archive.count() == 1
        assert archive.db.table("articles").get(first.key)["title"] == "Retitled"


def test_unknown_key(archive: Archive) -> None:
    assert not archive.known("https://nowhere.example/")
    assert archive.get_first_seen("https://nowhere.example/") is None


def test_known_and_first_seen_see_pending_articles(archive: Archive) -> None:
    archive.add(article(), None)
    assert archive.known(article().key)
    # first seen is when the article was first fetched (a date-less post is dated by it)
    assert archive.get_first_seen(article().key) == article().fetched_at
    unfetched = article(2, fetched_at=None)
    before = datetime.now(UTC)
    archive.add(unfetched, None)
    first_seen = archive.get_first_seen(unfetched.key)
    assert first_seen is not None
    assert before <= first_seen <= datetime.now(UTC)


def test_naive_datetime_is_refused(archive: Archive) -> None:
    with pytest.raises(ValueError, match="naive"):
        archive.add(article(published=datetime(2024, 5, 1)), None)


# --- batches --------------------------------------------------------------------------------


def test_batch_is_written_in_one_flush(path: Path) -> None:
    with Archive(path, batch_size=10) as archive:
        for n in range(3):
            archive.add(article(n), None)
        assert visible_rows(path) == 0
        archive.flush()
        assert visible_rows(path) == 3


def test_batch_size_triggers_flush(path: Path) -> None:
    with Archive(path, batch_size=2, background=False) as archive:
        archive.add(article(1), None)
        assert visible_rows(path) == 0
        archive.add(article(2), None)
        assert visible_rows(path) == 2


def test_a_batch_is_a_fixed_number_of_statements(tmp_path: Path) -> None:
    """Each table's rows go in one statement: a batch of new articles runs as many
    statements for 50 articles as for 3 (one per row would hand the GIL to the caller's
    thread and back at every row; see _write_batch)."""

    def statements(n: int) -> list[str]:
        run: list[str] = []
        with Archive(tmp_path / f"{n}.db", batch_size=1000, background=False) as archive:
            for i in range(n):
                image = ImageResult(f"https://img.example/{i}.jpg", "downloaded", f"{i}.jpg")
                item = article(i, image_results=[image])
                archive.add(item, f"posts/{i}.md", visit_rows(item, None))
            archive.pass_over(
                passed_over_rows([f"https://news.example/tag/{n}"], "example", "skipped")
            )
            archive.db.conn.set_trace_callback(run.append)
            archive.flush()
            archive.db.conn.set_trace_callback(None)
            assert archive.count() == n
            assert visible_rows(archive.path, "images") == n
            assert visible_rows(archive.path, "visits") == n + 1
        # The index's own statements ("-- ..." in a trace) grow with its data: not ours.
        return [sql for sql in run if not sql.startswith("--")]

    few, many = statements(3), statements(50)
    assert len(few) == len(many)
    assert sum("json_each" in sql for sql in many) >= 4  # articles, index, images, visits


@pytest.mark.parametrize(
    ("visit", "error"),
    [
        ({"url": "https://news.example/a/1", "article_url": None}, "lacks source_id"),
        (
            {"url": "https://news.example/a/1", "article_url": None, "source_id": "example"}
            | {"first_seen": FETCHED, "last_visit": None, "next_visit": None},
            "not JSON serializable",
        ),
    ],
)
def test_a_bad_visits_row_is_refused_with_its_article(
    path: Path, visit: dict[str, Any], error: str
) -> None:
    """Refused by `add` and `pass_over`, before anything is buffered: in a batch, the row
    would fail it again at every flush, and nothing after it could be written."""
    with Archive(path, batch_size=2) as archive:
        with pytest.raises((ValueError, TypeError), match=error):
            archive.add(article(1), None, [visit])
        with pytest.raises((ValueError, TypeError), match=error):
            archive.pass_over([visit])
        assert archive.add(article(2), None, visit_rows(article(2), None)) == "new"
        assert not archive.known(article(1).key)
    assert visible_rows(path) == 1
    assert visible_rows(path, "visits") == 1


def test_a_batch_too_big_for_one_statement_goes_in_several(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite refuses a text over 1e9 bytes: a batch of huge pages is cut into JSON arrays
    under a size limit (here shrunk to a few rows), in order, none lost."""
    monkeypatch.setattr(statements, "MAX_ARRAY_CHARS", 600)
    items = [article(i, body_text=f"Body {i} " + "long text " * 30) for i in range(7)]
    run: list[str] = []
    with Archive(path, background=False) as archive:
        for item in items:
            archive.add(item, None, visit_rows(item, None))
        archive.db.conn.set_trace_callback(run.append)
        archive.flush()
        archive.db.conn.set_trace_callback(None)
        assert archive.count() == 7
        assert visible_rows(path, "visits") == 7
        assert len(archive.search("long text", limit=10)) == 7
        assert [hit.url for hit in archive.search("Body 5")] == [items[5].key]
        rows = archive.db.execute("select url, body_text from articles order by rowid")
        assert rows.fetchall() == [(i.key, i.body_text) for i in items]
    assert sum(sql.startswith("insert into articles (") for sql in run) > 1
    assert sum(sql.startswith("insert into articles_search") for sql in run) > 1


@pytest.mark.parametrize(
    "text",
    [
        "quotes \" ' \\ and a backslash \\n, a tab\t and a newline\n",
        "NUL \x00 inside, \u2028 and \u2029, emoji 🎉, 显卡驱动, combining é",
        "null",
        "0123",
        "true",
        '["looks", "like", "json"]',
    ],
)
def test_values_are_stored_exactly_as_given(archive: Archive, text: str) -> None:
    """The batch statement carries rows as JSON: every value comes out as the text it was,
    never a number, boolean or null parsed from it, nor cut at a NUL (stored as U+FFFD,
    as HTML parsers read it; the index holds the same text, so an update unindexes it)."""
    item = article(
        title=text,
        body_text=text * 50 + " zebrafinch",
        body_html=f"<p>{text}</p>",
        authors=[text],
        extra={"editor": text},
        lead_image=text,
    )
    archive.add(item, f"posts/{text}.md", visit_rows(item, None))
    archive.flush()
    row = archive.db.table("articles").get(item.key)
    expected = article_row(item, f"posts/{text}.md")
    expected = {
        k: v.replace("\x00", "\ufffd") if isinstance(v, str) else v for k, v in expected.items()
    }
    assert {key: row[key] for key in expected} == expected
    assert [hit.url for hit in archive.search("zebrafinch")] == [item.key]
    archive.add(changed(item, title="Rewritten", body_text="kingfisher"), None)
    archive.flush()
    assert archive.search("zebrafinch") == []
    assert [hit.url for hit in archive.search("kingfisher")] == [item.key]


def test_a_full_batch_is_written_behind_and_stays_visible_to_lookups(path: Path) -> None:
    with Archive(path, batch_size=2) as archive:
        archive.add(article(1), "posts/1.md")
        archive.add(article(2), "posts/2.md")  # the batch is now written by the worker
        assert archive.known(article(1).key)
        assert archive.post_owner("posts/2.md") == article(2).key
        assert archive.add(article(2), "posts/2.md") == "unchanged"
        archive.add(article(2, title="Moved"), "posts/moved.md")
        assert archive.post_owner("posts/2.md") is None  # the in-flight path is stale
        archive.add(article(3), None)
        archive.add(article(4), None)  # waits for the first batch, sends the second
        archive.flush()
        assert visible_rows(path) == 4
        assert archive.db.table("articles").get(article(2).key)["title"] == "Moved"
        assert [hit.url for hit in archive.search("Moved")] == [article(2).key]


def test_a_failed_batch_written_behind_is_kept_and_its_error_raised(path: Path) -> None:
    archive = Archive(path, batch_size=2)
    run_sql(
        path, "create trigger refuse before insert on images begin select raise(abort, 'no'); end"
    )
    failing = [ImageResult("https://i.example/1.jpg", "failed")]
    archive.add(article(1, image_results=failing), None)
    archive.add(article(2), None)
    with pytest.raises(sqlite3.IntegrityError):
        archive.flush()
    assert visible_rows(path) == 0
    assert archive.known(article(1).key)
    run_sql(path, "drop trigger refuse")
    archive.close()
    assert visible_rows(path) == 2
    assert visible_rows(path, "images") == 1


def test_failed_flush_writes_nothing_and_keeps_the_batch(path: Path) -> None:
    with Archive(path, batch_size=10) as archive:
        archive.add(article(1), None)
        archive.add(
            article(2, image_results=[ImageResult("https://i.example/1.jpg", "failed")]), None
        )
        # Makes the batch's last statement (the image rows) fail.
        run_sql(
            path,
            "create trigger refuse before insert on images begin select raise(abort, 'no'); end",
        )
        with pytest.raises(sqlite3.IntegrityError):
            archive.flush()
        assert visible_rows(path) == 0
        run_sql(path, "drop trigger refuse")
    assert visible_rows(path) == 2
    assert visible_rows(path, "images") == 1


def test_close_flushes(path: Path) -> None:
    archive = Archive(path)
    archive.add(article(), None)
    archive.close()
    archive.close()
    assert visible_rows(path) == 1


# --- images ---------------------------------------------------------------------------------

IMAGES = [
    ImageResult("https://i.example/1.jpg", "downloaded", "full/1.jpg", "c1"),
    ImageResult("https://i.example/2.jpg", "uptodate", "full/2.jpg", "c2"),
    ImageResult("https://i.example/3.jpg", "failed", error="404"),
]


def test_image_rows_and_summary(archive: Archive) -> None:
    item = article(image_results=IMAGES)
    archive.add(item, None)
    assert archive.images_summary() == {"downloaded": 1, "uptodate": 1, "failed": 1}
    rows = list(archive.db.table("images").rows_where(order_by="position"))
    assert [(r["position"], r["status"], r["error"]) for r in rows] == [
        (0, "downloaded", None),
        (1, "uptodate", None),
        (2, "failed", "404"),
    ]
    assert {r["article_url"] for r in rows} == {item.key}


def test_updated_article_replaces_its_image_rows(archive: Archive) -> None:
    first = article(image_results=IMAGES)
    archive.add(first, None)
    archive.flush()
    retried = [ImageResult("https://i.example/3.jpg", "downloaded", "full/3.jpg", "c3")]
    archive.add(changed(first, title="New title", image_results=retried), None)
    assert archive.images_summary() == {"downloaded": 1}


def image_statuses(archive: Archive) -> list[tuple[str, str, str | None]]:
    rows = archive.db.table("images").rows_where(order_by="position")
    return [(r["url"].rsplit("/", 1)[1], r["status"], r["path"]) for r in rows]


@pytest.mark.parametrize("batch_size", [1, 100])
def test_an_unchanged_article_records_an_image_that_now_downloaded(
    path: Path, batch_size: int
) -> None:
    """A revisit that finds the same article but gets an image which failed last time: the
    file is in the store now, so its row says so (and a second same visit changes nothing)."""
    first = article(image_results=IMAGES)
    with Archive(path, batch_size) as archive:
        assert archive.add(first, None) == "new"
    retried = [IMAGES[0], IMAGES[1], ImageResult(IMAGES[2].url, "downloaded", "full/3.jpg", "c3")]
    with Archive(path, batch_size) as archive:
        assert archive.add(changed(first, image_results=retried), None) == "unchanged"
    with Archive(path, batch_size) as archive:
        assert image_statuses(archive) == [
            ("1.jpg", "downloaded", "full/1.jpg"),
            ("2.jpg", "uptodate", "full/2.jpg"),
            ("3.jpg", "downloaded", "full/3.jpg"),
        ]
        assert archive.add(changed(first, image_results=retried), None) == "unchanged"
        assert not archive.writer.pending.images  # nothing new to write


def test_a_failure_or_uptodate_does_not_replace_a_stored_file(archive: Archive) -> None:
    """The site drops an image the archive already has: the row keeps its file; Scrapy's
    "uptodate" for a stored file keeps the "downloaded" row; positions follow the new version."""
    first = article(image_results=IMAGES)
    archive.add(first, None)
    archive.flush()
    later = [
        ImageResult("https://i.example/new.jpg", "downloaded", "full/new.jpg", "c9"),
        ImageResult(IMAGES[0].url, "failed", error="http_404"),
        ImageResult(IMAGES[1].url, "uptodate", "full/2.jpg", "c2"),
    ]
    assert archive.add(changed(first, title="Edited", image_results=later), None) == "updated"
    archive.flush()
    assert image_statuses(archive) == [
        ("new.jpg", "downloaded", "full/new.jpg"),
        ("1.jpg", "downloaded", "full/1.jpg"),
        ("2.jpg", "uptodate", "full/2.jpg"),
    ]


# --- post paths -----------------------------------------------------------------------------


def test_post_owner(archive: Archive) -> None:
    archive.add(article(1), "posts/one.md")
    assert archive.post_owner("posts/one.md") == article(1).key  # pending
    archive.flush()
    assert archive.post_owner("posts/one.md") == article(1).key  # stored
    assert archive.post_owner("posts/other.md") is None


def test_post_owner_after_a_pending_move(archive: Archive) -> None:
    archive.add(article(1), "posts/old.md")
    archive.flush()
    archive.add(article(1, title="Moved"), "posts/new.md")
    assert archive.post_owner("posts/old.md") is None
    assert archive.post_owner("posts/new.md") == article(1).key


# --- search ---------------------------------------------------------------------------------

CORPUS = [
    article(
        1,
        source_id="mydrivers",
        title="Win11 隐藏功能曝光",
        body_text="微软为 Windows 11 带来新的显卡驱动，支持 foo-bar 与 c++ 开发。",
    ),
    article(
        2,
        title="GPU prices fall",
        body_text="Graphics card prices fell sharply. Analysts quoted phrase by phrase.",
    ),
    article(3, title="Weather today", body_text="Sunny weather; GPU mentioned once in passing."),
    article(4, title="An AI story", body_text="Nothing else here."),
]


@pytest.fixture
def corpus(archive: Archive) -> Archive:
    for item in CORPUS:
        archive.add(item, None)
    return archive


def urls(archive: Archive, query: str, **options: Any) -> list[str]:
    return [hit.url.rsplit("/", 1)[1] for hit in archive.search(query, **options)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("隐藏功能", ["1"]),  # a phrase of bigrams
        ("显卡", ["1"]),  # one bigram token
        ("曝光", ["1"]),  # the end of a run
        ("Win11 隐藏功能", ["1"]),
        ("显卡 Win11", ["1"]),
        ("显卡 weather", []),
        ("prices", ["2"]),
        ("PRICES", ["2"]),
        ('"quoted phrase"', ["2"]),
        ('"phrase quoted"', []),
        ("foo-bar", ["1"]),
        ("c++", ["1"]),
        ("AI", ["4"]),
        ("prices OR weather", ["2", "3"]),
        ("nothing-like-this", []),
    ],
)
def test_search_finds(corpus: Archive, query: str, expected: list[str]) -> None:
    assert sorted(urls(corpus, query)) == expected


def test_search_ranks_title_matches_first(corpus: Archive) -> None:
    assert urls(corpus, "GPU") == ["2", "3"]


def test_search_by_source(corpus: Archive) -> None:
    assert urls(corpus, "Win11", source="mydrivers") == ["1"]
    assert urls(corpus, "Win11", source="example") == []
    assert urls(corpus, "Win*", source="mydrivers") == ["1"]  # words match whole, or as prefixes


def test_search_limit(corpus: Archive) -> None:
    assert len(corpus.search("GPU", limit=1)) == 1


def test_search_hit_fields_and_snippet(corpus: Archive) -> None:
    [hit] = corpus.search("Graphics")
    assert (hit.title, hit.source_id) == ("GPU prices fall", "example")
    assert hit.published == datetime(2024, 5, 1, 2, 0, tzinfo=UTC)
    assert "[Graphics]" in hit.snippet
    assert hit.rank < 0  # bm25: lower is better


def test_chinese_search_has_a_marked_snippet(corpus: Archive) -> None:
    [hit] = corpus.search("显卡")
    assert "[显卡]" in hit.snippet
    assert hit.rank < 0


@pytest.mark.parametrize("query", ["prices AND", "AND OR", "NEAR(GPU prices", "nosuch:GPU OR x"])
def test_search_syntax_error_raises_search_error(corpus: Archive, query: str) -> None:
    with pytest.raises(SearchError, match="cannot search"):
        corpus.search(query)


@pytest.mark.parametrize("query", ["", "   ", '""'])
def test_empty_query_raises_search_error(corpus: Archive, query: str) -> None:
    with pytest.raises(SearchError, match="empty"):
        corpus.search(query)


def test_search_follows_updates(corpus: Archive) -> None:
    corpus.add(changed(CORPUS[1], title="Markets", body_text="Stocks rose."), None)
    assert urls(corpus, "prices") == []
    assert urls(corpus, "Stocks") == ["2"]
    assert urls(corpus, "GPU") == ["3"]


@pytest.mark.parametrize(
    ("query", "match"),
    [
        ("Win11 隐藏功能", '"Win11" "隐藏 藏功 功能"'),
        ('say "hi there" 显卡', '"say" "hi there" "显卡"'),
        ('a"b', '"a" "b"'),
        ("AI", '"AI"'),
        ("GPU OR 显卡", '"GPU" OR "显卡"'),
        ("油", '"油" *'),
        ("Win*", '"Win" *'),
        ("title: GPU", 'title : "GPU"'),
        ("NEAR(GPU prices, 5)", 'NEAR ( "GPU" "prices" , 5 )'),
    ],
)
def test_match_expression(query: str, match: str) -> None:
    assert match_expression(query) == "{title body} : (" + match + ")"


# --- pages fetched and not archived ---------------------------------------------------------


def test_a_passed_over_page_is_remembered_and_never_detaches_an_article(path: Path) -> None:
    kept, video = article(1), "https://news.example/video/1"
    later = FETCHED + timedelta(hours=1)
    with Archive(path) as archive:
        archive.add(kept, None, visit_rows(kept, None))
        archive.pass_over(passed_over_rows([video], "example", "skipped", FETCHED))
        # the article's URL read again and dropped (emptied, say): neither the buffered row
        # nor, once written, the stored one gives way
        archive.pass_over(passed_over_rows([kept.url], "example", "dropped", later))
        archive.flush()
        archive.pass_over(passed_over_rows([kept.url], "example", "dropped", later))
        archive.pass_over(passed_over_rows([video], "example", "skipped", later))
    with closing(sqlite3.connect(path)) as conn:
        sql = "select url, article_url, first_seen, last_visit, next_visit from visits"
        rows = {url: rest for url, *rest in conn.execute(sql)}
    assert rows[kept.url][:3] == [kept.key, FETCHED.isoformat(), FETCHED.isoformat()]
    # skipped again: the stored row takes the latest visit, due a week after it
    assert rows[video] == [
        None, FETCHED.isoformat(), later.isoformat(), (later + timedelta(days=7)).isoformat()
    ]  # fmt: skip


def test_stats_count_days_by_published_else_first_seen(path: Path) -> None:
    with Archive(path) as archive:
        for n, day in enumerate([3, 3, 1, 5], start=1):
            archive.add(article(n, published=datetime(2024, 5, day, 12, tzinfo=UTC)), None)
        # undated: counted on the day they were first archived (FETCHED: 2024-05-01)
        archive.add(article(5, published=None), None)
        archive.add(article(6, published=None, source_id="other"), None)
        counts = archive.stats()
    assert counts["days"] == [("2024-05-05", 1), ("2024-05-03", 2), ("2024-05-01", 3)]
    assert counts["sources"] == [("example", 5), ("other", 1)]
