"""Quality gate of the generic extraction: pinned floors, checked on real pages at every run.

The pages and their expected values are the benchmark's own, committed under
`benchmarks/data/` (so a fresh clone has them; their origins and licenses are in
`benchmarks/data/README.md`): the 181 pages of the Zyte article-extraction benchmark
(scrapinghub/article-extraction-benchmark, MIT), the 135 corpus article pages with expected
title, authors, date and body (flairNLP/fundus, MIT; newspaper4k, MIT; mozilla/readability,
Apache-2.0; chardet, LGPL-2.1), the 673 `extra/` pages (readability, newspaper4k, postlight,
trafilatura's evaluation set; their README) and the 173 `more/` pages (metascraper, MIT; goose3
and snacktory, Apache-2.0; their README). Scoring and the by-site split into a tuning and a
validation part are `benchmarks/extraction.py`'s, imported from there, so the gate and the
benchmark table cannot disagree. The validation part holds sites no rule was tuned on: its
floors say how the extraction does on sites it was not fitted to. The gate runs only
newscrawl (not trafilatura), in ~25 s on an idle 2-core machine.

FLOORS only go up: when a change measures better (`python benchmarks/extraction.py`), raise the
floor to the new figure rounded down; a change that would lower one is a regression to fix,
not a floor to move.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from types import ModuleType
from typing import Any

import pytest
from helpers import ROOT, load_script

DATA = ROOT / "benchmarks" / "data"

# Measured on the committed pages (2026-11-24); see the README's extraction benchmark table.
FLOORS = {
    # Lower than the tuned figures once were: the Zyte labels leave a standfirst out of the
    # body, most development labels keep it, and keeping it wins on the validation part (again
    # 2026-12-07: the standfirst no class names, a subtitle beside the <h1>; and the lead
    # under the article's own <h1> when a menu's <h1> comes first).
    "zyte precision": 0.978,
    "zyte recall": 0.9865,
    "zyte f1": 0.982,
    "zyte accuracy": 0.44,
    # Lower than the tuned figure once was: a fundus label that keeps og:title's ASCII quotes
    # where the page's <h1> is typographic, or og:title where the page's <h1>, <title> and
    # JSON-LD headline agree on another headline, loses to a rule that validation confirms
    # (which true headline a publisher's label takes is its own choice; README).
    "corpus title": 0.87,
    "corpus minute": 0.95,
    "corpus day": 0.99,
    "corpus authors": 0.925,
    "corpus body precision": 0.972,
    "corpus body recall": 0.9855,
    "corpus body f1": 0.979,
    # The validation part (259 pages of 217 sites), measured 2026-12-07.
    "validation title": 0.874,
    # The title step alone on the validation pages with fewer title fields, as a site that
    # writes none may (benchmarks/extraction_titles.py's readings), measured 2026-12-07.
    "validation title, no og/JSON-LD": 0.866,
    "validation title, <title> only": 0.778,
    "validation minute": 0.88,
    "validation day": 0.919,
    # The validation part's dated pages with their date metadata removed
    # (benchmarks/extraction_dates.py): dated from what they show readers, 2026-12-07.
    "validation no date metadata minute": 0.65,
    "validation no date metadata day": 0.886,
    "validation authors": 0.85,
    # The validation part's pages with their author metadata removed
    # (benchmarks/extraction_authors.py): credited from what they show readers, 2026-12-08.
    "validation no author metadata authors": 0.755,
    "validation body precision": 0.971,
    "validation body recall": 0.9765,
    "validation body f1": 0.974,
    "validation contains": 0.95,
    "validation excludes": 0.943,
    # The validation side of more/ (86 pages of 55 sites from metascraper's, goose3's and
    # snacktory's test suites, added 2026-12-08 and split by the same rule; no rule was written
    # on them), measured 2026-12-08.
    "more validation title": 0.94,
    "more validation minute": 0.85,
    "more validation day": 0.94,
    "more validation authors": 0.895,
    "more validation contains": 0.98,
}


@cache
def _bench() -> ModuleType:
    return load_script(ROOT / "benchmarks" / "extraction.py", "newscrawl_bench_extraction")


@cache
def _measured() -> dict[str, float]:
    bench = _bench()
    pages, truth = bench.zyte_pages(DATA / "zyte")
    zyte = bench.body_score(truth, {p.id: bench.ours(p).body for p in pages})
    corpus_pages = bench.corpus_pages(DATA / "corpus")
    corpus = bench.corpus_score(corpus_pages, {p.id: bench.ours(p) for p in corpus_pages})
    return {
        "zyte precision": zyte.precision,
        "zyte recall": zyte.recall,
        "zyte f1": zyte.f1,
        "zyte accuracy": zyte.accuracy,
        **_fields("corpus", corpus),
        **_validation(bench),
        **_validation_without_date_metadata(bench),
        **_validation_without_author_metadata(bench),
        **_title_readings(bench),
        **_more_validation(bench),
    }


def _fields(name: str, score: Any) -> dict[str, float]:
    """A corpus score's field and body figures, under `name` (corpus, validation)."""
    return {
        f"{name} title": score.title,
        f"{name} minute": score.minute,
        f"{name} day": score.day,
        f"{name} authors": score.authors,
        f"{name} body precision": score.body.precision,
        f"{name} body recall": score.body.recall,
        f"{name} body f1": score.body.f1,
    }


