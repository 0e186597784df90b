"""Train extract/body.scorer's two logistic models on the TUNING part of `extraction.py`'s split
(full-body pages) and the Zyte pages, and write their weights to body_weights.py.

    python benchmarks/body_scorer.py --write   # the shipped weights: C 3, drop < 0.2, adopt > 0.7
    python benchmarks/body_scorer.py --cv --c 0.3,1,3 [--train tuning] [--flips 0.2,0.7]
    python benchmarks/body_scorer.py --cv --model gb:3:100:0.05 [--reach 3]   # tried, dropped

Each page is read once with the scorer off; the segments `scorer.features` returns are the
examples, positive when their text (whitespace removed) is part of the expected body. A kept
segment trains the keep model, a left-out one the adopt model (scikit-learn's logistic
regression, a development dependency only: the package reads the weights as constants).
`--cv` scores the models site-grouped 5-fold: each fold's pages are re-cut with the scores of
models fitted on the other folds, for a grid of thresholds, and the body F1 of the tuning part
and of the Zyte pages is printed for each; the thresholds are chosen there (the best mean of
the two). `--model` cross-validates another model in place of the logistic one (`gb:D:N:R`,
scikit-learn's gradient boosting, depth D, N trees, learning rate R; `poly:C`, a logistic
regression over the features and their pairwise products): compared and dropped, the package
ships the logistic weights only. `--reach N` judges N segments beyond the body's first and
last kept ones (1 shipped). `--flips` lists the held-out segments one pair of thresholds
moves (tuning and Zyte pages only). The validation part is never read here.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

from sklearn.ensemble import GradientBoostingClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_data import Page, _site, corpus_pages, split, zyte_pages
from extraction_score import body_score

from newscrawl import sources
from newscrawl.extract import body as body_module
from newscrawl.extract.article import body_text, extract_article
from newscrawl.extract.body import body_weights, scorer
from newscrawl.extract.body.fragment import Fragment

DATA = Path(__file__).resolve().parent / "data"
WEIGHTS = Path(scorer.__file__).with_name("body_weights.py")
SEED = 18
FOLDS = 5
DROPS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)
TRAIN = {"tuning", "zyte"}  # the parts trained on (--train)
ADOPTS = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)
MODEL = ["lr"]  # the model cross-validated (--model)


class Read:
    """One page read with the scorer off: what select and Fragment saw, for re-cutting."""

    def __init__(self, page: Page, part: str, group: str, truth: str) -> None:
        self.page, self.part, self.group, self.truth = page, part, group, truth
        self.tree: Any = None
        self.votes: list[bool] = []
        self.chosen: list[bool] = []
        self.regions: list[Any] = []
        self.heads: set[int] = set()  # indexes of chosen segments extract_body left out
        self.frag: tuple[str, str] = ("", "")
        self.text = ""
        self.replays = False
        self.rows: list[tuple[int, bool, dict[str, float]]] = []
        self.labels: list[int] = []


def _pages() -> list[tuple[Page, str, str, str]]:
    parts = split([p for folder in ("corpus", "extra") for p in corpus_pages(DATA / folder)])
    found = [
        (p, "tuning", p.sites[0], p.expected["body"])
        for p in parts["tuning"]
        if "body" in p.expected
    ]
    zyte, truth = zyte_pages(DATA / "zyte")
    found += [(p, "zyte", _site(p.url) or p.id, truth[p.id]) for p in zyte]
    return found


def read_all() -> list[Read]:
    select, fragment = body_module.select, body_module.Fragment
    last: dict[str, Any] = {}

    def capture_select(page: Any, votes: list[bool]) -> Any:
        chosen, regions = select(page, votes)
        last["select"] = (page, list(votes), list(chosen), list(regions))
        return chosen, regions

    class CaptureFragment(fragment):  # type: ignore[misc, valid-type]
        def __init__(self, page: Any, kept: list[Any], regions: Any, url: str, scheme: str) -> None:
            last["fragment"] = (kept, url, scheme)
            super().__init__(page, kept, regions, url, scheme)

    body_module.select, body_module.Fragment = capture_select, CaptureFragment
    reads = []
    try:
        for page, part, group, truth in _pages():
            last.clear()
            read = Read(page, part, group, truth)
            article = extract_article(page.html, page.url, sources.generic(page.url))
            read.text = article.body_text
            if "select" in last:
                read.tree, read.votes, read.chosen, read.regions = last["select"]
                kept, url, scheme = last.get("fragment", ([], page.url, "https"))
                ids = {id(s) for s in kept}
                read.heads = {
                    i
                    for i, (s, c) in enumerate(zip(read.tree.segments, read.chosen, strict=True))
                    if c and id(s) not in ids
                }
                read.frag = (url, scheme)
                read.replays = replay(read, {}) == read.text
                want = "".join(truth.split())
                read.rows = scorer.features(read.tree, read.votes, read.chosen, read.regions)
                read.labels = [int(read.tree.segments[i].norm in want) for i, _, _ in read.rows]
            reads.append(read)
    finally:
        body_module.select, body_module.Fragment = select, fragment
    return reads


def replay(read: Read, flips: dict[int, bool]) -> str:
    """The body text of `read` with `flips` applied to the rules' choice."""
    if not flips:
        chosen = read.chosen
    else:
        chosen = list(read.chosen)
        for i, value in flips.items():
            chosen[i] = value
    kept = [
        s
        for i, (s, c) in enumerate(zip(read.tree.segments, chosen, strict=True))
        if c and i not in read.heads
    ]
    if not kept:
        return ""
    url, scheme = read.frag
    return body_text(Fragment(read.tree, kept, read.regions, url, scheme).html())


