"""The headline of a page without the site's name: og:title, JSON-LD, <h1>, <title>."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from newscrawl.extract.metadata.banner import in_article, is_banner
from newscrawl.extract.metadata.banner import links_home as links_home  # dates.py reads it here
from newscrawl.extract.metadata.fields import (
    _SEPARATOR as _FIELD_SEPARATOR,
)
from newscrawl.extract.metadata.fields import (
    _SPACED_SEPARATOR,
    _domain_label,
    _key,
    meta,
    site_names,
    text_value,
)
from newscrawl.extract.metadata.headline import _text as _text  # credits.py reads it here
from newscrawl.extract.metadata.headline import (
    classed_headings,
    heading_text,
    kicked,
    marked_kicker,
    shared_rests,
    without_kicker,
)
from newscrawl.extract.metadata.site_name import (
    is_date,
    is_site,
    labelled_names,
    name_parts,
    names_site,
    page_sections,
    shown_names,
    without_sections,
)
from newscrawl.extract.metadata.slug import SLUG_WORDS, slug_cuts, slug_spells
from newscrawl.extract.metadata.spelling import (
    cased_spelling,
    most_voiced,
    shown_spelling,
    unquoted,
    untruncated,
    usual_spelling,
    visible,
    without_full_stop,
)

# Besides fields' separators, an ASCII colon right after Chinese or Japanese text or their
# punctuation: such sites glue their name on unspaced ("...「Treeviz」:phpspot開発日誌").
_SEPARATOR = re.compile(
    _FIELD_SEPARATOR.pattern + "|(?<=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]):(?=\\S)|\\s+//\\s+"
)
_HEAD_SPLITS = (_SEPARATOR, _SPACED_SEPARATOR)
SITE_TAIL = 60  # characters after a headline's last separator that can still be the site's


def title(sel: Selector, ld: dict[str, Any], url: str = "") -> str | None:
    """The headline without the site's name: og:title first (what a site shows when it is
    shared), then the JSON-LD / <meta> headline, twitter:title, <h1>, <title> (see
    title_candidates), unless the <meta> tags alone say it and two other voices agree on
    another headline (_agreed). An og:title that an unescaped quote cut short gives way to the
    candidate it begins; a kicker the <h1> marks up as an element of its own goes
    (marked_kicker), else a kicker glued before it goes (without_kicker: another headline is
    the rest alone, or two say the rest after different kickers) unless the JSON-LD
    headline has it too and og:title (what the site shares) has it as well; of spellings that
    differ in quote marks, the typographic one is kept, and a quotation the headline opens
    with loses the marks another headline of the page does without (unquoted)."""
    found = title_candidates(sel, ld, url)
    if not found:
        return None
    best = _longer_in_slug(untruncated(_agreed(found), [t for _, t in found[1:]]), found, url)
    marked = marked_kicker(best, sel.root)
    if marked != best:
        best = marked
    elif dict(found).get("JSON-LD headline") != best:  # the publisher's structured headline
        others = [t for _, t in found[1:]] + shared_rests([t for _, t in found])
        best = without_kicker(best, others)  # with the kicker keeps it
    elif found[0][0] == "og:title":  # unless the site's share title is the rest alone
        best = without_kicker(best, [found[0][1]])
    if not {_VOICES.get(o) for o, _ in found} & {"meta", "JSON-LD"}:
        best = _slug_kicker(best, url)  # no field of the publisher's says it keeps a kicker
    voiced = [(_VOICES.get(origin, origin), t) for origin, t in found]
    best = without_full_stop(usual_spelling(most_voiced(best, voiced), voiced), found)
    best = cased_spelling(unquoted(best, found), found)
    return visible(shown_spelling(best, sel.root))


# A separator left at the head of a rest ("«Evnukkmakeren»: - Nordmann dømt til livstid").
_LEADING_MARK = re.compile(r"^[|\-–—·•:»/]\s+")


def _slug_kicker(best: str, url: str) -> str:
    """`best` without a kicker the URL's slug does without (slug_cuts): asked only where the
    page writes no og:title nor JSON-LD headline, whose kicker is the publisher's choice."""
    for kicker, rest in kicked(best):
        rest = _LEADING_MARK.sub("", rest)
        if slug_cuts(url, kicker, rest):
            return rest
    return best


