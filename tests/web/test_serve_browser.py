"""`newscrawl serve` in a real headless Chromium (Debian's, driven by Playwright): browse,
search, open an article, screenshot it; a hostile body runs nothing.

Screenshots go to test-artifacts/serve/ (or $NEWSCRAWL_TEST_ARTIFACTS). Skipped only when
Playwright or a Chromium executable is missing, except in CI (.ci/run installs both).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, missing
from test_serve import (
    HOSTILE_URL,
    MARKERS,
    TESLA_TITLE,
    Served,
    serving,
    tilde_encode,
)

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
    with serving(tmp_path_factory.mktemp("serve-browser")) as server:
        yield server


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


def test_browse_search_and_open_an_article(
    served: Served, browser: Browser, artifacts: Path
) -> None:
    page, expect = browser.page, sync_api.expect
    page.goto(served.base_url + "/")
    expect(page.locator("h1")).to_have_text("newscrawl")
    expect(page.get_by_text("News articles archived by newscrawl. Read-only.")).to_be_visible()

    page.get_by_role("link", name="archive", exact=True).first.click()
    expect(page.locator("h1")).to_contain_text("newscrawl archive")
    expect(page.get_by_text("快科技（原驱动之家）")).to_be_visible()
    page.get_by_role("link", name="articles", exact=True).first.click()
    expect(page.locator("h1")).to_contain_text("Articles")

    page.locator("input#_search").fill("特斯拉")
    page.locator("input#_search").press("Enter")
    page.wait_for_url("**_search=*")
    expect(page.get_by_text("1 row where search matches")).to_be_visible()
    expect(page.locator("table.rows-and-columns").get_by_text(TESLA_TITLE)).to_be_visible()
    page.screenshot(path=str(artifacts / "search.png"), full_page=True)

    page.locator("table.rows-and-columns tbody tr td a").first.click()
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
