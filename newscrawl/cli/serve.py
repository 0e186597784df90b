"""`newscrawl serve`: the archive in a web browser."""

from __future__ import annotations

from pathlib import Path

import click

from newscrawl.cli import main
from newscrawl.cli.options import data_option, existing_archive


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
        raise click.ClickException("serve needs Datasette: pip install 'datasette>=0.65,<1.0'")
    existing_archive(data_dir)
    serve_archive(data_dir, host, port)