def fit(rows: list[dict[str, float]], labels: list[int], c: float) -> tuple[DictVectorizer, Any]:
    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform(rows)
    model: Any = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
    kind, *params = MODEL[0].split(":")
    if kind == "gb":
        depth, trees, rate = int(params[0]), int(params[1]), float(params[2])
        model = GradientBoostingClassifier(
            max_depth=depth, n_estimators=trees, learning_rate=rate, random_state=SEED
        )
    elif kind == "poly":
        model = make_pipeline(
            PolynomialFeatures(2, interaction_only=True, include_bias=False),
            StandardScaler(),
            LogisticRegression(C=float(params[0]), max_iter=5000, random_state=SEED),
        )
    model.fit(x, labels)
    return vec, model


def examples(reads: list[Read], kept: bool) -> tuple[list[dict[str, float]], list[int]]:
    rows, labels = [], []
    for read in reads:
        if read.part not in TRAIN:
            continue
        for (_, k, row), label in zip(read.rows, read.labels, strict=True):
            if k == kept:
                rows.append(row)
                labels.append(label)
    return rows, labels


def scores(
    reads: list[Read], probs: dict[int, dict[int, float]], drop: float, adopt: float
) -> dict[str, float]:
    texts: dict[str, dict[str, str]] = {"tuning": {}, "zyte": {}}
    truths: dict[str, dict[str, str]] = {"tuning": {}, "zyte": {}}
    changed = 0
    for n, read in enumerate(reads):
        truths[read.part][read.page.id] = read.truth
        text = read.text
        if read.replays:
            flips = {}
            for i, kept, _ in read.rows:
                p = probs[n].get(i)
                if p is None:
                    continue
                if kept and p < drop:
                    flips[i] = False
                elif not kept and p > adopt:
                    flips[i] = True
            if flips:
                text = replay(read, flips)
                changed += text != read.text
        texts[read.part][read.page.id] = text
    out = {part: body_score(truths[part], texts[part]).f1 for part in texts}
    out["changed"] = changed
    return out


