"""Front matter over hostile text: quotes, newlines, `---`, `{{ }}`, `{% %}`, controls, bidi marks,
BOM, lone surrogates, 10 KB titles parse back to the normalized values (see test_front_matter.py),
and the closing `---` is found the way Hexo (hexo-front-matter) and a line-based reader find it,
whatever the body holds.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from nodejs import js_yaml_or_skip
from render_cases import article, expected_front_matter, front_matter, no_surrogates, node_json

from newscrawl.items import Article
from newscrawl.render.post import escape_braces, post_title, render_post

HOSTILE_PIECES = [
    "'", '"', "''", "\\", "\n", "\r\n", "\r", "\t", "\x0b", "\x0c", " ", "  ", "---",
    "\n---\n", "---\n---", ";;;", "...", "{{ page.title }}", "{% raw %}", "{%", "%}", "{#", "#}",
    "it's \"both\"", "{", "}", ": ", ":", " #", "#", "- ", "? ", "&", "*", "!", "|", ">", "%",
    "@", "`", "[", "]",
    ",", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\u00a0", "\u200b", "\u200e",
    "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
    "\u2069", "\ufeff", "\u2028", "\u2029", "\u3000", "\ufffe", "\uffff", "\ud800", "\udfff",
    "\U0010ffff", "😀", "👍🏽", "中文", "عربي", "עברית", "null", "yes", "No", "~", "1e3", "0x1F",
    "12:30", ".inf", "2021-07-18", "2021-07-18 10:00:00", "<<", "=", "&#123;", "<!--", "</div>",
]  # fmt: skip
# Arbitrary Unicode (any category but lone surrogates, which come from the pieces) mixed with
# the pieces; and the same repeated past 10,000 characters.
_piece = st.sampled_from(HOSTILE_PIECES) | st.text(max_size=6)
hostile = st.lists(_piece, max_size=10).map("".join)
huge = st.tuples(hostile.filter(lambda t: bool(t.strip())), st.integers(10_000, 12_000)).map(
    lambda t: (t[0] * (t[1] // len(t[0]) + 1))[: t[1]]
)
hostile_or_huge = st.one_of(hostile, hostile, hostile, huge)
# Bodies with `---` lines (first, last, several), `;;;` lines and CR/CRLF line ends.
_body_piece = st.sampled_from(
    ["---", "\n", "\r\n", "\r", "---\n---", ";;;", "...", "-----", " ---", "--- x", "<p>x</p>",
     "\n\n", "title: 'evil'", "<div>", "</div>", "{{ x }}", "\ufeff"]
)  # fmt: skip
bodies = st.lists(_body_piece, max_size=12).map("".join) | st.text(max_size=40)
PADDED = "\n\n<div>   \n{}  \n</div>\n" + " " * 12
# hexo-front-matter 4.2.1's split for a file that does not start with `---` (ours starts with a
# blank line): everything before the first `\n---` (or `;;;`, 3 or more) is the front matter.
HEXO_SPLIT = re.compile(r"^([\s\S]+?)\n(-{3,}|;{3,})\n?([\s\S]*)")


def header_of(a: Article, image: str | None) -> str:
    """The post's text up to its closing `---` line, from a render with an empty body."""
    empty = render_post(dataclasses.replace(a, body_html=""), image)
    assert empty.endswith(PADDED.format(""))
    return empty[: -len(PADDED.format(""))]


def check_split(post: str, header: str, a: Article) -> None:
    """The readers find the closing `---` where render_post put it, whatever the body."""
    body = post[len(header) :]
    assert post.startswith(header + "\n\n<div>   \n")
    match = HEXO_SPLIT.match(post)
    assert match is not None
    assert match[1] == header.removesuffix("\n---")
    assert match[2] == "---"
    assert match[3] == body.removeprefix("\n")
    # a line-based reader (Jekyll, python-frontmatter): the first `---` line after the opening
    lines = post.split("\n")
    assert lines[:2] == ["", "---"]
    closing = next(i for i in range(2, len(lines)) if lines[i].rstrip() == "---")
    assert closing == header.count("\n")
    assert not any(line.startswith(("---", ";;;")) for line in header.split("\n")[2:-1])
    assert "\r" not in header


@settings(max_examples=500, deadline=None)
@given(title=hostile_or_huge, publisher=hostile, categories=st.lists(hostile, min_size=3,
       max_size=3), image=st.lists(_piece, min_size=1).map("".join).filter(bool))  # fmt: skip
