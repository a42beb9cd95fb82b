"""Vietnamese text: NFC normalization and the folding key used for every tolerant comparison."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that look like Đ/đ but are not (DOMAIN.md §6): eth and African D.
_LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", "\u0256": "đ"})
# Dashes and odd spaces staff paste from Word or PDFs.
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-"})
_SPACES = re.compile(r"\s+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")


def nfc(text: str) -> str:
    """Unicode NFC with look-alike Đ mapped to the real letter: what we store and show."""
    return unicodedata.normalize("NFC", text).translate(_LOOKALIKES)


def clean(text: str) -> str:
    """NFC, no zero-width characters, single spaces, trimmed: a cell value as a person means it."""
    text = _ZERO_WIDTH.sub("", nfc(text))
    return _SPACES.sub(" ", text).strip()


def strip_marks(text: str) -> str:
    """Remove every diacritic (tone and vowel marks) and map đ→d: 'Thủy' and 'Thuỷ' both give 'Thuy'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def fold(text: object) -> str:
    """The matching key: case, diacritics, tone placement (hoà/hòa), NFD input, Ð, dashes and spaces folded.

    Two strings that a person would call "the same words" get the same key.
    """
    if text is None:
        return ""
    value = str(text)
    # headers, unit names and statuses are folded again for every row of every submission: remember the
    # short ones (a city-sized merge folds ~800,000 strings, almost all of them repeats)
    return _fold_short(value) if len(value) <= _CACHED_LENGTH else _fold(value)


_CACHED_LENGTH = 200


@lru_cache(maxsize=32_768)
def _fold_short(value: str) -> str:
    return _fold(value)


def _fold(value: str) -> str:
    value = _ZERO_WIDTH.sub("", value).translate(_DASHES)
    value = strip_marks(value).casefold()
    value = re.sub(r"\s*-\s*", " - ", value)
    return _SPACES.sub(" ", value).strip()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and clean(value) == "")