def _slug_tail(text: str, url: str) -> str:
    """A <title> without the tail after a separator that the URL's slug does without, where
    the slug spells every word before it (slug_cuts): the site's name and sections no field
    names ("Heulage: Besser als ihr Ruf? - fuetterung - ausbildung-und-praxis" at
    ".../heulage-besser-als-ihr-ruf-12842649.html"). The CMS wrote the slug from the headline;
    a slug often drops a subtitle, so a tail that asks or exclaims (a subtitle's sentence, not
    a name) stays, and a colon or a comma is no separator here."""
    for sep in _SEPARATOR.finditer(text):
        head, tail = text[: sep.start()].strip(), text[sep.end() :].rstrip()
        if tail[-1:] in ("?", "!") or len(_WORD.findall(head)) < SLUG_WORDS:
            continue
        if slug_cuts(url, tail, head):
            return head
    return text


def _agreed(found: list[tuple[str, str]]) -> str:
    """found's first headline, unless only the <meta> tags say it (og:title, twitter:title:
    one SEO field, often written for sharing) and two of the page's other voices (the JSON-LD
    headline, an <h1>, the <title>) agree on another: then that one, as an <h1> or the JSON-LD
    spells it (a JSON-LD alternativeHeadline that is og:title speaks for og:title). A <title>
    that says what og:title says is that same SEO field (the CMS writes both from it): when no
    other voice agrees with og:title, the <h1> the page's readers see (sharing a word with it:
    not a section's name) is the headline, unless that <h1> is og:title with more glued on (a
    kicker, a date, sections) rather than more words of a longer headline."""
    first = found[0][1]
    voices: dict[str, set[str]] = {}
    for origin, text in found:
        voices.setdefault(_key(text), set()).add(_VOICES.get(origin, origin))
    support = voices.get(_key(first), set()) - {"meta"}
    if support - {"title"}:
        reworded = [t for o, t in found if o == "h1" and _reworded(t, first)]
        if "h1" not in support and reworded:
            return reworded[0]
        return first
    backed = [(o, t) for o, t in found if len(voices[_key(t)] - {"meta"}) >= 2]
    agreed = next((t for o, t in backed if o != "title"), None)
    if agreed is not None:
        return agreed
    seen = (t for o, t in found if o == "h1" and _shares_a_word(t, first))
    h1 = next(seen, first)
    if h1.startswith(first) and _GOES_ON.fullmatch(h1, len(first)):
        return h1  # a longer headline ("... Gigafactory-Kapazität in Tennessee")
    return first if _key(first) in _key(h1) else h1  # an <h1> with a kicker or a date glued on


def _reworded(h1: str, first: str, share: float = 0.0) -> bool:
    """Whether an <h1> says `first` with a few words changed (not a part of it, nor it with
    more glued on): most of the words of either (REWORDED of them, or `share`) are words of
    both."""
    one, other = _key(h1), _key(first)
    if one in other or other in one:
        return False
    a, b = ({w.casefold() for w in _WORD.findall(t)} for t in (h1, first))
    return len(a & b) >= (share or REWORDED) * len(a | b)


REWORDED = 0.6


# Words after a headline that make a longer one: no date, no list of sections, nothing glued.
_GOES_ON = re.compile(r"(?:\s+[^\W\d_]+(?:[-'’][^\W\d_]+)*)+[?!.]?")


def _longer_in_slug(best: str, found: list[tuple[str, str]], url: str) -> str:
    """An <h1> going on from `best` in words that the URL's slug has too ("... Gigafactory-
    Kapazität in Tennessee" at ".../ultium-cells-erhoeht-gigafactory-kapazitaet-in-tennessee/"):
    the headline as the article was made, which the SEO fields shortened; else `best`."""
    for origin, h1 in found:
        longer = origin == "h1" and len(h1) > len(best) and h1.startswith(best)
        if longer and _GOES_ON.fullmatch(h1, len(best)) and slug_spells(url, h1[len(best) :]):
            return h1
    return best


