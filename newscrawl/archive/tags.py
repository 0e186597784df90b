"""The tag index: one `article_tags` row per tag of an article, keyed by (tag, published, url),
so that a tag's articles are found newest first without reading any other article's tags.

SQL triggers keep it as `articles` rows are inserted, updated and deleted, whatever writes
them (the batch writer's upserts, a migration, another tool). Tags are matched as the JSON
filter over `articles.tags` matches them (newscrawl.archive.search.filters): SQLite's lower()
on both sides. An undated article is kept under the published time '' (a key column cannot be
null), which sorts it last, as the `published` index does.
"""

from __future__ import annotations

import sqlite3

from newscrawl.archive import has_table

TABLE = "article_tags"
CREATE = """create table article_tags (
  tag text not null, published text not null, url text not null,
  primary key (tag, published, url)
) without rowid"""


def _tags_of(row: str) -> str:
    """The `json_each` of a row's tags; a value that is not a JSON array gives no rows, rather
    than failing the write."""
    tags = f"{row}.tags"
    return (
        f"json_each(case when json_valid({tags})"
        f" then case json_type({tags}) when 'array' then {tags} end end) t"
    )


_INSERT_NEW = f"""insert or ignore into article_tags (tag, published, url)
select distinct lower(t.value), coalesce(new.published, ''), new.url
from {_tags_of("new")}
where t.atom is not null;"""
_DELETE_OLD = f"""delete from article_tags
where url = old.url and published = coalesce(old.published, '') and tag in (
  select lower(t.value) from {_tags_of("old")}
  where t.atom is not null);"""
TRIGGERS = [
    "create trigger article_tags_insert after insert on articles begin\n"
    + _INSERT_NEW + "\nend",
    "create trigger article_tags_update after update of tags, published, url on articles\n"
    "when old.tags is not new.tags or old.published is not new.published "
    "or old.url is not new.url begin\n" + _DELETE_OLD + "\n" + _INSERT_NEW + "\nend",
    "create trigger article_tags_delete after delete on articles begin\n"
    + _DELETE_OLD + "\nend",
]  # fmt: skip
BACKFILL = f"""insert or ignore into article_tags (tag, published, url)
select distinct lower(t.value), coalesce(a.published, ''), a.url
from articles a, {_tags_of("a")}
where t.atom is not null"""


def create_tag_index(conn: sqlite3.Connection) -> None:
    """The table, its triggers and the rows of the articles already archived."""
    conn.execute(CREATE)
    for trigger in TRIGGERS:
        conn.execute(trigger)
    conn.execute(BACKFILL)


def has_tag_index(conn: sqlite3.Connection) -> bool:
    """Whether the archive has the index (one served read-only may predate it)."""
    return has_table(conn, TABLE)
