"""Generic extraction quality and speed: newscrawl against trafilatura on real pages.

    python benchmarks/extraction.py [--zyte DIR] [--corpus DIR ...] [--runs N] [--worst N]
                                    [--titles] [--dates] [--authors]

Zyte article-extraction benchmark (181 pages, `data/zyte`, MIT, see its README): body
precision, recall, F1 and accuracy with the benchmark's own scoring, and milliseconds per page.

Development pages with expected values (`data/corpus`: fundus and Chinese pages; `data/extra`:
readability, newspaper4k, postlight and trafilatura test pages) are split BY SITE into a tuning
part and a validation part (`split`): the pages of one site are one group (pages sharing any
site key are joined), a group's key is its smallest site key, and the group is validation when
the first 8 bytes of SHA-256("newscrawl-site-split-1:" + key), read big-endian, are 0 modulo 3
(about a third of the sites). A site key is the page JSON's `site` list where it has one (extra
pages), else the registrable domain of its URL (tldextract's bundled suffix list, no network),
else the page id. Rules are tuned on the tuning part only; a change counts when the
validation part improves. The pages of `data/more` (metascraper, goose3 and snacktory test
pages, added later; `--more`) are split by the same rule together with them, without moving
any of their pages (`more_parts`), and scored apart, so that the parts above stay comparable.
Each part is scored for newscrawl and trafilatura (`include_comments=False`) in the same run
(a figure of no page is left blank):

- title: share of pages whose title equals the expected one or one of its
  `title_alternatives`, both with zero-width characters (U+200B-U+200F, U+2060, U+FEFF) and
  soft hyphens (U+00AD) removed, whitespace runs made one space and stripped;
- minute: published instant within a minute, on pages whose expected date has a time (a
  `T00:00:00`, with or without an offset, or a bare date is a day only); day: same calendar
  day in the expected offset;
- authors: mean per-page F1 of the casefolded name sets, each value split at `;`, `,` and
  ` and `/` und `/` & `/` y `/` et `/` / ` on both sides (a credit "A and B" names the same
  people as ["A", "B"]);
- body P / R / F1: the Zyte scoring below, on pages with a full expected `body`;
- contains: share of all `body_contains` phrases found in the body, excludes: share of all
  `body_excludes` phrases absent from it (both compared with every whitespace removed), and
  phrase F1 = 2PR/(P+R) with R = contains and P = phrases found / (phrases found + excluded
  phrases present), pooled over the part's phrases (trafilatura's own evaluation counts so).

Scoring (upstream `evaluate.py`, as summarized in the data's README): tokens are `\\w+`
matches; each text is the multiset of its token 4-grams (1-3 tokens: one shingle of all of
them); per document TP/FP/FN are normalized to sum to 1; precision is the mean over documents
with a non-empty prediction, recall the mean over all; F1 comes from those two means; accuracy
is the share of documents whose token lists are equal.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import trafilatura
from parsel import Selector

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_authors import print_author_misses
from extraction_data import (
    Extracted,
    Page,
    corpus_pages,
    more_parts,
    split,
    validation_pages,
    zyte_pages,
)
from extraction_misses import print_date_misses
from extraction_score import (
    BodyScore,
    CorpusScore,
    author_f1,
    body_score,
    corpus_score,
    document_score,
    same_day,
    same_minute,
    same_title,
    shingles,
    tokens,
)

from newscrawl import sources
from newscrawl.extract import metadata
from newscrawl.extract.article import extract_article
from newscrawl.extract.body import parse
from newscrawl.extract.charset import decode_page

DATA = Path(__file__).resolve().parent / "data"
__all__ = [
    "BodyScore",
    "CorpusScore",
    "Extracted",
    "Page",
    "author_f1",
    "body_score",
    "corpus_pages",
    "corpus_score",
    "document_score",
    "same_day",
    "same_minute",
    "same_title",
    "shingles",
    "split",
    "tokens",
    "validation_pages",
    "zyte_pages",
]

# --- the extractors -------------------------------------------------------------------------


def ours(page: Page) -> Extracted:
    article = extract_article(page.html, page.url, sources.generic(page.url))
    return Extracted(article.title, article.authors, article.published, article.body_text)


def _trafilatura(fast: bool) -> Callable[[Page], Extracted]:
    def run(page: Page) -> Extracted:
        doc = trafilatura.bare_extraction(
            page.html,
            url=page.url,
            fast=fast,
            include_comments=False,
            with_metadata=True,
            date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z"},
        )
        if doc is None:
            return Extracted()
        when = _parse_instant(doc.date) if doc.date else None
        authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
        return Extracted(doc.title or "", authors, when, doc.text or "")

    return run


def _trafilatura_body(fast: bool) -> Callable[[Page], str]:
    def run(page: Page) -> str:
        found = trafilatura.extract(page.html, url=page.url, fast=fast, include_comments=False)
        return found or ""

    return run


def _parse_instant(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        try:
            return datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return None


def _ours_body(page: Page) -> str:
    return ours(page).body


EXTRACTORS: dict[str, tuple[Callable[[Page], str], Callable[[Page], Extracted]]] = {
    "newscrawl": (_ours_body, ours),
    "trafilatura": (_trafilatura_body(False), _trafilatura(False)),
    "trafilatura fast": (_trafilatura_body(True), _trafilatura(True)),
}

# --- the run --------------------------------------------------------------------------------


def run_zyte(pages: list[Page], runs: int) -> dict[str, tuple[dict[str, str], list[float]]]:
    """Each extractor's bodies and per-page milliseconds (mean of `runs`), pages interleaved."""
    outputs: dict[str, dict[str, str]] = {name: {} for name in EXTRACTORS}
    times: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    for body, _ in EXTRACTORS.values():
        body(pages[0])  # imports and caches outside the timing
    for page in pages:
        spent = dict.fromkeys(EXTRACTORS, 0.0)
        for _ in range(runs):
            for name, (body, _) in EXTRACTORS.items():
                start = time.perf_counter()
                outputs[name][page.id] = body(page)
                spent[name] += time.perf_counter() - start
        for name in EXTRACTORS:
            times[name].append(spent[name] * 1000 / runs)
    return {name: (outputs[name], times[name]) for name in EXTRACTORS}


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def print_zyte(
    results: dict[str, tuple[dict[str, str], list[float]]], truth: dict[str, str]
) -> None:
    print(f"Zyte article-extraction benchmark: {len(truth)} pages, body text")
    print(f"{'extractor':<18} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'ms mean':>8} {'ms p95':>7}")
    for name, (bodies, ms) in results.items():
        s = body_score(truth, bodies)
        print(
            f"{name:<18} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.accuracy:6.3f}"
            f" {statistics.fmean(ms):8.1f} {p95(ms):7.1f}"
        )


