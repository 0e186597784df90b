"""Commands that crawl: crawl, fetch, add (a site's entry points found and saved), sources, and
demo (the bundled site crawled offline)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from newscrawl import sources
from newscrawl.archive import archive_path
from newscrawl.cli import ending, main, verbose
from newscrawl.cli.options import (
    SITE_LIMIT,
    bound_settings,
    bounds_options,
    browser_asked,
    browser_option,
    browser_overrides,
    check_seeding,
    data_option,
    is_url,
    keep,
    keep_responses_option,
    renders,
    source,
)


def run_spider(
    spider: str, data_dir: Path, overrides: dict[str, Any], **kwargs: Any
) -> dict[str, Any]:
    """Run one project spider with the project's settings; returns its final stats."""
    from newscrawl.crawl.process import cli_process

    process = cli_process(data_dir, overrides, verbose())  # report() prints the summary
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **kwargs)
    process.start()
    ending.crawl_ended()
    return dict(crawler.stats.get_stats()) if crawler.stats else {}


def report(stats: dict[str, Any]) -> int:
    """Print the crawl summary; exit status 1 when nothing could be archived and pages failed."""
    from newscrawl.extensions.progress import format_summary, summarize

    summary = summarize(stats)
    seconds = float(stats.get("elapsed_time_seconds", 0.0))
    click.echo(format_summary(summary, seconds))
    archived = summary["new"] + summary["updated"] + summary["unchanged"]
    return 1 if summary["failed"] and not archived else 0