# og:title, twitter:title and <meta name="headline"> are one voice (one SEO field, often); the
# JSON-LD's headline and alternativeHeadline are another (the publisher's structured data).
_VOICES = {
    "og:title": "meta",
    "meta headline": "meta",
    "twitter:title": "meta",
    "JSON-LD headline": "JSON-LD",
    "JSON-LD alternativeHeadline": "JSON-LD",
}


def title_candidates(sel: Selector, ld: dict[str, Any], url: str = "") -> list[tuple[str, str]]:
    """(where, headline) of every headline the page offers, in the order title() prefers them,
    each without the site's name: a suffix after a separator goes when the part before it is
    another candidate (or the page's description) or what follows names the site. On a page
    without an <h1>, an element classed as its headline comes before a <title> it rewords."""
    headline = _string(ld.get("headline"))
    root = sel.root
    iterable = hasattr(root, "iter")  # parsel's root of a page is an element; be sure
    page_title = next((_text(t) for t in root.iter("title")), None) if iterable else None
    names = site_names(sel, ld, url) | name_parts(sel, ld)
    # The registered domain's name ("entermedia" of entermedia.co.kr) is a weaker sign: a part
    # is the site's only when it is that name exactly ("comwrap auf der DMEXCO" is not).
    label = {_key(_domain_label(url))} - {""}
    h1_elements = list(islice(root.iter("h1"), 5)) if iterable else []
    site = _WORD.findall((meta(sel, "og:site_name", "application-name") or "").casefold())
    logos = {_key(_text(h)) for h in h1_elements if is_banner(h, site)} - {""}
    h1s = _h1s([h for h in h1_elements if _key(_text(h)) not in logos], page_title, names, label)
    # Without an <h1>, an element classed as the headline says where the others' headline ends,
    # and is a voice of its own where it rewords the <title> (_with_classed).
    classed = _classed_headline(root, page_title) if iterable and not h1s else []
    offered = [
        ("og:title", meta(sel, "og:title")),
        ("JSON-LD headline", headline),
        ("meta headline", meta(sel, "headline")),  # name= or itemprop="headline"
        ("twitter:title", meta(sel, "twitter:title")),
        *(("h1", h) for h in h1s),
        ("title", page_title),
        ("headline element", _marked_headline(sel)),  # a voice, never the first
        ("JSON-LD alternativeHeadline", headline and _string(ld.get("alternativeHeadline"))),
    ]
    names |= logos
    found = [(origin, text_value(t)) for origin, t in offered if t and t.strip()]
    found = [(o, t) for o, t in found if t and _key(t) not in names | label] or found
    # A text that begins with an ellipsis goes on from another (a subtitle's second line, a
    # deck): no headline.
    found = [(o, t) for o, t in found if not t.startswith(("…", "..."))] or found
    if iterable and not h1s:  # a page without an <h1> heads its article with an <h2>, <h3>
        subheads = _subheads(root) | {_key(c) for c in classed}
        found = [(o, _headed_part(t, subheads)) for o, t in found]
    # A description that is the headline alone ("Headline_网易订阅" described as "Headline")
    # confirms a cut as another candidate does, as does a classed headline; neither is ever
    # taken as the title itself.
    described = text_value((meta(sel, "description", "og:description") or "").split("\n")[0])
    confirming = [t for _, t in found] + ([described] if described else []) + classed
    sections = cache(lambda: page_sections(sel, ld))
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    shown = cache(lambda: shown_names(sel, host))
    # The <title> is where a site glues its name on: there, a name the page's body only labels
    # an element with (alt, title) counts too.
    labelled = cache(lambda: shown() | labelled_names(sel))
    others = [[c for c in confirming if c is not t] for _, t in found]
    stripped = [
        (o, strip_site_name(t, other, names, label, sections, labelled if o == "title" else shown))
        for (o, t), other in zip(found, others, strict=True)
    ]
    found = [
        (o, _classed_part(_slug_tail(t, url), classed) if o == "title" else t) for o, t in stripped
    ]
    return _with_classed(found, classed)


