"""Serve the archive with Datasette: read-only, described, searchable, bodies sanitized."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from newscrawl import sources
from newscrawl.archive import archive_path
from newscrawl.web import plugin
from newscrawl.web.metadata import build_metadata, read_schema

TEMPLATES = Path(__file__).parent / "templates"
# Under Datasette's own /-/ prefix, so that no database or table name can shadow it.
IMAGES_MOUNT = "-/images"

SETTINGS = {
    # Long text cells (body_text) are cut in table views; a row's page shows them whole.
    "truncate_cells_html": 400,
    # Full-text search over a large archive may take more than Datasette's default 1 s.
    "sql_time_limit_ms": 3000,
}


def make_datasette(data_dir: Path) -> Any:
    """A Datasette instance over `data_dir`'s archive (and its images, when present)."""
    from datasette.app import Datasette  # deferred: imported only by `newscrawl serve`
    from datasette.plugins import pm

    _plain_error_logs()

    db_path = archive_path(data_dir)
    images = data_dir / "images"
    mount = IMAGES_MOUNT if images.is_dir() else None
    metadata = build_metadata(db_path.stem, read_schema(db_path), sources.all_sources(), mount)
    if not pm.is_registered(plugin):
        pm.register(plugin, name="newscrawl")
    # A mutable database (not --immutable): Datasette opens it with mode=ro, so a crawl writing
    # meanwhile is seen at once, whereas immutable=1 would read a WAL archive stale or torn.
    return Datasette(
        [str(db_path)],
        metadata=metadata,
        settings=SETTINGS,
        template_dir=str(TEMPLATES),
        static_mounts=[(mount, str(images))] if mount else None,
    )


def _plain_error_logs() -> None:
    # Datasette 0.65 prints every error page's traceback with its locals through rich when rich
    # is importable (newscrawl's CLI needs it): a slow 404 page, and a 500 instead of the 404
    # for a POST to an unknown route (rich wants an exception being handled). Looked up after
    # datasette.app is imported: imported first, the module would register as a plugin before
    # its hook is defined (a circular import), and every error would become a 500.
    vars(importlib.import_module("datasette.handle_exception"))["rich"] = None


def serve(data_dir: Path, host: str, port: int) -> None:
    """Serve `data_dir`'s archive over HTTP until interrupted."""
    import uvicorn

    uvicorn.run(make_datasette(data_dir).app(), host=host, port=port, lifespan="on")
