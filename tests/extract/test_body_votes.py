"""extract/body/votes.py reads a page as trafilatura's bare_extraction reads it with
extract/body's options (same text, or None where it gives None), on the caller's tree, which it
leaves as it was."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from typing import Any

import pytest
import trafilatura
from helpers import FIXTURES
from lxml import etree
from trafilatura.settings import Extractor
from trafilatura.xpaths import REMOVE_COMMENTS_AND_LISTS_XPATH

from newscrawl.extract.body import HELD_OUT, _held_out, _options
from newscrawl.extract.body.page import _DROP, parse
from newscrawl.extract.body.votes import (
    MIRRORED_VERSION,
    comment_boxes,
    mirrored,
    page_text_bound,
    voted_text,
)

# Another trafilatura is not mirrored: extract/body then calls bare_extraction itself, and what
# these tests compare (its steps, its XPath) may have changed with it.
pytestmark = pytest.mark.skipif(
    trafilatura.__version__ != MIRRORED_VERSION,
    reason=f"votes.py mirrors trafilatura {MIRRORED_VERSION}, not {trafilatura.__version__}",
)

TESTS = Path(__file__).resolve().parent.parent
SAVED = sorted([*(TESTS / "sources").rglob("*.html.gz"), *(FIXTURES / "pages").glob("*.html.gz")])
html2txt = sys.modules["trafilatura.baseline"].html2txt  # the package's `baseline` is a function


def _tree(html: str) -> Any:
    """The page as extract_body hands it to trafilatura (without the tags it strips)."""
    root = parse(html)
    etree.strip_elements(root, *_DROP, with_tail=False)
    return root


def _snapshot(root: Any) -> list[tuple[Any, Any, Any, Any]]:
    """Every node with its text and tail, as Python sees them (tostring would replace the
    characters lxml refuses to write)."""
    return [(node, node.getparent(), node.text, node.tail) for node in root.iter()]


def _both(root: Any, url: str = "https://example.com/a") -> tuple[str | None, str | None]:
    """voted_text and bare_extraction's text of `root` (held out as extract_body does), the
    tree checked to be as it was after voted_text."""
    with _held_out(root, HELD_OUT):
        before = _snapshot(root)
        ours = voted_text(root, _options(url))
        assert _snapshot(root) == before
        found = trafilatura.bare_extraction(root, options=_options(url))
    return ours, None if found is None else found.text


def _page(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", "replace")


def test_the_options_extract_body_uses_are_mirrored() -> None:
    assert trafilatura.__version__ == "2.3.1"  # else extract_body calls bare_extraction
    assert mirrored(_options("https://example.com/a"))


@pytest.mark.parametrize(
    "changes", [{"comments": True}, {"fast": False}, {"precision": True}, {"lang": "de"}]
)
def test_other_options_are_not_mirrored(changes: dict[str, Any]) -> None:
    options = Extractor(output_format="python", **{"fast": True, "comments": False, **changes})
    assert not mirrored(options)


def test_another_trafilatura_is_not_mirrored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trafilatura, "__version__", "2.4.0")
    assert not mirrored(_options("https://example.com/a"))


@pytest.mark.parametrize("path", SAVED, ids=lambda p: p.name.removesuffix(".html.gz"))
def test_a_saved_page_reads_as_bare_extraction_reads_it(path: Path) -> None:
    ours, theirs = _both(_tree(_page(path)))
    assert ours == theirs
    assert ours  # every saved page is an article


@pytest.mark.parametrize("path", SAVED, ids=lambda p: p.name.removesuffix(".html.gz"))
def test_comment_boxes_are_what_trafilaturas_xpath_selects(path: Path) -> None:
    root = _tree(_page(path))
    assert comment_boxes(root) == REMOVE_COMMENTS_AND_LISTS_XPATH[0](root)


def test_the_saved_pages_hold_comment_boxes_nested_and_not() -> None:
    # es-ElPais: div#comments_container, div#disqus_thread; kr-HankookIlbo: div.comment-list
    # inside div.comment-area, ul#comment-parent-container; it-IlGiornale: not its
    # section.article__comments (no hyphen)
    found = {p.name: comment_boxes(_tree(_page(p))) for p in SAVED}
    assert [e.get("id") for e in found["es-ElPais_2024_10_15.html.gz"]] == [
        "comments_container",
        "comments_msg",
        "disqus_thread",
    ]
    hankook = found["kr-HankookIlbo_2025_05_15.html.gz"]
    assert ("ul", "comment-parent-container") in [(e.tag, e.get("id")) for e in hankook]
    area = next(e for e in hankook if e.get("class") == "comment-area")
    assert any(area in e.iterancestors() for e in hankook)
    ilgiornale = found["it-IlGiornale_2025_02_04.html.gz"]
    assert "article__comments" not in [e.get("class") for e in ilgiornale]


# Paragraphs and container classes of biobiochile.cl (trafilatura's
# tests/eval/biobiochile.cl-gremios.html, Apache-2.0, via ../shared/corpus/extra/trafilatura):
# the infinite-scroll container the page appends the next stories to, here holding the headline
# of the story its "Lee también" box links to.
_BIOBIO = """<html><body><article><h1 class="post-title">Gremios de los camioneros no descartan
nueva movilización: realizarán consulta nacional</h1>
<div class="banners-contenido-nota-5286571">
<p>En estado de alerta máxima aseguran estar los asociados a la <strong>Confederación Nacional
del Transporte de Cargas (CNTC).</strong></p>
<p>Esto último, debido a los hechos de violencia registrados en las últimas semanas en la
denominada macrozona sur, donde incluso han resultado personas heridas a bala.</p>
<p>En este contexto, la tarde de este martes se reunieron el <strong>directorio de la
Confederación Nacional del Transporte de Carga, la Federación de Camioneros del Sur y la
Asociación Gremial de Dueños de Camiones de Valdivia.</strong></p>
<p>De todas maneras, el dirigente aseguró que la definición final deberá ser tomada por las
bases en una consulta que se hará este jueves, desde Arica a Punta Arenas.</p>
</div>
<div class="bbcl-app infinite-scroll"><div class="infinite-scroll-post-container"><p>Camionero
baleado en Ercilla sigue en riesgo vital y diputado Mellado acusa un "desgobierno", dijo la
radio este domingo en su edición de la tarde.</p></div></div>Fin de la nota.
</article></body></html>"""


def test_the_infinite_scroll_container_is_pruned_as_trafilatura_prunes_it() -> None:
    ours, theirs = _both(_tree(_BIOBIO))
    assert ours == theirs
    assert ours is not None
    assert "consulta que se hará este jueves" in ours
    assert "Ercilla" not in ours


# The share box of fogsmagazin.com (trafilatura's tests/eval/fogsmagazin.com.outdoor.html,
# Apache-2.0, via ../shared/corpus/extra/trafilatura), its class as written, inside a text of
# the same page's kind.
_SHARE_CLASS = (
    "elementor-element elementor-element-462f9f9 elementor-share-buttons--view-icon "
    "elementor-share-buttons--skin-minimal elementor-share-buttons--shape-circle "
    "elementor-widget elementor-widget-share-buttons"
)


def test_a_share_box_is_pruned_as_trafilatura_prunes_it() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {i} of a long outdoor story about hiking trails, weather and gear.</p>"
        for i in range(8)
    )
    html = (
        f"<html><body><div>{paragraphs}<div class='{_SHARE_CLASS}'><div>Share on Facebook"
        f" and Twitter and Pinterest now</div></div>{paragraphs}</div></body></html>"
    )
    ours, theirs = _both(_tree(html))
    assert ours == theirs
    assert ours is not None
    assert "Paragraph 7" in ours
    assert "Pinterest" not in ours


def test_a_tail_lxml_refuses_to_move_gives_none_as_trafilatura_does() -> None:
    # a unit separator parsed in the tail of a comment box: trafilatura's delete_element
    # cannot join it to the text before, and bare_extraction gives up
    text = "<p>A paragraph of the article that is long enough to be read as its text.</p>" * 5
    html = f"<html><body><div>{text}<div class='comments'>Nice</div>\x1fmore</div></body></html>"
    root = _tree(html)
    assert root.find(".//div[@class='comments']").tail == "\x1fmore"
    assert _both(root) == (None, None)


@pytest.mark.parametrize("path", SAVED, ids=lambda p: p.name.removesuffix(".html.gz"))
def test_the_page_text_bound_holds(path: Path) -> None:
    root = _tree(_page(path))
    bound = page_text_bound(root)
    assert bound is not None
    assert len(html2txt(root)) <= bound


def test_no_bound_where_html2txt_would_fail() -> None:
    root = _tree("<html><body><div>a form\x0cfeed</div><p>text</p></body></html>")
    assert page_text_bound(root) is None
