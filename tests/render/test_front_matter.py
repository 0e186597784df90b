"""Front matter that parses back to the normalized values (PyYAML safe_load and js-yaml load).

What round-trips:
- title  -> escape_braces(post_title(title)): whitespace/control runs become one space, ends are
  stripped, rule-6 characters become `_`, `{`/`}` become `&#123;`/`&#125;`; nothing else changes.
- author, each category, headimg/thumbnail -> escape_braces(value), exactly (newlines, controls,
  quotes, leading indicators and all: they are quoted or escaped when a plain scalar would not do).
- date -> the RFC 1123 GMT string; comments -> False.
Here over tricky titles and values, arbitrary text, and token soups read by js-yaml; hostile
pieces and bodies are in test_front_matter_hostile.py.
"""

from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from nodejs import js_yaml_or_skip
from render_cases import KKJ, article, expected_front_matter, front_matter, node_json

from newscrawl.items import Article
from newscrawl.render.post import escape_braces, post_title, render_post, title_scalar

TRICKY_TITLES = [
    "Let's go",
    'say "hi"',
    'it\'s "both"',
    "both ' and \" and \\",
    '"quoted" \\ backslash',
    "back\\slash",
    "'''",
    '"""',
    "key: value # comment",
    "# not a comment",
    "line\nbreak\r\nand\ttab",
    "emoji 😀👍🏽 and 中文",
    "{{ mustache }}",
    "{% raw %}x{% endraw %}",
    "---",
    "--- document",
    "...",
    "- item",
    "@at",
    "%percent",
    "!tag",
    "&anchor",
    "*alias",
    "? key",
    "| literal",
    "> folded",
    "`backtick`",
    "null",
    "yes",
    "123",
    "1e3",
    "2021-07-18",
    "~",
    "  padded  ",
    "\u00a0nbsp\u00a0",
    "\ufeffbom",
    "x" * 5000,
    "测试" * 1000,
]


@pytest.mark.parametrize("title", TRICKY_TITLES)
def test_tricky_titles_round_trip(title: str) -> None:
    fm = front_matter(render_post(article(title=title)))
    assert fm["title"] == escape_braces(post_title(title))


@pytest.mark.parametrize(
    ("title", "line"),
    [
        ("BAT", "title: 'BAT'"),
        ("Let's", 'title: "Let\'s"'),
        ('it\'s "x"', "title: 'it''s \"x\"'"),
    ],
)
def test_title_quoting_follows_the_generator_when_it_parses(title: str, line: str) -> None:
    assert f"\n{line}\n" in render_post(article(title=title))


@pytest.mark.parametrize(
    ("title", "scalar"),
    [
        ("it's \\", "'it''s \\'"),  # rule 6 maps backslashes away; title_scalar copes anyway
        ('say \\"', "'say \\\"'"),
        ("a\u2028b", '"a\\u2028b"'),
        ("'\ufeff\"", '"\'\\ufeff\\""'),
    ],
)
def test_title_scalar_fallbacks(title: str, scalar: str) -> None:
    assert title_scalar(title) == scalar
    assert yaml.safe_load(f"t: {scalar}") == {"t": title}


@pytest.mark.parametrize(
    "value",
    ["null", "Yes", "off", "~", "123", "0x1F", "0o17", "1_000", "1:20", "1e3", ".inf", "-.5",
     "2021-07-18", "2021-07-18 10:00:00", "<<", "=", "- x", "? x", "a: b", "a #b", "a:", ":a",
     "&a", "*a", "!a", "%a", "@a", "`a", "'a", '"a', "|", ">", "#", "[a]", "{a}", " a", "a ",
     "", "a\nb", "a\tb", "a\x00b", "a\x85b", "a\u2028b", "\ufeffa", "a\\b", "9To5", "cnBeta"],
)  # fmt: skip
def test_author_and_categories_round_trip(value: str) -> None:
    fm = front_matter(render_post(article(publisher=value, categories=[value, value, value])))
    assert fm["author"] == escape_braces(value)
    assert fm["categories"] == [escape_braces(value)] * 3


@pytest.mark.parametrize("value", ["9To5", "cnBeta", KKJ, "最新、熱議、精華", "9To5 分站"])
def test_plain_values_stay_unquoted(value: str) -> None:
    assert f"\nauthor: {value}\n" in render_post(article(publisher=value))


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(),
    publisher=st.text(),
    categories=st.lists(st.text(), min_size=3, max_size=3),
    image=st.text(min_size=1),
)
def test_front_matter_round_trips_any_text(
    title: str, publisher: str, categories: list[str], image: str
) -> None:
    a = article(title=title, publisher=publisher, categories=categories, body_html="")
    assert front_matter(render_post(a, image)) == expected_front_matter(a, image)


JS_LOAD = """
const yaml = require('js-yaml');
const docs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = docs.map(d => {
  try { return yaml.load(d); } catch (e) { return 'ERROR ' + e.message; }
});
process.stdout.write(JSON.stringify(out));
"""
TOKENS = [
    "'", '"', "\\", ":", ": ", " #", "#", " ", "  ", "{", "}", "{{", "%}", "\n", "\t", "\x00",
    "\x85", "\u2028", "\ufeff", "\u00a0", "😀", "中文", "-", "- ", "? ", "!", "&", "*", "%", "@",
    "|", ">", "`", "[", "]", ",", "---", "...", "null", "yes", "No", "~", "0x1F", "0o7", "1e3",
    "1_0", "12:30", ".inf", "2021-07-18", "<<", "=", "a", "Ab",
]  # fmt: skip


def js_yaml_cases() -> list[Article]:
    rng = random.Random(20210718)  # fixed seed: the same cases on every run
    cases = [
        article(title=t, publisher=t, categories=[t, t, t], body_html="") for t in TRICKY_TITLES
    ]
    for _ in range(300):
        words = ["".join(rng.choices(TOKENS, k=rng.randint(1, 5))) for _ in range(5)]
        cases.append(
            article(title=words[0], publisher=words[1], categories=words[2:], body_html="")
        )
    return cases


def test_front_matter_round_trips_through_js_yaml() -> None:
    env = js_yaml_or_skip()
    cases, image = js_yaml_cases(), "https://i/it's{1}.png"
    posts = [render_post(a, image) for a in cases]
    # hexo-front-matter hands js-yaml everything before the closing `---` line.
    docs = [post[: post.index("\n---\n", 1)] for post in posts]
    for a, got in zip(cases, node_json(JS_LOAD, docs, env), strict=True):
        assert got == expected_front_matter(a, image)
