"""`newscrawl ...`: parses arguments, calls the library and Scrapy, prints results.

`main` is the click group; each command module below adds its commands to it when imported
(one import line per module)."""

from __future__ import annotations

from typing import Any

import click

from newscrawl.cli import ending


class NewscrawlGroup(click.Group):
    """The command group; run as the program (the `newscrawl` script, `python -m newscrawl`),
    a command that ran a crawl ends the process without the interpreter's teardown
    (cli/ending.py)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except SystemExit as exc:
            ending.end_after_crawl(exc.code)
            raise


@click.group(cls=NewscrawlGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
    cluster,  # noqa: F401
    crawl,  # noqa: F401
    export,  # noqa: F401
    pages,  # noqa: F401
    serve,  # noqa: F401
)
