"""German text for searching: folding, words, stop words and a stemmer — the same on every database.

Folding makes the spellings people actually type meet: "Übergang", "Uebergang" and "Ubergang" all become
"ubergang", "Straße" and "Strasse" both "strasse", "Café" "cafe". The transcriptions ae/oe/ue are folded
as in Snowball's `german2` variant: not after "q" ("Quelle") and not "ue" after a vowel ("Feuer", "neue",
"Bauer"). The catalogue stores its search text folded (`Offering.search_text`) and folds every query
the same way, so PostgreSQL's `german` configuration and the SQLite fallback both only ever see folded
text. The cost: a few unrelated words fold together ("aktuell" → "aktull"), which is harmless for
finding offerings.

`stem()` is the Snowball German stemmer (the algorithm PostgreSQL's `german` configuration uses) for
the SQLite fallback; on PostgreSQL the database stems.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TRANSCRIPTION = re.compile(r"(?P<keep>qu|(?<=[aeiouy])ue)|(?P<vowel>[aou])e")
_WORD = re.compile(r"[^\W_]+")
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})


def fold(text: str) -> str:
    """Lower case without umlauts, ß and accents (see the module docstring); line breaks are kept."""

    text = _TRANSCRIPTION.sub(lambda match: match["keep"] or match["vowel"], text.lower()).translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The words (letters and digits) of a text, in order; folding first is up to the caller."""
    return _WORD.findall(text)


# PostgreSQL's (Snowball's) German stop words, folded: they carry no meaning for a search and are
# dropped from queries (the database drops the unfolded ones from documents itself).
_STOP_WORDS = """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm
    andern anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das daß derselbe
    derselben denselben desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen
    deiner deines denn derer dessen dich dir du dies diese diesem diesen dieser dieses doch dort durch ein
    eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er ihn ihm es etwas
    euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter
    ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder jedes
    jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen
    man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mit muss musste
    nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich
    sie ihnen sind so solche solchem solchen solcher solches soll sollte sondern sonst über um und uns
    unse unsem unsen unser unses unter viel vom von vor während war waren warst was weg weil weiter
    welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen
    wollte würde würden zu zum zur zwar zwischen
"""
STOP_WORDS = frozenset(fold(word) for word in _STOP_WORDS.split())

MAX_TERMS = 10


def query_terms(text: str) -> list[str]:
    """The folded words of a search query worth searching for: no stop words, no repeats, at most ten."""
    terms: list[str] = []
    for word in words(fold(text)):
        if word not in STOP_WORDS and word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


# Snowball German stemmer ---------------------------------------------------------------------------------

_VOWELS = frozenset("aeiouyäöü")
_S_ENDING = frozenset("bdfghklmnrt")
_ST_ENDING = frozenset("bdfghklmnt")


def _region_start(word: str, start: int) -> int:
    """Index after the first non-vowel that follows a vowel, looking from `start`."""
    for i in range(start + 1, len(word)):
        if word[i - 1] in _VOWELS and word[i] not in _VOWELS:
            return i + 1
    return len(word)


