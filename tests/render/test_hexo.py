"""newscrawl's posts built by a real Hexo 7 site (tests/hexo): all of them, with the right metadata.

tests/hexo is a minimal site (pinned hexo, hexo-renderer-ejs, hexo-renderer-marked) whose theme
prints, in each post's page, `<pre id="newscrawl-post">` holding HTML-escaped JSON: source path,
title, date (ISO, UTC) and categories as chains of names from the root. `.ci/run` installs its
node_modules and exports NEWSCRAWL_HEXO_DIR; locally `npm ci` in tests/hexo works too.

What Hexo 7.3 really does, checked here:
- `page.title` is the front-matter string as js-yaml reads it: brace entities stay `&#123;`/`&#125;`
  (Hexo decodes nothing), so it equals PyYAML's value exactly.
- the date is the RFC 1123 GMT instant, whatever the machine's zone (Hexo runs in Asia/Shanghai).
- `{{ }}`/`{% %}` from article text are never executed: in the file they are entities, so Nunjucks
  sees no tags and the page shows the literal text.
- files or folders under source/_posts whose name starts with `_` or `.` are silently skipped.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from helpers import FIXTURES, article, newscrawl
from nodejs import HEXO_TZ, Built, hexo_generate, hexo_or_skip

from newscrawl.items import Article
from newscrawl.render.names import category_dirs, post_relpath
from newscrawl.render.post import post_title, render_post

pytestmark = pytest.mark.e2e

SAMPLES = FIXTURES / "posts"
DEMO_ARTICLES = 7  # rss.xml of the bundled demo site
SITE_TITLE = "HEXO-SITE-TITLE-SENTINEL"  # tests/hexo/_config.yml


@pytest.fixture(scope="module")
def modules() -> Path:
    return hexo_or_skip()


def unbrace(text: str) -> str:
    return text.replace("&#123;", "{").replace("&#125;", "}")


def front_matter(text: str) -> dict[str, Any]:
    """PyYAML's reading of a post's front matter (the file starts with `\\n---\\n`)."""
    empty, head, _body = text.split("\n---\n", 2)
    assert empty == ""
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


def expected_instant(value: object) -> datetime:
    """The instant Hexo should give: RFC 1123 strings are absolute; a YAML timestamp without a
    zone (2 of the generator's samples) is wall-clock time in the zone Hexo runs in."""
    if isinstance(value, str):
        return parsedate_to_datetime(value)
    assert isinstance(value, datetime)
    assert value.tzinfo is None
    return value.replace(tzinfo=ZoneInfo(HEXO_TZ))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


# Hostile titles: both quote kinds, template syntax, YAML indicators, emoji. None of them starts
# with a character newscrawl turns into `_` (those are test_underscore_names_are_lost_by_hexo).
HOSTILE_TITLES = [
    """He said "hi" and it's {{ x }} {% raw %} # tag: value 🎉""",
    "{% raw %}{{ site.title }}{% endraw %} {%- if true -%}yes{% endif %}",
    "Title: with colon #hash and ' single",
    """'starts single' then "double" then 'again'""",
    '"starts double" and a backslash \\ and {#comment#}',
    "🎉😀 emoji first, then ：？｜full-width",
    "- dash, ! bang, & amp, % pct, @ at, `tick` and `{{`",
    "true",
    "2021-07-18 18:56:44",
    "}} unbalanced {% endfor %} {{",
]
HOSTILE_BODY = (
    "<p>literal {{ site.title }} and {{ page.title }}</p>\n"
    "<p>{% if true %}IF-RAN{% endif %} {% raw %}raw{% endraw %} {% endraw %} {#note#}</p>\n"
    "---\n"
    "<p>after a --- line: x</p>\n"
    "\n"
    "---\n"
    "\n"
    '<p>an image <img src="https://img.example.com/a.png?x={1}" referrerpolicy="no-referrer"></p>'
)
HOSTILE_CATEGORIES = [
    ["新媒体", "快科技（原驱动之家）", "最新新闻"],
    ["编程", "Site: #1 {x}", "最新、熱議、精華"],
    ["社交媒体", 'it\'s "both"', "{% raw %} L3"],
]


def hostile_articles() -> list[Article]:
    base = datetime(2021, 7, 18, 18, 56, 44, tzinfo=UTC)
    zones = [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30))]
    return [
        article(
            url=f"https://example.com/hostile/{i}",
            source_id="hostile",
            title=title,
            body_html=HOSTILE_BODY,
            categories=HOSTILE_CATEGORIES[i % 3],
            publisher=HOSTILE_CATEGORIES[i % 3][1],
            published=(base + timedelta(days=i, seconds=i)).astimezone(zones[i % 3]),
        )
        for i, title in enumerate(HOSTILE_TITLES)
    ]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """relpath under _posts -> post text: a real demo crawl, hostile posts, the 28 samples."""
    data = tmp_path_factory.mktemp("data")
    result = newscrawl("demo", "--data", str(data), timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    posts_dir = data / "posts"
    crawled = {
        p.relative_to(posts_dir).as_posix(): p.read_bytes().decode("utf-8")
        for p in sorted(posts_dir.rglob("*.md"))
    }
    assert len(crawled) == DEMO_ARTICLES
    assert all(rel.count("/") == 3 for rel in crawled)  # L1/L2/L3/name.md

    posts = dict(crawled)
    for hostile in hostile_articles():
        rel = post_relpath(hostile, taken=posts.__contains__)
        posts[rel] = render_post(hostile)
    for sample in sorted(set(SAMPLES.glob("*.md")) - {SAMPLES / "README.md"}):
        posts[f"samples/{sample.name}"] = sample.read_text(encoding="utf-8")
    assert len(posts) == DEMO_ARTICLES + len(HOSTILE_TITLES) + 28
    return posts


@pytest.fixture(scope="module")
def built(modules: Path, corpus: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Built:
    return hexo_generate(modules, tmp_path_factory.mktemp("hexo") / "site", corpus)


def test_every_post_is_generated(corpus: dict[str, str], built: Built) -> None:
    assert sorted(built.posts) == sorted(corpus)


def test_titles_dates_and_categories_match_the_front_matter(
    corpus: dict[str, str], built: Built
) -> None:
    for rel, text in corpus.items():
        fm, got = front_matter(text), built.posts[rel]
        # Hexo keeps the title as written: `&#123;`/`&#125;` are not decoded, nothing else changes.
        assert got["title"] == fm["title"], rel
        assert datetime.fromisoformat(got["date"]) == expected_instant(fm["date"]), rel
        cats = fm["categories"]
        assert [type(c) for c in cats] == [str, str, str], rel
        assert sorted(got["categories"]) == [cats[:1], cats[:2], cats[:3]], rel
        if not rel.startswith("samples/"):
            # newscrawl's own posts sit in their category folders: the path-safe names of the
            # categories (without brace entities), as newscrawl.render.names makes them.
            assert rel.split("/")[:3] == category_dirs([unbrace(c) for c in cats]), rel


def test_hostile_posts_keep_title_date_and_categories(built: Built) -> None:
    """Back to the Article: the title as post_title shows it, braces as entities; the instant."""
    for hostile in hostile_articles():
        assert hostile.published is not None
        got = built.posts[post_relpath(hostile)]
        assert unbrace(got["title"]) == post_title(hostile.title)
        assert not {"{", "}"} & set(got["title"])
        assert datetime.fromisoformat(got["date"]) == hostile.published
        assert [unbrace(c) for c in max(got["categories"], key=len)] == hostile.categories


def test_article_text_is_never_run_as_a_template(built: Built) -> None:
    assert "INFO  Start processing" in built.log
    for rel, content in built.content.items():
        assert SITE_TITLE not in content, rel
    hostile = [post_relpath(a) for a in hostile_articles()]
    for rel in hostile:
        text = visible_text(built.content[rel])
        assert "literal {{ site.title }} and {{ page.title }}" in text, rel
        assert "{% if true %}IF-RAN{% endif %} {% raw %}raw{% endraw %} {% endraw %}" in text, rel
        assert "after a --- line: x" in text, rel
    # The crawled 快科技 articles have their body text on the page.
    for rel, content in built.content.items():
        if rel.startswith("新媒体/快科技（原驱动之家）/最新新闻/") and rel not in hostile:
            assert len(visible_text(content).strip()) > 50, rel


def test_hexo_skips_names_starting_with_underscore_or_dot(modules: Path, tmp_path: Path) -> None:
    """Hexo 7 (`isHiddenFile` in processor/post) skips, without a word, any post whose path under
    source/_posts has a file or folder name starting with `_` or `.`; `_` elsewhere is fine."""
    seed = (SAMPLES / "seed-example.md").read_text(encoding="utf-8")
    names = {
        "A/B/C/plain.md": True,
        "A/B/C/mid_underscore.md": True,
        "A/B/C/trailing_.md": True,
        "A/B/C/_underscore.md": False,
        "A/B/C/.dot.md": False,
        "_A/B/C/in-underscore-folder.md": False,
        "A/.B/C/in-dot-folder.md": False,
        "A/B/_/in-bare-underscore-folder.md": False,
    }
    built = hexo_generate(modules, tmp_path / "site", dict.fromkeys(names, seed))
    assert sorted(built.posts) == sorted(rel for rel, kept in names.items() if kept)


# Titles that rule 6 would start with `_` (rule-6 characters first), and categories whose
# folder would start with `_` or `.`: names.py strips those, or Hexo would drop the posts.
HIDDEN_TITLES = ["[视频] 开箱", "“造芯”为何", ": colon first", "*star first", "?question"]
HIDDEN_CATEGORIES = [["新媒体", "快科技（原驱动之家）", "///"], [".NET", "Blog", "Latest"]]


def test_posts_whose_names_start_with_underscore_or_dot_are_generated(
    modules: Path, tmp_path: Path
) -> None:
    when = datetime(2022, 1, 1, tzinfo=UTC)
    articles = [
        article(
            url=f"https://example.com/hidden/{i}",
            source_id="hidden",
            title=title,
            body_html="<p>x</p>",
            categories=cats,
            publisher=cats[1],
            published=when,
        )
        for i, (title, cats) in enumerate(
            [(t, ["新媒体", "快科技（原驱动之家）", "最新新闻"]) for t in HIDDEN_TITLES]
            + [(f"plain title {i}", c) for i, c in enumerate(HIDDEN_CATEGORIES)]
        )
    ]
    posts = {post_relpath(a): render_post(a) for a in articles}
    assert len(posts) == len(articles)
    built = hexo_generate(modules, tmp_path / "site", posts)
    assert sorted(built.posts) == sorted(posts)
