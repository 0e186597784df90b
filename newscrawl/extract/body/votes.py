"""trafilatura's text of a page, as `bare_extraction(root, options=...)` gives it for the
options extract/body uses (fast, no comments, tables, balanced), read on the caller's tree.

bare_extraction copies the whole page before it prunes it, copies the cleaned tree again for
a comparison only its slow mode makes, and measures the page's text for its recall retry with
one more copy and an XPath that calls a regex for every element. Here the same steps run in
the same order on the caller's tree, without those:

- its raw-tree prunes are held out of the caller's tree (tails merged as trafilatura deletes
  them) and put back afterwards; which elements they take is found by one walk of the
  candidate tags with the same regexes, and the rare expressions whose words a page holds
  run as trafilatura's own XPath;
- the page's text is measured only when a bound on it cannot decide the retry.

The steps mirror trafilatura 2.3.1's `trafilatura_sequence`; `mirrored` says whether the
installed trafilatura and the options are the ones mirrored (extract/body calls
bare_extraction itself otherwise). tests/extract/test_body_votes.py holds both to the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from typing import Any

from newscrawl.extract.body import xpaths

Element = Any  # lxml.etree._Element (lxml ships no type stubs)

MIRRORED_VERSION = "2.3.1"
# (tag, id regex, class regex) of trafilatura's comment prune (REMOVE_COMMENTS_AND_LISTS_XPATH):
# a div, section, details or <list> whose id or class reads as comments; a list only with the
# narrower id regex.
_COMMENTS_ID = "[Cc]omment(?!ary)|comol"
_COMMENT_BOX_ID = re.compile(f"^(?:{_COMMENTS_ID}|disqus_thread|dsq-comments)")
_COMMENT_LIST_ID = re.compile(f"^(?:{_COMMENTS_ID})")
_COMMENT_CLASS = re.compile("^[Cc]omment(?!ary)|(?:article|post)-comments")
_COMMENT_BOXES = ("div", "list", "section", "details")
_COMMENT_LISTS = ("ol", "ul")
# Words without which no element matches trafilatura's raw-tree prunes (RAW_TREE_PRUNE_XPATH:
# infinite-scroll containers, elementor share buttons): its XPath runs only on a page whose
# div, section or aside names one in its id or class.
_RAW_PRUNE_WORDS = ("mvp-post-add-", "infinite", "elementor-share-buttons")
_RAW_PRUNE_TAGS = ("div", "section", "aside")
# Whitespace (kept by html2txt's remove_control_characters) that XML, and so lxml, refuses.
_REFUSED_SPACE = re.compile("[\x0b\x0c\x1c-\x1f]")


def mirrored(options: Any) -> bool:
    """Whether `voted_text(root, options)` gives what bare_extraction gives: the trafilatura
    version mirrored, and options whose steps are the ones mirrored."""
    import trafilatura

    return (
        trafilatura.__version__ == MIRRORED_VERSION
        and options.format == "python"
        and options.fast
        and not options.comments
        and options.focus == "balanced"
        and not options.lang
        and not options.with_metadata
        and not options.dedup
        and not options.max_tree_size
    )


def voted_text(root: Element, options: Any) -> str | None:
    """`bare_extraction(root, options=options).text` (None where it gives None), for options
    `mirrored` accepts; `root` is as it was afterwards."""
    from trafilatura.core import LOGGER
    from trafilatura.xml import xmltotxt
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH

    try:
        with _held_out(root) as hold, xpaths.searches():
            for expression in RAW_TREE_PRUNE_XPATH if _raw_prune_words(root) else ():
                hold(expression(root))
            postbody, text = _sequence(root, options, hold)
        if len(text) < options.min_output_size and options.min_output_comm_size > 0:
            raise ValueError  # as bare_extraction: too short (no comments to count here)
    except (TypeError, ValueError):
        LOGGER.warning("discarding data: %s", options.source)
        return None
    return str(xmltotxt(postbody, options.formatting))


def _sequence(tree: Element, options: Any, hold: Any) -> tuple[Element, str]:
    """trafilatura_sequence after its raw-tree prune, for `mirrored` options."""
    from trafilatura.baseline import baseline
    from trafilatura.core import _forum_thread_page

    is_forum = _forum_thread_page(tree)
    if not is_forum:
        hold(comment_boxes(tree))
    postbody, text = _extract(tree, options, options.url or None)
    if len(text) < options.min_extracted_size:
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(text):
            postbody, text = b_body, b_text
    return _escalate(tree, options, postbody, text)


def _extract(tree: Element, options: Any, url: str | None) -> tuple[Element, str]:
    """Cleaning, tag conversion and the main extractor, on a copy of `tree` (trafilatura's
    _prepare_tree and _extract_and_compare without the backup only its slow mode reads)."""
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning
    from trafilatura.main_extractor import extract_content

    cleaned = convert_tags(tree_cleaning(copy(tree), options), options, url)
    found: tuple[Element, str] = extract_content(cleaned, options)
    return found


def _escalate(tree: Element, options: Any, postbody: Element, text: str) -> tuple[Element, str]:
    """trafilatura's recall retry of a short extraction that covers little of the page."""
    from trafilatura import core

    if not (
        0 < len(text) < core.ESCALATION_MAX_LENGTH
        and _covers_little(tree, len(text), core.ESCALATION_PAGE_SHARE)
    ):
        return postbody, text
    r_options = copy(options)
    r_options.focus = "recall"
    r_text = ""
    try:
        r_body, r_text = _extract(tree, r_options, options.url or None)
    except Exception as err:  # as trafilatura: a failed retry keeps the first extraction
        core.LOGGER.warning("recall retry failed: %s %s", err, options.url or None)
    if len(r_text) >= options.min_extracted_size and len(r_text) > (
        core.ESCALATION_ACCEPT_RATIO * len(text)
    ):
        return r_body, r_text
    return postbody, text


