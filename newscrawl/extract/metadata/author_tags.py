"""Author <meta> tags: the usual keys, Parse.ly's page object, a twitter card's labelled field."""

from __future__ import annotations

import json
import re

from parsel import Selector

from newscrawl.extract.metadata.fields import metas
from newscrawl.extract.metadata.names import split_names


def tag_values(sel: Selector) -> list[str]:
    """The values of the page's author <meta> tags (name= or property=), in key order."""
    found = metas(sel)
    return [
        value
        for key in _AUTHOR_META
        for value in found.get(("name", key), []) + found.get(("property", key), [])
    ]


def parsely_authors(sel: Selector) -> list[str]:
    """The authors of Parse.ly's page <meta>, a JSON object: '{"title": ..., "authors":
    ["A"]}' (its older "author" key a string)."""
    for raw in metas(sel).get(("name", "parsely-page"), []):
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        found = data.get("authors") or data.get("author") if isinstance(data, dict) else None
        found = [found] if isinstance(found, str) else found
        if isinstance(found, list):
            return [n for n in found if isinstance(n, str)]
    return []


def card_credit(sel: Selector) -> list[str]:
    """The writer a card's labelled field names: Yoast's '<meta name="twitter:label1"
    content="Written by"><meta name="twitter:data1" content="A">'."""
    tags = metas(sel)
    for at in "1234":
        label = tags.get(("name", f"twitter:label{at}"), [""])[0]
        if _CARD_LABEL.fullmatch(" ".join(label.split())):
            return [n for v in tags.get(("name", f"twitter:data{at}"), []) for n in split_names(v)]
    return []


_CARD_LABEL = re.compile(
    r"written by|verfasst von|geschrieben von|escrito por|écrit par|scritto da|geschreven door"
    r"|author|autor|auteur|autore",
    re.IGNORECASE,
)


_AUTHOR_META = (
    "author",
    "article:author",
    "sailthru.author",
    "parsely-author",
    "byl",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "articleauthor",
    "article:author_name",
    "author_name",
    "og:author",
    "og:article:author",
    "cxenseparse:author",
)
