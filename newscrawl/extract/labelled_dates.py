"""The date a page labels as its own in words its readers see: "Datum: 18.10.2021",
"Veröffentlicht am 07.12.2026 um 14:05 Uhr", "发布时间：2026-12-07 14:05", "Published: Dec. 22,
2016, 6:47 p.m.", "Publié le 07 mai 2019 à 13h59"."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from lxml import etree

from newscrawl.extract.dates import written_as

# Labels of the published date in the corpus's languages; not those of an update ("Stand",
# "Aktualisiert", "Updated", "Zuletzt geändert"), whose day is not the publication's.
_LABEL = (
    r"Datum|Date|Fecha(?: de publicación)?|Data(?: di pubblicazione| publikacji)?"
    r"|Publié(?: le)?|Publicad[oa](?: el| em)?|Published(?: on)?|Posted(?: on)?"
    r"|Veröffentlicht(?: am)?|Publiziert(?: am)?|Erschienen(?: am)?|Pubblicato(?: il)?"
    r"|Gepubliceerd(?: op)?"
    r"|Opublikowano|Publikacja|Julkaistu|Publicerad|Publisert|Udgivet|Datum objave"
    r"|Publicat|Publikováno|Közzétéve|Yayınlanma(?: tarihi)?|Yayın tarihi|Опубликовано"
    r"|Дата публикации|Опубліковано|Diterbitkan|Dipublikasikan|Ngày đăng|Δημοσιεύθηκε"
    r"|تاريخ النشر|نشر في|发布时间|发表时间|发布日期|發佈時間|發布時間|公開日|投稿日|配信日|掲載日"
    r"|게시일|입력|등록"
)
# Words that label a time as an update's: the time shown is not the publication's.
UPDATE = re.compile(
    r"(?<![^\W\d_])(?:updated?|aktualisiert|stand|geändert|actualizad[oa]|actualización"
    r"|mis à jour|modifié|aggiornat[oa]|bijgewerkt|atualizad[oa]|zaktualizowan[oy]"
    r"|päivitetty|uppdaterad|oppdatert|opdateret|aktualizacja|aktualizováno|frissítve"
    r"|güncelle\w*|обновлено|оновлено|diperbarui|cập nhật|ενημερώθηκε)(?![^\W\d_])"
    r"|تحديث|更新|修改|수정",
    re.IGNORECASE,
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
_LABEL_AT = re.compile(rf"(?<![^\W\d_])(?:{_LABEL})(?![^\W\d_])\s*[:：]?\s*", re.IGNORECASE)
TEXT_READ = 20_000  # characters of the page's text searched: a label is near its top
WORDS = (3, 10)  # words after a label read as a date in words ("Dec. 22, 2016, 6:47 p.m. EST")


def labelled_date(root: Any) -> str | None:
    """The first date the page's text labels as its publication's, in digits ("Datum
    25.01.2022") or in words ("Published: Dec. 22, 2016, 6:47 p.m."), as ISO 8601
    ("2022-01-25", or "2022-01-25T14:05" with the time written after it, with its offset
    where the page names its zone), or None."""
    text = page_text(root)
    for label in _LABEL_AT.finditer(text):
        match = _LABELLED.match(text, label.start())
        found = _read(match) if match else _in_words(text, label) if _heads(label) else None
        if found is not None:
            return found
    return None


def _heads(label: re.Match[str]) -> bool:
    """Whether a label stands as one, capitalized or before a colon ("Published:", "Publié
    le"): in running text the same words ("de fecha 18 de marzo", "the demo data") date
    something else."""
    return not label[0][0].islower() or ":" in label[0] or "：" in label[0]


# A date in words holds letters, digits, spaces and the marks dates are written with.
_DATE_WORDS = re.compile(r"[\w\s.,:/+-]+")
# "06/01/2026": the sixth of January in Europe, June the first in the US; the words after a
# label do not say which.
_EITHER_WAY = re.compile(r"(?<!\d)(0?[1-9]|1[0-2])/(0?[1-9]|1[0-2])/\d{2,4}(?!\d)")
# A time of day written as one ("14:52", "14h52", "6 p.m."): a number after a day is not one
# ("19. Dezember 2022 19. Dezember 2022").
_CLOCK = re.compile(r"\d[:：h]\d\d|\d\s?[ap]\.?m\b", re.IGNORECASE)


def _in_words(text: str, label: re.Match[str]) -> str | None:
    """The longest run of the words after `label` that reads as a whole date with its year
    (a month name, a time, a zone), as ISO 8601: the words after it ("By Mike Cason") are
    no date, so runs are tried from the longest down."""
    words = text[label.end() : label.end() + 80].split()[: WORDS[1]]
    for count in range(len(words), WORDS[0] - 1, -1):
        run = " ".join(words[:count]).rstrip(",;|-–")
        either = _EITHER_WAY.search(run)
        if not _DATE_WORDS.fullmatch(run) or (either and int(either[1]) != int(either[2])):
            continue  # "06/01/2026" either way; "02/02/2022" is one day
        found = written_as(run)
        if found is not None:
            timed = found.time() != time() and _CLOCK.search(run)
            return found.isoformat() if timed else found.date().isoformat()
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
