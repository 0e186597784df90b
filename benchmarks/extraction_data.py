"""The benchmark's pages: the Zyte benchmark's and the development pages with expected values,
and their split by site into a tuning and a validation part (see benchmarks/extraction.py).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tldextract

from newscrawl.extract.charset import decode_html


@dataclass
class Page:
    id: str
    url: str
    html: str
    expected: dict[str, Any] = field(default_factory=dict)
    sites: tuple[str, ...] = ()


def zyte_pages(folder: Path) -> tuple[list[Page], dict[str, str]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [
        Page(key, item["url"], _gunzip_utf8(folder / "html" / f"{key}.html.gz"))
        for key, item in sorted(truth.items())
    ]
    return pages, {key: item["articleBody"] for key, item in truth.items()}


def _gunzip_utf8(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")  # the data's README: all UTF-8


def corpus_pages(folder: Path) -> list[Page]:
    """Article pages with expected values; their bytes decoded the way newscrawl decodes."""
    found = []
    for meta_path in sorted(folder.glob("*/*.json")):
        if meta_path.name == "index.json" or meta_path.name.endswith(".fundus.json"):
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        page_path = meta_path.with_name(meta_path.name.removesuffix(".json") + ".html.gz")
        if meta.get("page_type", "article") != "article" or not page_path.exists():
            continue
        html = decode_html(gzip.decompress(page_path.read_bytes()))
        url = meta["url"] or f"https://{meta_path.stem}.invalid/"
        sites = tuple(meta.get("site") or [_site(meta["url"]) or meta_path.stem])
        found.append(Page(meta_path.stem, url, html, meta["expected"], sites))
    return found


_DOMAINS = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # bundled list only
_ALIASES = {"guardian.co.uk": "theguardian.com", "bbc.co.uk": "bbc.com"}  # extra/README's


def _site(url: str | None) -> str:
    if not url:
        return ""
    domain = _DOMAINS(url).top_domain_under_public_suffix
    return _ALIASES.get(domain, domain)


def split(pages: list[Page]) -> dict[str, list[Page]]:
    """{"tuning": [...], "validation": [...]}: by site, as the module docstring says."""
    group: dict[str, str] = {}  # site key -> its group's key

    def root(key: str) -> str:
        while group.setdefault(key, key) != key:
            key = group[key]
        return key

    for page in pages:
        first = root(page.sites[0])
        for key in page.sites[1:]:
            other = root(key)
            group[max(first, other)] = min(first, other)
            first = min(first, other)
    parts: dict[str, list[Page]] = {"tuning": [], "validation": []}
    for page in pages:
        parts["validation" if _held(root(page.sites[0])) else "tuning"].append(page)
    return parts


def more_parts(folders: list[Path], more: Path) -> dict[str, list[Page]]:
    """The pages of `more` (data/more: labelled pages added later) split by the same rule
    together with the pages of `folders`: {"tuning": [...], "validation": [...]} of `more`'s
    pages only. Its pages join the part of a site already in the split; none may move a page
    of `folders` to the other part (the data's README: bridging pages were left out)."""
    before = split([page for folder in folders for page in corpus_pages(folder)])
    added = corpus_pages(more)
    after = split([page for part in before.values() for page in part] + added)
    for part, pages in before.items():
        moved = {page.id for page in pages} - {page.id for page in after[part]}
        if moved:
            raise ValueError(f"{more} moves {len(moved)} {part} pages to the other part")
    ids = {page.id for page in added}
    return {part: [page for page in pages if page.id in ids] for part, pages in after.items()}


def validation_pages(folders: list[Path]) -> list[Page]:
    """The validation part of the pages of `folders` (see split)."""
    return split([page for folder in folders for page in corpus_pages(folder)])["validation"]


def _held(key: str) -> bool:
    digest = hashlib.sha256(f"newscrawl-site-split-1:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 3 == 0


@dataclass
class Extracted:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | date | None = None
    body: str = ""
