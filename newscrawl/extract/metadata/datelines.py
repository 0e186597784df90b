"""Credits written in an article's own lines: the line under its headline, a Chinese
dateline, the signature under the text."""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from newscrawl.extract.metadata.names import is_capitalized_name, is_full_name, split_names
from newscrawl.extract.metadata.organizations import is_organization
from newscrawl.extract.text import element_text

# Chinese news credits its reporters in the dateline: "新华社巴黎12月9日电（记者唐霁）",
# "（记者 张三 李四）", "记者：王五", "文/赵六", "【文/观察者网专栏作者 王文】" (a role before the
# name), "文/图 张三"; not "本文/..." ("this article").
_HAN_NAME = r"[\u4e00-\u9fff·]{2,4}"
_NAME_END = r"(?=[\s　）)】，,。]|$)"
_ROLE = r"(?:[\u4e00-\u9fff]{1,12}[\s　]+)?"
_DATELINE = re.compile(
    rf"[（(]\s*记者\s*({_HAN_NAME}(?:[\s、　]+{_HAN_NAME})*)\s*[）)]"
    rf"|(?:记者|作者)[：:]\s*({_HAN_NAME}){_NAME_END}"
    rf"|(?<![\u4e00-\u9fff])文\s*[/／]\s*{_ROLE}({_HAN_NAME}){_NAME_END}"
)


_CREDIT = re.compile(rf"({_HAN_NAME})\s*[/／]\s*[\u4e00-\u9fff]")


def headline_credit(sel: Selector) -> list[str]:
    """The reporter of a Chinese credit line "石佳/中国青年报" (name/outlet) that opens the element
    right after the page's first <h1>, or the name beside the date in that element
    ("11.12.2019 - Amelie Loevenich")."""
    root = sel.root
    h1 = next(root.iter("h1"), None) if hasattr(root, "iter") else None
    after = h1.getnext() if h1 is not None else None
    if after is None or not isinstance(after.tag, str):
        return []
    first = next((t.strip() for t in after.itertext() if t.strip()), "")
    match = _CREDIT.match(first)
    if match and len(first) <= 30:
        return [match.group(1)]
    dated = _DATED_NAME.fullmatch(" ".join(first.split()))
    name = (dated.group("before") or dated.group("after")) if dated else None
    return [name] if name and is_capitalized_name(name) and not is_organization(name) else []


# A numeric date and a name beside it, either way round: "11.12.2019 - Amelie Loevenich".
_DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
_DATED_NAME = re.compile(
    rf"{_DATE}\s*[-–—|·•,]\s*(?P<after>[^\d|·•,]+)|(?P<before>[^\d|·•,]+?)\s*[-–—|·•,]\s*{_DATE}"
)


def dateline_authors(text: str) -> list[str]:
    """Reporters a Chinese article names in its first lines, else the signature of its last
    lines, when nothing else named any."""
    match = _DATELINE.search(text[:300])
    if not match:
        return signature(text)
    found = next(g for g in match.groups() if g)
    return [name for name in re.split(r"[\s、　]+", found) if name]


_NOT_IN_SIGNATURE = re.compile(r"[:：\d|/]")


def signature(text: str) -> list[str]:
    """The person who signs the text: a line that is only a full name among its last four,
    the lines after it short (a role, a date, a telephone: "Kazım TÜRKMEN\nDITIB-Bundes-
    vorsitzender")."""
    lines = [line.strip() for line in text[-400:].splitlines() if line.strip()][-4:]
    for at, line in enumerate(lines):
        short_after = all(len(after) <= 60 for after in lines[at + 1 :])
        plain = not _NOT_IN_SIGNATURE.search(line)  # "Bildquelle: SWR", "Tel. 0211"
        if len(line) <= 40 and plain and is_capitalized_name(line) and short_after:
            return [] if is_organization(line) else split_names(line)
    # a first name that signs above the date, the text's last line: "Benni\n10. September 2017"
    if len(lines) >= 2 and _DATE_ONLY.fullmatch(lines[-1]) and _FIRST_NAME.fullmatch(lines[-2]):
        return split_names(lines[-2])  # not a label: "Aktualisiert\n10. September 2017"
    return []


_FIRST_NAME = re.compile(r"(?-i:[A-ZÀ-Þ])[^\W\d_]{1,20}")


def dated_name(sel: Selector) -> list[str]:
    """The name a page shows beside its date between its headline and its text, in elements
    that no class marks as a byline: "<span>Sehernur Karsu |</span><span>05.04.2025</span>",
    "<p>Anna Dunst</p><time>...</time>"."""
    root = sel.root
    h1 = next(root.iter("h1"), None) if hasattr(root, "iter") else None
    if h1 is None:
        return []
    for element in h1.xpath(_AFTER_HEADLINE):
        text = element_text(element)
        if element.tag == "p" and len(text) > _LONGEST_LINE:
            return []  # the article's text has begun
        if len(text) <= _LONGEST_NAME and _beside_date(element):
            found = split_names(text)
            if len(found) == 1 and _plain_name(found[0]):
                return found
        dated = _NAME_AND_DATE.fullmatch(text) if len(text) <= _LONGEST_NAME else None
        if dated and _plain_name(dated.group(1)):  # "Mattias Geniar, April 19, 2020"
            return [dated.group(1)]
    return []


def _beside_date(element: Any) -> bool:
    """Whether the element's next or previous element is a <time> or holds a date only."""
    for other in (element.getnext(), element.getprevious()):
        if other is not None and isinstance(other.tag, str):
            text = element_text(other)
            if other.tag == "time" or (len(text) <= 60 and _DATE_ONLY.match(text)):
                return True
    return False


def _plain_name(name: str) -> bool:
    """A person's full name, not a labelled credit ("Fotos/Illustration: A B")."""
    plain = is_capitalized_name(name) and is_full_name(name) and not _LABEL.search(name)
    return plain and not is_organization(name)


_LABEL = re.compile(r"[:/]")


# The first elements after the headline, without children of their own (a name's own line).
_AFTER_HEADLINE = "following::*[position() <= 60][not(*) or self::p]"
_LONGEST_LINE = 150
_LONGEST_NAME = 60
_DATE_ONLY = re.compile(
    rf"\W*(?:{_DATE}|\d{{1,2}}\.?\s+[^\W\d_]+\.?\s+\d{{4}}|[^\W\d_]+\.?\s+\d{{1,2}},\s+\d{{4}})"
)

_NAME_AND_DATE = re.compile(rf"([^\d|·•,:]+?)\s*[-–—|·•,]\s*{_DATE_ONLY.pattern}")


def signed_paragraph(sel: Selector) -> list[str]:
    """The name that signs the article's text in a paragraph of its own, the last of at least
    three, set in bold or italics: '<p><strong>Marina Mucha</strong></p>'."""
    root = sel.root
    for paragraph in root.xpath(_SIGNED) if hasattr(root, "xpath") else ():
        name = " ".join(paragraph.xpath("string(.)").split())
        if len(name) <= _LONGEST_NAME and _plain_name(name):
            return [name]
    return []


# The last element of a text of three or more <p>, its whole text one bold or italic element.
# Asked as "no first following sibling" and "a second preceding <p>", last children first:
# counting every <p>'s siblings made a page of 20,000 paragraphs take 2.2 s here.
_SIGNED = (
    "//p[not(following-sibling::*[1])][preceding-sibling::p[2]][count(*) = 1]"
    "[strong or b or em or i][normalize-space(.) = normalize-space(*)]"
)
