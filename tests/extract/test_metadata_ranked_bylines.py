"""The byline ranker (metadata/ranked_bylines.py): where no rule finds a credit, the page's
best-scored short text names the author, before the copyright holder or the site's name.
Snippets from the benchmark's tuning part (benchmarks/data/, see its README)."""

from __future__ import annotations

from parsel import Selector

from newscrawl.extract.metadata import site_credit
from newscrawl.extract.metadata.byline_weights import THRESHOLD, WEIGHTS
from newscrawl.extract.metadata.ranked_bylines import candidates, ranked_byline, score

_TEXT = "<p>" + "A divided US Supreme Court has upheld a broad conception of citizenship. " * 6
_FOOTER = "<footer><p>© 2026 Nine Entertainment Co. All rights reserved.</p></footer>"


def _nine(byline: str) -> Selector:
    """au-NineNews_2026_07_04 without its author metadata: hashed classes, the byline marked
    only by a test id, the footer's copyright notice."""
    return Selector(
        text="<html><body><main><article>"
        "<h1>Trump ‘congratulates’ China in dig at Supreme Court ruling</h1>"
        f'<div class="sc-icEkyv fhPcmw">{byline}</div>{_TEXT}</p>'
        f"</article></main>{_FOOTER}</body></html>"
    )


_BYLINE = (
    '<div data-ui-testid="header-byline" class="sc-czxEME dabczi"><div class="sc-dYmAxZ">'
    '<a class="sc-zrjhI dHMnPv" href="/meet-the-team/adam-vidler-p4zy7c">Adam Vidler</a>'
    '</div></div><time datetime="2026-06-30T16:34:54Z">June 30, 2026</time>'
)


def test_the_best_ranked_byline_comes_before_the_copyright_holder() -> None:
    assert site_credit(_nine(_BYLINE), {}) == ["Adam Vidler"]


def test_a_page_without_a_byline_keeps_its_copyright_holder() -> None:
    assert ranked_byline(_nine("").root) == []
    assert site_credit(_nine(""), {}) == ["Nine Entertainment Co"]


def test_the_weights_are_a_model_of_the_features() -> None:
    page = _nine(_BYLINE).root
    found = candidates(page)
    assert found
    assert all(set(features) <= set(WEIGHTS) for _, features in found)
    assert max(score(features) for _, features in found) >= THRESHOLD


def _names_list(count: int) -> str:
    """A directory of `count` distinct people, one per line (a list page, or a hostile one)."""
    firsts = ("Anna", "Bert", "Carl", "Dora", "Emil", "Fritz", "Greta", "Hans", "Ida", "Jonas")
    lasts = [f"Meyer{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(count)]
    return "".join(f"<li>{firsts[i % len(firsts)]} {last}</li>" for i, last in enumerate(lasts))


def test_a_page_listing_thousands_of_people_is_no_byline_to_rank() -> None:
    # The byline would win on a short page; thousands of names make the page a list, and the
    # ranker gives up instead of reading the whole page once for each of them.
    page = _nine(_BYLINE).root
    assert ranked_byline(page) == ["Adam Vidler"]
    listed = Selector(
        text=f"<html><body><main><article><h1>Staff</h1>{_BYLINE}<ul>{_names_list(3500)}</ul>"
        "</article></main></body></html>"
    )
    assert candidates(listed.root, persons=True) == []
    assert ranked_byline(listed.root) == []
    few = Selector(
        text=f"<html><body><main><article><h1>Staff</h1>{_BYLINE}<ul>{_names_list(50)}</ul>"
        "</article></main></body></html>"
    )
    assert len(candidates(few.root, persons=True)) > 50
