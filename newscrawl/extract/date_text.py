"""A date as pages write it for readers, in the words a general date parser reads: "Mittwoch,
01. November 2023, 14:05 Uhr" -> "01 November 2023, 14:05", "07.12.2026 um 14:05" ->
"2026-12-07 14:05", "GMT+2" -> "+0200"."""

from __future__ import annotations

import re
import unicodedata

# Month names of European languages (Cyrillic ones and Turkish included; the genitive a day
# takes, "15 августа", and the nominative), to English: dateutil reads English only, and
# htmldate finds a Russian date in a line of text but takes only its year from a longer one.
_MONTHS = {
    "January": (
        "januar jänner janvier enero gennaio janeiro januari styczeń stycznia "
        "января январь січня січень ledna leden ocak ianuarie január tammikuuta"
    ),
    "February": (
        "februar feber février febrero febbraio fevereiro februari lutego февраля "
        "февраль лютого лютий února únor şubat februarie február helmikuuta"
    ),
    "March": (
        "märz mars marzo março maart marca марта март березня березень března "
        "březen mart martie március maaliskuuta"
    ),
    "April": (
        "avril abril aprile kwietnia апреля апрель квітня квітень dubna duben "
        "nisan aprilie április huhtikuuta"
    ),
    "May": (
        "mai mayo maggio maio mei maja мая май травня травень května květen mayıs május toukokuuta"
    ),
    "June": (
        "juni juin junio giugno junho czerwca июня июнь червня червень června "
        "červen haziran iunie június kesäkuuta"
    ),
    "July": (
        "juli juillet julio luglio julho lipca июля июль липня липень července "
        "červenec temmuz iulie július heinäkuuta"
    ),
    "August": (
        "août agosto augustus sierpnia августа август серпня серпень srpna srpen "
        "ağustos augusztus elokuuta"
    ),
    "September": (
        "septembre septiembre setiembre settembre setembro września сентября "
        "сентябрь вересня вересень září eylül septembrie szeptember syyskuuta"
    ),
    "October": (
        "oktober octobre octubre ottobre outubro października октября октябрь "
        "жовтня жовтень října říjen ekim octombrie október lokakuuta"
    ),
    "November": (
        "novembre noviembre novembro listopada ноября ноябрь листопада листопад "
        "listopadu kasım noiembrie marraskuuta"
    ),
    "December": (
        "dezember décembre diciembre dicembre dezembro grudnia декабря декабрь "
        "грудня грудень prosince prosinec aralık decembrie joulukuuta"
    ),
}
_ENGLISH = {word: month for month, words in _MONTHS.items() for word in words.split()}
_MONTH_WORD = re.compile(
    r"(?<![^\W\d_])(" + "|".join(sorted(_ENGLISH, key=len, reverse=True)) + r")(?![^\W\d_])",
    re.IGNORECASE,
)
# Words around a date that dateutil refuses: weekdays, "um 14:05 Uhr", "7 de diciembre de",
# "à 14h05", "alle 14:05", "às 14:05", "kl. 14.05", "klo 14.00".
_FILLER = re.compile(
    r"(?<![^\W\d_])(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado"
    r"|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|maandag|dinsdag|woensdag"
    r"|donderdag|vrijdag|zaterdag|zondag|um|uhr|de|del|le|el|il|den|à|alle|ore|às|a las|om"
    r"|kl\.?|klo)"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?![\d.])")
_DAY_DOT = re.compile(r"(?<!\d)(\d{1,2})\.(?=\s+[^\W\d_])")  # "7. Dezember": the ordinal's dot
_CLOCK_H = re.compile(r"(?<!\d)(\d{1,2})h(\d{2})(?!\d)")  # "14h05"
# A clock written with a dot where it cannot be a date: after a year ("22.11.2024 07.57",
# "14.09.2022 um 21.11"), after "klo" or "kl." ("klo 14.00"), before "Uhr", "h" or "pm"
# ("7.57 Uhr", "4.34pm"). A dotted pair alone ("12.09") is a day and month as often.
DOTTED_CLOCK = re.compile(
    r"(?P<lead>(?<!\d)(?:19|20)\d\d,?\s+(?:(?:klo|kl\.|um|-|–)\s+)?|(?<![^\W\d_])(?:klo|kl\.)\s?)"
    r"(?P<h>[01]?\d|2[0-3])\.(?P<m>[0-5]\d)(?![\d.])"
    r"|(?<![\d.])(?P<hour>[01]?\d|2[0-3])\.(?P<minute>[0-5]\d)(?=\s?(?:Uhr|h\b|[ap]\.?m\b))",
    re.IGNORECASE,
)
# "GMT+2", "UTC+08:00", "GMT-0500": dateutil reads a sign after GMT the POSIX way (reversed).
_NAMED_OFFSET = re.compile(r"(?<![A-Za-z])(?:GMT|UTC)\s?([+-])(\d{1,2})(?::?(\d{2}))?\b")
# An offset whose hours are one digit, right after a clock ("2016-05-14T16:34+5.30", India's
# +5:30 on businesstoday.in): datetime and dateutil read no such offset, and the time was lost.
_SHORT_OFFSET = re.compile(r"(\d:\d\d(?::\d\d(?:\.\d+)?)?)([+-])(\d)[:.](\d\d)(?!\d)")


# Every decimal digit of the Basic Multilingual Plane (Arabic-Indic, Persian, Devanagari,
# Burmese, full-width...) as its ASCII digit: a general date parser and `datetime` read only
# ASCII ones, and pages write their dates in their script's digits.
_DIGITS = {
    code: str(unicodedata.decimal(chr(code)))
    for code in range(0x80, 0x10000)
    if unicodedata.category(chr(code)) == "Nd"
}


def ascii_digits(text: str) -> str:
    """`text` with its digits of other scripts as ASCII digits: "٢٠٢٠-٠٣-١٥" -> "2020-03-15"."""
    return text if text.isascii() else text.translate(_DIGITS)


def numeric_offsets(text: str) -> str:
    """`text` with its offsets from GMT or UTC written as numbers: "GMT+2" -> "+0200", and an
    offset of one-digit hours after a clock as ISO 8601 writes it: "16:34+5.30" -> "16:34+0530"."""
    if "GMT" in text or "UTC" in text:
        text = _NAMED_OFFSET.sub(_offset, text)
    return _SHORT_OFFSET.sub(r"\1\g<2>0\3\4", text) if "+" in text or "-" in text else text


def english_date(text: str) -> str:
    """`text` with its day-first dotted dates as ISO dates, its month names in English and
    the words around them that name no date left out."""
    text = DOTTED_CLOCK.sub(_colon_clock, ascii_digits(text))
    text = _DAY_FIRST.sub(lambda m: f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", text)
    text = _MONTH_WORD.sub(_english_month, text)
    text = _DAY_DOT.sub(r"\1", text)
    text = _CLOCK_H.sub(r"\1:\2", text)
    return " ".join(_FILLER.sub(" ", text).split()).strip(" ,;|-–")


def _colon_clock(match: re.Match[str]) -> str:
    hour, minute = (match["h"], match["m"]) if match["h"] else (match["hour"], match["minute"])
    return f"{match['lead'] or ''}{hour}:{minute}"


def _english_month(match: re.Match[str]) -> str:
    # A case-blind match of a Turkish dotless "ı" ("ARALIK") lowercases to a dotted "i".
    word = match[1].lower()
    return _ENGLISH.get(word) or _ENGLISH.get(word.replace("i", "ı"), match[1])


def _offset(match: re.Match[str]) -> str:
    return f"{match[1]}{int(match[2]):02d}{match[3] or '00'}"
