"""extract_article(html, url, source) -> Article: the source's selectors first, then metadata."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from newscrawl.extract import metadata
from newscrawl.extract.body import Bodies, extract_bodies, extract_body
from newscrawl.extract.body import parse as parse_page
from newscrawl.extract.dates import parse_date
from newscrawl.extract.labelled_dates import page_text
from newscrawl.extract.markup import NOT_XML, edit_start_tags, inner_html, parse_fragment
from newscrawl.extract.page_dates import labelled_over_day, page_date
from newscrawl.extract.published_fields import agreed_published
from newscrawl.extract.scripted import scripted_body
from newscrawl.extract.shown_zone import published_date
from newscrawl.extract.text import clean_text, unique_texts
from newscrawl.extract.urls import join_url
from newscrawl.extract.written_dates import headline_context, text_date, url_day, written_date
from newscrawl.extract.zones import page_zone, script_language
from newscrawl.items import Article
from newscrawl.sources.base import Source, select

_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "tr",
        "table",
        "figure",
        "figcaption",
        "ul",
        "ol",
        "section",
    ]
)


def extract_article(html: str, url: str, source: Source, root: Any = None) -> Article:
    """Read one article page. Pure: no I/O; fields a page lacks stay empty. `root`: the page
    already parsed by the caller (parse_tree), so that it is not parsed again."""
    # A page without rules is parsed once: metadata first, then extract/body cuts that tree.
    root = root if root is not None or source.body else parse_page(html)
    sel = Selector(root=root, type="html") if root is not None else Selector(text=html)
    ld = metadata.json_ld(sel)
    title = clean_text(_first(sel, source, "title") or "") or metadata.title(sel, ld, url) or ""
    canonical_url = metadata.canonical(sel, url)
    authors = unique_texts(_all(sel, source, "authors") or metadata.authors(sel, ld, url))
    language = source.language or metadata.language(sel)
    zone = _zone(sel, source, language or script_language(title), url)
    published, context, shown = _published(html, url, sel, ld, source, zone, title)
    updated = parse_date(_first(sel, source, "updated") or metadata.updated(sel, ld), zone)
    tags = unique_texts(_all(sel, source, "tags") or metadata.keywords(sel, ld))
    categories = _categories(sel, ld, source)
    lead_image = metadata.lead_image(sel, ld, url)
    extra = {k: v for k, v in _extra(sel, source).items() if v}
    body, text, srcs, ruled = _body_and_text(html, url, source, title, root, ld)
    if published is None and not source.body:
        found = written_date(context, ruled) or url_day(url) or text_date(shown)
        published = parse_date(found, zone)
    images = _image_urls(srcs, url)
    return Article(
        url=url,
        source_id=source.id,
        title=title,
        body_html=body,
        body_text=text,
        canonical_url=canonical_url,
        authors=authors or metadata.dateline_authors(ruled) or _site_credit(sel, ld, source),
        published=published,
        updated=updated,
        language=language,
        tags=tags,
        categories=categories,
        publisher=source.author,
        lead_image=lead_image or (images[0] if images else None),
        images=images,
        extra=extra,
    )


def _zone(sel: Selector, source: Source, language: str | None, url: str) -> tzinfo:
    """The zone the page's naive times are read in (zones.page_zone), its og:locale read."""
    declared = source.timezone != "UTC"
    return page_zone(language, source.tz, declared, url, metadata.meta(sel, "og:locale"))


def _site_credit(sel: Selector, ld: dict[str, Any], source: Source) -> list[str]:
    """Who a page without rules that names no author is by; a declared source's publisher is
    its own field (Article.publisher)."""
    return [] if source.body else metadata.site_credit(sel, ld)


def _published(
    html: str,
    url: str,
    sel: Selector,
    ld: dict[str, Any],
    source: Source,
    zone: tzinfo,
    title: str,
) -> tuple[datetime | None, str, str]:
    """The published instant from rules, metadata, the page's text or its dated markup; with
    no date, the text around the headline and the whole text the page shows (read before the
    body is cut out of the tree), where extract_article looks for one in words."""
    published = published_date(
        _first(sel, source, "published")
        or labelled_over_day(agreed_published(sel, ld, zone), sel.root)
        or page_date(html, url, sel.root),
        sel.root,
        zone,
    )
    if published is not None:
        return published, "", ""
    return None, headline_context(sel.root, title), page_text(sel.root)


