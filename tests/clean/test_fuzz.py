"""Fuzz the whole pure chain over mutated real pages (tests/clean/fuzzing.py): no exception
escapes, and every input becomes an article (whose post parses back, whose body is inert, whose
path is safe) or a drop with a reason.

Hypothesis runs a small derandomized budget here (NEWSCRAWL_FUZZ_EXAMPLES, default 200);
`benchmarks/fuzz.py` runs the same cases from a seeded random generator by the ten thousand.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from fuzzing import Case, Inject, Mutation, Truncate, cases, run_case, seeds
from hypothesis import HealthCheck, event, given, settings

EXAMPLES = int(os.environ.get("NEWSCRAWL_FUZZ_EXAMPLES", "200"))


# The tests.


def test_the_seeds_are_the_saved_pages() -> None:
    pages = seeds()
    assert len(pages) >= 39
    assert {name.split("/")[0] for name in pages} == {"mydrivers", "pages", "encodings"}


@pytest.mark.parametrize("name", sorted(seeds()))
def test_every_unmutated_seed_goes_through(name: str) -> None:
    outcomes = run_case(Case(name, ()), seeds())
    assert all(o == "article" or o.startswith("drop:") for o in outcomes)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=cases(seeds()))
def test_no_mutated_page_breaks_the_chain(case: Case) -> None:
    for outcome in run_case(case, seeds()):
        event(outcome)


# Inputs the long fuzz run (benchmarks/fuzz.py) broke the chain with, each fixed at its cause
# (each raised before its fix; reduced by hand to the smallest case that still did).
_IPV6 = '<a href="http://[::1">x</a><img src="http://[zz/x.png">'
_EXCEL = "mydrivers/excel-bug.html"


def regression(name: str, page: str, *mutations: Mutation) -> Any:
    """One case of REGRESSIONS: `page` mutated by `mutations`, shown as `name`."""
    return pytest.param(Case(page, mutations), id=name)


REGRESSIONS: list[Any] = [
    # urljoin raises ValueError on an unclosed IPv6 bracket: extract/urls.join_url.
    regression("ipv6-generic", "encodings/eucjp-sankei.html.gz", Inject(0.5, _IPV6)),
    regression("ipv6-source", _EXCEL, Inject(0.6, _IPV6)),
    # html.parser asserts on `<![` + an unknown keyword (a page cut mid-CDATA).
    regression("cut-cdata", _EXCEL, Inject(0.3, "<![CD"), Truncate(0.301)),
    # lxml refuses control characters in attribute values html.parser passes through.
    regression(
        "control-char-attribute",
        "pages/de-WDR_2024_04_22.html.gz",
        Inject(0.5, '<p data-x="a\x01b">x</p>'),
    ),
    # ... and prefixed attribute names without a namespace.
    regression("prefixed-attribute", _EXCEL, Inject(0.6, '<html xml:lang="zh"><o:p>x</o:p>')),
    # lxml's fragment_fromstring: control characters before the first tag, whole-page fragments.
    regression(
        "control-char-leading-text", _EXCEL, Inject(0, '<div class="news_info">\x02x<p>y</p></div>')
    ),
    regression(
        "char-ref-leading-text", _EXCEL, Inject(0, '<div class="news_info">&#2;<frameset></div>')
    ),
    regression("frameset-fragment", _EXCEL, Inject(0, '<div class="news_info"><html><frameset>')),
    # Element.iter(tag) refuses a tag name holding a control character (body.py _similar).
    regression(
        "control-char-class",
        "pages/tr-NTVTR_2024_04_30.html.gz",
        Inject(0.55, '<div class="x\x01">a</div><div class="x\x01">b</div>'),
    ),
]


@pytest.mark.parametrize("case", REGRESSIONS)
def test_regressions(case: Case) -> None:
    outcomes = run_case(case, seeds())
    assert all(o == "article" or o.startswith("drop:") for o in outcomes)