def cross_validate(reads: list[Read], c: float, shown: tuple[float, ...] = ()) -> None:
    groups = [r.group for r in reads]
    probs: dict[int, dict[int, float]] = {n: {} for n in range(len(reads))}
    for train, test in GroupKFold(n_splits=FOLDS).split(reads, groups=groups):
        fold = [reads[n] for n in train]
        models = {kept: fit(*examples(fold, kept), c) for kept in (True, False)}
        for n in test:
            read = reads[n]
            for i, kept, row in read.rows:
                vec, model = models[kept]
                probs[n][i] = float(model.predict_proba(vec.transform([row]))[0, 1])
    if shown:
        drop, adopt = shown
        for n, read in enumerate(reads):
            for (i, kept, _), label in zip(read.rows, read.labels, strict=True):
                p = probs[n].get(i)
                if p is not None and ((kept and p < drop) or (not kept and p > adopt)):
                    seg = read.tree.segments[i]
                    good = "right" if label != kept else "WRONG"
                    print(
                        f"  {good} {read.part} {read.page.id[:24]} {'drop' if kept else 'adopt'}"
                        f" p={p:.2f} <{seg.parent.tag}> {seg.text.strip()[:90]!r}"
                    )
    base = scores(reads, probs, 0.0, 1.0)
    print(f"base: tuning {base['tuning']:.4f} zyte {base['zyte']:.4f}")
    print(f"replayed pages: {sum(r.replays for r in reads)} of {len(reads)}")
    for drop in DROPS:
        for adopt in ADOPTS:
            s = scores(reads, probs, drop, adopt)
            mean = statistics.fmean([s["tuning"], s["zyte"]])
            print(
                f"drop<{drop:<5} adopt>{adopt:<5} tuning {s['tuning']:.4f} zyte {s['zyte']:.4f}"
                f" mean {mean:.4f} pages changed {s['changed']}"
            )


def write(reads: list[Read], c: float, drop: float, adopt: float) -> None:
    lines = [
        '"""Weights of extract/body.scorer\'s two logistic models (written by',
        "benchmarks/body_scorer.py, trained on the tuning part and the Zyte pages only; the",
        'thresholds chosen on site-grouped held-out folds of the same pages)."""',
        "",
    ]
    for kept, name in ((True, "KEEP"), (False, "ADOPT")):
        vec, model = fit(*examples(reads, kept), c)
        weights = {
            f: round(float(w), 4) for f, w in zip(vec.feature_names_, model.coef_[0], strict=True)
        }
        lines.append(f"{name}_BIAS = {round(float(model.intercept_[0]), 4)}")
        lines.append(f"{name}_WEIGHTS: dict[str, float] = {{")
        lines += [f'    "{f}": {w},' for f, w in sorted(weights.items())]
        lines.append("}")
    lines.append(f"DROP_BELOW = {drop}")
    lines.append(f"ADOPT_ABOVE = {adopt}")
    WEIGHTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--c", default="3", help="comma-separated: one cross-validation each")
    parser.add_argument("--drop", type=float, default=0.2)
    parser.add_argument("--adopt", type=float, default=0.7)
    parser.add_argument("--flips", default="", help="drop,adopt: list the held-out flips")
    parser.add_argument("--train", default="tuning,zyte", help="the parts trained on")
    parser.add_argument("--model", default="lr", help="lr, gb:D:N:R or poly:C (--cv only)")
    parser.add_argument("--reach", type=int, default=scorer.REACH)
    args = parser.parse_args()
    if args.write and args.model != "lr":
        parser.error("only the logistic models are written")
    MODEL[0] = args.model
    scorer.REACH = args.reach
    shown = tuple(float(v) for v in args.flips.split(",")) if args.flips else ()
    TRAIN.clear()
    TRAIN.update(args.train.split(","))
    if body_weights.KEEP_WEIGHTS or body_weights.ADOPT_WEIGHTS:
        for name in ("KEEP_WEIGHTS", "ADOPT_WEIGHTS"):
            setattr(body_weights, name, {})  # read the pages with the rules alone
    reads = read_all()
    cs = [float(c) for c in args.c.split(",")]
    if args.cv:
        for c in cs:
            print(f"C = {c}")
            cross_validate(reads, c, shown)
    if args.write:
        write(reads, cs[0], args.drop, args.adopt)


if __name__ == "__main__":
    main()
