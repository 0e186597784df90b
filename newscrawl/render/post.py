"""Article -> Hexo post text, byte for byte in the layout of format/FORMAT.md (pure)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser

from newscrawl.items import Article

# FORMAT rule 6: the generator's re.sub(r'[:/\\?*“”<>|\[\]]', '_', title).
_TITLE_UNSAFE = re.compile(r"[:/\\?*“”<>|\[\]]")
# Whitespace, controls and what YAML cannot hold raw: PyYAML folds U+0085/U+2028/U+2029 as line
# breaks; U+FFFE/U+FFFF and lone surrogates are not printable (nor encodable, for surrogates).
_TITLE_JUNK = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]+")
# Characters that stand for themselves inside a one-line quoted scalar in PyYAML and js-yaml.
# Tab, U+2028/U+2029 and U+FEFF are excluded to stay clear of parser differences about them.
_QUOTABLE = re.compile(
    r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
# A plain scalar may not start with an indicator (YAML 1.2 §5.3; `-?:` only sometimes, so never).
_PLAIN_BAD_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")
# Plain scalars a YAML 1.1 (PyYAML) or 1.2 core (js-yaml) resolver may read as something other
# than a string; deliberately broader than either, since a needless quote costs nothing.
_IMPLICIT = re.compile(
    r"""(?x)
    ~ | (?i:null|true|false|yes|no|on|off|y|n) | << | =
    | [-+]?\.?[0-9][0-9a-fA-FoOxX_.:+-]*          # ints, floats, octal/hex/bin, sexagesimal
    | [-+]?\.(?i:inf|nan)
    | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t].*)?   # timestamps
    """
)
# Hexo renders the body as Markdown (hexo-renderer-marked). The `<div>` line opens a raw HTML
# block that the first blank line closes; after it, text is Markdown again, and inert HTML text
# such as `[x](&#106;avascript:...)`, `<vbscript:...>` or `[x]: data:...` becomes a live link
# (checked with Hexo 7.3). A URL's scheme is what precedes its first `:` once entities are
# decoded (Markdown, then the browser) and tabs, newlines, controls and escapes are dropped.
_LINK_SCHEME = re.compile(r"(?<![a-z0-9+.-])(?:(?:java|vb|live)script|data):")
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f\\]+")
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def post_title(title: str) -> str:
    """The title as the post shows it: whitespace/controls collapsed, FORMAT rule 6 applied."""
    return _TITLE_UNSAFE.sub("_", _TITLE_JUNK.sub(" ", title)).strip(" ")


def escape_braces(text: str) -> str:
    """FORMAT rule 10: `{`/`}` become HTML entities (which also defuses Hexo's `{{ }}`, `{% %}`)."""
    return text.replace("{", "&#123;").replace("}", "&#125;")


class _FirstImage(HTMLParser):
    """Finds the first <img> with a non-empty src, as BeautifulSoup's find('img')['src'] would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.src: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.src is None and tag == "img":
            src = dict(attrs).get("src") or ""
            # An inline data: image (the body may keep one) is no cover: it would copy the
            # image's bytes into the front matter twice, or make a placeholder pixel the cover.
            self.src = None if src.lstrip().lower().startswith("data:") else src or None


_IMG_TAG = re.compile(r"<img", re.IGNORECASE)


def first_image(body_html: str) -> str | None:
    """The src of the body's first <img> that is not a data: URL (entities decoded, like bs4).

    The parser is fed up to the end of each `<img` tag in turn and stops at the first that
    gives a src: a body is parsed only as far as its first image (HTMLParser reads pieces fed
    one after the other as one text)."""
    parser = _FirstImage()
    done = 0
    for end in _image_tag_ends(body_html):
        parser.feed(body_html[done:end])
        done = end
        if parser.src is not None:
            return parser.src
    if not done:
        return None
    parser.feed(body_html[done:])
    parser.close()  # a last tag the body's end cut short
    return parser.src


def _image_tag_ends(body_html: str) -> Iterator[int]:
    """Where each `<img` may end: just after the first `>` that follows it."""
    for match in _IMG_TAG.finditer(body_html):
        close = body_html.find(">", match.end())
        if close < 0:
            return
        yield close + 1


def rfc1123(when: datetime | None) -> str:
    """`Sun, 18 Jul 2021 18:56:44 GMT` with English names, whatever the locale."""
    if when is None or when.utcoffset() is None:
        raise ValueError("a post needs a timezone-aware published date")
    u = when.astimezone(UTC)
    day, month = _DAYS[u.weekday()], _MONTHS[u.month - 1]
    return f"{day}, {u.day:02d} {month} {u.year:04d} {u:%H:%M:%S} GMT"


def _double_quoted(value: str) -> str:
    out = []
    for ch in value:
        if ch in '\\"':
            out.append("\\" + ch)
        elif _QUOTABLE.fullmatch(ch):
            out.append(ch)
        elif "\ud800" <= ch <= "\udfff":
            # A lone surrogate is no character: escaped, a high one followed by a low one
            # reads back as one astral character in js-yaml (UTF-16) and as two in PyYAML.
            out.append("\ufffd")
        else:
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _is_printable(value: str) -> bool:
    return _QUOTABLE.fullmatch(value) is not None


def quoted_scalar(value: str) -> str:
    """A quoted YAML scalar that reads back as `value`: single-quoted if it can be, else escaped."""
    if _is_printable(value):
        return "'" + value.replace("'", "''") + "'"
    return _double_quoted(value)


def _is_plain_safe(value: str) -> bool:
    return (
        _is_printable(value)
        and value[:1] not in _PLAIN_BAD_FIRST
        and not value.endswith((" ", ":"))
        and ": " not in value
        and " #" not in value
        and not _IMPLICIT.fullmatch(value)
    )


def plain_scalar(value: str) -> str:
    """`value` unquoted, as the generator wrote author and categories, unless it would misparse."""
    return value if value and _is_plain_safe(value) else quoted_scalar(value)


def title_scalar(title: str) -> str:
    """FORMAT rule 3 (`'T'`, or `"T"` when T has `'`), falling back to a scalar that parses."""
    if _is_printable(title):
        if "'" not in title:
            return f"'{title}'"
        if '"' not in title and "\\" not in title:
            return f'"{title}"'
    return quoted_scalar(title)


def _front_matter(article: Article, image: str | None) -> list[str]:
    if len(article.categories) != 3:
        raise ValueError("a post needs exactly three categories (L1, L2, L3)")
    img = [quoted_scalar(escape_braces(image))] if image is not None else []
    return [
        "",
        "---",
        f"title: {title_scalar(escape_braces(post_title(article.title)))}",
        "categories: ",
        *(f" - {plain_scalar(escape_braces(c))}" for c in article.categories),
        *(f"headimg: {v}" for v in img),
        f"author: {plain_scalar(escape_braces(article.publisher))}",
        "comments: false",
        f"date: {rfc1123(article.published)}",
        *(f"thumbnail: {v}" for v in img),
        "---",
    ]


# A looser test over the UTF-8 bytes, first: deleting the ignored characters (all ASCII, never
# part of a longer character's bytes) and lowercasing are far cheaper there, and so is a search
# without the look-behind. It finds every link the text test finds (only the letters `İ` and
# `K` lower to ASCII ones, and neither fits in a scheme), so a body it finds none in needs
# nothing more.
_IGNORED_BYTES = bytes([*range(0x21), 0x7F, 0x5C])
_LINK_SCHEME_BYTES = re.compile(rb"(?:script|data):")


def markdown_links_possible(body_html: str) -> bool:
    """Whether Markdown could make a javascript:/vbscript:/data: link out of the body's text."""
    decoded = html.unescape(body_html)
    if "&" in decoded:
        decoded = html.unescape(decoded)
    squeezed = decoded.encode("utf-8", "surrogatepass").translate(None, _IGNORED_BYTES)
    if _LINK_SCHEME_BYTES.search(squeezed.lower()) is None:
        return False
    return _LINK_SCHEME.search(_URL_IGNORED.sub("", decoded).lower()) is not None


def one_html_block(body_html: str) -> str:
    """The body with `&#32;` on each blank line, so Markdown reads it all as one HTML block.

    A space character reference is whitespace to HTML: the page looks the same."""

    def mark(line: re.Match[str]) -> str:
        blank = line[0] and not line[1].strip(" \t")
        return line[1] + "&#32;" + line[2] if blank else line[0]

    return _LINE.sub(mark, body_html)


def render_post(article: Article, default_image: str | None = None) -> str:
    """The post file's text. headimg/thumbnail: the body's first img, else `default_image`,
    else both keys are left out. Raises ValueError without an aware `published` date.

    A body whose text could become a dangerous Markdown link loses its blank lines."""
    image = first_image(article.body_html) or default_image or None
    body = article.body_html
    if markdown_links_possible(body):
        body = one_html_block(body)
    lines = [*_front_matter(article, image), "", "<div>   ", body + "  ", "</div>"]
    return escape_braces("\n".join(lines)) + "\n" + " " * 12
