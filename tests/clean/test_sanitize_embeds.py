"""Video embeds: an https iframe of a host the article's source lists in `embeds` is kept,
rebuilt with fixed attributes and a fixed sandbox; every other iframe goes (sanitize_body and
the pipeline that gives it each item's source)."""

from __future__ import annotations

from typing import Any

import pytest

from newscrawl import sources
from newscrawl.clean.policy import EMBED_SANDBOX
from newscrawl.clean.sanitize import embed_allowed, sanitize_body
from newscrawl.items import Article
from newscrawl.pipelines.sanitize import SanitizePipeline
from newscrawl.sources import Source, SourceError

EMBEDS = ("www.youtube.com", "player.bilibili.com")
YT = "https://www.youtube.com/embed/dQw4w9WgXcQ"
KEPT = f'<iframe src="{YT}" sandbox="{EMBED_SANDBOX}"></iframe>'


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        (f'<iframe src="{YT}"></iframe>', KEPT),
        (f"<IFRAME SRC={YT}></IFRAME>", KEPT),
        (
            f'<iframe width="560" height="315" src="{YT}" title="YouTube video player" '
            'frameborder="0" allow="autoplay; encrypted-media" referrerpolicy="unsafe-url" '
            "allowfullscreen></iframe>",
            f'<iframe width="560" height="315" src="{YT}" title="YouTube video player" '
            f'frameborder="0" allowfullscreen="" sandbox="{EMBED_SANDBOX}"></iframe>',
        ),
        # the site's own sandbox, srcdoc, handlers and odd sizes do not survive
        (
            f'<iframe src="{YT}" sandbox="allow-top-navigation allow-scripts" '
            'srcdoc="<script>alert(1)</script>" onload="alert(1)" width="1;x" loading="x">'
            "</iframe>",
            KEPT,
        ),
        # content is fallback for old browsers but markup to other parsers: dropped
        (f'<iframe src="{YT}"><img src=x onerror=alert(1)></iframe>', KEPT),
        (f'<iframe src="{YT}"></iframe x="</iframe>"><b>b</b>', f"{KEPT}<b>b</b>"),
        (
            '<iframe src="https://player.bilibili.com/player.html?aid=1&amp;page=1" '
            'scrolling="no" border="0" framespacing="0" width="100%"></iframe>',
            '<iframe src="https://player.bilibili.com/player.html?aid=1&amp;page=1" '
            f'width="100%" sandbox="{EMBED_SANDBOX}"></iframe>',
        ),
        (f'<p>a</p><iframe src="{YT}"></iframe><p>b</p>', f"<p>a</p>{KEPT}<p>b</p>"),
    ],
)
def test_embeds_from_allowed_hosts_are_kept_sandboxed(fragment: str, expected: str) -> None:
    out, found = sanitize_body(fragment, EMBEDS)
    assert found, "an iframe is always rebuilt (it needs the sandbox)"
    assert out == expected
    assert sanitize_body(out, EMBEDS)[0] == out


@pytest.mark.parametrize(
    "src",
    [
        "http://www.youtube.com/embed/x",  # not https
        "//www.youtube.com/embed/x",
        "/embed/x",
        "https://youtube.com/embed/x",  # another host, however close
        "https://www.youtube.com.evil.example/embed/x",
        "https://evil.example/www.youtube.com/embed/x",
        "https://www.youtube.com@evil.example/x",
        "https://evil.example\\@www.youtube.com/x",
        "https://www.youtube.com\\evil.example/x",
        "https://www.youtube.com:8443/embed/x",
        "https://www.youtube.com./embed/x",
        "https://www.youtube.com/embed/x y",
        "https://www.you&#x74;ube.com.evil.example/",
        "javascript:alert(1)//https://www.youtube.com/",
        "data:text/html,<script>alert(1)</script>",
        " https://www.youtube.com/embed/x",
    ],
)
def test_other_iframes_are_removed_whole(src: str) -> None:
    fragment = f'<p>a</p><iframe src="{src}"><b>fallback</b></iframe><p>b</p>'
    out, found = sanitize_body(fragment, EMBEDS)
    assert found
    assert out == "<p>a</p><p>b</p>"


def test_embed_url_check() -> None:
    hosts = frozenset(EMBEDS)
    assert embed_allowed(YT, hosts)
    assert embed_allowed("https://WWW.YouTube.com/embed/x?a=1#t=2", hosts)
    assert embed_allowed("https://www.youtube.com", hosts)
    assert not embed_allowed("https://www.youtube.com\\@evil.example/", hosts)
    assert not embed_allowed(YT, frozenset())


@pytest.mark.parametrize(
    "embeds",
    [("WWW.YouTube.com",), ("https://www.youtube.com",), ("youtube",), ("a/b.com",), ("",),
     ("www.youtube.com:443",), ("*.youtube.com",), "www.youtube.com"],
)  # fmt: skip
def test_source_embeds_must_be_host_names(embeds: Any) -> None:
    with pytest.raises(SourceError, match="embeds must be lowercase host names"):
        Source(
            id="video_site",
            name="V",
            domains=("v.example",),
            categories=("a", "b", "c"),
            author="V",
            embeds=embeds,
        )


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str) -> None:
        self.values[key] = self.values.get(key, 0) + 1


@pytest.fixture
def video_source(monkeypatch: pytest.MonkeyPatch) -> Source:
    source = Source(
        id="video_site",
        name="V",
        domains=("v.example",),
        categories=("a", "b", "c"),
        author="V",
        embeds=("www.youtube.com",),
    )
    monkeypatch.setitem(sources._registry(), source.id, source)
    return source


def test_pipeline_keeps_the_embeds_of_the_items_source(video_source: Source) -> None:
    body = f'<p>a</p><iframe src="{YT}"></iframe><iframe src="https://evil.example/"></iframe>'
    stats = _Stats()
    pipeline = SanitizePipeline(stats)
    kept = pipeline.process_item(Article(url="https://v.example/1", source_id="video_site",
                                         body_html=body))  # fmt: skip
    assert kept.body_html == f"<p>a</p>{KEPT}"
    assert kept.body_text == "a"
    for source_id in ("web", "mydrivers"):  # undeclared site; a source without embeds
        item = pipeline.process_item(Article(url="https://x/1", source_id=source_id,
                                             body_html=body))  # fmt: skip
        assert item.body_html == "<p>a</p>"
    assert stats.values == {"newscrawl/sanitized": 3}
