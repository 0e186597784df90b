"""render_post: byte-exact against real generator posts, and front matter that always parses.

What round-trips (PyYAML safe_load and js-yaml load of the front matter):
- title  -> escape_braces(post_title(title)): whitespace/control runs become one space, ends are
  stripped, rule-6 characters become `_`, `{`/`}` become `&#123;`/`&#125;`; nothing else changes.
- author, each category, headimg/thumbnail -> escape_braces(value), exactly (newlines, controls,
  quotes, leading indicators and all: they are quoted or escaped when a plain scalar would not do).
- date -> the RFC 1123 GMT string; comments -> False.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.items import Article
from newscrawl.render.post import (
    escape_braces,
    first_image,
    post_title,
    render_post,
    title_scalar,
)

SAMPLES = Path(__file__).parent / "fixtures" / "posts"
KKJ = "快科技（原驱动之家）"
OPEN = "\n---\n\n<div>   \n"
CLOSE = "  \n</div>\n" + " " * 12
# Other sites' samples without a generator quirk (picsum/404 image, non-RFC date): same bytes too.
OTHER_GOLDEN = [
    "Apple details the ways its CSAM detection system is designed to prevent misuse.md",
    "Asahi Linux 在 Apple M1 下运行首个三角形渲染.md",
    "Facebook正持续研究BOLT'ing以提高Linux内核执行性能.md",
    "Let's Encrypt根证书过期预警 请在9月30日前及时更新.md",
    "Redis 70即将迎来_重大性能优化_.md",
    "Vue_ Uncaught TypeError_ Cannot read property 'component' of undefined.md",
]
WHEN = datetime(2021, 7, 18, 18, 56, 44, tzinfo=UTC)


def unbrace(text: str) -> str:
    return text.replace("&#123;", "{").replace("&#125;", "}")


def sample_article(text: str) -> Article:
    """The Article a sample post was made from: fields read back from its front matter and body."""
    head, _, rest = text.partition(OPEN)
    assert rest.endswith(CLOSE)
    lines = head.split("\n")
    fields = dict(line.split(": ", 1) for line in lines if ": " in line)
    return Article(
        url="https://example.com/a",
        source_id="sample",
        title=unbrace(fields["title"][1:-1]),  # the generator quoted without escaping
        body_html=unbrace(rest[: -len(CLOSE)]),
        categories=[line[3:] for line in lines if line.startswith(" - ")],
        publisher=fields["author"],
        published=parsedate_to_datetime(fields["date"]).astimezone(UTC),
    )


def kkj_samples() -> list[str]:
    names = sorted(
        p.name for p in SAMPLES.glob("*.md") if f"\n - {KKJ}\n" in p.read_text(encoding="utf-8")
    )
    assert "seed-example.md" in names
    assert len(names) == 16
    return names


def expected_front_matter(a: Article, image: str) -> dict[str, Any]:
    """What a YAML parser must read back from render_post(a, image) when `a` has no body image."""
    return {
        "title": escape_braces(post_title(a.title)),
        "categories": [escape_braces(c) for c in a.categories],
        "headimg": escape_braces(image),
        "author": escape_braces(a.publisher),
        "comments": False,
        "date": "Sun, 18 Jul 2021 18:56:44 GMT",
        "thumbnail": escape_braces(image),
    }


def front_matter(post: str) -> dict[str, Any]:
    loaded = yaml.safe_load(post.split("\n---\n", 2)[1])
    assert isinstance(loaded, dict)
    return loaded


def article(**kw: Any) -> Article:
    base: dict[str, Any] = {
        "url": "https://example.com/a",
        "source_id": "t",
        "title": "T",
        "body_html": '<p><img src="https://img/x.png"></p>',
        "categories": ["新媒体", KKJ, "最新新闻"],
        "publisher": KKJ,
        "published": WHEN,
    }
    return Article(**{**base, **kw})


@pytest.mark.parametrize("name", [*kkj_samples(), *OTHER_GOLDEN])
def test_render_is_byte_exact_on_samples(name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    text = data.decode("utf-8")
    assert render_post(sample_article(text)).encode("utf-8") == data


def test_seed_keeps_its_no_break_space() -> None:
    text = (SAMPLES / "seed-example.md").read_text(encoding="utf-8")
    assert render_post(sample_article(text)).count("\u00a0") == 1


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("BAT为何纷纷下场“造芯”？", "BAT为何纷纷下场_造芯_？"),
        ("0.14元/片！", "0.14元_片！"),
        ("80g*2瓶", "80g_2瓶"),
        ("Vue: Uncaught TypeError:", "Vue_ Uncaught TypeError_"),
        ("NFT?", "NFT_"),
        ("a\\b<c>d|e[f]g\"h'i", "a_b_c_d_e_f_g\"h'i"),
        ("全角：？｜＃．#.", "全角：？｜＃．#."),
        ("  a \n\t b\r\n\x00c\x7f\x85\u2028d  ", "a b c d"),
        ("\ufffe\uffff", ""),
        ("", ""),
    ],
)
def test_post_title(title: str, expected: str) -> None:
    assert post_title(title) == expected


def test_layout_keys_and_padding() -> None:
    post = render_post(article(title="T", body_html='<img src="I">'))
    assert post == (
        "\n---\ntitle: 'T'\ncategories: \n - 新媒体\n - 快科技（原驱动之家）\n - 最新新闻\n"
        "headimg: 'I'\nauthor: 快科技（原驱动之家）\ncomments: false\n"
        "date: Sun, 18 Jul 2021 18:56:44 GMT\nthumbnail: 'I'\n---\n\n"
        '<div>   \n<img src="I">  \n</div>\n            '
    )


def test_no_image_uses_default_else_omits_keys() -> None:
    assert "headimg: 'https://d/x.png'\n" in render_post(
        article(body_html="<p>x</p>"), "https://d/x.png"
    )
    post = render_post(article(body_html="<p>x</p>"))
    assert "headimg" not in post
    assert "thumbnail" not in post
    assert set(front_matter(post)) == {"title", "categories", "author", "comments", "date"}


def test_lead_image_is_not_the_headimg() -> None:
    post = render_post(article(body_html="<p>x</p>", lead_image="https://lead/x.png"))
    assert "lead" not in post


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<p><img alt="a" src="https://a/1.png"><img src="https://a/2.png"></p>',
            "https://a/1.png",
        ),
        ('<IMG SRC="https://a/1.png?x=1&amp;y=2">', "https://a/1.png?x=1&y=2"),
        ("<img src=''><img alt=x><img src=https://a/3.png>", "https://a/3.png"),
        (
            '<!-- <img src="https://no"> --><script>"<img src=no>"</script><img src="https://y">',
            "https://y",
        ),
        ("<p>no image</p>", None),
    ],
)
def test_first_image(body: str, expected: str | None) -> None:
    assert first_image(body) == expected


def test_image_url_with_quote_and_braces_round_trips() -> None:
    url = "https://a/it's{x}.png"
    fm = front_matter(render_post(article(body_html=f'<img src="{url}">')))
    assert fm["headimg"] == fm["thumbnail"] == escape_braces(url)


@pytest.mark.parametrize(
    "published",
    [
        WHEN,
        WHEN.astimezone(timezone(timedelta(hours=8))),
        WHEN.astimezone(timezone(timedelta(hours=-5, minutes=-30))),
    ],
)
def test_date_is_rfc1123_gmt(published: datetime) -> None:
    post = render_post(article(published=published))
    assert "\ndate: Sun, 18 Jul 2021 18:56:44 GMT\n" in post
    assert front_matter(post)["date"] == "Sun, 18 Jul 2021 18:56:44 GMT"


@pytest.mark.parametrize("published", [None, datetime(2021, 7, 18, 18, 56, 44)])
def test_date_is_required_and_aware(published: datetime | None) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        render_post(article(published=published))


def test_categories_must_be_three() -> None:
    with pytest.raises(ValueError, match="three categories"):
        render_post(article(categories=["a", "b"]))


def test_every_brace_becomes_an_entity() -> None:
    post = render_post(
        article(
            title="{{ page.title }} {% raw %}",
            body_html='<img src="https://a/{x}.png"><style>p{color:red}</style>{{ x }}',
            categories=["{a}", "b", "c"],
            publisher="{%p%}",
        )
    )
    assert "{" not in post
    assert "}" not in post
    assert "&#123;&#123; x &#125;&#125;" in post
    fm = front_matter(post)
    assert fm["title"] == "&#123;&#123; page.title &#125;&#125; &#123;% raw %&#125;"
    assert fm["author"] == "&#123;%p%&#125;"


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


def js_yaml_env() -> dict[str, str] | None:
    """The environment that lets node require js-yaml, or None when node or js-yaml is missing."""
    if shutil.which("node") is None:
        return None
    env = dict(os.environ)
    if os.environ.get("NEWSCRAWL_NODE_PATH"):
        env["NODE_PATH"] = os.environ["NEWSCRAWL_NODE_PATH"]
    probe = subprocess.run(
        ["node", "-e", "require('js-yaml')"], env=env, capture_output=True, check=False
    )
    return env if probe.returncode == 0 else None


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
    env = js_yaml_env()
    if env is None:
        pytest.skip("node with js-yaml not found (set NEWSCRAWL_NODE_PATH to its node_modules)")
    cases, image = js_yaml_cases(), "https://i/it's{1}.png"
    posts = [render_post(a, image) for a in cases]
    # hexo-front-matter hands js-yaml everything before the closing `---` line.
    docs = [post[: post.index("\n---\n", 1)] for post in posts]
    run = subprocess.run(
        ["node", "-e", JS_LOAD], input=json.dumps(docs), env=env,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    for a, got in zip(cases, json.loads(run.stdout), strict=True):
        assert got == expected_front_matter(a, image)
