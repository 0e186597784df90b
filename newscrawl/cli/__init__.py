"""`newscrawl ...`: parses arguments, calls the library and Scrapy, prints results."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, TypeVar

import click

from newscrawl import sources
from newscrawl.extract.article import extract_article
from newscrawl.extract.charset import decode_html
from newscrawl.items import Article
from newscrawl.sources.base import Source

if TYPE_CHECKING:
    from newscrawl.archive.search import Filters
    from newscrawl.archive.store import Archive

F = TypeVar("F", bound=Callable[..., Any])


def data_option(func: F) -> F:
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("data"),
        show_default=True,
        help="Data directory: archive.db, posts/, images/.",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newscrawl")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also show Scrapy's own INFO lines (components enabled, the stats dump).",
)
def main(verbose: bool) -> None:
    """newscrawl: archive news articles as Hexo posts, images and a searchable SQLite file.

    Example: newscrawl -v crawl mydrivers"""


def _verbose() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("verbose"))


def run_spider(
    spider: str, data_dir: Path, overrides: dict[str, Any], **kwargs: Any
) -> dict[str, Any]:
    """Run one project spider with the project's settings; returns its final stats."""
    from newscrawl.crawl.process import cli_process

    process = cli_process(data_dir, overrides, _verbose())  # report() prints the summary
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **kwargs)
    process.start()
    return dict(crawler.stats.get_stats()) if crawler.stats else {}


def report(stats: dict[str, Any]) -> int:
    """Print the crawl summary; exit status 1 when nothing could be archived and pages failed."""
    from newscrawl.extensions.progress import format_summary, summarize

    summary = summarize(stats)
    seconds = float(stats.get("elapsed_time_seconds", 0.0))
    click.echo(format_summary(summary, seconds))
    archived = summary["new"] + summary["updated"] + summary["unchanged"]
    return 1 if summary["failed"] and not archived else 0


SITE_LIMIT = 500  # articles, newest first, of `newscrawl crawl URL` without --limit


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    return _moment(ctx, param, value)  # defined with the search filters, further down


def bounds_options(func: F) -> F:
    """--since, --limit, --max-depth: how far a crawl goes (spiders/entry.py)."""
    options = [
        click.option("--since", callback=_since, help="Only articles dated on or after this."),
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
    ]
    for option in reversed(options):
        func = option(func)
    return func


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


def crawl_urls(
    urls: tuple[str, ...], data_dir: Path, wait: float, overrides: dict[str, Any]
) -> int:
    """`newscrawl crawl https://some.site/`: discover the site's entry points and crawl them."""
    from newscrawl.archive.runs import LockedError, data_lock

    if not all(_is_url(u) for u in urls) or len(urls) != 1:
        raise click.UsageError("crawl one site URL at a time, without source ids")
    try:
        with data_lock(data_dir, wait):
            # An ad-hoc site's sitemaps may list its whole history: its recent articles only.
            overrides = {"NEWSCRAWL_LIMIT": SITE_LIMIT} | overrides
            stats = run_spider("site", data_dir, overrides, url=urls[0])
    except LockedError as exc:
        click.echo(f"newscrawl crawl: {exc}; not starting (or pass --wait SECONDS)", err=True)
        return 75
    return report(stats)


def keep_responses_option(func: F) -> F:
    return click.option(
        "--keep-responses",
        is_flag=True,
        help="Keep each archived article's HTTP request and response (headers, body) in "
        "the archive, for `newscrawl export warc` (NEWSCRAWL_KEEP_RESPONSES).",
    )(func)


def _keep(keep_responses: bool) -> dict[str, Any]:
    return {"NEWSCRAWL_KEEP_RESPONSES": True} if keep_responses else {}


