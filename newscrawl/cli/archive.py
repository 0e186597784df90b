"""Commands that read the archive: search, show, stats, runs, history, check."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from newscrawl import sources
from newscrawl.cli import main, tables
from newscrawl.cli.options import data_option, filter_options, filters, open_archive, source


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

    with open_archive(data_dir) as archive:
        try:
            found = archive.find(query, filters(options), sort, limit)  # type: ignore[arg-type]
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
        tables.print_hits(found.hits)
    if found.capped:
        from newscrawl.archive.search import CANDIDATES

        click.echo(
            f"(more than {CANDIDATES:,} matches: only the {CANDIDATES:,} most recently "
            "archived were ranked or sorted; add filters or words to narrow the search)",
            err=True,
        )


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

    with open_archive(data_dir) as archive:
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
    with open_archive(data_dir) as archive:
        counts = archive.stats()
        total, images = archive.count(), archive.images_summary()
    per_day = counts["days"][:days] if days > 0 else counts["days"]
    if as_json:
        result = {"articles": total, "images": images, "sources": dict(counts["sources"])}
        click.echo(json.dumps(result | {"days": dict(per_day)}, ensure_ascii=False, indent=1))
        return
    tables.print_counts(total, images, {"source": counts["sources"], "day": per_day})


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

    with open_archive(data_dir) as archive:
        found = recent_runs(archive.db, limit, source_id)
    if as_json:
        for run in found:
            click.echo(json.dumps(run, ensure_ascii=False))
        return
    tables.print_runs(found)


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

    with open_archive(data_dir) as archive:
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
    with open_archive(data_dir) as archive:
        ids = list(source_ids) or [s.id for s in sources.all_sources()]
        for source_id in ids:
            source(source_id)
        found = [source_health(archive.db, i, now, timedelta(hours=hours)) for i in ids]
    if as_json:
        for h in found:
            record = dict(
                vars(h), last_article=h.last_article.isoformat() if h.last_article else None
            )
            click.echo(json.dumps(record | {"broken": h.broken}, ensure_ascii=False))
    else:
        tables.print_health(found, named=bool(source_ids))
    sys.exit(1 if any(h.broken for h in found) else 0)
