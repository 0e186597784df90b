"""Generic extraction quality and speed: newscrawl against trafilatura on real pages.

    python benchmarks/extraction.py [--zyte DIR] [--corpus DIR ...] [--runs N] [--worst N]
                                    [--titles] [--misses PART]

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
validation part improves. Each part is scored for newscrawl and trafilatura
(`include_comments=False`) in the same run:

- title: share of pages whose title equals the expected one or one of its
  `title_alternatives`, both with whitespace runs (zero-width characters, U+FEFF and U+00AD
  included) made one space and stripped;
- minute: published instant within a minute, on pages whose expected date has a time (a
  `T00:00:00` or bare date is a day only); day: same calendar day in the expected offset;
- authors: mean per-page F1 of the casefolded name sets;
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
import hashlib
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tldextract
import trafilatura
from parsel import Selector

from newscrawl import sources
from newscrawl.extract import metadata
from newscrawl.extract.article import extract_article
from newscrawl.extract.body import parse
from newscrawl.extract.charset import decode_html, decode_page

DATA = Path(__file__).resolve().parent / "data"
_TOKEN = re.compile(r"\w+")


# --- the Zyte benchmark's scoring -----------------------------------------------------------


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    found = tokens(text)
    if len(found) < n:
        return Counter([tuple(found)]) if found else Counter()
    return Counter(tuple(found[i : i + n]) for i in range(len(found) - n + 1))


def document_score(truth: str, prediction: str) -> tuple[float, float, float]:
    """(TP, FP, FN) of one document, normalized to sum to 1 (all 0 when both are empty)."""
    want, got = shingles(truth), shingles(prediction)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


@dataclass
class BodyScore:
    precision: float
    recall: float
    f1: float
    accuracy: float


def body_score(truths: dict[str, str], predictions: dict[str, str]) -> BodyScore:
    precisions, recalls, exact = [], [], 0
    for key, truth in truths.items():
        prediction = predictions.get(key) or ""
        tp, fp, fn = document_score(truth, prediction)
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        recalls.append(tp / (tp + fn) if tp + fn > 0 else 0.0)
        exact += tokens(truth) == tokens(prediction)
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    return BodyScore(p, r, 2 * p * r / (p + r) if p + r else 0.0, exact / max(len(truths), 1))


# --- the pages ------------------------------------------------------------------------------


@dataclass
class Page:
    id: str
    url: str
    html: str
    expected: dict[str, Any] = field(default_factory=dict)
    sites: tuple[str, ...] = ()


def zyte_pages(folder: Path) -> tuple[list[Page], dict[str, str]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [
        Page(key, item["url"], _gunzip_utf8(folder / "html" / f"{key}.html.gz"))
        for key, item in sorted(truth.items())
    ]
    return pages, {key: item["articleBody"] for key, item in truth.items()}


def _gunzip_utf8(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")  # the data's README: all UTF-8


def corpus_pages(folder: Path) -> list[Page]:
    """Article pages with expected values; their bytes decoded the way newscrawl decodes."""
    found = []
    for meta_path in sorted(folder.glob("*/*.json")):
        if meta_path.name == "index.json" or meta_path.name.endswith(".fundus.json"):
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        page_path = meta_path.with_name(meta_path.name.removesuffix(".json") + ".html.gz")
        if meta.get("page_type", "article") != "article" or not page_path.exists():
            continue
        html = decode_html(gzip.decompress(page_path.read_bytes()))
        url = meta["url"] or f"https://{meta_path.stem}.invalid/"
        sites = tuple(meta.get("site") or [_site(meta["url"]) or meta_path.stem])
        found.append(Page(meta_path.stem, url, html, meta["expected"], sites))
    return found


_DOMAINS = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # bundled list only
_ALIASES = {"guardian.co.uk": "theguardian.com", "bbc.co.uk": "bbc.com"}  # extra/README's


def _site(url: str | None) -> str:
    if not url:
        return ""
    domain = _DOMAINS(url).top_domain_under_public_suffix
    return _ALIASES.get(domain, domain)


def split(pages: list[Page]) -> dict[str, list[Page]]:
    """{"tuning": [...], "validation": [...]}: by site, as the module docstring says."""
    group: dict[str, str] = {}  # site key -> its group's key

    def root(key: str) -> str:
        while group.setdefault(key, key) != key:
            key = group[key]
        return key

    for page in pages:
        first = root(page.sites[0])
        for key in page.sites[1:]:
            other = root(key)
            group[max(first, other)] = min(first, other)
            first = min(first, other)
    parts: dict[str, list[Page]] = {"tuning": [], "validation": []}
    for page in pages:
        parts["validation" if _held(root(page.sites[0])) else "tuning"].append(page)
    return parts


def validation_pages(folders: list[Path]) -> list[Page]:
    """The validation part of the pages of `folders` (see split)."""
    return split([page for folder in folders for page in corpus_pages(folder)])["validation"]


def _held(key: str) -> bool:
    digest = hashlib.sha256(f"newscrawl-site-split-1:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 3 == 0


# --- the extractors -------------------------------------------------------------------------


@dataclass
class Extracted:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | date | None = None
    body: str = ""


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


# --- corpus metrics -------------------------------------------------------------------------


def _names(values: Iterable[str]) -> set[str]:
    return {" ".join(v.split()).casefold() for v in values if v.strip()}


def author_f1(expected: list[str], found: list[str]) -> float:
    want, got = _names(expected), _names(found)
    if not want and not got:
        return 1.0
    return 2 * len(want & got) / (len(want) + len(got))


def same_day(expected: str, found: datetime | date | None) -> bool:
    want = datetime.fromisoformat(expected)
    if found is None:
        return False
    if not isinstance(found, datetime):
        return found == want.date()
    if want.tzinfo is not None and found.tzinfo is not None:
        found = found.astimezone(want.tzinfo)
    return found.date() == want.date()


def same_minute(expected: str, found: datetime | date | None) -> bool:
    want = datetime.fromisoformat(expected)
    if not isinstance(found, datetime):
        return False
    if (want.tzinfo is None) != (found.tzinfo is None):
        found = found.replace(tzinfo=None)
        want = want.replace(tzinfo=None)
    return abs((found - want).total_seconds()) < 60


def _has_time(expected: str) -> bool:
    return "T" in expected and not expected.endswith("T00:00:00")


_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff\u00ad]+")


def same_title(expected: dict[str, Any], found: str) -> bool:
    """The title or one of its alternatives, whitespace and invisible characters normalized."""
    wanted = [expected["title"], *expected.get("title_alternatives", [])]
    return _plain(found) in {_plain(title) for title in wanted}


def _plain(text: str) -> str:
    return _INVISIBLE.sub(" ", text).strip()


@dataclass
class CorpusScore:
    title: float
    minute: float
    day: float
    authors: float
    body: BodyScore
    contains: float
    excludes: float
    phrases: float
    counts: dict[str, int]


def corpus_score(pages: list[Page], results: dict[str, Extracted]) -> CorpusScore:
    def rate(key: str, check: Callable[[Any, Extracted], bool], where: list[Page]) -> float:
        hits = [check(p.expected[key], results[p.id]) for p in where]
        return sum(hits) / len(hits) if hits else 0.0

    def having(key: str) -> list[Page]:
        return [p for p in pages if key in p.expected]

    timed = [p for p in having("publishing_date") if _has_time(p.expected["publishing_date"])]
    with_body = having("body")
    found, kept_in = _phrases(having("body_contains"), results, "body_contains")
    present, absent = _phrases(having("body_excludes"), results, "body_excludes")
    precision = found / (found + present) if found + present else 0.0
    recall = found / (found + kept_in) if found + kept_in else 0.0
    return CorpusScore(
        title=_rate_titles(pages, results),
        minute=rate("publishing_date", lambda w, g: same_minute(w, g.published), timed),
        day=rate(
            "publishing_date", lambda w, g: same_day(w, g.published), having("publishing_date")
        ),
        authors=statistics.fmean(
            author_f1(p.expected["authors"], results[p.id].authors) for p in having("authors")
        )
        if having("authors")
        else 0.0,
        body=body_score(
            {p.id: p.expected["body"] for p in with_body},
            {p.id: results[p.id].body for p in with_body},
        ),
        contains=recall,
        excludes=absent / (absent + present) if absent + present else 0.0,
        phrases=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        counts={
            "pages": len(pages),
            "title": len(having("title")),
            "minute": len(timed),
            "day": len(having("publishing_date")),
            "authors": len(having("authors")),
            "body": len(with_body),
            "contains": found + kept_in,
            "excludes": absent + present,
        },
    )


def _rate_titles(pages: list[Page], results: dict[str, Extracted]) -> float:
    titled = [p for p in pages if "title" in p.expected]
    hits = [same_title(p.expected, results[p.id].title) for p in titled]
    return sum(hits) / len(hits) if hits else 0.0


def _phrases(pages: list[Page], results: dict[str, Extracted], key: str) -> tuple[int, int]:
    """(phrases of `key` found in the body, phrases not found), whitespace removed."""
    found = total = 0
    for page in pages:
        body = re.sub(r"\s+", "", results[page.id].body)
        for phrase in page.expected[key]:
            total += 1
            found += re.sub(r"\s+", "", phrase) in body
    return found, total - found


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


def print_corpus(parts: dict[str, list[Page]]) -> None:
    scores = score_parts(parts)
    sites = {part: len({p.sites[0] for p in pages}) for part, pages in parts.items()}
    print("\nDevelopment pages with expected values, split by site")
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
            print(
                f"  {name:<24} {s.title:6.3f} {s.minute:7.3f} {s.day:6.3f} {s.authors:8.3f}"
                f" {s.body.precision:7.3f} {s.body.recall:7.3f} {s.body.f1:8.3f}"
                f" {s.contains:9.3f} {s.excludes:9.3f} {s.phrases:9.3f}"
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
    parser.add_argument("--runs", type=int, default=1, help="timing runs per page")
    parser.add_argument("--worst", type=int, default=0, help="list newscrawl's N worst pages")
    parser.add_argument(
        "--titles", action="store_true", help="list the tuning titles newscrawl gets wrong"
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
    if args.titles:
        print_title_misses(parts["tuning"])
    for folder in folders:
        print_charset(folder)


if __name__ == "__main__":
    main()