CORPUS_EXTRACTORS = ("newscrawl", "trafilatura")


def score_parts(parts: dict[str, list[Page]]) -> dict[tuple[str, str], CorpusScore]:
    """{(part, extractor): score} for every part and CORPUS_EXTRACTORS."""
    scores = {}
    for name in CORPUS_EXTRACTORS:
        full = EXTRACTORS[name][1]
        for part, pages in parts.items():
            scores[part, name] = corpus_score(pages, {p.id: full(p) for p in pages})
    return scores


def print_corpus(
    parts: dict[str, list[Page]], heading: str = "Development pages with expected values"
) -> None:
    scores = score_parts(parts)
    sites = {part: len({p.sites[0] for p in pages}) for part, pages in parts.items()}
    print(f"\n{heading}, split by site")
    print(
        f"{'part / extractor':<26} {'title':>6} {'minute':>7} {'day':>6} {'authors':>8}"
        f" {'body P':>7} {'body R':>7} {'body F1':>8} {'contains':>9} {'excludes':>9}"
        f" {'phraseF1':>9}"
    )
    for part in parts:
        c = scores[part, CORPUS_EXTRACTORS[0]].counts
        print(
            f"{part} ({c['pages']} pages, {sites[part]} sites)"[:26].ljust(26)
            + f" {c['title']:>6} {c['minute']:>7} {c['day']:>6} {c['authors']:>8}"
            f" {c['body']:>7} {c['body']:>7} {c['body']:>8} {c['contains']:>9}"
            f" {c['excludes']:>9} {'':>9}"
        )
        for name in CORPUS_EXTRACTORS:
            s = scores[part, name]
            figures = (
                (s.title, "title", 6),
                (s.minute, "minute", 7),
                (s.day, "day", 6),
                (s.authors, "authors", 8),
                (s.body.precision, "body", 7),
                (s.body.recall, "body", 7),
                (s.body.f1, "body", 8),
                (s.contains, "contains", 9),
                (s.excludes, "excludes", 9),
                (s.phrases, "contains", 9),
            )
            # a figure of no page (data/more has no full bodies) is left blank, not 0.000
            print(
                f"  {name:<24}"
                + "".join(f" {v:{w}.3f}" if c[key] else " " * (w + 1) for v, key, w in figures)
            )


