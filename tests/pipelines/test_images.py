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


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://img.example/a.jpg?w=1&h=2", "https://img.example/a.jpg?h=2&w=1"),
        ("https://img.example/a.jpg", "https://img.example/a.jpg#top"),
        ("https://img.example/a b.jpg", "https://img.example/a%20b.jpg"),
        ("https://img.example/a.jpg", "https://img.example/b.jpg"),
        ("https://img.example/a.jpg?w=1", "https://img.example/a.jpg?w=2"),
    ],
)
def test_images_are_told_apart_as_scrapys_fingerprint_tells_them(a: str, b: str) -> None:
    """One download for two names of one image, and for no two images: the pipeline's keys
    are equal exactly when Scrapy's request fingerprints of the image requests are."""
    from scrapy.utils.request import fingerprint

    from newscrawl.pipelines.images import ImageKeys

    keys = ImageKeys()
    same = keys.fingerprint(Request(a)) == keys.fingerprint(Request(b))
    assert same is (fingerprint(Request(a)) == fingerprint(Request(b)))