def _h1s(h1s: list[Any], page_title: str | None, names: set[str], label: set[str]) -> list[str]:
    """The texts of the <h1>s that may be the headline, those the <title> names first: not
    one ending in a colon (it labels what follows: "Leggi anche:"), nor one sharing no word
    with the <title> (a logo, a menu) unless it is in the <article>, or the <title> is the
    site's own (begins with its name: "AUTO&Wirtschaft - Das Monatsmagazin ...", "www.ekbo.de
    | Detail") and so says nothing of the page's <h1>."""
    kept = [h for h in h1s if _text(h)[-1:] not in ":："]
    if not page_title or not _key(page_title):
        return [heading_text(h) for h in kept]
    if not names_site(_SEPARATOR.split(page_title)[0], names, label):
        kept = [h for h in kept if in_article(h) or _shares_a_word(_text(h), page_title)]
    return sorted((heading_text(h) for h in kept), key=_named_in(page_title))


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _marked_headline(sel: Selector) -> str | None:
    """The text of the first <h2> or <h3> that microdata marks as the headline (<h2
    itemprop="headline">): a heading the page's readers see, where the <h1> is a breadcrumb's
    last item or an alternative headline."""
    root = sel.root
    headings = root.iter("h2", "h3") if hasattr(root, "iter") else ()
    return next((_text(h) for h in headings if h.get("itemprop") == "headline"), None)


SUBHEADS = 10  # <h2> and <h3> elements read on a page without an <h1>


def _subheads(root: Any) -> set[str]:
    """Keys of the page's first <h2> and <h3> texts."""
    return {_key(_text(h)) for h in islice(root.iter("h2", "h3"), SUBHEADS)} - {""}


def _headed_part(text: str, subheads: set[str]) -> str:
    """The part of `text` between separators that one of the page's subheadings says alone
    ("Gregory Szorc's Digital Home | Mercurial's Journey ..." with <h2>Mercurial's Journey
    ...</h2>), not a short one (a section's name: "Headline - News - Site" with <h2>News</h2>);
    else `text`."""
    parts = [p.strip() for p in _SEPARATOR.split(text)]
    headed = [p for p in parts if _key(p) in subheads]
    if len(parts) < 2 or not headed:
        return text
    best = max(headed, key=len)
    return best if 2 * len(best) >= max(map(len, parts)) else text


def _named_in(page_title: str) -> Callable[[str], tuple[bool, int]]:
    """A sort key that puts first the <h1>s that are a part of the <title> between its
    separators ("Site - Section - Headline"), the longest first: a page with several <h1>s
    (a section's, the article's) names its headline in its <title>."""
    parts = {_key(part) for part in _SEPARATOR.split(page_title)} - {""}

    def key(h1: str) -> tuple[bool, int]:
        named = _key(h1) in parts
        return (not named, -len(h1) if named else 0)

    return key


def _shares_a_word(text: str, other: str) -> bool:
    """Whether a word of `text` occurs in `other`: a run of two characters or more of a
    script written without spaces, a word of four letters or more of others ("and", "der"
    occur in any title); or a long word of `other` (a compound's stem, "Gefahrstoff" of
    "Gefahrstoff-Service") occurs in `text` ("Gefahrstoffmanagement für ...")."""
    return _word_in(text, other, 3) or _word_in(other, text, 7)


def _word_in(text: str, other: str, longer: int) -> bool:
    """Whether a word of `text` longer than `longer` letters (one, in a script written without
    spaces) occurs in `other`."""
    within = _key(other)
    words = map(_key, _WORD.findall(text))
    return any(len(w) > (1 if _SPACELESS.search(w) else longer) and w in within for w in words)


_SPACELESS = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")  # kana, CJK, Hangul


_WORD = re.compile(r"\w+")


