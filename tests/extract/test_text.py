"""clean_text and unique_texts: what selector values, feed titles and author lists go through."""

from __future__ import annotations

import subprocess
import sys

from newscrawl.extract.text import clean_text, unique_texts


def test_whitespace_of_every_kind_becomes_one_space() -> None:
    assert (
        clean_text("\n  Breaking:\u00a0the\tvote\r\n\u2003is in \u3000")
        == "Breaking: the vote is in"
    )


def test_control_characters_become_spaces() -> None:
    assert clean_text("Prime\x00minister\x1b[0m resigns\x7f") == "Prime minister [0m resigns"


def test_unique_texts_keeps_the_first_of_each_cleaned_value() -> None:
    names = ["  Ana  Lima", "", "Bo Chen", "Ana\u00a0Lima", " \n", "Bo Chen "]
    assert unique_texts(names) == ["Ana Lima", "Bo Chen"]


def test_importers_of_clean_text_do_not_import_the_extraction_stack() -> None:
    """clean/normalize.py and extract/feed.py need one text function, not extract/article.py
    and what it imports (~80 ms of a crawl's start)."""
    code = (
        "import sys, newscrawl.clean.normalize, newscrawl.extract.feed; "
        "print('newscrawl.extract.article' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
