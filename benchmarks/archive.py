"""Archive at scale: build N articles from real corpus texts, time inserts and searches.

    python benchmarks/archive.py             # 1,000,000 articles (long: run it in the background)
    python benchmarks/archive.py --n 50000   # a quick run

Texts: the bodies of the 快科技 fixture posts, the test page fixtures and the shared corpus
pages (Chinese and English), read by the project's own extractor, cut into sentences and
recombined (numbers re-drawn, so that rare tokens exist as they do in real news). Articles go
through the crawler's write path: Archive.add() of Article objects with their `visits` rows,
as the export pipeline calls it, flushed in batches.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl import sources  # noqa: E402  (after the path set-up, to run from a checkout)
from newscrawl.archive import archive_path  # noqa: E402
from newscrawl.archive.store import Archive, Filters  # noqa: E402
from newscrawl.archive.visits import visit_rows  # noqa: E402
from newscrawl.extract.article import body_text, extract_article  # noqa: E402
from newscrawl.extract.charset import decode_html  # noqa: E402
from newscrawl.items import Article, ImageResult  # noqa: E402

CORPUS = [ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus")]
SOURCES = {"mydrivers": 30, "ithome": 20, "sina": 15, "reuters": 12, "bbc": 10, "cnbeta": 8}
SOURCES |= {"verge": 4, "xinhua": 1}  # weights: one source is rare
START = datetime(2022, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)
ZH_WORDS = "显卡 手机 公司 用户 价格 中国 市场 功能 芯片 汽车 微软 苹果 口罩 油价 电池 游戏 系统"
_SENTENCE = {"zh": re.compile(r"[^。！？!?]+[。！？!?]?"), "en": re.compile(r"[^.!?]+[.!?]?")}
_DIGITS = re.compile(r"\d{3,}")


@dataclass
class Pools:
    sentences: dict[str, list[str]]
    titles: dict[str, list[str]]


def _language(code: str | None) -> str | None:
    code = (code or "").lower()
    return "zh" if code.startswith("zh") else "en" if code.startswith("en") else None


def corpus_texts() -> list[tuple[str, str, str]]:
    """(language, title, body text) of every Chinese or English article page available."""
    texts = []
    for post in sorted((ROOT / "tests" / "sources" / "mydrivers").glob("*.post.md")):
        raw = post.read_text(encoding="utf-8")
        title = re.search(r"^title: ['\"](.*)['\"]$", raw, re.M)
        body = raw.split("<div>   \n", 1)[1].rsplit("  \n</div>", 1)[0]
        texts.append(("zh", title.group(1) if title else "", body_text(body)))
    corpus = next((c for c in CORPUS if c.is_dir()), None)
    pages = sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.html.gz"))
    if corpus is not None:
        pages += sorted(corpus.glob("*/*.html.gz"))
    for page in pages:
        meta = json.loads(page.with_name(page.name.replace(".html.gz", ".json")).read_text())
        language = _language(meta.get("language"))
        if language is None or meta.get("page_type", "article") != "article":
            continue
        url = meta.get("url") or f"https://example.com/{page.stem}"
        source = sources.for_url(url) or sources.generic(url)
        article = extract_article(
            decode_html(gzip.decompress(page.read_bytes()), None), url, source
        )
        if len(article.body_text) > 200:
            texts.append((language, article.title, article.body_text))
    return texts


def pools(texts: list[tuple[str, str, str]]) -> Pools:
    sentences: dict[str, list[str]] = {"zh": [], "en": []}
    titles: dict[str, list[str]] = {"zh": [], "en": []}
    for language, title, text in texts:
        titles[language].append(title)
        for paragraph in text.split("\n\n"):
            found = (s.strip() for s in _SENTENCE[language].findall(paragraph))
            sentences[language] += [s for s in found if len(s) >= 8]
    return Pools(sentences, titles)


class Generator:
    """Articles recombined from the pools, deterministic for a seed."""

    def __init__(self, pools: Pools, n: int, seed: int) -> None:
        self.pools, self.n, self.rng = pools, n, random.Random(seed)
        self.source_ids = list(SOURCES)
        self.weights = list(SOURCES.values())
        self.authors = [f"{a} {b}" for a in ("Li", "Wang", "Smith", "Chen") for b in "ABCDEFGH"]
        words = Counter(w for s in pools.sentences["en"] for w in re.findall(r"[A-Z][a-z]{4,}", s))
        self.tags = [w for w, _ in words.most_common(200)] + ZH_WORDS.split()
        self.rare: list[str] = []

    def _numbers(self, text: str) -> str:
        def redraw(match: re.Match[str]) -> str:
            digits = "".join(self.rng.choice("0123456789") for _ in match.group())
            if len(digits) >= 6 and len(self.rare) < 2000:
                self.rare.append(digits)
            return digits

        return _DIGITS.sub(redraw, text)

    def article(self, i: int) -> Article:
        rng = self.rng
        language = "zh" if rng.random() < 0.55 else "en"
        pool = self.pools.sentences[language]
        paragraphs = [
            self._numbers(
                ("" if language == "zh" else " ").join(rng.sample(pool, rng.randint(1, 4)))
            )
            for _ in range(rng.randint(4, 9))
        ]
        title = rng.choice(self.pools.titles[language] + pool)[: 40 if language == "zh" else 110]
        source_id = rng.choices(self.source_ids, self.weights)[0]
        published = START + SPAN * (i / self.n) + timedelta(hours=rng.uniform(-48, 48))
        return Article(
            url=f"https://{source_id}.example/{i}.htm?from=rss",
            canonical_url=f"https://{source_id}.example/{i}.htm",
            source_id=source_id,
            title=title,
            body_html="".join(f"<p>{html.escape(p)}</p>" for p in paragraphs),
            body_text="\n\n".join(paragraphs),
            authors=[rng.choice(self.authors)],
            published=published,
            language="zh-CN" if language == "zh" else "en",
            tags=rng.sample(self.tags, rng.randint(0, 3)),
            categories=["新闻", source_id, "最新"],
            publisher=source_id,
            image_results=[ImageResult(f"https://img.example/{i}.jpg", "downloaded", f"{i}.jpg")]
            if rng.random() < 0.3
            else [],
            fetched_at=published + timedelta(minutes=5),
        )


@dataclass
class Built:
    seconds: float  # wall time in Archive.add/flush/close
    cpu: float  # CPU time of both threads writing (the machine may be shared)
    wall: float  # everything, generating the texts included
    chars: int  # body_text characters written
    rare: list[str]
    load: float  # mean 1-minute load average while writing


def build(path: Path, n: int, batch: int, seed: int) -> Built:
    """Write n articles through Archive.add (flushed every `batch`), timing the archive."""
    generator = Generator(pools(corpus_texts()), n, seed)
    spent = generating = 0.0
    chars, began, cpu_began = 0, time.perf_counter(), time.process_time()
    loads = []
    with Archive(path, batch_size=batch) as archive:
        mark, mark_spent = 0, 0.0
        for i in range(n):
            tock = time.thread_time()
            article = generator.article(i)
            generating += time.thread_time() - tock
            chars += len(article.body_text)
            tick = time.perf_counter()
            # As the export pipeline does (pipelines/export.py), post files aside: the row,
            # its index row and its `visits` row, dated from the archive's first_seen.
            first_seen = archive.get_first_seen(article.key)
            post = f"新闻/{article.source_id}/最新/{i}.md"
            archive.add(article, post, visit_rows(article, first_seen))
            spent += time.perf_counter() - tick
            if i and i % 50_000 == 0:
                loads.append(os.getloadavg()[0])
                rate = (i - mark) / (spent - mark_spent)
                print(
                    f"  {i:,}: {i / spent:,.0f}/s wall so far, {rate:,.0f}/s over the last "
                    f"{i - mark:,}, load {loads[-1]:.1f}",
                    file=sys.stderr,
                )
                mark, mark_spent = i, spent
        tick = time.perf_counter()
        archive.close()
        spent += time.perf_counter() - tick
    # Both threads' CPU (the caller's and the archive writer's), less the texts' generation.
    cpu = time.process_time() - cpu_began - generating
    load = statistics.mean(loads) if loads else os.getloadavg()[0]
    return Built(spent, cpu, time.perf_counter() - began, chars, generator.rare, load)


def df(archive: Archive, term: str) -> int:
    sql = "select count(*) from articles_search where articles_search match ?"
    from newscrawl.archive.search import match_expression

    return int(archive.db.execute(sql, [match_expression(term)]).fetchone()[0])


def pick_terms(archive: Archive, rare_pool: list[str], seed: int) -> dict[str, list[str]]:
    """Query terms by measured document frequency, phrases taken from the archived texts."""
    rng = random.Random(seed)
    n = archive.count()
    english = Counter(
        w.lower()
        for (text,) in archive.db.execute(
            "select body_text from articles where language = 'en' limit 2000"
        )
        for w in re.findall(r"[A-Za-z]{3,}", text)
    )
    counted = {w: df(archive, w) for w, _ in english.most_common(3000)[::25]}
    mid = [w for w, c in counted.items() if n * 0.001 <= c <= n * 0.01]
    common = sorted(counted, key=counted.__getitem__, reverse=True)[:5]
    rare = [t for t in rng.sample(rare_pool, min(40, len(rare_pool))) if df(archive, t) <= 100][:5]
    chinese = [w for w in ZH_WORDS.split() if df(archive, w) > 0]
    zh_common = sorted(chinese, key=lambda w: df(archive, w), reverse=True)[:3]
    zh_mid = [w for w in chinese if df(archive, w) <= n * 0.05][:5] or chinese[-3:]
    en_phrases = ['"' + p + '"' for p in rng.sample(english_phrases(archive), 5)]
    zh_phrases = [s[:4] for s in rng.sample(archive_sentences(archive), 20) if len(s) >= 4][:5]
    return {
        "rare": rare,
        "mid": mid[:5],
        "common": common,
        "2 words (mid + common)": [f"{a} {b}" for a, b in zip(mid, common, strict=False)][:3],
        'phrase (en, "3 words")': en_phrases,
        "phrase (zh, 4 chars)": zh_phrases,
        "Chinese 2-char word": zh_mid,
        "Chinese 2-char word, very common": zh_common,
    }


def english_phrases(archive: Archive) -> list[str]:
    rows = archive.db.execute("select body_text from articles where language = 'en' limit 200")
    return [
        m.group(1)
        for (text,) in rows
        for m in re.finditer(r"(?=\b([a-z]{3,} [a-z]{3,} [a-z]{3,})\b)", text)
    ][::7]


def archive_sentences(archive: Archive) -> list[str]:
    rows = archive.db.execute("select body_text from articles where language like 'zh%' limit 200")
    return [s for (text,) in rows for s in re.findall(r"[\u4e00-\u9fff]{4,}", text)]


# The targets (p95, ms, any filter and sort): rare and mid-frequency terms and
# Chinese words 50, the most common terms 200. Phrases and two-word queries are reported.
TARGETS = {
    "rare": 50,
    "mid": 50,
    "Chinese 2-char word": 50,
    "common": 200,
    "Chinese 2-char word, very common": 200,
}

FILTERS: dict[str, Callable[[datetime, datetime], Filters]] = {
    "": lambda start, end: Filters(),
    "--source mydrivers": lambda start, end: Filters(source="mydrivers"),
    "--source xinhua (1%)": lambda start, end: Filters(source="xinhua"),
    "--lang zh": lambda start, end: Filters(lang="zh"),
    "--since (last 90 days)": lambda start, end: Filters(since=end - timedelta(days=90)),
    "--until (first 90 days)": lambda start, end: Filters(until=start + timedelta(days=90)),
    "--since --until (a month)": lambda start, end: Filters(
        since=start + timedelta(days=500), until=start + timedelta(days=530)
    ),
    "--author --tag": lambda start, end: Filters(author="Li A", tag="显卡"),
}


def time_queries(
    archive: Archive, terms: list[str], filters: Filters, sort: str, repeat: int
) -> tuple[list[float], list[float], int]:
    """Wall and CPU milliseconds of each run, and how many runs were capped."""
    samples, cpu, capped = [], [], 0
    for term in terms:
        for _ in range(repeat):
            tick, tock = time.perf_counter(), time.process_time()
            result = archive.find(term, filters, sort=sort, limit=20)  # type: ignore[arg-type]
            samples.append((time.perf_counter() - tick) * 1000)
            cpu.append((time.process_time() - tock) * 1000)
            capped += result.capped
    return samples, cpu, capped


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="articles to write")
    parser.add_argument("--batch", type=int, default=1000, help="articles per transaction")
    parser.add_argument("--db", type=Path, help="archive file (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=10, help="runs of each query")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="search an existing --db only")
    parser.add_argument("--no-search", action="store_true", help="build the --db only")
    return parser.parse_args()


def build_and_print(path: Path, n: int, batch: int, seed: int) -> list[str]:
    """Write a fresh archive of `n` articles at `path`, print its write table; its rare terms."""
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    built = build(path, n, batch, seed)
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    print(
        f"articles          {n:,} (batch {batch}), "
        f"{built.chars / n:,.0f} body characters on average"
    )
    print(
        f"insert rate       {n / built.seconds:,.0f} articles/s wall in Archive.add/"
        f"flush/close (incl. FTS); {n / built.wall:,.0f}/s with generating the texts"
    )
    print(
        f"archive CPU       {built.cpu / n * 1e6:,.0f} µs per article (caller and "
        f"writer threads together: {n / built.cpu:,.0f} articles per CPU-second)"
    )
    print(f"load average      {built.load:.1f} on {os.cpu_count()} cores while writing")
    print(f"file size         {size / 2**20:,.0f} MiB ({size / n / 1024:.1f} KiB/article)")
    return built.rare


def stored_rare_terms(path: Path) -> list[str]:
    """The rare terms of an existing archive: long numbers in every 2,000th article's text, so
    the same terms (and phrases) every run."""
    sql = "select body_text from articles where rowid % 2000 = 0 limit 500"
    return re.findall(r"\d{6,}", " ".join(r[0] for r in Archive(path).db.execute(sql)))


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or archive_path(Path(tmp))
        if args.reuse:
            rare = stored_rare_terms(path)
        else:
            rare = build_and_print(path, args.n, args.batch, args.seed)
        if not args.no_search:
            report(path, rare, args.seed, args.repeat)


def report(path: Path, rare: list[str], seed: int, repeat: int) -> None:
    with Archive(path) as archive:
        start, end = (
            datetime.fromisoformat(archive.db.execute(sql).fetchone()[0])
            for sql in (
                "select min(published) from articles",
                "select max(published) from articles",
            )
        )
        terms = pick_terms(archive, rare, seed)
        print(
            f"\n{'query':34} {'filter':26} {'sort':6} {'df (median)':>11} {'median ms':>9} "
            f"{'p95 ms':>7} {'CPU med':>7} {'CPU p95':>7} {'load':>4} capped"
        )
        worst: dict[str, float] = {}
        for kind, chosen in terms.items():
            if not chosen:
                continue
            dfs = statistics.median(df(archive, t) for t in chosen)
            for label, make in FILTERS.items():
                for sort in ("rank", "newest") if label == "" else ("rank",):
                    wall, cpu, capped = time_queries(
                        archive, chosen, make(start, end), sort, repeat
                    )
                    print(
                        f"{kind:34} {label:26} {sort:6} {dfs:>11,.0f} "
                        f"{statistics.median(wall):>9.1f} {p95(wall):>7.1f} "
                        f"{statistics.median(cpu):>7.1f} {p95(cpu):>7.1f} "
                        f"{os.getloadavg()[0]:>4.1f} {capped}/{len(wall)}"
                    )
                    worst[kind] = max(worst.get(kind, 0.0), p95(wall))
        print()
        for kind, target in TARGETS.items():
            if kind in worst:
                verdict = "PASS" if worst[kind] <= target else "FAIL"
                print(f"{verdict}  {kind}: worst p95 {worst[kind]:.1f} ms (target <= {target} ms)")
        for kind in sorted(set(worst) - set(TARGETS)):
            print(f"      {kind}: worst p95 {worst[kind]:.1f} ms (no target in the issue)")
        print("\nterms: " + json.dumps(terms, ensure_ascii=False))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
