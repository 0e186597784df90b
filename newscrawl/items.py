"""Article: the one schema that extraction produces and every pipeline passes along."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class ImageResult:
    """What became of one image of an article (one row of the archive's `images` table)."""

    url: str
    status: str  # "downloaded", "uptodate", "cached" (Scrapy's words) or "failed"
    path: str | None = None  # relative to the images store
    checksum: str | None = None
    error: str | None = None


@dataclass
class KeptResponse:
    """An article page's HTTP exchange, kept for WARC export (NEWSCRAWL_KEEP_RESPONSES).

    `body` is what Scrapy hands the spider: after HttpCompressionMiddleware decoded any
    Content-Encoding (and removed that header) and the download handler de-chunked it, before
    any charset decoding. Headers are (name, value) pairs, latin-1 text, as Scrapy holds them.
    """

    url: str
    status: int
    request_headers: list[tuple[str, str]]
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    method: str = "GET"
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None
    # The redirects answered before this response (3xx exchanges, oldest first), kept too.
    redirects: list[KeptResponse] = field(default_factory=list)


@dataclass
class Article:
    """One news article, from extraction to export.

    Dates are timezone-aware. `body_html` is the article's own markup (not re-serialized),
    `body_text` its plain text. `extra` keeps what a page gives beyond the post format
    (original source link, editor, ...), stored in the archive.
    """

    url: str
    source_id: str
    title: str = ""
    body_html: str = ""
    body_text: str = ""
    canonical_url: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    publisher: str = ""  # the post's `author:` key (the site), FORMAT.md rule 5
    lead_image: str | None = None
    images: list[str] = field(default_factory=list)  # absolute URLs, body order
    extra: dict[str, str] = field(default_factory=dict)
    image_results: list[ImageResult] = field(default_factory=list)
    fetched_at: datetime | None = None
    # The URLs asked for before redirects led to `url`: their visits are recorded too, so an
    # incremental crawl knows them as archived (not stored in the articles table).
    requested_urls: list[str] = field(default_factory=list)
    # The raw response, only when NEWSCRAWL_KEEP_RESPONSES is on (else None: costs nothing);
    # archived with the article, never rendered into posts or exports (nor logged: repr=False;
    # nor put into Scrapy's feed exports, `scrapy crawl ... -O items.jsonl`: the serializer).
    response: KeptResponse | None = field(
        default=None, repr=False, metadata={"serializer": lambda response: None}
    )

    @property
    def key(self) -> str:
        """The archive's primary key: the canonical URL, else the fetched URL."""
        return self.canonical_url or self.url

    def as_json(self) -> dict[str, Any]:
        """The fields `newscrawl extract` prints, JSON-ready."""
        return {
            "url": self.url,
            "canonical_url": self.key,
            "title": self.title,
            "authors": self.authors,
            "published": self.published.isoformat() if self.published else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "language": self.language,
            "tags": self.tags,
            "categories": self.categories,
            "lead_image": self.lead_image,
            "images": self.images,
            "body_html": self.body_html,
            "body_text": self.body_text,
            "extra": self.extra,
        }
