"""extract/body hands trafilatura options copied from one built once: they must be the
options bare_extraction builds from its arguments for each page."""

from __future__ import annotations

import pytest
from trafilatura.settings import Extractor

from newscrawl.extract.body import _options, _options_template


@pytest.mark.parametrize("url", ["https://example.com/a/1.html", "https://例え.jp/記事", ""])
def test_the_copied_options_are_bare_extractions(url: str) -> None:
    # what bare_extraction(page, url=url, fast=True, include_comments=False,
    # include_tables=True) builds
    built = Extractor(output_format="python", fast=True, comments=False, tables=True, url=url)
    copied = _options(url)
    for name in Extractor.__slots__:
        assert getattr(copied, name) == getattr(built, name), name


def test_each_page_gets_its_own_options() -> None:
    first, second = _options("https://a.example/1"), _options("https://b.example/2")
    assert first is not second
    assert (first.url, second.url) == ("https://a.example/1", "https://b.example/2")


def test_options_copied_after_midnight_have_todays_latest_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the template was built on a crawl's first page, yesterday; the crawl reads on past midnight
    template = _options_template()
    yesterday = {**template.date_params, "max_date": "2000-01-01"}
    monkeypatch.setattr(template, "date_params", yesterday)
    built = Extractor(output_format="python", fast=True, comments=False, tables=True)
    assert _options("https://example.com/a/1.html").date_params == built.date_params
