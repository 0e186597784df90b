"""The date a page labels as its own in words its readers see, written in digits: "Datum:
18.10.2021", "Veröffentlicht am 07.12.2026 um 14:05 Uhr", "发布时间：2026-12-07 14:05"."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from lxml import etree

# Labels of the published date in the corpus's languages; not those of an update ("Stand",
# "Aktualisiert", "Updated", "Zuletzt geändert"), whose day is not the publication's.
_LABEL = (
    r"Datum|Date|Fecha(?: de publicación)?|Data(?: di pubblicazione| publikacji)?"
    r"|Publié(?: le)?|Publicad[oa](?: el| em)?|Published(?: on)?|Posted(?: on)?"
    r"|Veröffentlicht(?: am)?|Erschienen(?: am)?|Pubblicato(?: il)?|Gepubliceerd(?: op)?"
    r"|Opublikowano|Julkaistu|Publicerad|Publisert|Udgivet|Datum objave"
    r"|发布时间|发表时间|发布日期|發佈時間|發布時間|公開日|投稿日|게시일|입력"
)
_DAY = (
    r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})"
    r"|(?P<Y>\d{4})\s*[-/.年]\s*(?P<M>\d{1,2})\s*[-/.月]\s*(?P<D>\d{1,2})日?"
)
_LABELLED = re.compile(
    rf"(?<![^\W\d_])(?:{_LABEL})\s*[:：]?\s*(?:{_DAY})(?!\d)"
    r"(?:\s*(?:,|um|à|alle|a las|às|at|-|\|)?\s*(?P<H>\d{1,2})[:：h](?P<MM>\d{2})(?!\d))?",
    re.IGNORECASE,
)
# Plain strings: the texts are only joined, and lxml's "smart" ones each know their parent.
_TEXTS = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style)]", smart_strings=False
)
TEXT_READ = 20_000  # characters of the page's text searched: a label is near its top


def labelled_date(root: Any) -> str | None:
    """The first date the page's text labels as its publication's ("Datum 25.01.2022"), as
    ISO 8601 ("2022-01-25", or "2022-01-25T14:05" with the time written after it), or None."""
    for match in _LABELLED.finditer(page_text(root)):
        found = _read(match)
        if found is not None:
            return found
    return None


def page_text(root: Any) -> str:
    """The first TEXT_READ characters of the text the page shows, its whitespace made single
    spaces."""
    pieces = _TEXTS(root) if hasattr(root, "xpath") else ()
    return " ".join(" ".join(pieces).split())[:TEXT_READ]


def _read(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    year, month, day = (
        (parts["y"], parts["m"], parts["d"]) if parts["y"] else (parts["Y"], parts["M"], parts["D"])
    )
    try:
        found = date(int(year), int(month), int(day))
        if parts["H"] is None:
            return found.isoformat()
        clock = datetime(found.year, found.month, found.day, int(parts["H"]), int(parts["MM"]))
    except ValueError:
        return None
    return clock.isoformat()
