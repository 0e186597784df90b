"""The zone a page's naive times are read in: the site's, or where the page's language tag, its
host's country domain or its script places it."""

from __future__ import annotations

import re
from datetime import tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

# Where a page's naive times are read when its site declared no zone: the zone of the country
# its language tag names ("de-AT") or its host's country code top-level domain names (".bo"),
# else the one zone of the places its language is written in ("ja", "de"). A country spread
# over several offsets is read in the zone most of its people (and its national press) live
# in ("US": New York, _WIDE_COUNTRIES); languages spread over several ("en", "es", "fr", "pt",
# "ru", "ar") are left out: their naive times stay in the site's zone (UTC).
_COUNTRY_ZONES = {
    "GB": "Europe/London", "UK": "Europe/London", "IE": "Europe/Dublin", "FR": "Europe/Paris",
    "BE": "Europe/Brussels",
    "LU": "Europe/Luxembourg", "CH": "Europe/Zurich", "AT": "Europe/Vienna", "IT": "Europe/Rome",
    "DE": "Europe/Berlin", "NL": "Europe/Amsterdam", "IN": "Asia/Kolkata", "SG": "Asia/Singapore",
    "HK": "Asia/Hong_Kong", "TW": "Asia/Taipei", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
    "CN": "Asia/Shanghai", "PH": "Asia/Manila", "PK": "Asia/Karachi", "ZA": "Africa/Johannesburg",
    "NG": "Africa/Lagos", "KE": "Africa/Nairobi", "EG": "Africa/Cairo", "IL": "Asia/Jerusalem",
    "CO": "America/Bogota", "PE": "America/Lima", "VE": "America/Caracas",
    "UY": "America/Montevideo", "BO": "America/La_Paz", "PY": "America/Asuncion",
    "AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago", "EC": "America/Guayaquil",
    "ES": "Europe/Madrid", "PT": "Europe/Lisbon", "PL": "Europe/Warsaw", "CZ": "Europe/Prague",
    "SE": "Europe/Stockholm", "NO": "Europe/Oslo", "DK": "Europe/Copenhagen",
    "FI": "Europe/Helsinki", "GR": "Europe/Athens", "TR": "Europe/Istanbul", "UA": "Europe/Kyiv",
    "NZ": "Pacific/Auckland", "TH": "Asia/Bangkok", "VN": "Asia/Ho_Chi_Minh",
    "ID": "Asia/Jakarta", "MY": "Asia/Kuala_Lumpur", "RO": "Europe/Bucharest",
    "BG": "Europe/Sofia", "HU": "Europe/Budapest", "SK": "Europe/Bratislava",
    "SI": "Europe/Ljubljana", "HR": "Europe/Zagreb", "RS": "Europe/Belgrade",
    "BA": "Europe/Sarajevo", "MK": "Europe/Skopje", "AL": "Europe/Tirane", "LT": "Europe/Vilnius",
    "LV": "Europe/Riga", "EE": "Europe/Tallinn", "IS": "Atlantic/Reykjavik", "CY": "Asia/Nicosia",
    "MT": "Europe/Malta", "BY": "Europe/Minsk", "MD": "Europe/Chisinau", "GE": "Asia/Tbilisi",
    "AM": "Asia/Yerevan", "AZ": "Asia/Baku", "IR": "Asia/Tehran", "IQ": "Asia/Baghdad",
    "SA": "Asia/Riyadh", "AE": "Asia/Dubai", "QA": "Asia/Qatar", "KW": "Asia/Kuwait",
    "BH": "Asia/Bahrain", "OM": "Asia/Muscat", "JO": "Asia/Amman", "LB": "Asia/Beirut",
    "SY": "Asia/Damascus", "MA": "Africa/Casablanca", "DZ": "Africa/Algiers",
    "TN": "Africa/Tunis", "GH": "Africa/Accra", "TZ": "Africa/Dar_es_Salaam",
    "UG": "Africa/Kampala", "ET": "Africa/Addis_Ababa", "ZW": "Africa/Harare",
    "NA": "Africa/Windhoek", "BD": "Asia/Dhaka", "LK": "Asia/Colombo", "NP": "Asia/Kathmandu",
    "MM": "Asia/Yangon", "KH": "Asia/Phnom_Penh", "MO": "Asia/Macau", "CR": "America/Costa_Rica",
    "PA": "America/Panama", "GT": "America/Guatemala", "DO": "America/Santo_Domingo",
    "CU": "America/Havana", "PR": "America/Puerto_Rico",
}  # fmt: skip
_WIDE_COUNTRIES = {
    "US": "America/New_York", "CA": "America/Toronto", "MX": "America/Mexico_City",
    "BR": "America/Sao_Paulo", "AU": "Australia/Sydney", "RU": "Europe/Moscow",
}  # fmt: skip
# Country code domains sold to anyone (".co", ".tv", ".io"): they name no country's readers.
_GENERIC_CC = {"CO", "TV", "IO", "ME", "FM", "AI", "LY", "TO", "CC", "WS", "LA", "GG", "AM", "SH"}
_LANGUAGE_ZONES = {
    "ja": "Asia/Tokyo", "ko": "Asia/Seoul", "zh": "Asia/Shanghai", "de": "Europe/Berlin",
    "it": "Europe/Rome", "pl": "Europe/Warsaw", "cs": "Europe/Prague", "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest", "nl": "Europe/Amsterdam", "da": "Europe/Copenhagen",
    "sv": "Europe/Stockholm", "nb": "Europe/Oslo", "nn": "Europe/Oslo", "no": "Europe/Oslo",
    "fi": "Europe/Helsinki", "el": "Europe/Athens", "tr": "Europe/Istanbul", "uk": "Europe/Kyiv",
    "ro": "Europe/Bucharest", "bg": "Europe/Sofia", "hr": "Europe/Zagreb",
    "sl": "Europe/Ljubljana", "lt": "Europe/Vilnius", "lv": "Europe/Riga", "et": "Europe/Tallinn",
    "he": "Asia/Jerusalem", "th": "Asia/Bangkok", "vi": "Asia/Ho_Chi_Minh",
    "is": "Atlantic/Reykjavik", "id": "Asia/Jakarta", "ms": "Asia/Kuala_Lumpur",
    "fa": "Asia/Tehran", "hi": "Asia/Kolkata", "bn": "Asia/Dhaka", "my": "Asia/Yangon",
    "km": "Asia/Phnom_Penh", "ne": "Asia/Kathmandu", "si": "Asia/Colombo", "ka": "Asia/Tbilisi",
    "hy": "Asia/Yerevan", "az": "Asia/Baku", "sr": "Europe/Belgrade", "bs": "Europe/Sarajevo",
    "mk": "Europe/Skopje", "sq": "Europe/Tirane", "be": "Europe/Minsk", "lb": "Europe/Luxembourg",
    "mt": "Europe/Malta", "ca": "Europe/Madrid", "eu": "Europe/Madrid", "gl": "Europe/Madrid",
}  # fmt: skip


