"""Datasette hooks for the archive: HTML bodies shown only through the sanitizer, read-only
connections, the revisions query once its table exists, and newscrawl's own pages (feeds).

Registered by `newscrawl serve` (web/server.py); each hook acts only on a database whose
metadata carries this plugin's configuration, which web/metadata.py writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from markupsafe import Markup
from pluggy import HookimplMarker

from newscrawl.web import feeds, reader
from newscrawl.web.display import display_html
from newscrawl.web.fulltext import match_function, search_function
from newscrawl.web.metadata import PLUGIN
from newscrawl.web.queries import Query, revisions_query

# The marker Datasette's own `hookimpl` is, declared here so that mypy sees its types.
hookimpl = HookimplMarker("datasette")

# A body in a table cell scrolls instead of making its row a page long; on an article's page
# (templates/) it reads as an article.
_CSS = """
.newscrawl-body{max-height:32em;overflow:auto;min-width:24em;max-width:48em}
.newscrawl-body img{max-width:100%;height:auto}
.newscrawl-article{max-width:48em}
.newscrawl-article .newscrawl-body{max-height:none;font-size:1.1em;line-height:1.7}
.newscrawl-fields,.column-descriptions{display:grid;grid-template-columns:max-content auto}
.newscrawl-fields,.column-descriptions{gap:.2em 1em}
.newscrawl-fields dt,.column-descriptions dt{font-weight:bold}
.newscrawl-fields dd,.column-descriptions dd{margin:0;overflow-wrap:anywhere}
.newscrawl-fields{margin-bottom:1.5em}
.rows-and-columns td.col-title{min-width:14em}
"""
_IMAGES_SQL = "select url, path from images where article_url = ? and path is not null"


# trylast: after Datasette's own functions, so that escape_fts can be replaced.
@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    config = datasette.plugin_config(PLUGIN, database=database)
    if config is None:
        return
    # Datasette already reads through mode=ro connections and accepts only SELECT; query_only
    # also covers the write connection that a plugin's execute_write() would open.
    conn.execute("PRAGMA query_only = 1")
    if config.get("prepared_queries"):
        # Reads the archive through this connection: not deterministic.
        conn.create_function("newscrawl_search", 7, search_function(conn))
        # The table page's search box sends its text through escape_fts(): here it must be
        # prepared as the index was, or no Chinese word would match.
        conn.create_function("escape_fts", 1, match_function, deterministic=True)


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Callable[[], Awaitable[Markup | None]] | None:
    config = datasette.plugin_config(PLUGIN, database=database, table=table)
    if not config or column not in config.get("html_columns", []) or not isinstance(value, str):
        return None

    async def render() -> Markup:
        base_url = _field(row, "fetched_url") or _field(row, "url")
        local = await _local_images(datasette, database, _field(row, "url"), config)
        body = display_html(value, base_url, local)
        return Markup('<div class="newscrawl-body">{}</div>').format(Markup(body))

    return render


@hookimpl
def extra_css_urls(database: str | None, datasette: Any) -> list[dict[str, str]]:
    if database is None or datasette.plugin_config(PLUGIN, database=database) is None:
        return []
    return [{"url": "data:text/css," + quote(_CSS)}]


@hookimpl
def canned_queries(
    datasette: Any, database: str
) -> Callable[[], Awaitable[dict[str, Query]]] | None:
    config = datasette.plugin_config(PLUGIN, database=database)
    if config is None:
        return None

    # Asked on every request: the revisions table appears when its migration runs. Copies:
    # Datasette adds a "name" to each query it is given.
    async def queries() -> dict[str, Query]:
        found = {name: dict(query) for name, query in config.get("queries", {}).items()}
        db = datasette.get_database(database)
        has_table = await db.table_exists("revisions")
        query = revisions_query(await db.table_columns("revisions") if has_table else None)
        return found | ({"revisions": query} if query else {})

    return queries


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Callable[..., Awaitable[Any]]]]:
    # Each view answers only for the database whose metadata carries this plugin's settings.
    return [(feeds.ROUTE, feeds.feed), *reader.ROUTES]


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[Any], Any]:
    return reader.articles_table_wrapper(datasette)


async def _local_images(
    datasette: Any, database: str, article_url: str | None, config: dict[str, Any]
) -> dict[str, str]:
    """Image URL -> address of its downloaded copy, for the article with this key."""
    mount = config.get("images_mount")
    if not mount or not article_url:
        return {}
    db = datasette.get_database(database)
    if not await db.table_exists("images"):
        return {}
    rows = await db.execute(_IMAGES_SQL, [article_url])
    return {r["url"]: datasette.urls.path(f"{mount}/{quote(r['path'])}") for r in rows}


def _field(row: Any, name: str) -> str | None:
    try:
        value = row[name]
    except (IndexError, KeyError):
        return None
    return str(value) if value else None
