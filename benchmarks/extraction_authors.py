"""Authors alone, and authors of pages that say less: the authors F1 of `extraction.py`'s tuning
and validation parts (same split, same scoring), then of the same pages with their author
metadata taken away, so that what the page shows its readers must credit it. And the tuning
part's author misses with the sources a page offers (`extraction.py --authors`).

    python benchmarks/extraction_authors.py [--misses] [--silver]

Readings: "as saved"; "no author metadata" (the author, creator, editor and contributor of every
JSON-LD node, and every <meta> whose name, property or itemprop speaks of an author, creator or
byline, Parse.ly's page object and a twitter card's labelled fields removed; bylines, author
links, microdata elements and the text stay: a page of a site that writes no author fields).
`extract_article` is run as for a page without a source's rules. `--misses` lists the tuning
part's misses of each reading; the validation part is only ever counted.

`--silver`: the DOM's byline step on many more pages, labelled by the pages themselves. A page
whose author metadata (JSON-LD, else the author <meta> tags) names persons by full name, each
of them also written in the page's text, takes those names as its silver label, and is read
without author metadata. Pages: the tuning part's (labelled or not), the Zyte benchmark's
(none of a validation site) and the tuning side of `data/more`. The label favours pages whose
metadata and byline agree; it scores the byline search, not the metadata.

Each reading and part also gets its misses counted BY KIND (`miss_kind`: none found; a name
where none was expected; an organisation where a person is expected; a person where an
organisation is expected; the same person spelt otherwise; extra names; missing names; other
people), each kind with the F1 points it costs the part, and the names' precision and recall
pooled over the part. These are aggregates: which general cause to chase, never which page.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree
from parsel import Selector

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_data import (
    Extracted,
    Page,
    _site,
    corpus_pages,
    more_parts,
    split,
    zyte_pages,
)
from extraction_score import _names, author_f1

from newscrawl import sources
from newscrawl.extract import metadata
from newscrawl.extract.article import extract_article
from newscrawl.extract.body import parse
from newscrawl.extract.metadata.author_tags import tag_values
from newscrawl.extract.metadata.authors import _is_site, _ld_credits, _unique
from newscrawl.extract.metadata.bylines import _BYLINE_MARKED
from newscrawl.extract.metadata.names import is_full_name
from newscrawl.extract.metadata.organizations import is_organization

DATA = Path(__file__).resolve().parent / "data"
_CREDITED = re.compile(r"author|creator|byl|parsely-page|twitter:label|twitter:data", re.I)
_KEYS = ("name", "property", "itemprop")
_LD_CREDITS = ("author", "creator", "editor", "contributor")
_META_KEYS = ("author", "article:author", "sailthru.author", "parsely-author", "byl", "dc.creator")


def print_author_misses(pages: list[Page], extract: Callable[[Page], Extracted]) -> None:
    """Every page with expected authors whose author F1 is below 1: expected, got, and the
    page's candidate sources (JSON-LD author, author <meta> tags, byline-marked elements)."""
    authored = [p for p in pages if "authors" in p.expected]
    misses = 0
    print("\nAuthors newscrawl gets wrong (tuning part)")
    for page in authored:
        got = extract(page).authors
        score = author_f1(page.expected["authors"], got)
        if score == 1.0:
            continue
        misses += 1
        print(f"  {page.id}  F1 {score:.2f}\n    expected  {page.expected['authors']!r}")
        print(f"    got       {got!r}")
        for origin, value in candidates(page):
            print(f"      {origin:<12} {value!r}")
    print(f"  {misses} of {len(authored)} pages with expected authors missed")


def candidates(page: Page) -> list[tuple[str, str]]:
    """(origin, raw value) of each author source the page has, in page order per origin."""
    sel = Selector(root=parse(page.html), type="html")
    found = [("JSON-LD", _short(repr(a))) for a in _ld_authors(metadata.json_ld(sel))]
    tags = metadata.metas(sel)
    found += [
        (f"meta {key}", value)
        for key in _META_KEYS
        for attr in ("name", "property", "itemprop")
        for value in tags.get((attr, key), [])
    ]
    for element in sel.xpath(_BYLINE_MARKED)[:6]:
        text = " ".join(" ".join(element.root.itertext()).split())
        if text:
            found.append((f"<{element.root.tag}>", _short(text)))
    return found


