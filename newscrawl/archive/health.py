"""Source health: when each source last yielded, its recent against its usual yield, and how
often its declared selectors found nothing (a redesign shows up here, not as a silent drop)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from parsel import Selector

from newscrawl.sources.base import Source, select

if TYPE_CHECKING:
    from sqlite_utils import Database

# A source looks broken when, over its recent runs, at least this share of article pages
# missed a declared selector, or when it yields under this share of its usual.
SELECTOR_FAILURE_LIMIT = 0.5
YIELD_LIMIT = 0.2


def selector_misses(html: str, source: Source, sel: Selector | None = None) -> list[str]:
    """The fields whose declared selector (and `body`) match nothing on this page (`sel`: the
    page already parsed, when the caller has it)."""
    sel = sel if sel is not None else Selector(text=html)
    declared = dict(source.selectors) | ({"body": source.body} if source.body else {})
    return [name for name, selector in declared.items() if not _matches(sel, selector)]


def _matches(sel: Selector, selector: str) -> bool:
    return any(value.strip() for value in select(sel, selector))


@dataclass
class Health:
    """One source's health, from its recent crawl runs and its archived articles."""

    source_id: str
    last_article: datetime | None
    runs: int
    recent_yield: float  # articles first archived in the recent window
    usual_yield: float  # the same, per window of that length, over the 30 days before
    pages: int  # article pages checked against declared selectors, recent window
    selector_failures: int
    failed_runs: int
    problems: list[str]
    ever_crawled: bool = True

    @property
    def selector_failure_share(self) -> float:
        return self.selector_failures / self.pages if self.pages else 0.0

    @property
    def broken(self) -> bool:
        return bool(self.problems)


def source_health(
    db: Database, source_id: str, now: datetime, recent: timedelta = timedelta(days=1)
) -> Health:
    """Health of `source_id`: its crawl runs and new articles since `now - recent`, against
    its articles of the 30 days before (per window of the same length)."""
    since = now - recent
    usual_since = since - timedelta(days=30)
    params = {"source": source_id, "since": _iso(since)}
    recent_runs = [dict(row) for row in db.query(_RUNS, params)]
    counts = [json.loads(r["counts"] or "{}") for r in recent_runs]
    last, first = db.execute(_ARTICLE_TIMES, {"source": source_id}).fetchone()
    recent_new = db.execute(_NEW, params | {"until": _iso(now)}).fetchone()[0]
    usual_start = max(usual_since, datetime.fromisoformat(first)) if first else since
    usual_new = db.execute(
        _NEW, {"source": source_id, "since": _iso(usual_start), "until": _iso(since)}
    ).fetchone()[0]
    windows = (since - usual_start) / recent
    health = Health(
        source_id=source_id,
        last_article=datetime.fromisoformat(last) if last else None,
        runs=len(recent_runs),
        recent_yield=float(recent_new),
        usual_yield=usual_new / windows if windows >= 1 else 0.0,
        pages=sum(c.get("selector_pages", 0) for c in counts),
        selector_failures=sum(c.get("selector_failed_pages", 0) for c in counts),
        failed_runs=sum(r["status"] == "failed" for r in recent_runs),
        problems=[],
    )
    health.ever_crawled = db.execute(_ANY_RUN, {"source": source_id}).fetchone() is not None
    health.problems = _problems(health) if health.ever_crawled else []
    return health


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _problems(health: Health) -> list[str]:
    problems = []
    if health.runs == 0:
        problems.append("no crawl run recently")
    elif health.failed_runs == health.runs:
        problems.append(f"all {health.runs} recent runs failed")
    if health.pages and health.selector_failure_share >= SELECTOR_FAILURE_LIMIT:
        problems.append(
            f"declared selectors failed on {health.selector_failure_share:.0%} of pages"
        )
    if health.usual_yield >= 1 and health.recent_yield < YIELD_LIMIT * health.usual_yield:
        problems.append(
            f"{health.recent_yield:.0f} new articles recently, usually {health.usual_yield:.1f}"
        )
    return problems


_RUNS = """select started_at, status, counts from crawl_runs
  where source_id = :source and started_at >= :since and status != 'running'
  order by started_at"""
_ANY_RUN = "select 1 from crawl_runs where source_id = :source limit 1"
_ARTICLE_TIMES = "select max(first_seen), min(first_seen) from articles where source_id = :source"
_NEW = """select count(*) from articles where source_id = :source
  and first_seen >= :since and first_seen < :until"""
