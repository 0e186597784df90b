"""Options and argument checks shared by several commands: --data, the archive's row filters,
a crawl's bounds, --keep-responses, source ids."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from newscrawl import sources
from newscrawl.archive import archive_path
from newscrawl.sources.base import Source

if TYPE_CHECKING:
    from newscrawl.archive.search import Filters
    from newscrawl.archive.store import Archive

F = TypeVar("F", bound=Callable[..., Any])

SITE_LIMIT = 500  # articles, newest first, of `newscrawl crawl URL` without --limit


def data_option(func: F) -> F:
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("data"),
        show_default=True,
        help="Data directory: archive.db, posts/, images/.",
    )(func)


def keep_responses_option(func: F) -> F:
    return click.option(
        "--keep-responses",
        is_flag=True,
        help="Keep each archived article's HTTP request and response (headers, body) in "
        "the archive, for `newscrawl export warc` (NEWSCRAWL_KEEP_RESPONSES).",
    )(func)


def keep(keep_responses: bool) -> dict[str, Any]:
    return {"NEWSCRAWL_KEEP_RESPONSES": True} if keep_responses else {}


def browser_option(func: Any) -> Any:
    return click.option(
        "--browser", is_flag=True,
        help="Render article pages in Chromium (sites that build them in JavaScript).",
    )(func)  # fmt: skip


def browser_overrides(wanted: bool, checked: bool = False) -> dict[str, Any]:
    """NEWSCRAWL_BROWSER (every article page rendered) when `wanted`; when it is or `checked`
    (a browser source is in the crawl), a one-line error unless the browser can run."""
    if not (wanted or checked):
        return {}
    from newscrawl.crawl.browser import BrowserUnavailableError, browser_settings

    try:
        browser_settings()
    except BrowserUnavailableError as exc:
        raise click.ClickException(str(exc)) from None
    return browser_asked(wanted)


def browser_asked(browser: bool) -> dict[str, Any]:
    """--browser's setting, unchecked (a seeding passes it on to be refused)."""
    return {"NEWSCRAWL_BROWSER": True} if browser else {}


def renders(*found: sources.Source | None) -> bool:
    return any(each is not None and each.render == "browser" for each in found)


# What a seeding sends with each request it puts into the frontier (crawl/redis/bounds.py);
# every other setting of a crawl is the workers' own.
SEEDED = frozenset(
    {"NEWSCRAWL_SINCE", "NEWSCRAWL_LIMIT", "NEWSCRAWL_MAX_DEPTH", "NEWSCRAWL_REFRESH"}
)


def check_seeding(overrides: dict[str, Any], rendered: list[str]) -> None:
    """A UsageError for what `crawl --redis` would otherwise drop without a word: kept
    responses and browser sources (a cluster has neither yet), and the workers' settings."""
    if str(overrides.get("NEWSCRAWL_KEEP_RESPONSES", "")).lower() in ("1", "true", "yes"):
        raise click.UsageError("--keep-responses does not work with --redis yet: crawl without it")
    if rendered:
        raise click.UsageError(
            f"{', '.join(rendered)} renders pages in a browser, which a cluster does not do "
            "yet: crawl it without --redis"
        )
    workers = sorted(set(overrides) - SEEDED - {"NEWSCRAWL_KEEP_RESPONSES"})
    if workers:
        raise click.UsageError(
            f"{', '.join(workers)} set the workers' crawl, not the seeding's: pass them to "
            "newscrawl worker --set NAME=VALUE (--no-images: NEWSCRAWL_IMAGES=false, --browser: "
            "NEWSCRAWL_BROWSER=true)"
        )


def moment(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """A date (2024-05-01) or ISO 8601 time, read as `search.parse_moment` reads it."""
    if value is None:
        return None
    from newscrawl.archive.search import (
        parse_moment,  # search's regexes: not a crawl's start-up cost
    )

    try:
        return parse_moment(value, until=param.name == "until")
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _apply(func: F, options: list[Callable[[F], F]]) -> F:
    for option in reversed(options):
        func = option(func)
    return func


def bounds_options(func: F) -> F:
    """--since, --limit, --max-depth: how far a crawl goes (spiders/entry.py)."""
    return _apply(func, [
        click.option("--since", callback=moment, help="Only articles dated on or after this."),
        click.option(
            "--limit",
            type=click.IntRange(min=1),
            help=f"Fetch at most N articles (a site's URL: {SITE_LIMIT} unless given).",
        ),
        click.option(
            "--max-depth",
            type=click.IntRange(min=0),
            help="Pages followed from an entry point (listing pages, feed pages, sitemap "
            "levels); default 5.",
        ),
    ])  # fmt: skip


def bound_settings(bounds: dict[str, Any]) -> dict[str, Any]:
    names = {
        "since": "NEWSCRAWL_SINCE",
        "limit": "NEWSCRAWL_LIMIT",
        "max_depth": "NEWSCRAWL_MAX_DEPTH",
    }
    found = {names[k]: v for k, v in bounds.items() if v is not None}
    if "NEWSCRAWL_SINCE" in found:
        found["NEWSCRAWL_SINCE"] = found["NEWSCRAWL_SINCE"].isoformat()
    return found


def filter_options(func: F) -> F:
    """--source, --since, --until, --author, --tag, --lang: the archive's row filters."""
    return _apply(func, [
        click.option("--source", "source_id", help="Only articles of this source."),
        click.option("--since", callback=moment, help="Dated on or after (2024-05-01)."),
        click.option(
            "--until", callback=moment, help="Dated on or before this day, or before this time."
        ),
        click.option("--author", help="Only articles credited to this author."),
        click.option("--tag", help="Only articles with this tag."),
        click.option("--lang", help="Only articles in this language (zh includes zh-TW)."),
    ])  # fmt: skip


def filters(options: dict[str, Any]) -> Filters:
    from newscrawl.archive.search import Filters

    return Filters(
        source=options["source_id"], since=options["since"], until=options["until"],
        author=options["author"], tag=options["tag"], lang=options["lang"],
    )  # fmt: skip


def existing_archive(data_dir: Path) -> Path:
    """The data directory's archive file; a clear error when no crawl has made it yet."""
    path = archive_path(data_dir)
    if not path.exists():
        raise click.ClickException(f"no archive at {path}; run a crawl first")
    return path


def open_archive(data_dir: Path) -> Archive:
    from newscrawl.archive.store import Archive

    return Archive(existing_archive(data_dir))


def source(source_id: str) -> Source:
    """The registered source, or a usage error listing the known ids."""
    try:
        return sources.get(source_id)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="SOURCE") from None


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))
