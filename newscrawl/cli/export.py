"""`newscrawl export`: the archive as posts, JSON lines, CSV or WARC, row by row."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

import click

from newscrawl.cli import main
from newscrawl.cli.options import data_option, filter_options, filters, open_archive

if TYPE_CHECKING:
    from newscrawl.archive.search import Filters
    from newscrawl.archive.store import Archive


# Options of `export feed` only; the other kinds refuse them.
FEED_OPTIONS = ("fmt", "query", "limit", "local_images")


@main.command()
@click.argument("kind", type=click.Choice(["posts", "jsonl", "csv", "warc", "feed"]))
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="Directory for posts; file for jsonl/csv/warc/feed (- for stdout).")  # fmt: skip
@filter_options
@click.option("--format", "fmt", type=click.Choice(["atom", "rss", "json"]),
              help="feed: Atom 1.0 (default), RSS 2.0 or JSON Feed 1.1.")  # fmt: skip
@click.option("--query", help="feed: the articles this search finds (newscrawl search's).")
@click.option("--limit", type=click.IntRange(min=1), help="feed: this many articles (default 50).")
@click.option("--local-images", metavar="BASE_URL",
              help="feed: images point at their archived copies under BASE_URL "
              "(newscrawl serve's: http://HOST:PORT/-/images).")  # fmt: skip
@data_option
def export(kind: str, out: Path, data_dir: Path, **options: Any) -> None:
    """Export the archive, row by row (constant memory), with a progress bar on stderr.

    posts: re-rendered from the archive exactly as the crawl wrote them (a Hexo
    source/_posts). jsonl, csv: every column. warc: the HTTP request and response of each
    article version a crawl with --keep-responses archived (gzipped per record unless FILE
    ends in .warc). feed: the newest articles (or a search's) as a feed for a reader.

    Example: newscrawl export posts --out blog/source/_posts --source mydrivers; newscrawl
    export feed --format rss --source mydrivers --limit 100 --out mydrivers.xml
    """
    from newscrawl.exporters.warc import NoResponsesError, check_responses

    given = [name for name in FEED_OPTIONS if options.get(name) is not None]
    if given and kind != "feed":
        flags = ", ".join("--" + name.replace("_", "-").replace("fmt", "format") for name in given)
        raise click.UsageError(f"{flags}: only for export feed")
    with open_archive(data_dir) as archive:
        if kind == "feed":
            _export_feed(archive, filters(options), out, options)
        elif kind == "warc":
            try:
                check_responses(archive.db)
            except NoResponsesError as exc:
                raise click.ClickException(str(exc)) from None
            _export_warc(archive, filters(options), out)
        else:
            _export_rows(archive, filters(options), kind, out)


def _export_rows(archive: Archive, chosen: Filters, kind: str, out: Path) -> None:
    from rich.console import Console
    from rich.progress import track

    from newscrawl.exporters import records
    from newscrawl.exporters.repost import export_posts

    rows = track(
        archive.rows(chosen), total=archive.count_rows(chosen),
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


def _export_feed(archive: Archive, chosen: Filters, out: Path, options: dict[str, Any]) -> None:
    from newscrawl.archive.search import SearchError
    from newscrawl.exporters import feed_entries as feeds
    from newscrawl.exporters.feed import Format

    selection = feeds.Selection(chosen, options["query"], options["limit"] or 50)
    conn = archive.db.conn
    with feeds.snapshot(conn):
        try:
            selected = feeds.select(conn, selection)
        except SearchError as exc:
            raise click.ClickException(str(exc)) from None
        described = feeds.describe(selection, _source_named(chosen.source))
        fmt: Format = options["fmt"] or "atom"
        with _binary_output(out) as stream:
            n = feeds.write_archive_feed(
                conn, fmt, selected, described, stream, options["local_images"]
            )
    click.echo(f"{n} articles to {out} ({fmt})", err=True)


def _source_named(source_id: str | None) -> Any:
    from newscrawl import sources

    try:
        return sources.get(source_id) if source_id else None
    except KeyError:
        return None


def _export_warc(archive: Archive, chosen: Filters, out: Path) -> None:
    from rich.console import Console
    from rich.progress import track

    from newscrawl.exporters import warc

    rows = track(
        warc.response_rows(archive.db, chosen), total=warc.count_responses(archive.db, chosen),
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
