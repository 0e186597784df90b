"""`newscrawl ...`: parses arguments, calls the library and Scrapy, prints results.

`main` is the click group; each command module below adds its commands to it when imported
(one import line per module)."""

from __future__ import annotations

import click


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


def verbose() -> bool:
    """Whether the command runs under `newscrawl -v`."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("verbose"))


# Each command module adds its commands to `main` when imported, so after `main` exists.
from newscrawl.cli import (  # noqa: E402
    archive,  # noqa: F401
    crawl,  # noqa: F401
    export,  # noqa: F401
    pages,  # noqa: F401
    serve,  # noqa: F401
)
