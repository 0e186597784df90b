"""`newscrawl serve` in a real headless Chromium (Debian's, driven by Playwright): the reader's
front page, a search with a filter, a source page, an article, the tables; screenshots of each;
a hostile body, title or text runs nothing.

Screenshots go to test-artifacts/serve/ (or $NEWSCRAWL_TEST_ARTIFACTS). Skipped only when
Playwright or a Chromium executable is missing, except in CI (.ci/run installs both).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, ROOT, missing
from served_archive import (
    HOSTILE_URL,
    MARKERS,
    TESLA_TITLE,
    Served,
    serving,
    tilde_encode,
)

from newscrawl.archive.store import Archive
from newscrawl.items import Article

# Raw in the archive, as an older version or another tool could have written it.
HOSTILE_HEADLINE = "<img src=x onerror=alert('XSS-TITLE')> headline"
CORPUS_URL = "http://127.0.0.1:9/hostile/corpus.htm"
VECTORS = [
    json.loads(line)["html"]
    for line in (FIXTURES / "xss" / "vectors.jsonl").read_text(encoding="utf-8").split("\n")
    if line.strip()
]
REQUIRED = "NEWSCRAWL_REQUIRE_BROWSER"  # .ci/run sets it: there a missing browser fails
try:
    from playwright import sync_api
except ImportError:
    missing("playwright is not installed (pip install playwright)", REQUIRED)
CHROMIUM = os.environ.get("NEWSCRAWL_CHROMIUM") or shutil.which("chromium")
if CHROMIUM is None:
    missing(
        "no chromium executable (apt-get install chromium, or set NEWSCRAWL_CHROMIUM)", REQUIRED
    )

pytestmark = pytest.mark.e2e
# Playwright's own browser download is not used: Debian's chromium, with the flags it needs
# on a machine without a GPU, a sandbox or outside network.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serving(tmp_path_factory.mktemp("serve-browser"), add_hostile_headline) as server:
        yield server


def add_hostile_headline(data: Path) -> None:
    with Archive(data / "archive.db") as archive:
        headline = Article(
            url="http://127.0.0.1:9/hostile/title.htm", source_id="hostile",
            title=HOSTILE_HEADLINE, body_text="<script>alert('XSS-TEXT')</script> text",
            tags=["<b>tag</b>"], published=datetime(2019, 1, 1, tzinfo=UTC),
        )  # fmt: skip
        archive.add(headline, None)
        # The whole XSS corpus as one article's title, text and body, stored unsanitized.
        archive.add(
            Article(
                url=CORPUS_URL, source_id="xsscorpus", title=VECTORS[0], body_html="".join(VECTORS),
                body_text=" ".join(VECTORS), published=datetime(2018, 1, 1, tzinfo=UTC),
            ),
            None,
        )  # fmt: skip


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = Path(os.environ.get("NEWSCRAWL_TEST_ARTIFACTS") or ROOT / "test-artifacts") / "serve"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Browser:
    """One page in a fresh Chromium profile; records every dialog (alert, confirm...)."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    profile = tmp_path_factory.mktemp("chromium-profile")  # new and empty
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield Browser(context)
        finally:
            context.close()


def open_the_tesla_article(browser: Browser, artifacts: Path) -> None:
    """From a list of cards, the Tesla article's page: its body as markup with a loaded local
    image; screenshot article.png."""
    page, expect = browser.page, sync_api.expect
    page.get_by_role("link", name=TESLA_TITLE).click()
    page.wait_for_url("**/archive/articles/*")
    body = page.locator(".newscrawl-body")
    expect(page.locator(".newscrawl-article h2")).to_have_text(TESLA_TITLE)
    expect(body).to_contain_text("冬季电动车的续航")
    expect(body.locator("p").first).to_be_visible()
    image = body.locator("img").first
    image.scroll_into_view_if_needed()
    expect(image).to_have_attribute("src", re.compile(r"^/-/images/full/"))
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    page.screenshot(path=str(artifacts / "article.png"), full_page=True)
    assert (artifacts / "article.png").stat().st_size > 10_000


