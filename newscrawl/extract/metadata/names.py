"""Names in a credit's text: "By A and B (ab), Staff Writer" -> ["A", "B"]."""

from __future__ import annotations

import re

from newscrawl.extract.metadata.fields import text_value

# A reporter's role before the name, in the languages of the corpus: "Redakteurin A",
# "Reporter A", "记者 A", "Автор: A".
_ROLE_BEFORE = (
    r"reporter(?:in)?|redakteur(?:in)?|korrespondent(?:in)?|correspondent|journalist(?:in|e)?"
    r"|periodista|redactora?|corresponsal|giornalista|rédactrice|rédacteur|staff writer"
    r"|автор(?:ы)?|корреспондент|yazar|yazan|muhabir|oleh(?=\s*:)|penulis|wartawan|tekst|texto|text"
    r"|texte|testo|текст|ライター|執筆|作者|撰文|记者|記者|文"
)
_BY = re.compile(
    r"^(?:(?:(?:posted|published|written|geschrieben|veröffentlicht|beitrag)\s+(?:by|von)"
    r"|(?:additional\s+)?reporting\s+by|words\s+by"
    r"|by|von|par|por|di|door|av|af|de|avec|with|mit|con|autor(?:[*:_]?in(?:nen)?\b)?|author|auteur|interview"
    rf"|{_ROLE_BEFORE}"
    # any language's label of one or two words before a colon: "Autore:", "Tác giả:", "Haber:"
    r"|[^\W\d_]+(?:\s+[^\W\d_]+)?(?=\s*[:：＝])"
    r")(?:\b|(?<=\W))[\s:：/／＝]*)+",
    re.IGNORECASE,
)
# A credit of the pictures, the editing or the video beside the writer's: no author's.
_OTHER_CREDIT = re.compile(
    r"(?:photos?|fotos?|fotografía|fotografia|photographie|bilder?|images?|video|kamera|camera"
    r"|illustrations?|grafik|graphics?|editing|edited|redigiert|photographed|illustrated"
    r"|写真|사진|图|圖)(?:\s+(?:by|von|de|di|por|par))?\b\s*[:：/／]|"
    r"(?:photos?|fotos?|video|illustrations?|editing|edited|photographed|illustrated)"
    r"\s+(?:by|von|de|di|por|par)\s",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_AND = re.compile(
    # a comma before the last name's "and" too ("A, B, and C")
    r"\s*,?\s+(?:and|und|&|et|y|e|og|en|och)\s+|\s*[;,，、|]\s*|\s+/\s+"
    # an interview's two people: "A im Gespräch mit B"
    r"|\s+(?:im gespräch mit|in conversation with|en conversation avec|en conversación con"
    r"|in conversazione con)\s+"
    r"|\s*\((?=(?:avec|with|mit|con|and|und)\s)"
    # a credit shared with an agency or a colleague: "Von Diana Resnik mit AP"
    r"|\s+(?:mit|with|avec)\s+(?=(?-i:[A-Z]))",
    re.IGNORECASE,
)
# A section's or a date's words before the credit: "capital von Jemima Kelly", "Posted on
# September 21, 2020 by Adi Tzlil"
_BEFORE_BY = re.compile(r"^(?:(?-i:[a-z])\S*|.*\d)\s+(?=(?:by|von|por|par)\s)", re.IGNORECASE)
_LONG_PARENTHESIS = re.compile(r"\s*\([^()]{9,}\)")  # longer than a reporter's initials
_INITIALS = re.compile(r"\s*\([^()]{1,8}\)$")
_REPORTER = re.compile(r"\s*(?:기자|記者)$")
# A Korean reporter's name is the word before "기자" (reporter); the places the story was
# filed from come first: "순천, 광양 구현모 기자", "박준석 기자 외 1명".
_KOREAN_REPORTERS = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4})\s*기자")
_HANDLE = re.compile(r"(?:^|\s)@\w+")  # "Williams Perdomo @wperdomod"
# A date after a name, month first ("Poppy Reid Feb 21, 2020") or from its weekday on.
_MONTH = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june"
    "|july|august|september|october|november|december|januar|februar|märz|juni|juli|oktober"
    "|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre"
    "|noviembre|diciembre"
)
_WEEKDAY = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch"
    "|donnerstag|freitag|samstag|sonntag"
)
# The words before a role that say which one ("Assistant Sports Editor", "Senior Staff Writer").
_ROLE_WORDS = (
    "assistant|associate|deputy|senior|junior|staff|chief|managing|executive|contributing"
    "|freelance|guest|special|political|politics|sports|business|news|features|digital|science"
    "|health|tech|technology|foreign|national|local|metro|city|investigative|breaking|opinion"
    "|travel|culture|arts|entertainment|music|film|food|fashion|style|economics|education"
    "|environment|climate|legal|global|world|data|video|photo|social media|weekend|night"
)
# What follows a name in a byline: its date ("Lucas Nolan 22 Dec 2016"), a role, a dash, a
# date label ("Stand: 12.1."), a link to the author's other pages.
_AFTER_NAME = re.compile(
    # not the digits of a handle ("r23 » 21.01.2009"), but a date glued on ("Nolan22 Dec 2016")
    rf"\s*(?:(?<![^\W_])\d+[\s.:/年月-].*\d.*|\d{{1,4}}(?:\s+(?:{_MONTH})\b|[./-]\d).*|(?:am|on|le|el|den)\s+(?:\d|{_WEEKDAY}).*"
    # a role as a word of its own, or glued to the name's last letter ("Howard BlumeStaff
    # Writer"), never the end of a longer word ("Anna Kreditor")
    r"|(?:(?<![^\W_])|(?-i:(?<=[a-zà-ÿ])(?=[A-Z])))"
    rf"(?:(?:{_ROLE_WORDS})\s+){{0,3}}(?:writer|reporter|correspondent|editor|contributor|columnist)"
    r"\b.*|(?:chef)?redakteur(?:in)?\b.*|\s[-–—|:·•→].*"
    r"|\s(?:stand|updated|aktualisiert|alle artikel|all posts|published|publié|publicado"
    r"|pubblicato|veröffentlicht|posted|twitter|facebook|instagram|linkedin)\b.*"
    # a label or a role the byline shows after the name ("Harald Bauer Autor", "Lars Sobiraj
    # Lesezeit", "Marta Cañete Corresponsal", "Lance Ulanoff Social Links Navigation")
    r"|\s(?:autor(?:[*:_]?in(?:nen)?)?|author|lesezeit|reading time|kategorien?"
    r"|categor(?:y|ies)|corresponsal|corrispondente|correspondant|journalist(?:in)?"
    r"|social links|follow|folgen|e-?mail)\b.*"
    rf"|(?:^|\s)(?:{_MONTH})\.?\s+\d.*|\s(?:{_WEEKDAY})\b.*"
    # a time ago: "před 2 hodinami", "vor 2 Stunden", "hace 2 horas", "2 hours ago"
    r"|\s(?:(?-i:[a-zà-ÿ])[^\W\d_]*\s)?\d+\s[^\W\d_]+.*"
    # a Chinese name has two to four characters; a longer run after it is the role
    r"|(?<=[\u4e00-\u9fff])\s+[\u4e00-\u9fff]{5,}.*"
    # the place a reporter files from: "A in Beirut", "A à Kiev"
    r"|\s(?:in|à)\s+(?-i:[A-Z]).*)$",
    re.IGNORECASE,
)
# Labels and links that byline elements hold beside the names.
_NOT_A_NAME = re.compile(
    r"(?:posted|published|publiziert|veröffentlicht|zuletzt|updated|aktualisiert|zeige|view|"
    r"see|more|mehr|alle|all|weitere|weiter|read|lire|leer|leggi|follow|folgen|"
    # a share button's label beside the names ("1 day ago | Share Save | Duncan Walker")
    r"share|teilen|partager|compartir|condividi|delen)\b",
    re.IGNORECASE,
)
# A label whose name is in an element of its own: "<span>Artikel von</span> <a>A</a>",
# "Nombre del autor"; no name ends with the word that introduces one.
_LABEL_END = re.compile(r"\s(?:by|von|vom|por|par|de|del|di|door|av|af|da)$", re.IGNORECASE)
# A CMS's default account: whoever set the site up, no one who wrote for it.
_ACCOUNT = re.compile(
    r"(?:[a-z]{0,8}[-_ ]?admin(?:istrator)?|webmaster|root|user|guest)\d*", re.IGNORECASE
)
# A URL, an e-mail address (also "a[at]b.net"), a question: no name is in the value.
_NOT_NAMES = re.compile(r"://|@|\[at\]|\(at\)|[?!]")
# "Les Membres du Choeur de Radio France"; a longer run of words is a sentence
_MOST_WORDS = 7
_DEGREE = re.compile(r"(?:ph\.?d|m\.?d|m\.?a|m\.?sc|mba|jr)\.?", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")  # "2020" left of a date is no name
_EDGES = " \t'\"‘’“”„«»-–—|:·•*()[]©"


def split_names(value: str) -> list[str]:
    """ "By A and B (ab)" -> ["A", "B"]; URLs (a profile page given as the author) dropped;
    handles, dates, roles and degrees after a name dropped."""
    value, addresses = _EMAIL.subn(" | ", text_value(value))
    value = _HANDLE.sub(" ", value).strip(" |")
    if not value or _NOT_NAMES.search(value) or value.startswith("/") or len(value) > 120:
        return []
    reporters = _KOREAN_REPORTERS.findall(value)
    if reporters and not _OTHER_CREDIT.search(value):
        return reporters
    value = _INITIALS.sub("", value)
    value = _BEFORE_BY.sub("", value)
    # a picture's label stays for the other credits' filter ("Photos: A", not a label "A")
    split = _AND.split(value if _OTHER_CREDIT.match(value) else _BY.sub("", value))
    credits = (p for p in split if not _OTHER_CREDIT.match(p.strip(_EDGES)))
    parts = (_BY.sub("", part).strip() for part in credits)
    names = (_once(_AFTER_NAME.sub("", _REPORTER.sub("", p)).strip(_EDGES)) for p in parts if p)
    found = [
        n
        for n in names
        if _LETTER.search(n)
        and not _DEGREE.fullmatch(n)
        and not _NOT_A_NAME.match(n)
        and not _LABEL_END.search(n)
        and not is_account(n)
        and len(n.split()) <= _MOST_WORDS
    ]
    # beside an address, a full name only: "name, email@gmail.com" is a template's placeholder
    return [n for n in found if is_full_name(n)] if addresses else found


def is_account(name: str) -> bool:
    """Whether a credit is a CMS's default account ("admin", "jdadmin"), not a person."""
    return _ACCOUNT.fullmatch(name) is not None


def _once(name: str) -> str:
    """A name a byline shows twice (an avatar's caption and a link) once: "A B A B" -> "A B"."""
    words = name.split()
    half = len(words) // 2
    return " ".join(words[:half]) if half > 1 and words[:half] == words[half:] else name


def is_full_name(name: str) -> bool:
    """A first and a last name, each word capitalized but the particles ("Follow us on
    Twitter" and "capital" are labels); a Chinese, Japanese or Korean name is written without
    a space ("田中宏昌", "小暮ひさのり")."""
    if _CJK_NAME.fullmatch(name):
        return True
    words = name.split()
    return len(words) > 1 and all(
        _name_word(w, b) for w, b in zip(words, ["", *words[:-1]], strict=True)
    )


def _name_word(word: str, before: str = "") -> bool:
    first = word[0]
    return (
        first.isupper()
        or not first.isalpha()
        or first == first.lower() == first.upper()  # a script without case
        or word.casefold() in _PARTICLES
        # an article is a particle after "van"/"von" only ("van der Bellen", not "Leiterin der HSS")
        or (word.casefold() in _ARTICLES and before.casefold() in ("van", "von"))
    )


_PARTICLES = frozenset(
    [
        "de",
        "da",
        "das",
        "del",
        "della",
        "dei",
        "di",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "les",
        "van",
        "von",
        "ten",
        "ter",
        "zu",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "e",
        "i",
    ]
)


_ARTICLES = frozenset(["der", "den"])
_CJK_NAME = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3·]{2,6}")