class LikelyZone(ZoneInfo):
    """The zone most of a country spread over several offsets lives in: a page's naive times
    are read in it, but an instant the page gives is not moved into it (the day it would
    show is a guess; see shown_zone.published_date)."""


def page_zone(
    language: str | None, site: tzinfo, declared: bool, url: str = "", locale: str | None = None
) -> tzinfo:
    """The zone a page's naive times are read in: the site's when it declared one, else the
    zone its language tag, its og:locale (`locale`, "en_US") or its host's country domain
    places it in (see _COUNTRY_ZONES), else the site's (UTC)."""
    if declared:
        return site
    primary, _, rest = (language or "").strip().partition("-")
    region = rest.split("-")[-1].upper() if rest else ""
    if len(region) != 2:
        region = _locale_region(locale, primary) or _country_domain(url)
    if region in _WIDE_COUNTRIES:
        return LikelyZone(_WIDE_COUNTRIES[region])
    name = _COUNTRY_ZONES.get(region) or _LANGUAGE_ZONES.get(primary.lower())
    return ZoneInfo(name) if name else site


def _locale_region(locale: str | None, primary: str) -> str:
    """The country of an og:locale ("en_US": "US") of the page's language, or "": pages
    tagged lang="en" often name their country only there."""
    language, _, region = (locale or "").strip().replace("-", "_").partition("_")
    same = not primary or language.lower() == primary.lower()
    return region.upper() if same and len(region) == 2 and region.isalpha() else ""


_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_HAN = re.compile("[\u4e00-\u9fff]")


def script_language(text: str) -> str | None:
    """The language a text's script names when only one is written in it: kana Japanese,
    Hangul Korean, Chinese characters alone Chinese (a page that gives no language tag)."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    return "zh" if _HAN.search(text) else None


def _country_domain(url: str) -> str:
    """The country a URL's host's top-level domain names ("BO" of eldeber.com.bo), or ""."""
    host = urlsplit(url).hostname or ""
    code = host.rpartition(".")[2].upper()
    return code if len(code) == 2 and code.isalpha() and code not in _GENERIC_CC else ""