def _images(no_images: bool) -> dict[str, Any]:
    return {"NEWSCRAWL_IMAGES": False} if no_images else {}


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
    return found


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
@bounds_options
@data_option
def crawl(
    source_ids: tuple[str, ...],
    all_sources: bool,
    entries: tuple[str, ...],
    refresh: bool,
    wait: float,
    scrapy_settings: dict[str, str],
    keep_responses: bool,
    no_images: bool,
    data_dir: Path,
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
    newscrawl crawl https://some.site/ --since 2024-05-01)
    """
    from newscrawl.archive.runs import LockedError, data_lock
    from newscrawl.crawl.process import (
        EXIT_INTERRUPTED,
        EXIT_LOCKED,
        Target,
        crawl_targets,
        exit_status,
        summary_line,
    )

    if all_sources == bool(source_ids):
        raise click.UsageError("name the sources to crawl (ID...) or pass --all")
    scrapy_settings = scrapy_settings | _keep(keep_responses) | _images(no_images)
    if any(_is_url(s) for s in source_ids):
        overrides = scrapy_settings | bound_settings(bounds) | {"NEWSCRAWL_REFRESH": refresh}
        sys.exit(crawl_urls(source_ids, data_dir, wait, overrides))
    sources.use_user_sources(data_dir / "sources")  # newscrawl add's sources
    ids = [s.id for s in sources.all_sources()] if all_sources else list(dict.fromkeys(source_ids))
    for source_id in ids:
        _source(source_id)
    if entries and len(ids) != 1:
        raise click.UsageError("--entry replaces the feeds of one source: name exactly one")
    targets = [Target(source_id, list(entries)) for source_id in ids]
    try:
        with data_lock(data_dir, wait):
            all_stats = crawl_targets(
                data_dir, targets, refresh, scrapy_settings | bound_settings(bounds), _verbose()
            )
    except LockedError as exc:
        click.echo(f"newscrawl crawl: {exc}; not starting (or pass --wait SECONDS)", err=True)
        sys.exit(EXIT_LOCKED)
    if len(targets) == 1:
        report(all_stats[0])
    for target, stats in zip(targets, all_stats, strict=True):
        if len(targets) > 1:  # one line per source: the summary stays one screen
            click.echo(summary_line(target.source_id, stats))
    status = exit_status(all_stats)
    if status == EXIT_INTERRUPTED:
        again = " ".join(["newscrawl", *sys.argv[1:]])
        click.echo(f"\ninterrupted: run the same command again to resume:\n  {again}", err=True)
    sys.exit(status)


@main.command()
@click.option("--limit", default=20, show_default=True, help="Number of runs.")
@click.option("--source", "source_id", help="Only the runs of this source.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@data_option
def runs(limit: int, source_id: str | None, as_json: bool, data_dir: Path) -> None:
    """List the latest crawl runs: when, which source, status and counts by outcome.

    A run still marked running whose process is gone shows as killed.
    Example: newscrawl runs --limit 5
    """
    from newscrawl.archive.runs import recent_runs

    with _open_archive(data_dir) as archive:
        found = recent_runs(archive.db, limit, source_id)
    if as_json:
        for run in found:
            click.echo(json.dumps(run, ensure_ascii=False))
        return
    _print_runs(found)


def _print_runs(found: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "source", "started", "took", "status", "new/upd/same/skip/fail",
                  "errors")  # fmt: skip
    for column in table.columns[:6]:
        column.no_wrap = True  # a narrow terminal folds the error text, not these
    for run in found:
        counts, took = run["counts"], ""
        if run["ended_at"]:
            seconds = (
                datetime.fromisoformat(run["ended_at"]) - datetime.fromisoformat(run["started_at"])
            ).total_seconds()
            took = f"{seconds:.1f}s"
        names = ("new", "updated", "unchanged", "skipped", "failed")
        outcomes = "/".join(str(counts.get(k, "")) for k in names) if counts else ""
        when = run["started_at"][5:16].replace("T", " ")  # UTC, as stored
        table.add_row(str(run["id"]), run["source_id"], when, took, run["status"], outcomes,
                      run["error"] or "")  # fmt: skip
    Console().print(table if found else "no crawl runs yet")


@main.command()
@click.argument("ref", metavar="URL|ID")
@click.option("--full", is_flag=True, help="Print every version's text, not only the diffs.")
@data_option
def history(ref: str, full: bool, data_dir: Path) -> None:
    """Show an archived article's versions and what changed between them.

    Example: newscrawl history https://news.mydrivers.com/1/767/767105.htm
    """
    from itertools import pairwise

    from newscrawl.archive.history import diff, versions

    with _open_archive(data_dir) as archive:
        if ref.isdigit():
            row = archive.article(ref)
            ref = row["url"] if row else ref
        found = versions(archive.db, ref)
    if found is None:
        raise click.ClickException(f"no article {ref!r} in the archive")
    key, all_versions = found
    click.echo(f"{key}: {len(all_versions)} version(s)")
    for number, version in enumerate(all_versions, 1):
        until = version.until or "now"
        click.echo(
            f"  {number}. {version.since} .. {until}  {version.body_hash[:12]}  {version.title}"
        )
    for old, new in pairwise(all_versions):
        click.echo("")
        for line in diff(old, new):
            click.secho(line, fg=_diff_colour(line))
    if full:
        for number, version in enumerate(all_versions, 1):
            click.echo(
                f"\n--- version {number} ({version.since})\n{version.title}\n\n{version.text}"
            )


def _diff_colour(line: str) -> str | None:
    if line.startswith(("+++", "---", "@@")):
        return "cyan"
    return {"+": "green", "-": "red"}.get(line[:1])


@main.command()
@click.argument("source_ids", nargs=-1, metavar="[ID]...")
@click.option("--hours", default=24.0, show_default=True, help="The recent window, in hours.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@data_option
def check(source_ids: tuple[str, ...], hours: float, as_json: bool, data_dir: Path) -> None:
    """Report each source's health; exit status 1 when one looks broken (for alerting).

    Per source (default: every registered one; those never crawled into --data are listed,
    not judged): when it last yielded a new article, its recent yield against its usual one,
    the share of pages where a selector it declares found nothing (a redesign), failed runs.
    Example: newscrawl check --hours 24
    """

    from newscrawl.archive.health import source_health

    now = datetime.now(UTC)
    with _open_archive(data_dir) as archive:
        ids = list(source_ids) or [s.id for s in sources.all_sources()]
        for source_id in ids:
            _source(source_id)
        found = [source_health(archive.db, i, now, timedelta(hours=hours)) for i in ids]
    if as_json:
        for h in found:
            record = dict(
                vars(h), last_article=h.last_article.isoformat() if h.last_article else None
            )
            click.echo(json.dumps(record | {"broken": h.broken}, ensure_ascii=False))
    else:
        _print_health(found, named=bool(source_ids))
    sys.exit(1 if any(h.broken for h in found) else 0)


def _print_health(found: list[Any], named: bool) -> None:
    """A row per source; sources never crawled into this data directory share one line
    unless they were named (a registry of many sources, a few of them crawled here)."""
    from rich.console import Console
    from rich.table import Table

    table = Table("source", "last new article", "runs", "new (recent)", "usual",
                  "selectors failed", "status")  # fmt: skip
    idle = [] if named else [h.source_id for h in found if not h.ever_crawled and not h.broken]
    for h in found:
        if h.source_id in idle:
            continue
        last = h.last_article.strftime("%Y-%m-%d %H:%M") if h.last_article else "never"
        share = f"{h.selector_failure_share:.0%} of {h.pages}" if h.pages else "-"
        status = "; ".join(h.problems) if h.broken else "ok" if h.ever_crawled else "never crawled"
        table.add_row(h.source_id, last, str(h.runs), f"{h.recent_yield:.0f}",
                      f"{h.usual_yield:.1f}", share, status)  # fmt: skip
    console = Console()
    if table.rows:
        console.print(table)
    if idle:
        console.print(f"never crawled into this data directory: {', '.join(idle)}")


@main.command()
@click.argument("url")
@click.option("--source", "source_id", help="Read the page with this source's rules.")
@keep_responses_option
@data_option
def fetch(url: str, source_id: str | None, keep_responses: bool, data_dir: Path) -> None:
    """Fetch one article URL and archive it.

    Example: newscrawl fetch https://news.mydrivers.com/1/766/766474.htm
    """
    if source_id:
        _source(source_id)
    # Asked for by name: fetched even when archived and not due (NEWSCRAWL_REFRESH).
    overrides = {"NEWSCRAWL_REFRESH": True} | _keep(keep_responses)
    sys.exit(report(run_spider("page", data_dir, overrides, url=url, source=source_id)))


def _source(source_id: str) -> Source:
    try:
        return sources.get(source_id)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="SOURCE") from None


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _article(path: Path, url: str | None, source_id: str | None) -> Article:
    from newscrawl.clean.normalize import normalize
    from newscrawl.clean.sanitize import sanitize_body

    url = url or path.resolve().as_uri()
    source = _source(source_id) if source_id else sources.for_url(url) or sources.generic(url)
    article = normalize(
        extract_article(decode_html(_read(path), None, source.encoding), url, source)
    )
    cleaned, found = sanitize_body(article.body_html)
    if found:
        from newscrawl.extract.article import body_text

        article.body_html, article.body_text = cleaned, body_text(cleaned)
    return article


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--url", help="The URL the page was saved from (default: its file: URL).")
@click.option("--source", "source_id", help="Read the pages with this source's rules.")
@data_option
def extract(
    paths: tuple[Path, ...], url: str | None, source_id: str | None, data_dir: Path
) -> None:
    """Extract saved pages (.html or .html.gz) and print one JSON object per page.

    No network, no writes. Example: newscrawl extract page.html.gz --url https://example.com/a
    """
    for path in paths:
        article = _article(path, url, source_id)
        click.echo(json.dumps(article.as_json(), ensure_ascii=False))


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--url", required=True, help="The URL the page was saved from.")
@click.option("--source", "source_id", help="Read the page with this source's rules.")
@data_option
def render(path: Path, url: str, source_id: str | None, data_dir: Path) -> None:
    """Print the post a saved page would become (byte-exact, no trailing newline added).

    Example: newscrawl render page.html --url https://news.mydrivers.com/1/766/766474.htm
    """
    from newscrawl.clean.validate import drop_reason
    from newscrawl.pipelines.export import default_image
    from newscrawl.render.post import render_post

    article = _article(path, url, source_id)
    reason = drop_reason(article)
    if reason:
        raise click.ClickException(f"{path}: would be dropped: {reason}")
    if article.published is None:
        raise click.ClickException(
            f"{path}: the page gives no date; a crawl dates it by its first archiving"
        )
    sys.stdout.buffer.write(render_post(article, default_image(article.source_id)).encode())
    sys.stdout.flush()


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
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


def filter_options(func: F) -> F:
    """--source, --since, --until, --author, --tag, --lang: the archive's row filters."""
    options = [
        click.option("--source", "source_id", help="Only articles of this source."),
        click.option("--since", callback=_moment, help="Dated on or after (2024-05-01)."),
        click.option(
            "--until", callback=_moment, help="Dated on or before this day, or before this time."
        ),
        click.option("--author", help="Only articles credited to this author."),
        click.option("--tag", help="Only articles with this tag."),
        click.option("--lang", help="Only articles in this language (zh includes zh-TW)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(options: dict[str, Any]) -> Filters:
    from newscrawl.archive.search import Filters

    return Filters(
        source=options["source_id"], since=options["since"], until=options["until"],
        author=options["author"], tag=options["tag"], lang=options["lang"],
    )  # fmt: skip


def _open_archive(data_dir: Path) -> Archive:
    from newscrawl.archive.store import Archive

    db_path = data_dir / "archive.db"
    if not db_path.exists():
        raise click.ClickException(f"no archive at {db_path}; run a crawl first")
    return Archive(db_path)


@main.command()
@click.argument("query")
@filter_options
@click.option("--sort", type=click.Choice(["rank", "newest"]), default="rank", show_default=True)
@click.option("--limit", default=10, show_default=True, help="Number of results.")
@click.option("--json", "fmt", flag_value="json", help="Print a JSON array.")
@click.option("--jsonl", "fmt", flag_value="jsonl", help="Print one JSON object per line.")
@click.option("--csv", "fmt", flag_value="csv", help="Print CSV with a header.")
@data_option
def search(
    query: str, sort: str, limit: int, fmt: str | None, data_dir: Path, **options: Any
) -> None:
    """Full-text search of the archive (title and body), best matches (or newest) first.

    Words and "quoted phrases" are all required, `word*` is a prefix; AND, OR, NOT,
    NEAR(...), parentheses and title:/body: make the query FTS5 syntax. Chinese, Japanese
    and Korean text is matched by words and phrases of any length.

    Example: newscrawl search "Win11 隐藏功能" --source mydrivers --since 2021-01-01
    """
    from newscrawl.archive.store import SearchError
    from newscrawl.exporters.records import HIT_FIELDS, hit_record, write_csv, write_jsonl

    with _open_archive(data_dir) as archive:
        try:
            found = archive.find(query, _filters(options), sort, limit)  # type: ignore[arg-type]
        except SearchError as exc:
            raise click.ClickException(str(exc)) from None
    records = [hit_record(hit) for hit in found.hits]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=1))
    elif fmt == "jsonl":
        write_jsonl(records, sys.stdout)
    elif fmt == "csv":
        write_csv(records, sys.stdout, HIT_FIELDS)
    else:
        _print_hits(found.hits)
    if found.capped:
        from newscrawl.archive.search import CANDIDATES

        click.echo(
            f"(more than {CANDIDATES:,} matches: only the {CANDIDATES:,} most recently "
            "archived were ranked or sorted; add filters or words to narrow the search)",
            err=True,
        )


def _print_hits(hits: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table("id", "published", "title / url", "snippet", show_lines=True)
    for column in table.columns:
        column.overflow = "fold"  # whole URLs, never "http://news.mydrive…"
    for hit in hits:
        when = hit.published.strftime("%Y-%m-%d %H:%M") if hit.published else ""
        snippet = Text(hit.snippet)
        snippet.highlight_regex(r"\[[^\]]+\]", "bold yellow")
        table.add_row(str(hit.id), when, Text(hit.title, "bold") + "\n" + hit.url, snippet)
    Console().print(table if hits else "no matches")


@main.command()
@click.argument("ref", metavar="ID|URL")
@click.option("--html", "as_html", is_flag=True, help="Print the body HTML, not its text.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole row as JSON.")
@data_option
def show(ref: str, as_html: bool, as_json: bool, data_dir: Path) -> None:
    """Print one archived article: a header of its fields, then its text.

    Example: newscrawl show 42    (or: newscrawl show https://news.mydrivers.com/1/767/767105.htm)
    """
    from newscrawl.exporters.records import article_record

    with _open_archive(data_dir) as archive:
        row = archive.article(ref)
    if row is None:
        raise click.ClickException(f"no article {ref!r} in the archive (an id or a URL)")
    record = article_record(row)
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=1))
        return
    click.echo("---")
    for name in ("id", "url", "title", "source_id", "published", "first_seen", "language"):
        click.echo(f"{name}: {record[name] if record[name] is not None else ''}")
    for name in ("authors", "tags", "categories"):
        click.echo(f"{name}: {', '.join(record[name] or [])}")
    click.echo(f"post: {record['post_path'] or ''}\n---\n")
    click.echo(record["body_html"] if as_html else record["body_text"])