def strip_site_name(
    text: str,
    others: Iterable[str],
    names: set[str],
    exact: Iterable[str] = (),
    sections: Callable[[], set[str]] | None = None,
    shown: Callable[[], set[str]] | None = None,
) -> str:
    """`text` without a trailing "| Site" (or "- Section - Site", a section being a key of
    `sections()`): cut at the first separator where the part before equals another candidate,
    else drop trailing parts naming the site (one of `names`, a spelling of the domain, or a
    name the page shows for itself: a key of `shown()`) and a leading "Site | "."""
    seps = list(_SEPARATOR.finditer(text))
    other_keys = {_key(o) for o in others} - {"", _key(text)}
    for sep in seps:
        if _key(text[: sep.start()]) in other_keys or _repeated(text, sep):
            return text[: sep.start()].strip()
    for sep in seps:  # "Headline | Site", "Headline @ Blog :: Platform ::": cut before the
        tail = text[sep.end() :]  # first part that names the site, when what follows is short
        heads = {split.split(tail, maxsplit=1)[0] for split in _HEAD_SPLITS}
        named = any(names_site(head, names, exact) for head in heads)
        if len(tail) <= SITE_TAIL and not named and shown is not None:
            named = any(names_site(head, names | shown(), exact) for head in heads)
        if len(tail) <= SITE_TAIL and (named or is_date(tail) or _key(tail) in names):
            parts = _SPACED_SEPARATOR.split(text[: sep.start()])  # "Headline | Sport | Site"
            kept = without_sections(parts, sections or set)
            text = kept[0] if len(kept) == 1 else text[: sep.start()]
            break
    else:
        for sep in reversed(seps):  # trailing separators alone ("Headline ::")
            if _key(text[sep.end() :]):
                break
            text = text[: sep.start()]
        text = _without_named_tail(text, names, exact)
        text = _without_glued_name(text, names, exact)
    return _without_leading_site(text, names, set(exact)).strip()


# A comma or a colon after a headline's last word: a separator only before the site's name.
_WEAK_SEPARATOR = re.compile(r"(?<=\S)[,:]\s+")
_COMMA = re.compile(r",\s+")


# A capital right after a small letter: where a template glued the site's name on unspaced.
_GLUED = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")
GLUED_HEAD = 3  # words before a glued name: a headline's, not a name written in camel case


def _without_glued_name(text: str, names: set[str], exact: Iterable[str]) -> str:
    """`text` without the site's name glued on with no space nor separator ("... la
    InfantaUltima Hora Mallorca" on ultimahora.es), after a headline of a few words (not a
    name written in camel case: "AussenGedanken")."""
    for glue in _GLUED.finditer(text):
        head = text[: glue.start()]
        if len(_WORD.findall(head)) >= GLUED_HEAD and is_site(text[glue.start() :], names, exact):
            return head
    return text


def _without_named_tail(text: str, names: set[str], exact: Iterable[str]) -> str:
    """`text` without a tail after a comma or a colon that is the site's name (one of `names`,
    a spelling of the domain), maybe with a date after it (", Tageszeitung junge Welt,
    26.04.2024" on jungewelt.de, ": Regenbogenportal" on regenbogenportal.de): a comma or a
    colon within a headline is no separator, so the tail must be the name itself (is_site),
    not merely hold it."""
    for weak in _WEAK_SEPARATOR.finditer(text):
        name, *dates = _COMMA.split(text[weak.end() :])
        if is_site(name, names, exact) and all(is_date(d) for d in dates):
            return text[: weak.start()]
    return text


def _repeated(text: str, sep: re.Match[str]) -> bool:
    """Whether the part of `text` before `sep` is said again right after it, whole ("Minecraft
    1.8 - The Bountiful Update - Minecraft 1.8 - The Bountiful Update - Minecraft Update News":
    a template that puts the headline in twice)."""
    head = text[: sep.start()]
    rest = text[sep.end() :]
    if not rest.startswith(head):
        return False
    return len(rest) == len(head) or bool(_SEPARATOR.match(rest, len(head)))