def _ld_authors(ld: dict[str, Any]) -> list[Any]:
    value = ld.get("author")
    return value if isinstance(value, list) else [value] if value else []


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."


def as_saved(html: str) -> str:
    return html


def without_author_metadata(html: str) -> str:
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for script in root.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            script.drop_tree()  # unreadable here, and perhaps by the extractor
            continue
        script.text = json.dumps(_uncredited(data), ensure_ascii=False)
    for tag in root.xpath("//meta"):
        if _CREDITED.search(" ".join(tag.get(key, "") for key in _KEYS)):
            tag.drop_tree()
    return str(lxml.html.tostring(root, encoding="unicode"))


def _uncredited(data: Any) -> Any:
    if isinstance(data, list):
        return [_uncredited(item) for item in data]
    if isinstance(data, dict):
        return {k: _uncredited(v) for k, v in data.items() if k not in _LD_CREDITS}
    return data


def score(pages: list[Page], reading: Callable[[str], str], misses: bool) -> str:
    """ "F1 (N pages, M missed)" of `pages`, then the misses by kind and the names' pooled
    precision and recall; with `misses`, each miss printed first."""
    total = 0.0
    kinds: dict[str, list[float]] = {kind: [] for kind in KINDS}
    tally = [0, 0, 0]  # names found and expected, found, expected
    for page in pages:
        html = reading(page.html)
        got = extract_article(html, page.url, sources.generic(page.url)).authors
        f1 = author_f1(page.expected["authors"], got)
        total += f1
        want, found = _names(page.expected["authors"]), _names(got)
        tally[0] += len(want & found)
        tally[1] += len(found)
        tally[2] += len(want)
        if f1 < 1:
            kinds[miss_kind(want, found, page.sites)].append(1 - f1)
        if misses and f1 < 1:
            print(f"    {page.id}  F1 {f1:.2f}  expected {page.expected['authors']!r}  got {got!r}")
    missed = sum(len(lost) for lost in kinds.values())
    pooled = f"names P {tally[0] / max(tally[1], 1):.3f} R {tally[0] / max(tally[2], 1):.3f}"
    by_kind = "; ".join(
        f"{kind} {len(lost)} (-{sum(lost) / len(pages):.3f})" for kind, lost in kinds.items()
    )
    return (
        f"F1 {total / len(pages):.4f} ({len(pages)} pages, {missed} missed)  {pooled}\n"
        f"{'':<32}by kind (pages, F1 lost): {by_kind}"
    )


KINDS = (
    "none found",
    "none expected",
    "organisation for a person",
    "person for an organisation",
    "spelt otherwise",
    "extra names",
    "missing names",
    "other people",
)


def miss_kind(want: set[str], got: set[str], sites: tuple[str, ...] = ()) -> str:
    """The kind of a miss, from the two casefolded name sets (`author_f1`'s): the names
    matched taken away, then the pairs that are one person spelt two ways ("dr. a b" / "a b",
    "e. b" / "eduardo b", "dt" / "donald townsend")."""
    if not got:
        return "none found"
    if not want:
        return "none expected"
    wanted, found = sorted(want - got), sorted(got - want)
    spelt = 0
    for name in list(wanted):
        other = next((g for g in found if _same_person(name, g)), None)
        if other is not None:
            wanted.remove(name)
            found.remove(other)
            spelt += 1
    matched = len(want & got) + spelt
    if not matched and wanted and found:
        orgs_got = all(_organisation(n, sites) for n in found)
        orgs_want = all(_organisation(n, sites) for n in wanted)
        if orgs_got and not orgs_want:
            return "organisation for a person"
        if orgs_want and not orgs_got:
            return "person for an organisation"
    if not wanted and not found:
        return "spelt otherwise"
    if not wanted:
        return "extra names"
    if not found:
        return "missing names"
    return "other people"