def _validation(bench: ModuleType) -> dict[str, float]:
    found = bench.validation_pages([DATA / "corpus", DATA / "extra"])
    score = bench.corpus_score(found, {p.id: bench.ours(p) for p in found})
    return {
        **_fields("validation", score),
        "validation contains": score.contains,
        "validation excludes": score.excludes,
    }


def _more_validation(bench: ModuleType) -> dict[str, float]:
    """The validation side of `more/` (labelled pages added on 2026-12-08 from test suites no
    rule had been written on, split by the same rule and scored apart, as extraction.py does)."""
    found = bench.more_parts([DATA / "corpus", DATA / "extra"], DATA / "more")["validation"]
    score = bench.corpus_score(found, {p.id: bench.ours(p) for p in found})
    return {
        "more validation title": score.title,
        "more validation minute": score.minute,
        "more validation day": score.day,
        "more validation authors": score.authors,
        "more validation contains": score.contains,
    }


def _validation_without_date_metadata(bench: ModuleType) -> dict[str, float]:
    """Minute and day of the validation part's dated pages read as a site that writes no date
    fields (extraction_dates.without_date_metadata)."""
    score = _validation_saying_less(
        bench, "extraction_dates", "without_date_metadata", "publishing_date"
    )
    return {
        "validation no date metadata minute": score.minute,
        "validation no date metadata day": score.day,
    }


def _validation_without_author_metadata(bench: ModuleType) -> dict[str, float]:
    """Authors of the validation part's credited pages read as a site that writes no author
    fields (extraction_authors.without_author_metadata)."""
    score = _validation_saying_less(
        bench, "extraction_authors", "without_author_metadata", "authors"
    )
    return {"validation no author metadata authors": score.authors}


def _validation_saying_less(bench: ModuleType, script: str, strip: str, expected: str) -> Any:
    """The score of the validation part's pages that expect `expected`, each page's HTML first
    passed through `strip` of benchmarks/`script`.py (fields taken away)."""
    module = load_script(ROOT / "benchmarks" / f"{script}.py", f"newscrawl_bench_{script}")
    pages = [
        dataclasses.replace(p, html=getattr(module, strip)(p.html))
        for p in bench.validation_pages([DATA / "corpus", DATA / "extra"])
        if expected in p.expected
    ]
    return bench.corpus_score(pages, {p.id: bench.ours(p) for p in pages})


def _title_readings(bench: ModuleType) -> dict[str, float]:
    """The validation part's title figure when the pages say less (extraction_titles.py)."""
    titles = load_script(ROOT / "benchmarks" / "extraction_titles.py", "newscrawl_bench_titles")
    pages = bench.validation_pages([DATA / "corpus", DATA / "extra"])
    found = [p for p in pages if "title" in p.expected]
    return {
        f"validation title, {name}": sum(
            titles.same_title(p.expected, titles.title_of(p, titles.READINGS[name])) for p in found
        )
        / len(found)
        for name in ("no og/JSON-LD", "<title> only")
    }


def test_the_benchmark_pages_are_all_there() -> None:
    bench = _bench()
    pages, truth = bench.zyte_pages(DATA / "zyte")
    assert len(pages) == len(truth) == 181
    assert len(bench.corpus_pages(DATA / "corpus")) == 135
    assert len(bench.corpus_pages(DATA / "extra")) == 673
    more = bench.more_parts([DATA / "corpus", DATA / "extra"], DATA / "more")
    assert (len(more["tuning"]), len(more["validation"])) == (87, 86)


def test_the_split_keeps_each_site_in_one_part() -> None:
    """The split is by site, with a fixed seed: the same pages land in the same part on every
    machine, and no site key has pages in both parts."""
    bench = _bench()
    pages = [p for f in (DATA / "corpus", DATA / "extra") for p in bench.corpus_pages(f)]
    parts = bench.split(pages)
    assert (len(parts["tuning"]), len(parts["validation"])) == (549, 259)
    sites = {part: {key for p in found for key in p.sites} for part, found in parts.items()}
    assert not sites["tuning"] & sites["validation"]
    assert [p.id for p in bench.validation_pages([DATA / "corpus", DATA / "extra"])] == [
        p.id for p in parts["validation"]
    ]


def test_the_scorer_reproduces_the_published_figures() -> None:
    """upstream's outputs of trafilatura 2.0.0 and AutoExtract score as published (F1 0.958
    and 0.970): the gate measures with the benchmark's own yardstick."""
    import gzip
    import json

    bench = _bench()
    _, truth = bench.zyte_pages(DATA / "zyte")
    for name, f1 in (("trafilatura-2.0.0", 0.958), ("AutoExtract", 0.970)):
        raw = json.loads(
            gzip.decompress((DATA / "zyte" / f"reference-{name}.json.gz").read_bytes())
        )
        output = raw.get("output", raw) if isinstance(raw, dict) else raw
        bodies = {k: (v or {}).get("articleBody") or "" for k, v in output.items()}
        assert round(bench.body_score(truth, bodies).f1, 3) == f1


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(metric: str) -> None:
    found = _measured()[metric]
    assert found >= FLOORS[metric], f"{metric}: {found:.4f} fell below its floor {FLOORS[metric]}"


def test_no_corpus_page_is_damaged_by_decoding() -> None:
    """Every saved corpus page, listings included, decodes (meta tag or detection) without a
    replacement character its bytes do not spell themselves."""
    score = _bench().charset_score(DATA / "corpus")
    assert score.pages >= 135
    assert score.damaged == []
