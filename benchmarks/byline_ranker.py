"""Train the byline ranker of newscrawl/extract/metadata/ranked_bylines.py on the TUNING part of
`extraction.py`'s split only, and write its weights to byline_weights.py.

    python benchmarks/byline_ranker.py [--cv] [--write] [--c 0.3]

Each page's short texts that name someone are candidates (`ranked_bylines.candidates`); a
candidate is positive when its names are the page's expected authors (authors F1 1). A logistic
regression (scikit-learn, a development dependency only: the package reads the weights as
constants) is fitted with a fixed seed. `--cv` reports site-grouped 5-fold cross-validation on
the tuning part: for the pages each fold holds out, whether the best-scored candidate is right,
by score band, on every page and on the pages where newscrawl today falls back to the site's
credit (copyright holder or site name) or a desk. The validation part is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_authors import without_author_metadata
from extraction_data import Page, corpus_pages, split
from extraction_score import author_f1
from lxml import etree

from newscrawl import sources
from newscrawl.extract import metadata
from newscrawl.extract.article import extract_article
from newscrawl.extract.body import parse
from newscrawl.extract.body.page import _DROP
from newscrawl.extract.metadata import ranked_bylines
from newscrawl.extract.metadata.authors import _is_person
from newscrawl.extract.metadata.ranked_bylines import candidates

DATA = Path(__file__).resolve().parent / "data"
WEIGHTS = (
    Path(__file__).resolve().parent.parent
    / "newscrawl"
    / "extract"
    / "metadata"
    / "byline_weights.py"
)
SEED = 18
PERSONS = "--persons" in sys.argv


def tuning_pages() -> list[Page]:
    parts = split([p for folder in ("corpus", "extra") for p in corpus_pages(DATA / folder)])
    return [p for p in parts["tuning"] if "authors" in p.expected]


def fallback(page: Page, html: str) -> str:
    """Which of newscrawl's last sources answers the page: "person" (a credit names one),
    "desk" (only organisations are credited), "site" (the copyright holder or site name)."""
    root = parse(html)
    if root is None:
        return "site"
    from parsel import Selector

    sel = Selector(root=root, type="html")
    ld = metadata.json_ld(sel)
    found = metadata.authors(sel, ld, page.url)
    names = metadata.site_names(sel, ld, page.url)
    if any(_is_person(n, names) for n in found):
        return "person"
    if found:
        return "desk"
    got = extract_article(html, page.url, sources.generic(page.url)).authors
    site = metadata.site_credit(Selector(root=parse(html), type="html"), ld)
    return "site" if got == site else "person"


def rows(pages: list[Page], reading: Any = None) -> list[dict[str, Any]]:
    found = []
    for page in pages:
        html = reading(page.html) if reading else page.html
        root = parse(html)
        if (
            root is not None
        ):  # as extract_article leaves the tree when it asks for the site's credit
            etree.strip_elements(root, *_DROP, with_tail=False)
        for names, features in candidates(root) if root is not None else []:
            f1 = author_f1(page.expected["authors"], names)
            found.append(
                {
                    "page": page.id,
                    "site": page.sites[0],
                    "names": names,
                    "f": features,
                    "y": int(f1 == 1.0),
                    "f1": f1,
                }
            )
    return found


def fit(data: list[dict[str, Any]], c: float) -> tuple[DictVectorizer, LogisticRegression]:
    vec = DictVectorizer()
    x = vec.fit_transform([r["f"] for r in data])
    model = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
    model.fit(x, [r["y"] for r in data])
    return vec, model


def baselines(pages: list[Page]) -> dict[tuple[str, str], tuple[str, float]]:
    """(page, reading) -> (which source answers, newscrawl's authors F1 today)."""
    found = {}
    kept, ranked_bylines.THRESHOLD = ranked_bylines.THRESHOLD, 2.0  # today: without the ranker
    for page in pages:
        for label, reading in READINGS:
            html = reading(page.html)
            got = extract_article(html, page.url, sources.generic(page.url)).authors
            found[page.id, label] = (fallback(page, html), author_f1(page.expected["authors"], got))
    ranked_bylines.THRESHOLD = kept
    return found


BANDS = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7)
READINGS = (("saved", lambda html: html), ("no-meta", without_author_metadata))


def cross_validate(pages: list[Page], data: list[dict[str, Any]], c: float) -> None:
    """Held-out (site-grouped) best candidate of each page, against today's answer on the
    pages where the site's credit or a desk answers, both readings."""
    cache = Path("/tmp/byline_ranker_baselines.json")
    if cache.exists():
        today = {tuple(k.split("\t")): tuple(v) for k, v in json.loads(cache.read_text()).items()}
    else:
        today = baselines(pages)
        cache.write_text(json.dumps({"\t".join(k): v for k, v in today.items()}))
    groups = [r["site"] for r in data]
    best: dict[str, tuple[float, float]] = {}
    for train, test in GroupKFold(n_splits=5).split(data, groups=groups):
        vec, model = fit([data[i] for i in train], c)
        held = [data[i] for i in test]
        probs = model.predict_proba(vec.transform([r["f"] for r in held]))[:, 1]
        for r, p in zip(held, probs, strict=True):
            if PERSONS and not (r["f"].get("full_names") and not r["f"].get("organisation")):
                continue
            if r["page"] not in best or p > best[r["page"]][0]:
                best[r["page"]] = (float(p), r["f1"])
    for label, _ in READINGS:
        kinds = [today[p.id, label][0] for p in pages]
        print(
            f"  {label}: pages by source", {k: kinds.count(k) for k in ("person", "desk", "site")}
        )
        for band in BANDS:
            line = []
            for kind in ("site", "desk", "person"):
                ids = [p.id for p in pages if today[p.id, label][0] == kind]
                taken = [i for i in ids if i in best and best[i][0] >= band]
                before = sum(today[i, label][1] for i in taken)
                after = sum(best[i][1] for i in taken)
                line.append(f"{kind} {len(taken):>3} taken {before:5.1f} -> {after:5.1f}")
            print(f"    score >= {band:.1f}  " + "  ".join(line))


def write(vec: DictVectorizer, model: LogisticRegression, threshold: float) -> None:
    weights = {
        name: round(float(w), 4) for name, w in zip(vec.feature_names_, model.coef_[0], strict=True)
    }
    lines = [
        '"""Weights of ranked_bylines\' logistic model (written by benchmarks/byline_ranker.py,',
        'trained on the tuning part only)."""',
        "",
        f"BIAS = {round(float(model.intercept_[0]), 4)}",
        f"THRESHOLD = {threshold}",
        "WEIGHTS: dict[str, float] = {",
        *(f'    "{k}": {v},' for k, v in sorted(weights.items())),
        "}",
        "",
    ]
    WEIGHTS.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--persons", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--c", type=float, default=0.3)
    parser.add_argument("--threshold", type=float, default=0.3)
    args = parser.parse_args()
    pages = tuning_pages()
    data = rows(pages)
    print(
        f"{len(pages)} tuning pages, {len(data)} candidates, {sum(r['y'] for r in data)} positive,"
        f" {len({r['page'] for r in data if r['y']})} pages with a right candidate"
    )
    if args.cv:
        cross_validate(pages, data, args.c)
    if args.write:
        vec, model = fit(data, args.c)
        write(vec, model, args.threshold)
        order = sorted(
            zip(vec.feature_names_, model.coef_[0], strict=True), key=lambda p: -abs(p[1])
        )
        print("  ".join(f"{k} {w:+.2f}" for k, w in order))


if __name__ == "__main__":
    main()
