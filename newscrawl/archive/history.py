"""An article's versions (the `revisions` rows, then the current one) and readable diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlite_utils import Database

from newscrawl.extract.article import body_text


@dataclass
class Version:
    """One version of an article: the content archived from `since` until `until` (None:
    the current one)."""

    since: str
    until: str | None
    title: str
    body_hash: str
    body_html: str

    @property
    def text(self) -> str:
        return body_text(self.body_html)


def versions(db: Database, ref: str) -> tuple[str, list[Version]] | None:
    """The article's key and its versions, oldest first; None if it is not archived."""
    row = db.execute(_ARTICLE, {"url": ref}).fetchone()
    if row is None:
        return None
    key, title, content_hash, body_html, first_seen = row
    found = []
    since = first_seen
    for revised_at, old_title, old_hash, old_body in db.execute(_REVISIONS, {"url": key}):
        found.append(Version(since, revised_at, old_title, old_hash, old_body))
        since = revised_at
    found.append(Version(since if found else first_seen, None, title, content_hash, body_html))
    return key, found


def diff(old: Version, new: Version, context: int = 2) -> list[str]:
    """A unified diff of two versions' titles and body texts, one paragraph per line."""
    return list(
        difflib.unified_diff(
            [f"title: {old.title}", *old.text.splitlines()],
            [f"title: {new.title}", *new.text.splitlines()],
            fromfile=f"version of {old.since}",
            tofile=f"version of {new.since}",
            n=context,
            lineterm="",
        )
    )


_ARTICLE = """select url, title, content_hash, body_html, first_seen from articles
  where url = :url or fetched_url = :url limit 1"""
_REVISIONS = """select revised_at, title, body_hash, body_html from revisions
  where article_url = :url order by revised_at"""
