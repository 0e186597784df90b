"""Page metadata any site offers: JSON-LD, OpenGraph and <meta> tags, the <title>."""

from newscrawl.extract.metadata.authors import authors
from newscrawl.extract.metadata.bylines import byline
from newscrawl.extract.metadata.credits import labelled_authors
from newscrawl.extract.metadata.datelines import dateline_authors, headline_credit
from newscrawl.extract.metadata.fields import (
    canonical,
    json_ld,
    keywords,
    language,
    lead_image,
    meta,
    metas,
    published,
    section,
    site_name,
    site_names,
    text_value,
    updated,
)
from newscrawl.extract.metadata.names import split_names
from newscrawl.extract.metadata.ranked_bylines import site_credit
from newscrawl.extract.metadata.title import strip_site_name, title, title_candidates

__all__ = [
    "authors",
    "byline",
    "canonical",
    "dateline_authors",
    "headline_credit",
    "json_ld",
    "keywords",
    "labelled_authors",
    "language",
    "lead_image",
    "meta",
    "metas",
    "published",
    "section",
    "site_credit",
    "site_name",
    "site_names",
    "split_names",
    "strip_site_name",
    "text_value",
    "title",
    "title_candidates",
    "updated",
]