def print_worst(
    results: dict[str, tuple[dict[str, str], list[float]]], truth: dict[str, str], count: int
) -> None:
    """newscrawl's worst documents (FP + FN), trafilatura fast's on the same page beside."""
    ours_out, theirs = results["newscrawl"][0], results["trafilatura fast"][0]
    rows = sorted(truth, key=lambda k: -sum(document_score(truth[k], ours_out[k])[1:]))
    print(f"\nWorst {count} pages for newscrawl (FP, FN; trafilatura fast beside)")
    for key in rows[:count]:
        _, fp, fn = document_score(truth[key], ours_out[key])
        _, tfp, tfn = document_score(truth[key], theirs[key])
        print(f"  {key[:12]}  {fp:5.3f} {fn:5.3f}   {tfp:5.3f} {tfn:5.3f}")


def print_title_misses(pages: list[Page]) -> None:
    """Every corpus page whose title newscrawl gets wrong: expected, got, and each headline the
    page offers (metadata.title_candidates, without the site's name); "=" marks the expected.
    Then, on the pages whose og:title and JSON-LD headline are different headlines, which of
    the two the expected title is, and the ceiling of any rule that picks a headline by which
    of the page's headlines agree (see _agreement)."""
    offered, split = 0, Counter[str]()
    by_pattern: dict[tuple[str, ...], Counter[str]] = {}
    print("\nTitles newscrawl gets wrong")
    titled = [p for p in pages if "title" in p.expected]
    for page in titled:
        want, got = page.expected["title"].strip(), ours(page).title
        sel = Selector(root=parse(page.html), type="html")
        candidates = metadata.title_candidates(sel, metadata.json_ld(sel), page.url)
        pattern, right = _agreement(candidates, want)
        by_pattern.setdefault(pattern, Counter()).update(right)
        by_origin = dict(reversed(candidates))  # each origin's first
        og, ld = by_origin.get("og:title"), by_origin.get("JSON-LD headline")
        if og and ld and _words(og) != _words(ld):
            split["og:title" if want == og else "JSON-LD" if want == ld else "neither"] += 1
        if same_title(page.expected, got):
            continue
        offered += any(text == want for _, text in candidates)
        print(f"  {page.id}\n    expected  {want!r}\n    got       {got!r}")
        for origin, text in candidates:
            print(f"    {'=' if text == want else ' '} {origin:<16} {text!r}")
    print(f"  the expected title is one of the page's candidates on {offered} of them")
    print(
        f"  pages whose og:title and JSON-LD headline differ: {sum(split.values())}, the expected"
        f" title is og:title on {split['og:title']}, the JSON-LD headline on {split['JSON-LD']},"
        f" neither on {split['neither']}"
    )
    ceiling = sum(max(right.values(), default=0) for right in by_pattern.values())
    print(
        f"  the best any rule choosing by which headlines agree can do (its choice per agreement"
        f" pattern fitted to these very pages, quotes and case ignored): {ceiling} of"
        f" {len(titled)} = {ceiling / len(titled):.3f}; {len(by_pattern)} patterns"
    )


_ORIGINS = ("og:title", "JSON-LD headline", "meta headline", "twitter:title", "h1", "title")