def _body_and_text(
    html: str, url: str, source: Source, title: str, root: Any, ld: dict[str, Any]
) -> tuple[str, str, list[str], str]:
    """The body, its text, its images' src and the text of the body the rules chose (before
    extract/body's scorer: the date and author steps read its first and last lines); a page
    whose text is only in script data yields that."""
    body, ruled_html = _body(html, url, source, (title,), root)
    text, srcs = _read_body(body)
    ruled = text if ruled_html == body else body_text(ruled_html)
    scripted = None if source.body else scripted_body(ld, ruled, html, title)
    if scripted is not None:
        body, (text, srcs) = scripted, _read_body(scripted)
        ruled = text
    return body, text, srcs, ruled


def parse_tree(html: str, source: Source) -> Selector:
    """The page as extract_article parses it for `source` (the tree to pass it as `root`): a
    page with body rules as parsel reads it, any other as extract/body.py does. A page without
    rules is cut down in place by extract_article: read what else is needed first."""
    if source.body:
        return Selector(text=html)
    return Selector(root=parse_page(html), type="html")


GENERIC_ID = "web"  # sources.generic's id: a page of a site nobody declared


def _categories(sel: Selector, ld: dict[str, Any], source: Source) -> list[str]:
    """The source's categories; for a site nobody declared, its levels 2 and 3 are the site's
    own name and the article's section when the page names them."""
    found = list(source.categories)
    if source.id == GENERIC_ID and len(found) == 3:
        found[1] = metadata.site_name(sel, ld) or found[1]
        found[2] = metadata.section(sel, ld) or found[2]
    return found


def _first(sel: Selector, source: Source, field: str) -> str | None:
    selector = source.selectors.get(field)
    values = [clean_text(v) for v in select(sel, selector)] if selector else []
    return next((v for v in values if v), None)


def _all(sel: Selector, source: Source, field: str) -> list[str]:
    selector = source.selectors.get(field)
    return [clean_text(v) for v in select(sel, selector)] if selector else []


def _extra(sel: Selector, source: Source) -> dict[str, str]:
    return {name: clean_text(" ".join(select(sel, s))) for name, s in source.extra.items()}


def _body(html: str, url: str, source: Source, titles: tuple[str, ...], root: Any = None) -> Bodies:
    if source.body:
        found = inner_html(html, source.body, source.body_drop, source.body_stop)
        if found is not None:
            body = absolutize_images(found, url, source.image_scheme)
            return Bodies(body, body)
    return extract_bodies(html, url, titles, source.image_scheme, root)


def generic_body(
    html: str,
    url: str,
    titles: tuple[str, ...] = (),
    image_scheme: str = "https",
    root: Any = None,
) -> str:
    """The body of a page nobody wrote rules for (extract/body.py), without its headline;
    images as absolutize_images leaves them. `root`: the page as extract/body.parse parsed
    it, when the caller has it (it is stripped in place)."""
    return extract_body(html, url, titles, image_scheme, root)


def absolutize_images(fragment: str, url: str, scheme: str) -> str:
    """Make every img src absolute (protocol-relative ones get `scheme`) and add
    referrerpolicy="no-referrer", the two edits the post format shows on every image."""

    def src(value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        value = value.strip()
        return f"{scheme}:{value}" if value.startswith("//") else join_url(url, value)

    return edit_start_tags(
        fragment,
        "img",
        {"src": src, "referrerpolicy": lambda v: "no-referrer" if v is None else None},
    )


def _image_urls(srcs: list[str], url: str) -> list[str]:
    found = (join_url(url, s.strip()) for s in srcs if s.strip())
    return list(dict.fromkeys(s for s in found if s and urlsplit(s).scheme in ("http", "https")))


def _read_body(fragment: str) -> tuple[str, list[str]]:
    """body_text and the src of every image, from one parse of the fragment."""
    if not fragment.strip():
        return "", []
    root = parse_fragment(fragment)
    srcs = [str(s) for s in root.xpath("//img/@src")]  # before the text drops the captions
    return _text(root), srcs


def body_text(fragment: str) -> str:
    """Plain text of a body fragment: one line per block, blank lines between paragraphs.
    Captions (<figcaption>) are the images', not the article's running text."""
    return _text(parse_fragment(fragment)) if fragment.strip() else ""


def _text(root: Any) -> str:
    """body_text of a parsed fragment (edited in place)."""
    for bad in root.xpath("//script|//style|//figcaption"):
        bad.drop_tree()
    for block in root.iter(*_BLOCKS):
        # lxml keeps control characters (and &#2;) in text it parsed but refuses them when set
        # on hostile pages; clean_text below makes them spaces anyway.
        block.tail = "\n\n" + NOT_XML.sub(" ", block.tail or "")
        if block.tag != "br":
            block.text = "\n\n" + NOT_XML.sub(" ", block.text or "")
    lines = (clean_text(line) for line in root.text_content().split("\n\n"))
    return "\n\n".join(line for line in lines if line)