def _covers_little(tree: Element, length: int, share: float) -> bool:
    """`length < share * len(html2txt(tree))`, html2txt only run when `page_text_bound`
    leaves it open."""
    from trafilatura.baseline import html2txt

    bound = page_text_bound(tree)
    if bound is not None and length >= share * bound:
        return False
    return length < share * len(html2txt(tree))


def page_text_bound(tree: Element) -> int | None:
    """At least `len(html2txt(tree))`: its text is the body's text with subtrees deleted
    (which never lengthens it once whitespace is collapsed) and a space set before the text
    and the tail of each block element (each lengthens it by one at most). None where the
    text holds a space character lxml refuses to set, on which html2txt raises ValueError."""
    from trafilatura.baseline import _BLOCK_ELEMS

    body = tree.find(".//body")
    body = tree if body is None else body
    text = body.text_content()
    if _REFUSED_SPACE.search(text):
        return None
    blocks = sum(1 for _ in body.iter(*_BLOCK_ELEMS))
    return len(" ".join(text.split())) + 2 * blocks


def comment_boxes(tree: Element) -> list[Element]:
    """What trafilatura's REMOVE_COMMENTS_AND_LISTS_XPATH selects below `tree`, in document
    order: its regexes (which lxml runs as Python's `re.search`) on one walk of its tags."""
    found = []
    for element in tree.iterdescendants(*_COMMENT_BOXES, *_COMMENT_LISTS):
        id_, class_ = element.get("id") or "", element.get("class") or ""
        ids = _COMMENT_LIST_ID if element.tag in _COMMENT_LISTS else _COMMENT_BOX_ID
        if ids.search(id_) or _COMMENT_CLASS.search(class_):
            found.append(element)
    return found


def _raw_prune_words(tree: Element) -> bool:
    """Whether a div, section or aside below `tree` names a word of the raw-tree prunes."""
    for element in tree.iterdescendants(*_RAW_PRUNE_TAGS):
        names = f"{element.get('id') or ''} {element.get('class') or ''}"
        if any(word in names for word in _RAW_PRUNE_WORDS):
            return True
    return False


@contextmanager
def _held_out(root: Element) -> Iterator[Any]:
    """A `hold(elements)` that takes elements out of `root` as trafilatura's delete_element
    does (the tail joined to the previous sibling or the parent's text), each in turn; all
    are put back, in reverse, on leaving."""
    held: list[tuple[Element, int, Element, Element, str, str | None]] = []

    def hold(elements: list[Element]) -> None:
        for element in elements:
            parent = element.getparent()
            if parent is None:
                continue
            before = element.getprevious()
            owner, name = (parent, "text") if before is None else (before, "tail")
            kept = getattr(owner, name)
            if element.tail:
                # raises ValueError where lxml refuses the joined text, as trafilatura's does
                setattr(owner, name, (kept or "") + element.tail)
            held.append((parent, parent.index(element), element, owner, name, kept))
            parent.remove(element)  # its tail goes with it

    try:
        yield hold
    finally:
        for parent, at, element, owner, name, kept in reversed(held):
            if element.tail:
                setattr(owner, name, kept)
            parent.insert(at, element)