def test_read_search_filter_and_open_an_article(
    served: Served, browser: Browser, artifacts: Path
) -> None:
    page, expect = browser.page, sync_api.expect
    page.goto(served.base_url + "/")
    expect(page.locator("h1")).to_have_text("Latest articles")
    cards = page.locator("li.newscrawl-card")
    expect(cards.first.locator("h2")).to_contain_text("五连降")
    lead = cards.first.locator("img")
    expect(lead).to_have_attribute("src", re.compile(r"^/-/images/full/"))
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=lead.element_handle())
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)

    page.get_by_label("Search").fill("特斯拉")
    page.get_by_label("Source").select_option("mydrivers")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/?q=*source=mydrivers*")
    expect(page.locator("h1")).to_have_text("Search: 特斯拉")
    expect(cards).to_have_count(1)
    expect(cards.first.locator("h2")).to_have_text(TESLA_TITLE)
    expect(cards.first.locator("mark").first).to_have_text("特斯拉")
    page.screenshot(path=str(artifacts / "search.png"), full_page=True)

    cards.first.locator("a.newscrawl-source").click()
    page.wait_for_url("**/source/mydrivers")
    expect(page.locator("h1")).to_have_text("快科技（原驱动之家）")
    expect(cards).to_have_count(7)
    page.screenshot(path=str(artifacts / "source.png"), full_page=True)

    open_the_tesla_article(browser, artifacts)
    assert browser.dialogs == []


def test_the_tables_are_one_click_away(served: Served, browser: Browser, artifacts: Path) -> None:
    page, expect = browser.page, sync_api.expect
    page.goto(served.base_url + "/")
    page.get_by_role("link", name="Articles table").first.click()
    expect(page.locator("h1")).to_contain_text("Articles")
    # The bodies are left out of the table unless asked for.
    expect(page.locator("th.col-title")).to_have_count(1)
    expect(page.locator("th.col-body_html")).to_have_count(0)
    page.locator("input#_search").fill("特斯拉")
    page.locator("input#_search").press("Enter")
    page.wait_for_url("**_search=*")
    expect(page.get_by_text("1 row where search matches")).to_be_visible()
    expect(page.locator("table.rows-and-columns").get_by_text(TESLA_TITLE)).to_be_visible()
    page.screenshot(path=str(artifacts / "table-search.png"), full_page=True)
    page.goto(served.base_url + "/")
    page.get_by_role("link", name="Tables & SQL").first.click()
    expect(page.locator("h1")).to_contain_text("newscrawl archive")
    expect(page.get_by_text("快科技（原驱动之家）")).to_be_visible()
    assert browser.dialogs == []


def test_a_hostile_title_and_text_stay_text_on_the_reader(
    served: Served, browser: Browser, artifacts: Path
) -> None:
    page, expect = browser.page, sync_api.expect
    page.goto(served.base_url + "/source/hostile")
    card = page.locator("li.newscrawl-card", has_text="headline")
    expect(card.locator("h2")).to_have_text(HOSTILE_HEADLINE)
    expect(card.locator(".newscrawl-snippet")).to_contain_text("<script>alert('XSS-TEXT')</script>")
    expect(card.locator(".newscrawl-tags a")).to_have_text("#<b>tag</b>")
    assert page.locator(".content img[onerror], .content script").count() == 0
    page.wait_for_load_state("load")
    page.screenshot(path=str(artifacts / "hostile-reader.png"), full_page=True)
    assert browser.dialogs == []


def test_a_hostile_body_runs_nothing_in_the_browser(
    served: Served, browser: Browser, artifacts: Path
) -> None:
    page, expect = browser.page, sync_api.expect
    page.goto(served.base_url + "/archive/articles/" + tilde_encode(HOSTILE_URL))
    body = page.locator(".newscrawl-body")
    expect(body.locator(".kept strong")).to_have_text("bold")
    expect(body.locator(".after")).to_have_text("After them.")
    assert body.locator("script, iframe, [onerror]").count() == 0
    # The body stayed in its place: the stray end tags closed none of the page's elements.
    assert page.locator("article.newscrawl-article > .newscrawl-body .after").count() == 1
    page.wait_for_load_state("load")
    content = page.content()
    assert not [marker for marker in MARKERS if marker in content]
    page.screenshot(path=str(artifacts / "hostile.png"), full_page=True)
    assert browser.dialogs == []


def test_the_xss_corpus_stays_inert_on_the_reader_and_the_article_page(
    served: Served, browser: Browser, artifacts: Path
) -> None:
    page, expect = browser.page, sync_api.expect
    page.goto(served.base_url + "/source/xsscorpus")
    card = page.locator("li.newscrawl-card")
    expect(card.locator("h2")).to_have_text(VECTORS[0])  # the title shown as text
    page.wait_for_load_state("load")
    assert page.locator(".newscrawl-cards script, .newscrawl-cards [onerror]").count() == 0
    page.screenshot(path=str(artifacts / "corpus-reader.png"), full_page=True)
    card.locator("h2 a").click()
    page.wait_for_url("**/archive/articles/*")
    page.wait_for_load_state("load")
    body = page.locator(".newscrawl-body")
    expect(body).to_have_count(1)
    assert body.locator("script, iframe, object, embed, [onerror], [onload]").count() == 0
    page.screenshot(path=str(artifacts / "corpus-article.png"), full_page=True)
    assert browser.dialogs == []  # every vector calls alert(): none ran
