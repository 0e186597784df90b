"""Commands over saved pages, offline: extract (the article as JSON) and render (its post)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import click

from newscrawl.cli import main
from newscrawl.cli.options import data_option, source
from newscrawl.items import Article


def _article(path: Path, url: str | None, source_id: str | None) -> Article:
    from newscrawl.clean.article import article_from_page

    data = path.read_bytes()
    body = gzip.decompress(data) if path.suffix == ".gz" else data
    url = url or path.resolve().as_uri()
    return article_from_page(body, url, source(source_id) if source_id else None)


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
    from newscrawl.clean.article import NotArchivableError, UndatedError, post_from_article

    try:
        post = post_from_article(_article(path, url, source_id))
    except NotArchivableError as exc:
        raise click.ClickException(f"{path}: would be dropped: {exc.reason}") from None
    except UndatedError:
        raise click.ClickException(
            f"{path}: the page gives no date; a crawl dates it by its first archiving"
        ) from None
    sys.stdout.buffer.write(post.encode())
    sys.stdout.flush()
