"""The rich tables the commands print: crawl runs, source health, search hits, archive counts,
the registered sources. Rich is imported when a table is printed, not at start-up."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from newscrawl import sources


def print_runs(found: list[dict[str, Any]]) -> None:
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


def print_health(found: list[Any], named: bool) -> None:
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


def print_hits(hits: list[Any]) -> None:
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


def print_counts(total: int, images: dict[str, int], counted: dict[str, list[Any]]) -> None:
    """The archive's totals, then its articles per source and per day."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"{total:,} articles; images: " + ", ".join(f"{k} {v:,}" for k, v in images.items())
    )
    for title, rows in counted.items():
        table = Table(title, "articles")
        for name, n in rows:
            table.add_row(name or "(none)", f"{n:,}")
        console.print(table)


def print_sources(data_dir: Path) -> None:
    from rich.console import Console
    from rich.table import Table

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
