"""The reader's pages of `newscrawl serve`: the news first (/ with a search box, /source/<id>,
/tag/<tag>), the article page and the Datasette tables one click away; and the articles table
shown without its body columns unless asked.

Views of newscrawl's plugin (web/plugin.py), rendered with Datasette's templates so that its
navigation and styles stay; read-only like the rest of the server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from newscrawl import sources
from newscrawl.archive.search import Filters
from newscrawl.web.feeds import archive_database
from newscrawl.web.listing import MAX_PAGE, Card, Page, archived_sources, found, newest
from newscrawl.web.metadata import HIDDEN_BY_DEFAULT, PLUGIN

TEMPLATE = "newscrawl_reader.html"
# The form's filters, by query parameter.
_FILTERS = ("source", "tag", "since", "until")
# Query parameters that choose the articles table's columns: a table asked so is left alone.
_COLUMN_CHOICE = ("_col", "_nocol", "_bodies")


async def home(datasette: Any, request: Any) -> Response:
    return await _listing(datasette, request, {}, "Latest articles")


async def source_page(datasette: Any, request: Any) -> Response:
    source = unquote(request.url_vars["source"])  # the route matches the path as sent
    return await _listing(datasette, request, {"source": source}, _source_name(source))


async def tag_page(datasette: Any, request: Any) -> Response:
    tag = unquote(request.url_vars["tag"])
    return await _listing(datasette, request, {"tag": tag}, f"Tagged “{tag}”")


ROUTES = [
    (r"^/$", home),
    (r"^/source/(?P<source>[^/]+)$", source_page),
    (r"^/tag/(?P<tag>[^/]+)$", tag_page),
]


async def _listing(datasette: Any, request: Any, fixed: dict[str, str], heading: str) -> Response:
    database = archive_database(datasette)
    if database is None:
        return Response.text("no archive is served\n", status=404)
    if request.method not in ("GET", "HEAD"):
        return Response.text("read-only\n", status=405, headers={"allow": "GET"})
    query = (request.args.get("q") or "").strip()
    form = {name: (request.args.get(name) or "").strip() for name in _FILTERS} | fixed
    number = _page_number(request.args.get("page"))
    error = None
    try:
        filters = Filters.from_text(**{name: form[name] or None for name in _FILTERS})
    except ValueError as exc:
        filters, error = Filters.from_text(**{k: v or None for k, v in fixed.items()}), str(exc)
    db = datasette.get_database(database)
    page, held = await db.execute_fn(
        lambda conn: (
            found(conn, query, filters, number) if query else newest(conn, filters, number),
            archived_sources(conn),
        )
    )
    context = {
        "database": database,  # the plugin's styles are added for the archive's pages
        "heading": f"Search: {query}" if query else heading,
        "query": query,
        "form": form,
        "fixed": fixed,
        "error": error or page.error,
        "sources": [(source, _source_name(source)) for source in held],
        "cards": [_card(datasette, database, card) for card in page.cards],
        "pages": _pages(request, page),
        "feed": _feed(datasette, fixed, query, form),
        "tables": datasette.urls.database(database),
        "articles": datasette.urls.table(database, "articles"),
    }
    html = await datasette.render_template(TEMPLATE, context, request=request)
    return Response.html(html)


def _page_number(text: str | None) -> int:
    try:
        return min(max(int(text or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def _card(datasette: Any, database: str, card: Card) -> dict[str, Any]:
    config = datasette.plugin_config(PLUGIN, database=database) or {}
    mount = config.get("images_mount")
    image = card.image_path and mount and datasette.urls.path(f"{mount}/{quote(card.image_path)}")
    return {
        "title": card.title,
        "href": datasette.urls.row(database, "articles", tilde_encode(card.url)),
        "original": card.url if card.url.startswith(("https://", "http://")) else None,
        "source": card.source_id,
        "source_name": _source_name(card.source_id),
        "source_href": datasette.urls.path("/source/" + quote(card.source_id, safe="")),
        "date": card.date,
        "image": image or None,
        "snippet": card.snippet,
        "tags": [(tag, datasette.urls.path("/tag/" + quote(tag, safe=""))) for tag in card.tags],
    }


def _pages(request: Any, page: Page) -> dict[str, str | None]:
    def link(number: int) -> str:
        params = [(k, v) for k, v in parse_qsl(request.query_string) if k != "page"]
        return str(request.path) + "?" + urlencode([*params, ("page", str(number))])

    return {
        "previous": link(page.number - 1) if page.number > 1 else None,
        "next": link(page.number + 1) if page.more and page.number < MAX_PAGE else None,
    }


def _feed(datasette: Any, fixed: dict[str, str], query: str, form: dict[str, str]) -> str | None:
    if query:
        params = {"q": query} | ({"source": form["source"]} if form["source"] else {})
        return str(datasette.urls.path("/feeds/search.atom?" + urlencode(params)))
    if "tag" in fixed:
        return None
    return str(datasette.urls.path(f"/feeds/{quote(fixed.get('source', 'all'), safe='')}.atom"))


def _source_name(source_id: str) -> str:
    try:
        return sources.get(source_id).name
    except KeyError:
        return source_id


def articles_table_wrapper(datasette: Any) -> Callable[[Any], Any]:
    """ASGI middleware: the articles table's HTML page, asked for without a choice of columns,
    is redirected to the same page without the body columns (?_bodies=1 keeps them)."""

    def wrap(app: Any) -> Any:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            location = _without_bodies(datasette, scope) if scope["type"] == "http" else None
            if location is None:
                await app(scope, receive, send)
                return
            await Response.redirect(location, status=302).asgi_send(send)

        return wrapped

    return wrap


def _without_bodies(datasette: Any, scope: dict[str, Any]) -> str | None:
    database = archive_database(datasette)
    if database is None or scope["method"] not in ("GET", "HEAD"):
        return None
    if scope["path"] != datasette.urls.table(database, "articles"):
        return None
    params = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if any(name in _COLUMN_CHOICE for name, _ in params):
        return None
    hidden = [("_nocol", column) for column in HIDDEN_BY_DEFAULT]
    return str(scope["path"]) + "?" + urlencode([*params, *hidden])
