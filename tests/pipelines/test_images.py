"""Stored image names: inside the store, sha1 of the URL, and only raster extensions."""

from __future__ import annotations

import re

import pytest
from scrapy import Request

from newscrawl.pipelines.images import ArticleImagesPipeline


@pytest.mark.parametrize(
    ("url", "ext"),
    [
        ("https://img.example/a.png", ".png"),
        ("https://img.example/a.JPG", ".jpg"),
        ("https://img.example/a.webp?w=600", ".webp"),
        ("https://img.example/a.html", ".img"),  # would be served as a page
        ("https://img.example/a.svg", ".img"),  # a document that can carry script
        ("https://img.example/a.php?id=1", ".img"),
        ("https://img.example/../../etc/passwd", ".img"),
        ("https://img.example/noext", ".img"),
    ],
)
def test_stored_names_are_safe(url: str, ext: str) -> None:
    pipeline = ArticleImagesPipeline.__new__(ArticleImagesPipeline)  # file_path needs no state
    path = pipeline.file_path(Request(url))
    assert re.fullmatch(r"full/[0-9a-f]{40}\.[a-z]+", path), path
    assert path.endswith(ext)
