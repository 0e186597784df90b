"""Train the check on marked bylines (newscrawl/extract/metadata/byline_check.py) on the TUNING
part of `extraction.py`'s split only, and write its weights to byline_check_weights.py.

    python benchmarks/byline_check.py [--cv] [--write] [--c 1.0] [--threshold 0.1]

Every marked byline naming people that bylines.py considers on a tuning page (as saved and
without author metadata) is a candidate, positive when its names are the page's expected
authors (authors F1 1). For each page and reading, newscrawl's answer is computed with the
first 0, 1, 2, ... candidates passed over, so that a decision rule (pass over a candidate whose
score is under a threshold) is scored by the page's final authors F1. `--cv` reports
site-grouped 5-fold cross-validation of the rule; the validation part is never read here.
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

from newscrawl import sources
from newscrawl.extract.article import extract_article
from newscrawl.extract.metadata import byline_check, bylines

DATA = Path(__file__).resolve().parent / "data"
WEIGHTS = (
    Path(__file__).resolve().parent.parent
    / "newscrawl"
    / "extract"
    / "metadata"
    / "byline_check_weights.py"
)
SEED = 18
MOST_SKIPPED = 6  # answers computed with up to this many candidates passed over
READINGS = (("saved", lambda html: html), ("no-meta", without_author_metadata))
CACHE = Path("/tmp/byline_check_rows.json")


def tuning_pages() -> list[Page]:
    parts = split([p for folder in ("corpus", "extra") for p in corpus_pages(DATA / folder)])
    return [p for p in parts["tuning"] if "authors" in p.expected]


def _run(page: Page, html: str, skip: int, record: list[Any] | None) -> float:
    first: list[int] = []

    def accepted(element: Any, names: list[str], seen: byline_check.Seen) -> bool:
        if record is not None:
            if not first:
                first.append(id(seen))
            if id(seen) == first[0]:
                record.append((names, byline_check.features(element, names, seen)))
        return seen.rank >= skip

    kept, bylines.accepted = bylines.accepted, accepted
    try:
        got = extract_article(html, page.url, sources.generic(page.url)).authors
    finally:
        bylines.accepted = kept
    return author_f1(page.expected["authors"], got)


def rows(pages: list[Page]) -> list[dict[str, Any]]:
    """One row per page and reading: its candidates (names, features, label) and the page's
    authors F1 with the first j candidates passed over (j = 0 .. min(n, MOST_SKIPPED))."""
    found = []
    for page in pages:
        for label, reading in READINGS:
            html = reading(page.html)
            record: list[Any] = []
            _run(page, html, 10**6, record)
            if not record:
                continue
            f1s = [_run(page, html, j, None) for j in range(min(len(record), MOST_SKIPPED) + 1)]
            found.append(
                {
                    "page": page.id,
                    "site": page.sites[0],
                    "reading": label,
                    "cands": [
                        {"names": n, "f": f, "y": int(author_f1(page.expected["authors"], n) == 1)}
                        for n, f in record
                    ],
                    "f1s": f1s,
                }
            )
    return found


def fit(data: list[dict[str, Any]], c: float) -> tuple[DictVectorizer, LogisticRegression]:
    cands = [c_ for r in data for c_ in r["cands"]]
    vec = DictVectorizer()
    x = vec.fit_transform([r["f"] for r in cands])
    model = LogisticRegression(C=c, max_iter=5000, random_state=SEED)
    model.fit(x, [r["y"] for r in cands])
    return vec, model


def decide(scores: list[float], f1s: list[float], threshold: float) -> float:
    """The page's F1 where candidates scoring under the threshold are passed over."""
    j = next((i for i, s in enumerate(scores) if s >= threshold), len(scores))
    return f1s[min(j, len(f1s) - 1)]


THRESHOLDS = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)


def cross_validate(data: list[dict[str, Any]], c: float) -> None:
    groups = [r["site"] for r in data]
    held: list[tuple[dict[str, Any], list[float]]] = []
    for train, test in GroupKFold(n_splits=5).split(data, groups=groups):
        vec, model = fit([data[i] for i in train], c)
        for i in test:
            r = data[i]
            probs = model.predict_proba(vec.transform([c_["f"] for c_ in r["cands"]]))[:, 1]
            held.append((r, [float(p) for p in probs]))
    for label, _ in READINGS:
        part = [(r, s) for r, s in held if r["reading"] == label]
        before = sum(r["f1s"][0] for r, _ in part)
        line = [f"  {label} ({len(part)} pages, F1 sum {before:.1f}):"]
        for t in THRESHOLDS:
            after = [decide(s, r["f1s"], t) for r, s in part]
            changed = sum(1 for (r, _), a in zip(part, after, strict=True) if a != r["f1s"][0])
            gained = sum(1 for (r, _), a in zip(part, after, strict=True) if a > r["f1s"][0])
            lost = sum(1 for (r, _), a in zip(part, after, strict=True) if a < r["f1s"][0])
            line.append(
                f"t {t:.2f}: {sum(after) - before:+.2f} ({changed} changed, +{gained} -{lost})"
            )
        print("\n    ".join(line))


def write(vec: DictVectorizer, model: LogisticRegression, threshold: float) -> None:
    weights = {
        name: round(float(w), 4) for name, w in zip(vec.feature_names_, model.coef_[0], strict=True)
    }
    lines = [
        '"""Weights of byline_check\'s logistic model (written by benchmarks/byline_check.py,',
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
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--cached", action="store_true", help="reuse /tmp rows (same code)")
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--threshold", type=float, default=0.1)
    args = parser.parse_args()
    if args.cached and CACHE.exists():
        data = json.loads(CACHE.read_text())
    else:
        data = rows(tuning_pages())
        CACHE.write_text(json.dumps(data))
    cands = [c_ for r in data for c_ in r["cands"]]
    print(
        f"{len(data)} page readings with marked bylines, {len(cands)} candidates,"
        f" {sum(c_['y'] for c_ in cands)} positive"
    )
    if args.cv:
        cross_validate(data, args.c)
    if args.write:
        vec, model = fit(data, args.c)
        write(vec, model, args.threshold)
        order = sorted(
            zip(vec.feature_names_, model.coef_[0], strict=True), key=lambda p: -abs(p[1])
        )
        print("  ".join(f"{k} {w:+.2f}" for k, w in order))


if __name__ == "__main__":
    main()