def _without_leading_site(text: str, names: set[str], exact: set[str]) -> str:
    """`text` without a leading "Site | " (a part naming the site), and without the sections
    a breadcrumb puts after it with the same separator ("Site » Blog Archiv » Headline")."""
    first = _SEPARATOR.search(text)
    if not first:
        return text
    head, crumbs = _key(text[: first.start()]), text[first.end() :].split(first.group())
    if head in names | exact:
        return crumbs[-1] if all(_key(c) for c in crumbs) else text[first.end() :]
    # A leading part naming the site among other words ("EFC Example Club Town" on
    # example-club.de), then two parts or more with the same separator ("Headline - Section -
    # News"): the longest is the headline. With one part after it, that part may be the rest
    # of the site's name ("Example News Today | Plex").
    named = names_site(text[: first.start()], names)
    if named and len(crumbs) >= 2 and all(_key(c) for c in crumbs):
        return max(crumbs, key=len)
    return text


CLASSED = 3000  # elements a page without an <h1> is searched for a headline classed as one


def _classed_headline(root: Any, page_title: str | None) -> list[str]:
    """The text of the first element that the page's markup classes as a headline
    (classed_headings), outside a link home (the site's name: "overlay-title-wrap" around
    the logo), and sharing a word with the <title>: on a page without an <h1>, it confirms
    where the <title>'s headline ends ("Durch die Gegend | Mit Musiker ..." with <div
    class="entry-title">Mit Musiker ...</div>); a candidate of its own only where it rewords
    the <title> (_with_classed: taken wherever it shares a word, a kicker, a picture's title or
    a teaser's classed so would win)."""
    for element in islice(classed_headings(root), CLASSED):
        text = heading_text(element)
        if not HEADING_CHARACTERS[0] <= len(text) <= HEADING_CHARACTERS[1] or links_home(element):
            continue
        if not page_title or _shares_a_word(text, page_title):
            return [text]
    return []


HEADING_CHARACTERS = (8, 250)  # a classed heading's text: no label, no paragraph


# What joins a headline to a tail after it, or a head before it, in a <title>.
_HEAD_GLUE = re.compile(r"\s*[:,|\-–—]\s")
_TAIL_GLUE = re.compile(r"[:|\-–—]\s*$")


def _classed_part(text: str, classed: list[str]) -> str:
    """The <title>'s `text` as the page's classed headline says it, where that headline is
    the <title>'s beginning before a separator, a colon or a comma (a tail the site glued
    on: ", Thailand" after "Frei erfunden: Grab-Bote fliegt nach Singapur") or its end after
    a separator or a colon (a kicker or a blog's name before it: "privacy policy: SibenLab
    privacy policy"); not a short part of it (a kicker classed as the title, which the
    <title> goes on from); else `text`."""
    for heading in classed:
        if _key(heading) == _key(text) or 2 * len(heading) < len(text):
            continue
        if text.startswith(heading) and _HEAD_GLUE.match(text, len(heading)):
            return heading
        if text.endswith(heading) and _TAIL_GLUE.search(text[: -len(heading)].rstrip()):
            return heading
    return text


CLASSED_REWORDED = 0.25  # the words a classed headline shares with the <title> it rewords


def _with_classed(found: list[tuple[str, str]], classed: list[str]) -> list[tuple[str, str]]:
    """`found` with the page's classed headline before its <title> where it rewords the <title>
    (a quarter of the words of either are words of both; not a part of it, nor it with more):
    the headline the page shows its readers, which the <title> said for search engines
    ("One hundred years at the Coliseum: Much more than a sports venue" against "100 years at
    the Los Angeles Coliseum: More than a sports venue"); it stands in for the <h1> the page
    lacks, so it is weighed as one (_agreed). Not one an ellipsis ends (a teaser's cut)."""
    at = next((i for i, (origin, _) in enumerate(found) if origin == "title"), None)
    if not classed or at is None or classed[0].endswith(("…", "...")):
        return found
    if not _reworded(classed[0], found[at][1], CLASSED_REWORDED):
        return found
    return [*found[:at], ("h1", classed[0]), *found[at:]]  # the <h1> the page lacks