def _agreement(candidates: list[tuple[str, str]], want: str) -> tuple[tuple[str, ...], set[str]]:
    """Which of a page's headline fields agree: for each field, the first field with the same
    words ("-" if absent), marked P or S when it begins or ends with og:title's words; and
    the fields whose headline is the expected one (its words)."""
    by_origin = dict(reversed(candidates))
    words = {o: " ".join(_words(by_origin[o])) for o in _ORIGINS if by_origin.get(o)}
    og = words.get("og:title", "")
    pattern = []
    for origin in _ORIGINS:
        if origin not in words:
            pattern.append("-")
            continue
        text = words[origin]
        same = next(o for o in _ORIGINS if words.get(o) == text)
        grows = og and text != og and (text.startswith(og) or og.startswith(text))
        ends = og and text != og and (text.endswith(og) or og.endswith(text))
        pattern.append(same + ("P" if grows else "") + ("S" if ends else ""))
    wanted = " ".join(_words(want))
    return tuple(pattern), {o for o, text in words.items() if text == wanted}


def _words(text: str) -> list[str]:
    return [w.casefold() for w in tokens(text)]


@dataclass
class CharsetScore:
    pages: int  # every saved page of the corpus, listings included
    damaged: list[str]  # ids of pages whose decoding put in replacement characters
    own: list[str]  # ids of pages whose bytes spell U+FFFD themselves (the publisher's)


def charset_score(folder: Path) -> CharsetScore:
    """Pages decoded as newscrawl decodes them (header-less: meta tag, then detection)."""
    pages = sorted(folder.glob("*/*.html.gz"))
    damaged, own = [], []
    for path in pages:
        data = gzip.decompress(path.read_bytes())
        found = decode_page(data)
        try:
            spelled = data.decode(found.encoding).count("\ufffd")
        except (UnicodeDecodeError, LookupError):
            spelled = 0
        if found.text.count("\ufffd") > spelled:
            damaged.append(path.name.removesuffix(".html.gz"))
        elif spelled:
            own.append(path.name.removesuffix(".html.gz"))
    return CharsetScore(len(pages), damaged, own)


def print_charset(folder: Path) -> None:
    score = charset_score(folder)
    print(
        f"\nCharsets: {score.pages} corpus pages decoded, {len(score.damaged)} with replacement"
        f" characters from decoding{': ' + ', '.join(score.damaged) if score.damaged else ''}"
        f" ({len(score.own)} whose own bytes spell U+FFFD: {', '.join(score.own) or 'none'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zyte", type=Path, default=DATA / "zyte")
    parser.add_argument(
        "--corpus", type=Path, action="append", help="page folders (default data/corpus, extra)"
    )
    parser.add_argument(
        "--more", type=Path, default=DATA / "more", help="pages added later, scored apart"
    )
    parser.add_argument("--runs", type=int, default=1, help="timing runs per page")
    parser.add_argument("--worst", type=int, default=0, help="list newscrawl's N worst pages")
    parser.add_argument(
        "--titles", action="store_true", help="list the tuning titles newscrawl gets wrong"
    )
    parser.add_argument(
        "--dates", action="store_true", help="list the tuning dates newscrawl gets wrong"
    )
    parser.add_argument(
        "--authors", action="store_true", help="list the tuning authors newscrawl gets wrong"
    )
    args = parser.parse_args()
    pages, truth = zyte_pages(args.zyte)
    results = run_zyte(pages, args.runs)
    print_zyte(results, truth)
    if args.worst:
        print_worst(results, truth, args.worst)
    folders = args.corpus or [DATA / "corpus", DATA / "extra"]
    parts = split([page for folder in folders for page in corpus_pages(folder)])
    print_corpus(parts)
    if args.more.is_dir():
        more = more_parts(folders, args.more)
        print_corpus(more, f"More pages ({args.more.name}/, scored apart)")
    if args.titles:
        print_title_misses(parts["tuning"])
    if args.dates:
        print_date_misses(parts["tuning"], ours)
    if args.authors:
        print_author_misses(parts["tuning"], ours)
    for folder in folders:
        print_charset(folder)


if __name__ == "__main__":
    main()
