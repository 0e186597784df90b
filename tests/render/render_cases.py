"""What the render tests share: a 快科技 article to vary one field of, and what a YAML reader must
read back from its post's front matter."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime
from functools import partial
from typing import Any

import helpers
import yaml

from newscrawl.items import Article
from newscrawl.render.post import escape_braces, post_title

KKJ = "快科技（原驱动之家）"
WHEN = datetime(2021, 7, 18, 18, 56, 44, tzinfo=UTC)

# A 快科技 article with one image: what the render tests vary one field of.
article = partial(
    helpers.article,
    url="https://example.com/a",
    source_id="t",
    title="T",
    body_html='<p><img src="https://img/x.png"></p>',
    categories=["新媒体", KKJ, "最新新闻"],
    publisher=KKJ,
    published=WHEN,
)


def no_surrogates(text: str) -> str:
    """Lone surrogates (no characters) are written as U+FFFD in the front matter."""
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def expected_front_matter(a: Article, image: str) -> dict[str, Any]:
    """What a YAML parser must read back from render_post(a, image) when `a` has no body image."""
    return {
        "title": escape_braces(post_title(a.title)),
        "categories": [no_surrogates(escape_braces(c)) for c in a.categories],
        "headimg": no_surrogates(escape_braces(image)),
        "author": no_surrogates(escape_braces(a.publisher)),
        "comments": False,
        "date": "Sun, 18 Jul 2021 18:56:44 GMT",
        "thumbnail": no_surrogates(escape_braces(image)),
    }


def front_matter(post: str) -> dict[str, Any]:
    loaded = yaml.safe_load(post.split("\n---\n", 2)[1])
    assert isinstance(loaded, dict)
    return loaded


def node_json(script: str, data: object, env: dict[str, str]) -> Any:
    """What `node -e script` writes (as JSON) when given `data` (as JSON) on its stdin."""
    run = subprocess.run(
        ["node", "-e", script], input=json.dumps(data), env=env,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(run.stdout)
