# ruff: noqa: RUF001, RUF003 -- Cyrillic letters are the point of this module.
"""Spelling folding for catalog search.

Uzbek shoppers type the same medicine in Uzbek Latin ("paratsetamol"), Uzbek or Russian Cyrillic
("парацетамол") or the Latin INN ("paracetamol"). `fold()` maps all of them to one ASCII key:
Cyrillic is transliterated, then spellings that differ only by convention are merged
(ts/c, x/ks, ph/f, doubled letters, a final "e"...). The product's `search_document` holds the
folded form of every name it is known by, and the query is folded the same way, so trigram
similarity on PostgreSQL only has to absorb real typos.
"""

import re
import unicodedata
from collections.abc import Iterable

CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Uzbek Cyrillic
    "ў": "o",
    "қ": "q",
    "ғ": "g",
    "ҳ": "h",
    # Kazakh/Ukrainian letters seen on imported packs
    "і": "i",
    "ї": "i",
    "є": "e",
    "ү": "u",
    "ұ": "u",
    "ө": "o",
    "ң": "n",
}
_TRANSLATE = str.maketrans(CYRILLIC_TO_LATIN)
# Uzbek Latin apostrophes (o', g', tutuq belgisi) in all the forms keyboards produce.
_APOSTROPHES = re.compile(r"['`ʻʼ‘’´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Applied in order to each word; both the documents and the queries go through them.
_FOLDS = (
    (re.compile(r"sch"), "sh"),
    # Greek "chl"/"chr" and a leading Uzbek "x" before them are the Russian "хл"/"хр".
    (re.compile(r"ch(?=[lr])|^x(?=[lr])"), "h"),
    (re.compile(r"zh"), "j"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"t[sz]"), "c"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"y"), "i"),
    # Latin "c" is a k before a, o, u, a consonant or at the end (diclofenac, "диклофенак").
    (re.compile(r"c(?![eih])"), "k"),
    (re.compile(r"([a-z])\1+"), r"\1"),
)


def _fold_word(word: str) -> str:
    for pattern, replacement in _FOLDS:
        word = pattern.sub(replacement, word)
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # omeprazole / омепразол, lidocaine / лидокаин
    return word


def fold_words(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    text = unicodedata.normalize("NFKC", text or "").lower().translate(_TRANSLATE)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    return [_fold_word(word) for word in _NON_ALNUM.split(text) if word]


def fold(text: str) -> str:
    """One spelling for every way of writing `text` (see the module docstring)."""
    return " ".join(fold_words(text))


def build_search_document(texts: Iterable[str]) -> str:
    """The folded, de-duplicated words of all the names a product is known by."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in fold_words(text):
            seen.setdefault(word, None)
    return " ".join(seen)
