"""Drop what is not an archivable article, with a logged, counted reason."""

from __future__ import annotations

from newscrawl.items import Article


def drop_reason(article: Article) -> str | None:
    """Why this article cannot be archived, or None."""
    if not article.title:
        return "no_title"
    if not article.body_text.strip():
        return "no_body"
    return None