def _settings(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    """`NAME=VALUE` pairs -> a dict; Scrapy reads the values as the settings' types."""
    found: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier() or not name.isupper():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE (e.g. DOWNLOAD_DELAY=2)")
        found[name] = value
    if "NEWSCRAWL_DEFAULT_CATEGORIES" in found:
        try:
            sources.default_categories(found["NEWSCRAWL_DEFAULT_CATEGORIES"].split(","), "site")
        except sources.SourceError as exc:
            raise click.BadParameter(str(exc)) from None
    return found


def _locked(exc: Exception) -> None:
    click.echo(f"newscrawl crawl: {exc}; not starting (or pass --wait SECONDS)", err=True)


@main.command()
@click.argument("source_ids", nargs=-1, metavar="[ID]... | URL")
@click.option("--all", "all_sources", is_flag=True, help="Crawl every registered source.")
@click.option("--entry", "entries", multiple=True, help="Entry URL replacing the source's feeds.")
@click.option("--refresh", is_flag=True, help="Fetch archived articles and unchanged feeds again.")
@click.option(
    "--wait", type=float, default=0.0, show_default=True,
    help="Seconds to wait for another crawl of the same --data to end (else exit 75).",
)  # fmt: skip
@click.option(
    "--set", "scrapy_settings", multiple=True, metavar="NAME=VALUE", callback=_settings,
    help="A Scrapy or newscrawl setting for this crawl, e.g. --set DOWNLOAD_DELAY=2.",
)  # fmt: skip
@keep_responses_option
@click.option(
    "--no-images", is_flag=True,
    help="Archive the text and the image URLs, not the image files (NEWSCRAWL_IMAGES).",
)  # fmt: skip
@browser_option
@bounds_options
@data_option
@click.option(
    "--redis", "redis_url", metavar="URL",
    help="Seed a cluster's frontier (entry points, due revisits) and return: newscrawl worker.",
)  # fmt: skip
def crawl(
    source_ids: tuple[str, ...],
    all_sources: bool,
    entries: tuple[str, ...],
    refresh: bool,
    wait: float,
    scrapy_settings: dict[str, str],
    keep_responses: bool,
    no_images: bool,
    browser: bool,
    data_dir: Path,
    redis_url: str | None,
    **bounds: Any,
) -> None:
    """Crawl registered sources' feeds; archive new articles, and changed ones as revisions.

    Archived articles are not fetched again unless their revisit is due or the feed says
    they changed; an unchanged feed costs one request (304). Safe to run from cron: a second
    crawl of the same --data exits (status 75) or --wait's; a killed or stopped (Ctrl-C)
    crawl resumes when run again. Exit status: 0 ok, 1 a source failed, 130 interrupted.

    A site's URL instead of ids: its feeds, sitemaps and article links are discovered and
    crawled (see newscrawl add); --since, --limit and --max-depth bound any crawl.

    Example: newscrawl crawl --all --data data/    (or: newscrawl crawl mydrivers, or:
    newscrawl crawl https://some.site/ --since 2024-05-01). Sources declared render="browser",
    and --browser, read article pages in Chromium; everything else is plain HTTP.
    """
    _named_or_all(source_ids, all_sources)
    images = {"NEWSCRAWL_IMAGES": False} if no_images else {}
    overrides = scrapy_settings | keep(keep_responses) | images | bound_settings(bounds)
    overrides |= browser_asked(browser) if redis_url else {}  # for the seeding to refuse
    if any(is_url(s) for s in source_ids):
        sys.exit(_crawl_sites(source_ids, data_dir, wait, overrides, browser, refresh, redis_url))
    ids = _registered(source_ids, all_sources, entries, data_dir)
    if redis_url:
        ids = _unrendered(ids) if all_sources else ids
        sys.exit(_seed(redis_url, ids, entries, data_dir, (), overrides, refresh))
    overrides |= browser_overrides(browser, checked=renders(*map(sources.get, ids)))
    sys.exit(crawl_sources(ids, entries, data_dir, wait, refresh, overrides))


def _crawl_sites(
    urls: tuple[str, ...],
    data_dir: Path,
    wait: float,
    overrides: dict[str, Any],
    browser: bool,
    refresh: bool,
    redis_url: str | None,
) -> int:
    """Crawl site URLs here, or seed them into the Redis frontier; the exit status."""
    if not redis_url:
        return crawl_urls(urls, data_dir, wait, overrides, browser, refresh)
    if not all(is_url(s) for s in urls):
        raise click.UsageError("crawl site URLs or source ids, not both")
    # As in one process: a site's recent articles only, unless --limit says otherwise.
    limited = {"NEWSCRAWL_LIMIT": SITE_LIMIT} | overrides
    return _seed(redis_url, [], (), data_dir, urls, limited, refresh)


def _unrendered(ids: list[str]) -> list[str]:
    """--all's sources but those a cluster cannot crawl yet (rendered in a browser), each said."""
    for source_id in ids:
        if renders(sources.get(source_id)):
            click.echo(
                f"{source_id}: renders pages in a browser, not seeded (crawl it without --redis)",
                err=True,
            )
    return [i for i in ids if not renders(sources.get(i))]


def _named_or_all(source_ids: tuple[str, ...], all_sources: bool) -> None:
    if all_sources == bool(source_ids):
        raise click.UsageError("name the sources to crawl (ID...) or pass --all")


def _seed(
    redis_url: str,
    ids: list[str],
    entries: tuple[str, ...],
    data_dir: Path,
    sites: tuple[str, ...],
    overrides: dict[str, Any],
    refresh: bool,
) -> int:
    """Seed the cluster; the bounds (--since, --limit, --max-depth, --refresh, or their
    settings given with --set) go with the requests."""
    from newscrawl.cli.cluster import seed_cluster  # the redis client only when asked for

    found = [*map(sources.get, ids), *map(sources.for_url, sites)]
    check_seeding(overrides, [s.id for s in found if s is not None and s.render == "browser"])
    bounds = overrides | ({"NEWSCRAWL_REFRESH": True} if refresh else {})
    return seed_cluster(redis_url, ids, entries, data_dir, sites, bounds)


def _registered(
    source_ids: tuple[str, ...], all_sources: bool, entries: tuple[str, ...], data_dir: Path
) -> list[str]:
    """The ids of the sources to crawl, each checked to exist (newscrawl add's too)."""
    sources.use_user_sources(data_dir / "sources")
    ids = [s.id for s in sources.all_sources()] if all_sources else list(dict.fromkeys(source_ids))
    for source_id in ids:
        source(source_id)
    if entries and len(ids) != 1:
        raise click.UsageError("--entry replaces the feeds of one source: name exactly one")
    return ids


def crawl_urls(
    urls: tuple[str, ...],
    data_dir: Path,
    wait: float,
    overrides: dict[str, Any],
    browser: bool = False,
    refresh: bool = False,
) -> int:
    """`newscrawl crawl https://some.site/`: discover the site's entry points and crawl them
    (rendered with `browser`, or when a browser source claims the site; `refresh`: fetch
    archived articles and unchanged feeds again)."""
    overrides = overrides | {"NEWSCRAWL_REFRESH": refresh}
    from newscrawl.crawl.lock import LockedError, data_lock

    if not all(is_url(u) for u in urls) or len(urls) != 1:
        raise click.UsageError("crawl one site URL at a time, without source ids")
    overrides = overrides | browser_overrides(browser or renders(sources.for_url(urls[0])))
    try:
        with data_lock(data_dir, wait):
            # An ad-hoc site's sitemaps may list its whole history: its recent articles only.
            overrides = {"NEWSCRAWL_LIMIT": SITE_LIMIT} | overrides
            stats = run_spider("site", data_dir, overrides, url=urls[0])
    except LockedError as exc:
        _locked(exc)
        return 75
    return report(stats)


def crawl_sources(
    ids: list[str],
    entries: tuple[str, ...],
    data_dir: Path,
    wait: float,
    refresh: bool,
    overrides: dict[str, Any],
) -> int:
    """Crawl registered sources in one process under the data lock; prints the summary (a
    line per source for several) and returns the exit status."""
    from newscrawl.crawl import process
    from newscrawl.crawl.lock import LockedError, data_lock

    targets = [process.Target(source_id, list(entries)) for source_id in ids]
    try:
        with data_lock(data_dir, wait):
            all_stats = process.crawl_targets(data_dir, targets, refresh, overrides, verbose())
        ending.crawl_ended()
    except LockedError as exc:
        _locked(exc)
        return process.EXIT_LOCKED
    if len(targets) == 1:
        report(all_stats[0])
    else:  # one line per source: the summary stays one screen
        for target, stats in zip(targets, all_stats, strict=True):
            click.echo(process.summary_line(target.source_id, stats))
    status = process.exit_status(all_stats)
    if status == process.EXIT_INTERRUPTED:
        again = " ".join(["newscrawl", *sys.argv[1:]])
        click.echo(f"\ninterrupted: run the same command again to resume:\n  {again}", err=True)
    return status


@main.command()
@click.argument("url")
@click.option("--source", "source_id", help="Read the page with this source's rules.")
@keep_responses_option
@browser_option
@data_option
def fetch(
    url: str, source_id: str | None, keep_responses: bool, browser: bool, data_dir: Path
) -> None:
    """Fetch one article URL and archive it (--browser: rendered in Chromium).

    Example: newscrawl fetch https://news.mydrivers.com/1/766/766474.htm
    """
    chosen = source(source_id) if source_id else sources.for_url(url)
    # Asked for by name: fetched even when archived and not due (NEWSCRAWL_REFRESH).
    overrides = {"NEWSCRAWL_REFRESH": True} | keep(keep_responses)
    overrides |= browser_overrides(browser or renders(chosen))
    sys.exit(report(run_spider("page", data_dir, overrides, url=url, source=source_id)))


@main.command()
@click.argument("url")
@click.option("--id", "source_id", help="The source's id (default: from the host name).")
@click.option("--name", help="The site's name (default: what its home page says).")
@click.option("--force", is_flag=True, help="Replace a user source of the same id.")
@data_option
def add(url: str, source_id: str | None, name: str | None, force: bool, data_dir: Path) -> None:
    """Find a site's feeds, sitemaps and article listings and save them as a source.

    Writes DATA/sources/ID.toml (edit it freely: selectors, timezone, crawl_settings), so
    `newscrawl crawl ID` crawls the site as a named source from then on.
    Example: newscrawl add https://www.example.com/ --data data/
    """
    from newscrawl.extensions.progress import summarize
    from newscrawl.sources.userfile import discovered_source, source_id_for, write_source

    if not is_url(url):
        raise click.BadParameter("give the site's http(s) URL", param_hint="URL")
    folder = data_dir / "sources"
    sources.use_user_sources(folder)
    source_id = source_id or source_id_for(url)
    taken = source_id in {s.id for s in sources.all_sources()}
    if taken and not (force and sources.is_user(source_id)):
        raise click.ClickException(
            f"a source {source_id!r} exists already; pass --id (or --force for a user one)"
        )
    stats = run_spider("site", data_dir, {"LOG_LEVEL": "WARNING"}, url=url, discover_only="1")
    found = summarize(stats)["entry_points"]
    for entry, links in found.items():
        click.echo(f"found {entry} ({links} article links)")
    if not any(found.values()):
        raise click.ClickException(f"found no feed, sitemap or article links at {url}")
    try:
        new = discovered_source(
            url, found, name or str(stats.get("newscrawl/site/name", "")),
            str(stats.get("newscrawl/site/language", "")), id=source_id,
        )  # fmt: skip
    except sources.SourceError as exc:
        raise click.ClickException(str(exc)) from None
    path = write_source(new, folder, f"Found by `newscrawl add {url}`.")
    click.echo(f"wrote {path}\ncrawl it with: newscrawl crawl {new.id} --data {data_dir}")


@main.command(name="sources")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@click.option(
    "--markdown", is_flag=True, help="Print the Markdown page docs/sources.md is made of."
)
@data_option
def list_sources(as_json: bool, markdown: bool, data_dir: Path) -> None:
    """List the registered sources.

    Example: newscrawl sources --json; newscrawl sources --markdown > docs/sources.md
    """
    if markdown:
        from newscrawl.render.sources_table import sources_markdown

        built_in = [s for s in sources.all_sources() if not sources.is_user(s.id)]
        click.echo(sources_markdown(built_in), nl=False)
        return
    sources.use_user_sources(data_dir / "sources")  # after --markdown: the docs list built-ins
    if not as_json:
        from newscrawl.cli.tables import print_sources

        print_sources(data_dir)
        return
    fields = ("id", "name", "domains", "categories", "author", "feeds", "sitemaps", "listings")
    for each in sources.all_sources():
        row = {name: getattr(each, name) for name in (*fields, "timezone")}
        row["kind"] = "user" if sources.is_user(each.id) else "built-in"
        click.echo(json.dumps(row, ensure_ascii=False))


@main.command()
@data_option
@click.option("--query", default="Excel", show_default=True, help="The sample search to run.")
@keep_responses_option
def demo(data_dir: Path, query: str, keep_responses: bool) -> None:
    """Crawl the bundled demo site, served on 127.0.0.1, into --data; offline.

    Example: newscrawl demo --data data/
    """
    from newscrawl.archive.store import Archive
    from newscrawl.cli.tables import print_hits
    from newscrawl.demo.server import default_site, serve_site

    with serve_site(default_site()) as server:
        click.echo(f"serving the demo site at {server.base_url}")
        stats = run_spider(
            "feed",
            data_dir,
            {"AUTOTHROTTLE_ENABLED": False, "NEWSCRAWL_PROGRESS_INTERVAL": 1.0}
            | keep(keep_responses),
            source="mydrivers",
            entry=[server.url("/rss.xml")],
        )
    status = report(stats)
    with Archive(archive_path(data_dir)) as archive:
        click.echo(f"\narchive: {archive.count()} articles in {archive_path(data_dir)}")
        click.echo(f'posts under {data_dir / "posts"}\n\nsample search: newscrawl search "{query}"')
        print_hits(archive.search(query, limit=3))
    sys.exit(status)