@main.command()
@click.option("--days", default=30, show_default=True, help="Days to list (0: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@data_option
def stats(days: int, as_json: bool, data_dir: Path) -> None:
    """Count the archive's articles per source and per day (newest days first).

    Example: newscrawl stats --days 7
    """
    from rich.console import Console
    from rich.table import Table

    with _open_archive(data_dir) as archive:
        counts = archive.stats()
        total, images = archive.count(), archive.images_summary()
    per_day = counts["days"][:days] if days > 0 else counts["days"]
    if as_json:
        result = {"articles": total, "images": images, "sources": dict(counts["sources"])}
        click.echo(json.dumps(result | {"days": dict(per_day)}, ensure_ascii=False, indent=1))
        return
    console = Console()
    console.print(
        f"{total:,} articles; images: " + ", ".join(f"{k} {v:,}" for k, v in images.items())
    )
    for title, rows in (("source", counts["sources"]), ("day", per_day)):
        table = Table(title, "articles")
        for name, n in rows:
            table.add_row(name or "(none)", f"{n:,}")
        console.print(table)


@main.command()
@click.argument("kind", type=click.Choice(["posts", "jsonl", "csv", "warc"]))
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="Directory for posts; file for jsonl/csv/warc (- for stdout).")  # fmt: skip
@filter_options
@data_option
def export(kind: str, out: Path, data_dir: Path, **options: Any) -> None:
    """Export the archive, row by row (constant memory), with a progress bar on stderr.

    posts: re-rendered from the archive exactly as the crawl wrote them (a Hexo
    source/_posts). jsonl, csv: every column. warc: the HTTP request and response of each
    article version a crawl with --keep-responses archived (gzipped per record unless FILE
    ends in .warc).

    Example: newscrawl export posts --out blog/source/_posts --source mydrivers
    """
    from rich.console import Console
    from rich.progress import track

    from newscrawl.exporters import records
    from newscrawl.exporters.repost import export_posts
    from newscrawl.exporters.warc import NoResponsesError, check_responses

    with _open_archive(data_dir) as archive:
        filters = _filters(options)
        if kind == "warc":
            try:
                check_responses(archive.db)
            except NoResponsesError as exc:
                raise click.ClickException(str(exc)) from None
            _export_warc(archive, filters, out)
            return
        rows = track(
            archive.rows(filters), total=archive.count_rows(filters),
            description=f"export {kind}", console=Console(stderr=True),
        )  # fmt: skip
        if kind == "posts":
            written = sum(changed for _, changed in export_posts(rows, out))
            click.echo(f"posts under {out}: {written} written", err=True)
            return
        with _output(out) as stream:
            found = (records.article_record(row) for row in rows)
            if kind == "jsonl":
                n = records.write_jsonl(found, stream)
            else:
                n = records.write_csv(found, stream, records.ARTICLE_FIELDS)
        click.echo(f"{n} articles to {out}", err=True)