def _same_person(one: str, other: str) -> bool:
    a, b = _words(one), _words(other)
    if not a or not b:
        return False
    if set(a) <= set(b) or set(b) <= set(a):  # a title or a middle name more or less
        return True
    if len(a) > 1 and len(b) > 1 and a[-1] == b[-1] and a[0][0] == b[0][0]:  # "e. b" / "eduardo b"
        return True
    initials = ("".join(w[0] for w in a), "".join(w[0] for w in b))
    return (len(a) == 1 and a[0] == initials[1]) or (len(b) == 1 and b[0] == initials[0])


def _words(name: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", name)


def _organisation(name: str, sites: tuple[str, ...]) -> bool:
    """An organisation by newscrawl's own test, or the site's name (its domain's first word)."""
    squeezed = "".join(_words(name))
    owned = any(squeezed and squeezed in "".join(_words(site)) for site in sites)
    named = any(_words(site)[:1] and _words(site)[0] in squeezed for site in sites)
    return is_organization(name) or owned or named


def silver(html: str, url: str) -> list[str]:
    """The persons the page's author metadata names (JSON-LD, else the author <meta> tags), if
    each is a full name that the page's text also shows; else none."""
    sel = Selector(root=parse(html), type="html")
    ld = metadata.json_ld(sel)
    named = _ld_credits(sel, ld)[1]
    named = named or [n for value in tag_values(sel) for n in metadata.split_names(value)]
    # the publisher a CMS writes beside the author ("A", "Business Insider") is no byline's
    site = metadata.site_names(sel, ld, url)
    named = _unique([n for n in named if not _is_site(n, site)])
    if not named or not all(is_full_name(n) and not is_organization(n) for n in named):
        return []
    shown = " ".join(
        " ".join(
            sel.root.xpath(
                "//body//text()[not(ancestor::script or ancestor::style"
                " or ancestor::noscript or ancestor::template)]"
            )
        ).split()
    ).casefold()
    return named if all(" ".join(n.split()).casefold() in shown for n in named) else []


def silver_parts(
    parts: dict[str, list[Page]], more: dict[str, list[Page]]
) -> dict[str, list[Page]]:
    """The silver reading's page sets, each page's label its silver names: no validation page
    (of `parts` or of data/more's `more`), and no Zyte page of a site in either's validation
    part."""
    held = {site for part in (parts, more) for page in part["validation"] for site in page.sites}
    zyte = [p for p in zyte_pages(DATA / "zyte")[0] if _site(p.url) not in held]
    found: dict[str, list[Page]] = {}
    for name, pages in (("tuning", parts["tuning"]), ("zyte", zyte), ("more", more["tuning"])):
        labelled = ((page, silver(page.html, page.url)) for page in pages)
        found[name] = [
            Page(p.id, p.url, p.html, {"authors": names}, p.sites) for p, names in labelled if names
        ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning part's misses")
    parser.add_argument(
        "--more", action="store_true", help="the pages of data/more instead (same split)"
    )
    parser.add_argument("--silver", action="store_true", help="the silver reading (see above)")
    args = parser.parse_args()
    folders = [DATA / "corpus", DATA / "extra"]
    parts = split([p for folder in folders for p in corpus_pages(folder)])
    if args.silver:
        more = more_parts(folders, DATA / "more")
        for name, pages in silver_parts(parts, more).items():
            figures = score(pages, without_author_metadata, args.misses)
            print(f"{'silver, no metadata':<19} {name:<11} {figures}", flush=True)
        return
    if args.more:
        parts = more_parts(folders, DATA / "more")
    readings = (("as saved", as_saved), ("no author metadata", without_author_metadata))
    for label, reading in readings:
        for name in ("tuning", "validation"):
            authored = [p for p in parts[name] if "authors" in p.expected]
            started = time.process_time()
            figures = score(authored, reading, args.misses and name == "tuning")
            spent = time.process_time() - started
            print(f"{label:<19} {name:<11} {figures}  ({spent:.1f} s CPU)", flush=True)


if __name__ == "__main__":
    main()
