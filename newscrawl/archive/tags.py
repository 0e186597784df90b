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

TABLE = "article_tags"
CREATE = """create table article_tags (
  tag text not null, published text not null, url text not null,
  primary key (tag, published, url)
) without rowid"""


# A tags value that is not a JSON array gives no rows, rather than failing the write.
_INSERT_NEW = """insert or ignore into article_tags (tag, published, url)
select distinct lower(t.value), coalesce(new.published, ''), new.url
from json_each(case when json_valid(new.tags)
  then case json_type(new.tags) when 'array' then new.tags end end) t
where t.atom is not null;"""
_DELETE_OLD = """delete from article_tags
where url = old.url and published = coalesce(old.published, '') and tag in (
  select lower(t.value) from json_each(case when json_valid(old.tags)
    then case json_type(old.tags) when 'array' then old.tags end end) t
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
BACKFILL = """insert or ignore into article_tags (tag, published, url)
select distinct lower(t.value), coalesce(a.published, ''), a.url
from articles a, json_each(case when json_valid(a.tags)
  then case json_type(a.tags) when 'array' then a.tags end end) t
where t.atom is not null"""
_EXISTS = "select 1 from sqlite_master where type = 'table' and name = 'article_tags'"


def create_tag_index(conn: sqlite3.Connection) -> None:
    """The table, its triggers and the rows of the articles already archived."""
    conn.execute(CREATE)
    for trigger in TRIGGERS:
        conn.execute(trigger)
    conn.execute(BACKFILL)


def has_tag_index(conn: sqlite3.Connection) -> bool:
    """Whether the archive has the index (one served read-only may predate it)."""
    return conn.execute(_EXISTS).fetchone() is not None
