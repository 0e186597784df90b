"""What many test files share: the repo's paths, a valid Article, and the CLI in a subprocess.

Test files import these by name (`from helpers import article, newscrawl, FIXTURES`): pytest
puts tests/ on sys.path (see conftest.py), and the test folders have no __init__.py. Paths are
computed from this file, which does not move, so a test file can move between folders freely.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import pytest

from newscrawl.items import Article, KeptResponse

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent  # the repo: where `python -m newscrawl` runs, pyproject.toml, README.md
FIXTURES = TESTS / "fixtures"  # pages, feeds, sitemaps, posts, encodings, listings, xss
SOURCES = TESTS / "sources"  # per-source pages and their expected articles
SITE = TESTS / "site"  # the generated test site (build.py) that discovery crawls

PUBLISHED = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
FETCHED = datetime(2024, 6, 1, tzinfo=UTC)
KEPT_AT = datetime(2024, 5, 1, 8, 0, 0, 250_000, tzinfo=UTC)  # kept responses' default fetch

# The archive tests' `committed(path, table="articles")` fixture: rows another connection sees.
Committed = Callable[..., int]


def article(n: int = 1, **fields: Any) -> Article:
    """Article number `n`: valid and distinct per `n` (URL, title, body, published day).

    Any Article field can be given to replace the default, e.g. `article(3, source_id="other",
    body_text="")`; unknown fields raise TypeError like Article itself.
    """
    values: dict[str, Any] = {
        "url": f"https://news.example/{n}.htm",
        "source_id": "example",
        "title": f"Article {n}",
        "body_html": f"<p>Body of article {n}</p>",
        "body_text": f"Body of article {n}",
        "published": PUBLISHED + timedelta(days=n - 1),
        "fetched_at": FETCHED,
    }
    return Article(**(values | fields))


def kept_response(n: int, body: bytes, fetched: datetime = KEPT_AT) -> KeptResponse:
    """The 200 response of article `n`'s page holding `body`, as the spider keeps it."""
    return KeptResponse(
        url=f"https://news.example/{n}.htm", status=200,
        request_headers=[("User-Agent", "newscrawl/test")],
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=body, fetched_at=fetched, ip_address="192.0.2.1",
    )  # fmt: skip


def kept_article(n: int, body: str = "", fetched: datetime = KEPT_AT) -> Article:
    """Article `n` with its page's response kept, as NEWSCRAWL_KEEP_RESPONSES archives it."""
    html = f"<p>{body or f'Article {n}'}</p>"
    page = f"<html><body>{html}</body></html>".encode()
    return article(
        n, body_html=html, body_text=body, fetched_at=fetched,
        response=kept_response(n, page, fetched),
    )  # fmt: skip


def python(
    *args: str, timeout: float = 120, env: Mapping[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """`python *args` (this interpreter) run from the repo root, output captured as text.

    `env` adds to (or overrides) this process's environment, e.g. {"COLUMNS": "250"} for
    tables wide enough to print whole ids and URLs.
    """
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ | dict(env or {}),
    )


def newscrawl(
    *args: str, timeout: float = 120, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m newscrawl *args`: see `python`."""
    return python("-m", "newscrawl", *args, timeout=timeout, env=env)


def rows(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """The rows `sql` reads from the SQLite file `db` (closed afterwards)."""
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, params).fetchall()


def make_due(db: Path, url: str) -> None:
    """Make the next visit of `url` due, as if its time had come (a week later, say)."""
    with closing(sqlite3.connect(db)) as conn, conn:
        sql = "update visits set next_visit = '2000-01-01T00:00:00+00:00' where url = ?"
        conn.execute(sql, (url,))


class Counting:
    """Wraps an iterator of rows and records how many have been read so far.

    Streaming tests compare it with what a sink has written: a bounded gap means the exporter
    does not read everything ahead.
    """

    def __init__(self, rows: Iterator[dict[str, Any]]) -> None:
        self.rows, self.read = rows, 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self.rows:
            self.read += 1
            yield row


def missing(reason: str, required_by: str) -> NoReturn:
    """Skip a test whose outside tool is missing, or fail it where the environment variable
    `required_by` is set: .ci/run sets those, so a check cannot silently stop running there."""
    if os.environ.get(required_by):
        pytest.fail(f"{reason} ({required_by} is set: required here)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def load_script(path: Path, name: str) -> ModuleType:
    """Import a script of the tests (e.g. tests/site/build.py) under a name of its own: a plain
    `import build` would find whichever build.py pytest's path insertions put first."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None, path
    assert spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before running it: dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def body_kept(html: str, voted: list[str]) -> list[str]:
    """The text of the body segments the generic extractor keeps of `html` when trafilatura's
    own text is `voted` (the body selection step alone, without trafilatura)."""
    from lxml import etree

    from newscrawl.extract.body import parse
    from newscrawl.extract.body.page import _DROP, Page
    from newscrawl.extract.body.select import align, select

    root = parse(html)
    etree.strip_elements(root, *_DROP, with_tail=False)
    page = Page(root)
    chosen, _ = select(page, align(page.segments, "\n".join(voted)))
    return [" ".join(s.text.split()) for s, c in zip(page.segments, chosen, strict=True) if c]
