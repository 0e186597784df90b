"""`newscrawl ...`: parses arguments, calls the library and Scrapy, prints results."""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from newscrawl import sources
from newscrawl.extract.article import extract_article
from newscrawl.extract.charset import decode_html
from newscrawl.items import Article
from newscrawl.sources.base import Source

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
def main() -> None:
    """newscrawl: archive news articles as Hexo posts, images and a searchable SQLite file."""


def run_spider(
    spider: str, data_dir: Path, overrides: dict[str, Any], **kwargs: Any
) -> dict[str, Any]:
    """Run one project spider with the project's settings; returns its final stats."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    from scrapy.crawler import CrawlerProcess  # deferred: Scrapy imports are slow
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("NEWSCRAWL_DATA_DIR", str(data_dir), priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    process = CrawlerProcess(settings)
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


@main.command()
@click.argument("source_id")
@click.option("--entry", "entries", multiple=True, help="Entry URL replacing the source's feeds.")
@data_option
def crawl(source_id: str, entries: tuple[str, ...], data_dir: Path) -> None:
    """Crawl a registered source's feeds and archive every article.

    Example: newscrawl crawl mydrivers --data data/
    """
    _source(source_id)
    stats = run_spider("feed", data_dir, {}, source=source_id, entry=list(entries))
    sys.exit(report(stats))


@main.command()
@click.argument("url")
@click.option("--source", "source_id", help="Read the page with this source's rules.")
@data_option
def fetch(url: str, source_id: str | None, data_dir: Path) -> None:
    """Fetch one article URL and archive it.

    Example: newscrawl fetch https://news.mydrivers.com/1/766/766474.htm
    """
    if source_id:
        _source(source_id)
    sys.exit(report(run_spider("page", data_dir, {}, url=url, source=source_id)))


def _source(source_id: str) -> Source:
    try:
        return sources.get(source_id)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="SOURCE") from None


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _article(path: Path, url: str | None, source_id: str | None) -> Article:
    from newscrawl.pipelines.normalize import normalize
    from newscrawl.pipelines.sanitize import sanitize_body

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
    from newscrawl.pipelines.export import default_image
    from newscrawl.pipelines.validate import drop_reason
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


@main.command()
@click.argument("query")
@click.option("--source", "source_id", help="Only articles of this source.")
@click.option("--limit", default=10, show_default=True, help="Number of results.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@data_option
def search(query: str, source_id: str | None, limit: int, as_json: bool, data_dir: Path) -> None:
    """Full-text search of the archive (title and body), best matches first.

    Example: newscrawl search "Win11 隐藏功能" --limit 5
    """
    from newscrawl.exporters.sqlite import Archive, SearchError

    db_path = data_dir / "archive.db"
    if not db_path.exists():
        raise click.ClickException(f"no archive at {db_path}; run a crawl first")
    with Archive(db_path) as archive:
        try:
            hits = archive.search(query, source=source_id, limit=limit)
        except SearchError as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        for hit in hits:
            row = {
                **hit.__dict__,
                "published": hit.published.isoformat() if hit.published else None,
            }
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    _print_hits(hits)


def _print_hits(hits: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("published", "title", "snippet", "url", show_lines=True)
    for column in table.columns:
        column.overflow = "fold"
    for hit in hits:
        when = hit.published.strftime("%Y-%m-%d %H:%M") if hit.published else ""
        table.add_row(when, hit.title, hit.snippet, hit.url)
    Console().print(table if hits else "no matches")


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
@data_option
def list_sources(as_json: bool, data_dir: Path) -> None:
    """List the registered sources.

    Example: newscrawl sources --json
    """
    from rich.console import Console
    from rich.table import Table

    if as_json:
        for source in sources.all_sources():
            fields = ("id", "name", "domains", "categories", "author", "feeds", "timezone")
            row = {name: getattr(source, name) for name in fields}
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("id", "name", "categories", "entry points")
    for column in table.columns:
        column.overflow = "fold"  # a listing must show whole URLs, never "http://rss.mydrive…"
    for source in sources.all_sources():
        table.add_row(
            source.id, source.name, " / ".join(source.categories), "\n".join(source.feeds)
        )
    Console().print(table)


@main.command()
@data_option
@click.option("--query", default="Excel", show_default=True, help="The sample search to run.")
def demo(data_dir: Path, query: str) -> None:
    """Crawl the bundled demo site, served on 127.0.0.1, into --data; offline.

    Example: newscrawl demo --data data/
    """
    from newscrawl.demo.server import default_site, serve_site
    from newscrawl.exporters.sqlite import Archive

    with serve_site(default_site()) as server:
        click.echo(f"serving the demo site at {server.base_url}")
        stats = run_spider(
            "feed",
            data_dir,
            {"AUTOTHROTTLE_ENABLED": False, "NEWSCRAWL_PROGRESS_INTERVAL": 1.0},
            source="mydrivers",
            entry=[server.url("/rss.xml")],
        )
    status = report(stats)
    with Archive(data_dir / "archive.db") as archive:
        click.echo(f"\narchive: {archive.count()} articles in {data_dir / 'archive.db'}")
        click.echo(f'posts under {data_dir / "posts"}\n\nsample search: newscrawl search "{query}"')
        _print_hits(archive.search(query, limit=3))
    sys.exit(status)