def test_front_matter_round_trips_hostile_text(
    title: str, publisher: str, categories: list[str], image: str
) -> None:
    a = article(title=title, publisher=publisher, categories=categories, body_html="")
    post = render_post(a, image)
    for what, present in describe(title, post).items():
        event(f"{what}: {present}")
    assert front_matter(post) == expected_front_matter(a, image)


def describe(title: str, post: str) -> dict[str, bool]:
    """What a generated case holds, for `--hypothesis-show-statistics`: proof of coverage."""
    return {
        "title of 10,000+ chars": len(title) >= 10_000,
        "title with both quotes": "'" in title and '"' in title,
        "title with a line break": bool(re.search(r"[\n\r\x85\u2028\u2029]", title)),
        "title with a bidi mark": bool(re.search(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]",
                                                 title)),
        "title with braces": "{" in title or "}" in title,
        "double-quoted scalar in post": '\ntitle: "' in post or ': "' in post,
    }  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(title=hostile_or_huge, publisher=hostile, body=bodies, image=st.none() | hostile)
def test_no_body_ends_the_front_matter_early(
    title: str, publisher: str, body: str, image: str | None
) -> None:
    a = article(title=title, publisher=publisher, body_html=body)
    image = image or None
    post = render_post(a, image)
    header = header_of(a, image)
    check_split(post, header, a)
    loaded = yaml.safe_load(HEXO_SPLIT.match(post)[1])  # type: ignore[index]
    assert loaded["title"] == escape_braces(post_title(title))
    assert loaded["author"] == no_surrogates(escape_braces(publisher))
    assert len(loaded) == (7 if image else 5)


@pytest.mark.parametrize(
    "body",
    ["---", "---\n", "\n---\n", "---\n---", "a\n---\nb", "---\ntitle: 'evil'\n---",
     ";;;\n", "\r\n---\r\n", "-----\n", "---\n\n---\n\n<p>x</p>"],
)  # fmt: skip
def test_dashes_in_the_body_stay_in_the_body(body: str) -> None:
    a = article(title="T", body_html=body)
    post = render_post(a)
    check_split(post, header_of(a, None), a)
    assert front_matter(post)["title"] == "T"


# js-yaml (and, when installed, hexo-front-matter itself) over hypothesis-generated posts: node
# runs once over all of them, so the cases are collected first and checked in one batch.
JS_SPLIT_LOAD = """
const yaml = require('js-yaml');
let fm = null;
try { fm = require('hexo-front-matter'); } catch (e) {}
const posts = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = posts.map(post => {
  try {
    if (fm) {
      const data = fm.parse(post);
      const content = data._content;
      delete data._content;
      return {reader: 'hexo-front-matter', data, content};
    }
    const m = post.match(/^([\\s\\S]+?)\\n(-{3,}|;{3,})\\n?([\\s\\S]*)/);
    return {reader: 'js-yaml', data: yaml.load(m[1]), content: m[3]};
  } catch (e) { return {error: e.message}; }
});
process.stdout.write(JSON.stringify(out));
"""
JS_EXAMPLES = 400


def test_hypothesis_posts_round_trip_through_js_yaml() -> None:
    env = js_yaml_or_skip()
    cases: list[tuple[Article, str | None]] = []

    @settings(max_examples=JS_EXAMPLES, deadline=None, database=None)
    # Found by hypothesis: a high then a low lone surrogate, escaped, read back in js-yaml
    # as one astral character.
    @example(title="T", publisher="\ud800\udfff", categories=["\u202a\ud800\udfff", "a", "b"],
             body="", image="\udbff\udc00")  # fmt: skip
    @given(title=hostile_or_huge, publisher=hostile, categories=st.lists(hostile, min_size=3,
           max_size=3), body=bodies, image=st.none() | hostile)  # fmt: skip
    def collect(
        title: str, publisher: str, categories: list[str], body: str, image: str | None
    ) -> None:
        a = article(title=title, publisher=publisher, categories=categories, body_html=body)
        cases.append((a, image or None))

    collect()
    assert len(cases) >= JS_EXAMPLES
    posts = [render_post(a, image) for a, image in cases]
    found = node_json(JS_SPLIT_LOAD, posts, env)
    for (a, image), post, got in zip(cases, posts, found, strict=True):
        expected = expected_front_matter(a, image or "")
        if image is None:
            del expected["headimg"], expected["thumbnail"]
        assert got.get("data") == expected, (got, a)
        body = post[len(header_of(a, image)) :]
        assert got["content"] == body.removeprefix("\n")