def _longest(word: str, suffixes: tuple[str, ...]) -> str:
    return max((suffix for suffix in suffixes if word.endswith(suffix)), key=len, default="")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball German stem of one lower-case word ("bewerbungen" → "bewerb", "praktikums" →
    "praktikum"). Suffixes are only ever removed, so a stem is a prefix of its (folded) word."""
    chars = list(word.replace("ß", "ss"))
    for i in range(1, len(chars) - 1):
        if chars[i] in "uy" and chars[i - 1] in _VOWELS and chars[i + 1] in _VOWELS:
            chars[i] = chars[i].upper()
    word = "".join(chars)
    r1 = _region_start(word, 0)
    r2 = _region_start(word, r1)
    r1 = max(r1, 3)

    suffix = _longest(word, ("em", "ern", "er", "e", "en", "es", "s"))
    if suffix and len(word) - len(suffix) >= r1:
        if suffix in ("em", "ern", "er"):
            word = word[: -len(suffix)]
        elif suffix in ("e", "en", "es"):
            word = word[: -len(suffix)]
            if word.endswith("niss"):
                word = word[:-1]
        elif len(word) >= 2 and word[-2] in _S_ENDING:
            word = word[:-1]

    suffix = _longest(word, ("en", "er", "est", "st"))
    if suffix and len(word) - len(suffix) >= r1:
        if suffix != "st":
            word = word[: -len(suffix)]
        elif len(word) >= 6 and word[-3] in _ST_ENDING:
            word = word[:-2]

    suffix = _longest(word, ("end", "ung", "ig", "ik", "isch", "lich", "heit", "keit"))
    if suffix and len(word) - len(suffix) >= r2:
        rest = word[: -len(suffix)]
        if suffix in ("end", "ung"):
            word = rest
            if word.endswith("ig") and not word.endswith("eig") and len(word) - 2 >= r2:
                word = word[:-2]
        elif suffix in ("ig", "ik", "isch"):
            if not rest.endswith("e"):
                word = rest
        elif suffix in ("lich", "heit"):
            word = rest
            if word.endswith(("er", "en")) and len(word) - 2 >= r1:
                word = word[:-2]
        else:  # keit
            word = rest
            inner = _longest(word, ("lich", "ig"))
            if inner and len(word) - len(inner) >= r2:
                word = word[: -len(inner)]

    return word.lower().translate(str.maketrans("äöü", "aou"))


# Compound words --------------------------------------------------------------------------------------
#
# German joins words: "Ausbildungsabbruch" is "Ausbildung" + linking "s" + "Abbruch". A search for it
# should also find "Abbruch der Ausbildung". `split_compound` splits a folded word into words of a
# lexicon — the catalogue's own vocabulary (`SearchWord`) and the few base words below — the way
# dictionary-based splitters do: fewest parts, each at least MIN_PART letters, a linking element
# ("s", "es", "n", "en", "er", "e") allowed after every part but the last, the last one also known by its
# stem ("abbruchs" → "abbruch").

MIN_COMPOUND = 9  # shorter words are left whole
MIN_PART = 4
LINKING = ("", "s", "es", "n", "en", "er", "e")  # "" first: a part as it stands

# Parts that may be missing from a small catalogue's words but are common in the compounds people type.
BASE_LEXICON = frozenset(
    fold(word)
    for word in [
        "abbruch",
        "abschluss",
        "agentur",
        "amt",
        "angebot",
        "arbeit",
        "ausbildung",
        "begleitung",
        "beratung",
        "beruf",
        "betrieb",
        "bewerbung",
        "bildung",
        "dienst",
        "eltern",
        "fach",
        "familie",
        "flucht",
        "förderung",
        "frau",
        "gefahr",
        "gespräch",
        "hilfe",
        "jugend",
        "kammer",
        "kind",
        "kurs",
        "lehrer",
        "lernen",
        "messe",
        "mutter",
        "orientierung",
        "pate",
        "platz",
        "praktikum",
        "programm",
        "prüfung",
        "qualifizierung",
        "schule",
        "sozial",
        "sprache",
        "stelle",
        "stiftung",
        "training",
        "vorbereitung",
        "weg",
        "werkstatt",
        "zentrum",
        "zukunft",
    ]
)


def compound_candidates(word: str) -> set[str]:
    """Every string `split_compound` may look up for `word`, so a caller can fetch them in one query."""
    found = set()
    for start in range(len(word)):
        for end in range(start + MIN_PART, len(word) + 1):
            part = word[start:end]
            found.update((part, part + "e"))
            found.update(part[: -len(link)] for link in LINKING if link and part.endswith(link))
            if end == len(word):
                found.add(stem(part))
    return found


def _first_part(piece: str, is_word) -> str | None:
    """The word a non-final part of a compound stands for: itself, itself without a linking element
    ("ausbildungs" → "ausbildung"), or itself with the "e" compounds drop ("sprach" → "sprache")."""
    for link in LINKING:
        if piece.endswith(link) and len(piece) - len(link) >= MIN_PART:
            word = piece[: len(piece) - len(link)] if link else piece
            if is_word(word):
                return word
    return piece + "e" if is_word(piece + "e") else None


def split_compound(word: str, known: frozenset[str] | set[str]) -> list[str]:
    """The parts of a folded compound, each a word of `known` (or of BASE_LEXICON); [] when it does not
    split into at least two. "ausbildungsabbruch" → ["ausbildung", "abbruch"]."""
    if len(word) < MIN_COMPOUND:
        return []

    def is_word(part: str) -> bool:  # the compound itself is known too, but is no part of itself
        return part != word and (part in known or part in BASE_LEXICON)

    # best[i]: the fewest parts covering word[:i] (None: not coverable), parts as looked up.
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(MIN_PART, len(word) + 1):
        final = end == len(word)
        for start in range(end - MIN_PART + 1):
            before = best[start]
            if before is None:
                continue
            piece = word[start:end]
            part = None
            if final and (is_word(piece) or is_word(stem(piece))):
                part = piece if is_word(piece) else stem(piece)
            elif not final:
                part = _first_part(piece, is_word)
            if part is None:
                continue
            candidate = [*before, part]
            if best[end] is None or len(candidate) < len(best[end]):
                best[end] = candidate
    parts = best[len(word)]
    return parts if parts and len(parts) >= 2 else []
