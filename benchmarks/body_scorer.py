"""Train extract/body.scorer's two logistic models on the TUNING part of `extraction.py`'s split
(full-body pages) and the Zyte pages, and write their weights to body_weights.py.

    python benchmarks/body_scorer.py --write   # the shipped weights: C 3, drop < 0.2, adopt > 0.7
    python benchmarks/body_scorer.py --cv --c 0.3,1,3 [--train tuning] [--flips 0.2,0.7]
    python benchmarks/body_scorer.py --cv --model gb:3:100:0.05 [--reach 3]   # tried, dropped
    python benchmarks/body_scorer.py --cv --train tuning,zyte,phrase [--phrase-weight 0.3]

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

The tuning part's pages with phrase labels only (trafilatura's and postlight's: `body_contains`,
`body_excludes`; 421 pages) are read too and always scored on the held-out folds: the share of
their contained phrases the re-cut body holds, of their excluded phrases it leaves out, and the
pooled phrase F1 (`extraction.py`'s). `--train tuning,zyte,phrase` also trains on them, with
partial labels: a segment holding an excluded phrase (or a piece of one, PIECE characters or
more) is a negative example, one holding a contained phrase a positive one, every other segment
of those pages none; `--phrase-weight` weighs those examples against the full-body pages'.
Tried, not shipped (benchmarks/README.md, thirteenth pass).
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
PIECE = 20  # characters (no spaces) of a segment that counts as a piece of a phrase
PHRASE_WEIGHT = [1.0]  # a phrase page's example against a full-body page's (--phrase-weight)
PHRASE_SIDES = {True, False}  # the models phrase pages train: kept (keep), left out (adopt)


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
        self.labels: list[int] = []  # 1 the article's, 0 not, -1 unknown (phrase pages)
        self.contains: list[str] = []  # phrase pages: phrases the body holds, spaces removed
        self.excludes: list[str] = []  # and phrases it must not hold


def _pages() -> list[tuple[Page, str, str, str]]:
    parts = split([p for folder in ("corpus", "extra") for p in corpus_pages(DATA / folder)])
    found = [
        (p, "tuning", p.sites[0], p.expected["body"])
        for p in parts["tuning"]
        if "body" in p.expected
    ]
    zyte, truth = zyte_pages(DATA / "zyte")
    found += [(p, "zyte", _site(p.url) or p.id, truth[p.id]) for p in zyte]
    found += [
        (p, "phrase", p.sites[0], "")
        for p in parts["tuning"]
        if "body" not in p.expected
        and ("body_contains" in p.expected or "body_excludes" in p.expected)
    ]
    return found


def _phrase_label(norm: str, contains: list[str], excludes: list[str]) -> int:
    """A phrase page's segment: 0 when it holds a phrase the body must not hold, 1 when it
    holds one the body must hold (or is a long enough piece of one), -1 otherwise or both."""
    bad = any(x in norm for x in excludes) or any(
        len(norm) >= PIECE and norm in x for x in excludes
    )
    good = any(x in norm for x in contains) or any(
        len(norm) >= PIECE and norm in x for x in contains
    )
    if bad == good:
        return -1
    return int(good)


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
                read.rows = scorer.features(read.tree, read.votes, read.chosen, read.regions)
                if part == "phrase":
                    read.contains = [
                        "".join(x.split()) for x in page.expected.get("body_contains", [])
                    ]
                    read.excludes = [
                        "".join(x.split()) for x in page.expected.get("body_excludes", [])
                    ]
                    read.contains = [x for x in read.contains if x]
                    read.excludes = [x for x in read.excludes if x]
                    read.labels = [
                        _phrase_label(read.tree.segments[i].norm, read.contains, read.excludes)
                        for i, _, _ in read.rows
                    ]
                else:
                    want = "".join(truth.split())
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


def fit(
    rows: list[dict[str, float]], labels: list[int], weights: list[float], c: float
) -> tuple[DictVectorizer, Any]:
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
    if kind == "poly":
        model.fit(x, labels, logisticregression__sample_weight=weights)
    else:
        model.fit(x, labels, sample_weight=weights)
    return vec, model


def examples(
    reads: list[Read], kept: bool
) -> tuple[list[dict[str, float]], list[int], list[float]]:
    rows, labels, weights = [], [], []
    for read in reads:
        if read.part not in TRAIN:
            continue
        if read.part == "phrase" and kept not in PHRASE_SIDES:
            continue
        weight = PHRASE_WEIGHT[0] if read.part == "phrase" else 1.0
        for (_, k, row), label in zip(read.rows, read.labels, strict=True):
            if k == kept and label >= 0:
                rows.append(row)
                labels.append(label)
                weights.append(weight)
    return rows, labels, weights


def scores(
    reads: list[Read], probs: dict[int, dict[int, float]], drop: float, adopt: float
) -> dict[str, float]:
    texts: dict[str, dict[str, str]] = {"tuning": {}, "zyte": {}}
    truths: dict[str, dict[str, str]] = {"tuning": {}, "zyte": {}}
    changed = 0
    found = held = present = banned = (
        0  # phrase pages: contains found / all, excludes present / all
    )
    for n, read in enumerate(reads):
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
        if read.part == "phrase":
            flat = "".join(text.split())
            held += len(read.contains)
            found += sum(x in flat for x in read.contains)
            banned += len(read.excludes)
            present += sum(x in flat for x in read.excludes)
            continue
        truths[read.part][read.page.id] = read.truth
        texts[read.part][read.page.id] = text
    out = {part: body_score(truths[part], texts[part]).f1 for part in texts}
    out["changed"] = changed
    out["contains"] = found / max(1, held)
    out["excludes"] = 1 - present / max(1, banned)
    precision = found / max(1, found + present)
    recall = out["contains"]
    out["phrases"] = 2 * precision * recall / max(1e-9, precision + recall)
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
                    good = "?" if label < 0 else "right" if label != kept else "WRONG"
                    print(
                        f"  {good} {read.part} {read.page.id[:24]} {'drop' if kept else 'adopt'}"
                        f" p={p:.2f} <{seg.parent.tag}> {seg.text.strip()[:90]!r}"
                    )
    base = scores(reads, probs, 0.0, 1.0)
    print(
        f"base: tuning {base['tuning']:.4f} zyte {base['zyte']:.4f} contains"
        f" {base['contains']:.4f} excludes {base['excludes']:.4f} phrases {base['phrases']:.4f}"
    )
    print(f"replayed pages: {sum(r.replays for r in reads)} of {len(reads)}")
    for drop in DROPS:
        for adopt in ADOPTS:
            s = scores(reads, probs, drop, adopt)
            mean = statistics.fmean([s["tuning"], s["zyte"]])
            print(
                f"drop<{drop:<5} adopt>{adopt:<5} tuning {s['tuning']:.4f} zyte {s['zyte']:.4f}"
                f" mean {mean:.4f} contains {s['contains']:.4f} excludes {s['excludes']:.4f}"
                f" phrases {s['phrases']:.4f} pages changed {s['changed']}"
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
    parser.add_argument("--phrase-weight", type=float, default=PHRASE_WEIGHT[0])
    args = parser.parse_args()
    if args.write and args.model != "lr":
        parser.error("only the logistic models are written")
    MODEL[0] = args.model
    PHRASE_WEIGHT[0] = args.phrase_weight
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
