"""A post made where its article was read (a page reader process), used where it is written only
if nothing it was made from changed on the way.

The crawl process is the busier of a crawl's two cores: rendering the post text and its file
name in the page's reader takes that work off it. The post is the same either way: it is kept
only when every input of `post_text(article, None)` and `post_relpath(article)` is still what
it was rendered from; otherwise (a pipeline changed the article, the crawl knows another
default image) the export renders it again, as it does for an article no reader prepared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newscrawl import sources
from newscrawl.items import Article
from newscrawl.render.names import post_relpath
from newscrawl.render.post import render_post

# Not a field of Article: the prepared post travels with the article from a page reader to the
# crawl's export (pickled with it), and nowhere else (archive rows, JSON, Redis records).
_PREPARED = "_newscrawl_post"

_Inputs = tuple[str, str, tuple[str, ...], str, datetime | None, str, str | None]


@dataclass(frozen=True)
class PreparedPost:
    text: str  # post_text(article, None)
    relpath: str  # post_relpath(article): the name unless another article holds it
    inputs: _Inputs  # what both were made from


def _inputs(article: Article, default_image: str | None) -> _Inputs:
    return (
        article.key,
        article.title,
        tuple(article.categories),
        article.publisher,
        article.published,
        article.body_html,
        default_image,
    )


def prepare_post(article: Article) -> None:
    """Render a dated article's post text and name now, kept with the article; an undated one
    is dated by its first archiving, which only the export knows, and a post that cannot be
    rendered (no three categories) is left to the export to refuse."""
    if article.published is None:
        return
    default_image = sources.default_image(article.source_id)
    try:
        text = render_post(article, default_image)
        relpath = post_relpath(article)
    except ValueError:
        return
    setattr(article, _PREPARED, PreparedPost(text, relpath, _inputs(article, default_image)))


def prepared_post(article: Article) -> PreparedPost | None:
    """The post prepared with `article` if it still matches the article; None otherwise."""
    found: Any = getattr(article, _PREPARED, None)
    if not isinstance(found, PreparedPost):
        return None
    if found.inputs != _inputs(article, sources.default_image(article.source_id)):
        return None
    return found
