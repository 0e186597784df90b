"""`newscrawl worker`, `newscrawl ingest`, `newscrawl cluster status|dead`: crawling on several
machines against one Redis server (newscrawl/crawl/redis/)."""

from __future__ import annotations

import logging
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from newscrawl.cli import main

if TYPE_CHECKING:
    from newscrawl.crawl.redis.bounds import CrawlBounds

PREFIX = "newscrawl:"


def _setting(name: str, given: Any) -> Any:
    """An option's value, else the project setting of the same meaning (REDIS_URL, ...)."""
    if given not in (None, ""):
        return given
    import os

    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    return get_project_settings().get(name)


def _redis_url(given: str | None) -> str:
    url = _setting("REDIS_URL", given)
    if not url:
        raise click.UsageError("pass --redis URL (or set REDIS_URL)")
    return str(url)


def _pairs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.isupper():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE")
        found[name] = value
    return found


redis_option = click.option(
    "--redis", "redis_url", metavar="URL", help="redis://host:6379/0 (setting REDIS_URL)."
)
data_option = click.option(
    "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("data"),
    show_default=True, help="Data directory (the ingest's archive; a worker's user sources).",
)  # fmt: skip
prefix_option = click.option(
    "--prefix", default=PREFIX, show_default=True, help="Redis key prefix (NEWSCRAWL_REDIS_PREFIX)."
)


@main.command()
@redis_option
@data_option
@prefix_option
@click.option(
    "--processes",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Workers on this machine.",
)
@click.option(
    "--files-store",
    metavar="URI",
    help="Where images go: a shared directory or s3://... (NEWSCRAWL_FILES_STORE).",
)
@click.option(
    "--lease",
    type=float,
    help="Seconds an entry stays leased without renewal (NEWSCRAWL_REDIS_LEASE).",
)
@click.option(
    "--max-deliveries",
    type=click.IntRange(1),
    help="Deliveries before a dead letter (NEWSCRAWL_REDIS_MAX_DELIVERIES).",
)
@click.option(
    "--exit-when-done",
    is_flag=True,
    help="Stop once the whole frontier is done (NEWSCRAWL_REDIS_EXIT_WHEN_DONE).",
)
@click.option(
    "--set",
    "scrapy_settings",
    multiple=True,
    metavar="NAME=VALUE",
    callback=_pairs,
    help="Any Scrapy or newscrawl setting.",
)
# run_workers' children: their summary as JSON there, for the parent to add up.
@click.option("--summary-file", type=click.Path(dir_okay=False, path_type=Path), hidden=True)
@click.pass_context
def worker(ctx: click.Context, redis_url: str | None, data_dir: Path, prefix: str, processes: int,
           files_store: str | None, lease: float | None, max_deliveries: int | None,
           exit_when_done: bool, scrapy_settings: dict[str, str],
           summary_file: Path | None) -> None:  # fmt: skip
    """Crawl from the Redis frontier until SIGTERM (which finishes or gives back what it holds).

    Example: newscrawl worker --redis redis://10.0.0.5:6379/0 --processes 4 --files-store /mnt/img
    """
    from newscrawl.crawl.redis.worker import run_worker, run_workers

    url = _redis_url(redis_url or scrapy_settings.get("REDIS_URL"))
    if processes > 1:
        sys.exit(run_workers(_without_processes(sys.argv[1:]), processes))
    overrides: dict[str, Any] = {"NEWSCRAWL_REDIS_PREFIX": prefix, **scrapy_settings}
    for name, value in (("NEWSCRAWL_FILES_STORE", files_store), ("NEWSCRAWL_REDIS_LEASE", lease),
                        ("NEWSCRAWL_REDIS_MAX_DELIVERIES", max_deliveries)):  # fmt: skip
        if value is not None:
            overrides[name] = value
    if exit_when_done:
        overrides["NEWSCRAWL_REDIS_EXIT_WHEN_DONE"] = True
    verbose = bool(ctx.find_root().params.get("verbose"))
    sys.exit(run_worker(data_dir, url, overrides, verbose, summary_file))


