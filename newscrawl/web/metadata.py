"""Datasette metadata for the archive: titles, descriptions, source links, search, queries.

Built from the schema read at start-up: other components add tables and columns, so only what
exists is described, and new columns simply show up undescribed.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from html import escape
from pathlib import Path
from typing import Any

from newscrawl.sources.base import Source
from newscrawl.web.fulltext import FullTextIndex, detect
from newscrawl.web.queries import static_queries

Schema = dict[str, list[str]]  # table -> column names
Metadata = dict[str, Any]

PLUGIN = "newscrawl"
# Columns holding article HTML: shown rendered, after the sanitizer (see web/plugin.py).
HTML_COLUMNS = ["body_html"]
# Left out of the articles table's page unless asked for (web/reader.py): a row a page long.
HIDDEN_BY_DEFAULT = ["body_html", "body_text"]

ARTICLE_COLUMNS = {
    "url": "The article's key: its canonical URL",
    "fetched_url": "The URL it was fetched from",
    "source_id": "The newscrawl source that read it (newscrawl sources)",
    "title": "Title",
    "published": "Publication time, ISO 8601 UTC",
    "updated": "Last update announced by the site, ISO 8601 UTC",
    "first_seen": "When newscrawl first archived it, ISO 8601 UTC",
    "fetched_at": "When it was last fetched, ISO 8601 UTC",
    "language": "Language code",
    "authors": "Authors, JSON list",
    "tags": "Tags, JSON list",
    "categories": "Categories, JSON list",
    "publisher": "The site, as the post's author",
    "lead_image": "The first image",
    "body_html": "The body as archived (sanitized); shown here after a second sanitizer pass",
    "body_text": "The body's text, indexed for search with the title",
    "editor": "Editor named by the page",
    "origin_url": "Where the site says the story comes from",
    "origin_name": "Name of that origin",
    "extra": "Other fields the source reads, JSON",
    "content_hash": "sha256 of title + body_html: a change means a new version",
    "post_path": "The Hexo post file, relative to posts/",
}

IMAGE_COLUMNS = {
    "article_url": "The article (articles.url)",
    "url": "The image's URL",
    "position": "Order in the article body",
    "status": "downloaded, uptodate, cached or failed",
    "path": "The file, relative to images/",
    "checksum": "md5 of the file",
    "error": "Why the download failed",
}


def read_schema(db_path: Path) -> Schema:
    """The tables of the SQLite file at `db_path` and their columns, opened read-only."""
    uri = db_path.resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        names = conn.execute("select name from sqlite_master where type = 'table' order by name")
        tables = [name for (name,) in names]
        return {
            table: [c for (c,) in conn.execute("select name from pragma_table_info(?)", [table])]
            for table in tables
        }


def build_metadata(
    database: str, schema: Schema, sources: list[Source], images_mount: str | None = None
) -> Metadata:
    """Datasette's metadata for the archive served as `database`, with this schema.

    `images_mount` is where the downloaded images are served, if they are.
    """
    index = detect(schema)
    archive = {
        "title": "newscrawl archive",
        "description_html": sources_html(sources),
        "tables": tables_metadata(schema, index),
        "plugins": {
            PLUGIN: {
                # Offered by the plugin's canned_queries hook, not as metadata "queries":
                # Datasette 0.65 merges the hook's queries into that dict in place, so a
                # query offered once (revisions) would stay listed after its table went.
                "queries": static_queries(set(schema), index),
                "html_columns": HTML_COLUMNS,
                "images_mount": images_mount,
                "prepared_queries": bool(index and index.prepared),
            }
        },
    }
    return {
        "title": "newscrawl",
        "description": "News articles archived by newscrawl. Read-only.",
        "databases": {database: archive},
    }


def tables_metadata(schema: Schema, index: FullTextIndex | None) -> dict[str, Metadata]:
    """The tables shown (articles, images) with their descriptions, and those hidden."""
    # Bookkeeping such as _migrations, the index (Datasette hides only the FTS tables that
    # name their content table, which a contentless one does not), and the kept responses
    # (zlib-compressed bodies, unreadable in a table: `newscrawl export warc` reads them); the
    # tag index, a copy of `articles.tags` kept for the tag pages.
    hidden = [name for name in schema if name.startswith("_")] + ([index.table] if index else [])
    hidden += [name for name in ("responses", "article_tags") if name in schema]
    tables: dict[str, Metadata] = {name: {"hidden": True} for name in hidden}
    if "articles" in schema:
        tables["articles"] = articles_metadata(schema, index)
    if "images" in schema:
        tables["images"] = {
            "title": "Images",
            "description": "One row per image in an article body, with its download status.",
            "facets": ["status"],
            "columns": _described(IMAGE_COLUMNS, schema["images"]),
        }
    return tables


def articles_metadata(schema: Schema, index: FullTextIndex | None) -> Metadata:
    """The `articles` table: description, column notes, facets and full-text search."""
    description = "One row per article, keyed by canonical URL."
    if index:
        description += " The search box matches titles and bodies. " + index.note
    table: Metadata = {
        "title": "Articles",
        "description": description,
        "sort_desc": "published",
        "facets": ["source_id"],
        "label_column": "title",
        "columns": _described(ARTICLE_COLUMNS, schema["articles"]),
    }
    if index:
        table |= {"fts_table": index.table, "fts_pk": "rowid"}
    return table


def sources_html(sources: list[Source]) -> str:
    """The registered sources as a list of links to their sites and feeds."""
    items = []
    for source in sources:
        links = [f'<a href="https://{escape(d)}/">{escape(d)}</a>' for d in source.domains[:1]]
        links += [f'<a href="{escape(f)}">feed</a>' for f in source.feeds]
        items.append(
            f"<li><strong>{escape(source.name)}</strong> ({escape(source.id)}): "
            + ", ".join(links)
            + "</li>"
        )
    return (
        "<p>Articles crawled from these sources, and from single pages fetched by URL:</p>"
        f"<ul>{''.join(items)}</ul>"
    )


def _described(descriptions: dict[str, str], columns: list[str]) -> dict[str, str]:
    return {name: descriptions[name] for name in columns if name in descriptions}