def _export_warc(archive: Archive, filters: Filters, out: Path) -> None:
    from rich.console import Console
    from rich.progress import track

    from newscrawl.exporters import warc

    rows = track(
        warc.response_rows(archive.db, filters), total=warc.count_responses(archive.db, filters),
        description="export warc", console=Console(stderr=True),
    )  # fmt: skip
    try:
        with _binary_output(out) as stream:
            n = warc.write_warc(rows, stream, out.name, gzip=not out.name.endswith(".warc"))
    except warc.DamagedResponseError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{n} responses (a request and a response record each) to {out}", err=True)


@contextmanager
def _binary_output(out: Path) -> Iterator[BinaryIO]:
    """`out` written as a whole or not at all (a .part file renamed at the end); - is stdout."""
    if str(out) == "-":
        yield sys.stdout.buffer
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    try:
        with part.open("wb") as stream:
            yield stream
        part.replace(out)
    finally:
        part.unlink(missing_ok=True)


@contextmanager
def _output(out: Path) -> Iterator[TextIO]:
    if str(out) == "-":
        yield sys.stdout
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as stream:
        yield stream


@main.command()
@data_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
def serve(data_dir: Path, host: str, port: int) -> None:
    """Browse and search the archive in a web browser (Datasette, read-only).

    Example: newscrawl serve --data data/ --port 8001, then open http://127.0.0.1:8001/
    """
    from importlib.util import find_spec

    from newscrawl.web.server import serve as serve_archive

    if find_spec("datasette") is None:
        raise click.ClickException("serve needs Datasette: pip install 'newscrawl[serve]'")
    db_path = data_dir / "archive.db"
    if not db_path.exists():
        raise click.ClickException(f"no archive at {db_path}; run a crawl first")
    serve_archive(data_dir, host, port)


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
    from rich.console import Console
    from rich.table import Table

    if markdown:
        from newscrawl.render.sources_table import sources_markdown

        built_in = [s for s in sources.all_sources() if not sources.is_user(s.id)]
        click.echo(sources_markdown(built_in), nl=False)
        return
    sources.use_user_sources(data_dir / "sources")  # after --markdown: the docs list built-ins
    if as_json:
        for source in sources.all_sources():
            fields = ("id", "name", "domains", "categories", "author", "feeds", "sitemaps")
            row = {name: getattr(source, name) for name in (*fields, "listings", "timezone")}
            row["kind"] = "user" if sources.is_user(source.id) else "built-in"
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("id", "name", "categories", "entry points", "kind")
    for column in table.columns:
        column.overflow = "fold"  # a listing must show whole URLs, never "http://rss.mydrive…"
    for source in sources.all_sources():
        entries = [*source.feeds, *source.sitemaps, *source.listings]
        kind = f"user ({data_dir / 'sources'})" if sources.is_user(source.id) else "built-in"
        table.add_row(
            source.id, source.name, " / ".join(source.categories), "\n".join(entries), kind
        )
    Console().print(table)


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
    from newscrawl.sources.userfile import discovered_source, source_id_for, write_source

    if not _is_url(url):
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
    from newscrawl.extensions.progress import summarize

    found = summarize(stats)["entry_points"]
    for entry, links in found.items():
        click.echo(f"found {entry} ({links} article links)")
    if not any(found.values()):
        raise click.ClickException(f"found no feed, sitemap or article links at {url}")
    try:
        source = discovered_source(
            url, found, name or str(stats.get("newscrawl/site/name", "")),
            str(stats.get("newscrawl/site/language", "")), id=source_id,
        )  # fmt: skip
    except sources.SourceError as exc:
        raise click.ClickException(str(exc)) from None
    path = write_source(source, folder, f"Found by `newscrawl add {url}`.")
    click.echo(f"wrote {path}\ncrawl it with: newscrawl crawl {source.id} --data {data_dir}")


@main.command()
@data_option
@click.option("--query", default="Excel", show_default=True, help="The sample search to run.")
@keep_responses_option
def demo(data_dir: Path, query: str, keep_responses: bool) -> None:
    """Crawl the bundled demo site, served on 127.0.0.1, into --data; offline.

    Example: newscrawl demo --data data/
    """
    from newscrawl.archive.store import Archive
    from newscrawl.demo.server import default_site, serve_site

    with serve_site(default_site()) as server:
        click.echo(f"serving the demo site at {server.base_url}")
        stats = run_spider(
            "feed",
            data_dir,
            {"AUTOTHROTTLE_ENABLED": False, "NEWSCRAWL_PROGRESS_INTERVAL": 1.0}
            | _keep(keep_responses),
            source="mydrivers",
            entry=[server.url("/rss.xml")],
        )
    status = report(stats)
    with Archive(data_dir / "archive.db") as archive:
        click.echo(f"\narchive: {archive.count()} articles in {data_dir / 'archive.db'}")
        click.echo(f'posts under {data_dir / "posts"}\n\nsample search: newscrawl search "{query}"')
        _print_hits(archive.search(query, limit=3))
    sys.exit(status)