def _without_processes(argv: list[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--processes":
            skip = True
        elif not arg.startswith("--processes="):
            out.append(arg)
    return out


@main.command()
@redis_option
@data_option
@prefix_option
@click.option(
    "--batch",
    type=click.IntRange(1),
    default=500,
    show_default=True,
    help="Most items per transaction (fewer when fewer are waiting).",
)
@click.option(
    "--exit-when-done", is_flag=True, help="Stop once the frontier and the item stream are empty."
)
@click.option("--test-kill-at", type=click.Choice(["files", "commit"]), hidden=True)
def ingest(redis_url: str | None, data_dir: Path, prefix: str, batch: int, exit_when_done: bool,
           test_kill_at: str | None) -> None:  # fmt: skip
    """Write the workers' articles into the archive: the only process that writes --data.

    Example: newscrawl ingest --redis redis://10.0.0.5:6379/0 --data /srv/news
    """
    from newscrawl.crawl.redis.ingest import IngestOptions, run_ingest

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s"
    )
    options = IngestOptions(batch=batch, exit_when_done=exit_when_done, fault=test_kill_at or "")
    sys.exit(run_ingest(_redis_url(redis_url), data_dir, prefix, options))


@main.group()
def cluster() -> None:
    """What the workers and the ingest are doing, from Redis.

    Example: newscrawl cluster status --redis redis://10.0.0.5:6379/0
    """


@cluster.command()
@redis_option
@prefix_option
def status(redis_url: str | None, prefix: str) -> None:
    """Queue depth, leases per worker, dead letters, items waiting, pages/s, Redis memory.

    Example: newscrawl cluster status --redis redis://10.0.0.5:6379/0
    """
    from newscrawl.crawl.redis.connection import Link, RedisDownError
    from newscrawl.crawl.redis.keys import Keys
    from newscrawl.crawl.redis.status import read_status, render_status

    link = Link(_redis_url(redis_url))
    try:
        click.echo(render_status(link.call(lambda c: read_status(c, Keys(prefix)))))
    except RedisDownError as error:
        raise click.ClickException(str(error)) from None


@cluster.command()
@redis_option
@prefix_option
@click.option("--retry", is_flag=True, help="Put every dead letter back on its stream.")
def dead(redis_url: str | None, prefix: str, retry: bool) -> None:
    """List the dead letters with their reasons (or retry them).

    Example: newscrawl cluster dead --redis redis://10.0.0.5:6379/0 --retry
    """
    from newscrawl.crawl.redis.connection import Link, RedisDownError
    from newscrawl.crawl.redis.keys import Keys
    from newscrawl.crawl.redis.status import dead_letters, retry_dead

    link, keys = Link(_redis_url(redis_url)), Keys(prefix)
    try:
        if retry:
            click.echo(f"{link.call(lambda c: retry_dead(c, keys))} dead letters put back")
            return
        for letter in link.call(lambda c: dead_letters(c, keys)):
            what = letter.url or letter.entry
            click.echo(f"{letter.id}  {what}  ({letter.deliveries} deliveries): {letter.reason}")
    except RedisDownError as error:
        raise click.ClickException(str(error)) from None


def seed_cluster(
    redis_url: str,
    ids: list[str],
    entries: tuple[str, ...],
    data_dir: Path,
    sites: tuple[str, ...] = (),
    bounds: dict[str, Any] | None = None,
) -> int:
    """`newscrawl crawl ID... --redis URL` (or a site's URL): put the sources' entry points and
    due revisits (or the site's page) into the frontier for the workers, with the crawl's
    bounds (`bounds`: NEWSCRAWL_SINCE, _LIMIT, _MAX_DEPTH, _REFRESH), print how many per
    source, and return."""
    from newscrawl.crawl.process import Target
    from newscrawl.crawl.redis.connection import RedisDownError
    from newscrawl.crawl.redis.seed import seed

    targets = [Target(source_id, list(entries)) for source_id in ids]
    try:
        counts = seed(
            redis_url,
            str(_setting("NEWSCRAWL_REDIS_PREFIX", None) or PREFIX),
            data_dir,
            targets,
            sites,
            crawl_bounds(bounds or {}),
        )
    except RedisDownError as error:
        click.echo(f"newscrawl crawl: {error}; nothing seeded", err=True)
        return 1
    for source_id, count in counts.items():
        click.echo(f"{source_id:<16} {count:>5} requests put into the frontier")
    return 0


def crawl_bounds(given: dict[str, Any]) -> CrawlBounds:
    """This seeding's bounds: the command's options and --set, else the project's settings."""
    from newscrawl.crawl.redis.bounds import CrawlBounds

    def value(name: str) -> Any:
        found = given.get(name, _setting(name, None))
        return None if found in (None, "") else found

    limit, depth = value("NEWSCRAWL_LIMIT"), value("NEWSCRAWL_MAX_DEPTH")
    return CrawlBounds(
        crawl=uuid.uuid4().hex[:16],
        since=value("NEWSCRAWL_SINCE"),
        limit=None if limit is None else int(limit),
        max_depth=None if depth is None else int(depth),
        refresh=str(value("NEWSCRAWL_REFRESH")).lower() in ("1", "true", "yes"),
    )
