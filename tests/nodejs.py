"""The Node.js tools that posts are checked with: a pinned Hexo 7 site and js-yaml.

Hexo's build (tests/render/test_hexo.py, tests/clean/test_xss_posts.py) and js-yaml's reading of
front matter (tests/render/test_front_matter*.py) are the only ground truth for what a Hexo
reader gets, so where they are required (NEWSCRAWL_REQUIRE_NODE, set by .ci/run) a missing tool
fails the test instead of skipping it; elsewhere it skips with how to install it.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, TESTS, missing

REQUIRED = "NEWSCRAWL_REQUIRE_NODE"
HEXO_SITE = TESTS / "hexo"
HEXO_TZ = "Asia/Shanghai"  # not UTC, so a date read as wall-clock time would show
META = re.compile(r'<pre id="newscrawl-post">(.*?)</pre>', re.DOTALL)
CONTENT = re.compile(r'<article id="newscrawl-content">(.*)</article>', re.DOTALL)


def _node() -> None:
    if shutil.which("node") is None:
        missing("node not found: the Hexo and js-yaml checks need Node.js", REQUIRED)


def hexo_modules() -> Path | None:
    """The node_modules holding hexo: $NEWSCRAWL_HEXO_DIR, else .ci/hexo's, else tests/hexo's."""
    env = os.environ.get("NEWSCRAWL_HEXO_DIR")
    candidates = (
        [Path(env)] if env else [ROOT / ".ci/hexo/node_modules", HEXO_SITE / "node_modules"]
    )
    for modules in candidates:
        if (modules / "hexo" / "bin" / "hexo").is_file():
            return modules.resolve()
    if env:
        pytest.fail(f"NEWSCRAWL_HEXO_DIR={env} has no hexo/bin/hexo")
    return None


def hexo_or_skip() -> Path:
    """Hexo's node_modules, or the test skips (fails where Node.js is required)."""
    _node()
    found = hexo_modules()
    if found is None:
        missing(
            "Hexo not installed: set NEWSCRAWL_HEXO_DIR to a node_modules made by "
            "`npm ci` in tests/hexo (.ci/run does this), or run `npm ci` in tests/hexo",
            REQUIRED,
        )
    return found


def js_yaml_or_skip() -> dict[str, str]:
    """The environment that lets node require js-yaml, or the test skips (fails if required)."""
    _node()
    env = dict(os.environ)
    # js-yaml from NEWSCRAWL_NODE_PATH; Hexo's own front-matter reader too when it is installed.
    hexo = os.environ.get("NEWSCRAWL_HEXO_DIR") or str(ROOT / ".ci/hexo/node_modules")
    paths = [os.environ.get("NEWSCRAWL_NODE_PATH", ""), hexo if Path(hexo).is_dir() else ""]
    env["NODE_PATH"] = os.pathsep.join(p for p in paths if p)
    probe = subprocess.run(
        ["node", "-e", "require('js-yaml')"], env=env, capture_output=True, check=False
    )
    if probe.returncode != 0:
        missing(
            "node with js-yaml not found (set NEWSCRAWL_NODE_PATH to its node_modules)", REQUIRED
        )
    return env


@dataclass
class Built:
    posts: dict[str, dict[str, Any]]  # relpath under _posts -> the theme's JSON for it
    content: dict[str, str]  # relpath -> the rendered post body HTML
    log: str


def hexo_generate(modules: Path, site: Path, posts: dict[str, str]) -> Built:
    """Copy tests/hexo to `site`, write `posts` (relpath -> text) to source/_posts, generate."""
    shutil.copytree(
        HEXO_SITE, site, ignore=shutil.ignore_patterns("node_modules", "public", "db.json")
    )
    (site / "node_modules").symlink_to(modules, target_is_directory=True)
    for rel, text in posts.items():
        path = site / "source" / "_posts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    result = subprocess.run(
        ["node", str(modules / "hexo" / "bin" / "hexo"), "generate"],
        cwd=site,
        env={**os.environ, "TZ": HEXO_TZ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-5000:]
    # Hexo logs a post or layout that fails to process and still exits 0.
    bad = [line for line in log.splitlines() if re.match(r"\s*(ERROR|FATAL|WARN)\b", line)]
    assert not bad, log[-5000:]
    return _read_built(site / "public", log)


def _read_built(public: Path, log: str) -> Built:
    built = Built({}, {}, log)
    for page in sorted(public.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        meta = META.search(text)
        if meta is None:
            continue
        info = json.loads(html.unescape(meta.group(1)))
        rel = info["source"].removeprefix("_posts/")
        assert rel not in built.posts, f"{rel} generated twice"
        built.posts[rel] = info
        body = CONTENT.search(text)
        assert body is not None, page
        built.content[rel] = body.group(1)
    return built