def credited_names(text: str) -> list[str]:
    """The full names in a byline's text ("A, B"); after a "By", "Von", "Author:" that says
    the text is a credit, single words too (a blog's handle, a desk: "von lupa am 26/10/13");
    a place or a role in parentheses after a name dropped ("A (Bruxelles, bureau européen)")."""
    text = _LONG_PARENTHESIS.sub("", text)
    if _KOREAN_REPORTERS.search(text):
        return split_names(text)
    credit = _BY.match(text)
    single = credit is not None and credit.end() > 0
    parts = _BYLINE_PARTS.split(text)  # "By A | a@example.com": the address alone dropped
    names: list[str] = []
    for part in parts:
        if names and _DATED.match(part):  # "By A | 10/04/2016 05:07 AM EDT | Link Copied"
            break
        names += [n for n in split_names(part) if single or is_full_name(n)]
    return names


_BYLINE_PARTS = re.compile(r"\s*[,|]\s*")
# a date's part after the names: "By | J.R. Stone | Thursday, November 9, 2023 7:35AM"
_DATED = re.compile(rf"\d|(?:{_MONTH})\.?\s+\d|(?:{_WEEKDAY})\b", re.IGNORECASE)


# A line that only credits: "von A", "Ein Beitrag von A", "Text von A Illustration von B",
# "Auteur : A", "Text: A", "Autoren A und B": before a "by", only words that say a text was
# written ("Neuerscheinungen von Lego", "Photo by A" are no credits of the article).
_WRITTEN = (
    r"(?:(?:ein|eine|a|an|un|une|el|la|il|lo|blog|gast)\s+)*"
    r"(?:beitrag|artikel|gastbeitrag|text|texte|testo|geschrieben|verfasst|gespeichert|"
    r"eingestellt|erstellt|posted|written|published|veröffentlicht|publiziert|publié|écrit|"
    r"publicado|escrito|scritto|pubblicato|story|article|articolo|artículo|report|kommentar|"
    r"column|kolumne|glosse|essay|rezension|review|reportage|analyse|analysis|interview|"
    r"chronique|crónica|columna|geplaatst|geschreven)\s+"
)
_CREDIT_LINE = re.compile(
    rf"(?:{_WRITTEN})?(?:von|by|por|par|door|di|av|af)(?:\s*:)?\s+(?P<by>.+)"
    r"|(?:autor(?:[*:_]?in(?:nen)?|en)?|authors?|auteurs?|autore)(?:\s*:\s*|\s+)(?P<named>.+)"
    r"|(?:text|texte|testo|redaktion)\s*:\s*(?P<label>.+)",
    re.IGNORECASE,
)
_ROLE_AFTER = re.compile(r"\s+(?:illustrations?|fotos?|photos?|bilder?|grafik)\b.*", re.I)


def credit_names(text: str, apart: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The people a line credits when the line is only a credit: its leading full names, each
    word of them capitalized (a role may follow: "A, Projektleiterin der HSS"), or names the
    line sets `apart` in their own elements ("von <a>lupa</a>")."""
    line = _CREDIT_LINE.fullmatch(text.strip(" -–—|·•"))
    if line is None:
        return []
    credited = line.group("by") or line.group("named") or line.group("label")
    names = []
    for name in split_names(_ROLE_AFTER.sub("", credited)):
        if not ((is_capitalized_name(name) and is_full_name(name)) or name in apart):
            break
        names.append(name)
    return names


def is_capitalized_name(name: str) -> bool:
    """Two to four words, the first and the last capitalized: "Marina Mucha"."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[0].isupper() for w in (words[0], words[-1]))
