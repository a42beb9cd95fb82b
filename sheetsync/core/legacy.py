"""Legacy Vietnamese encodings (TCVN3/ABC and VNI-Windows) as they read back from Excel: detect, convert to Unicode.

Units that still type with the old ABC (`.VnTime`, `.VnArial`, capital fonts `.VnTimeH`…) or VNI fonts
(`VNI-Times`, `VNI-Helve`…) store single bytes that Excel reads through the Windows code page, so a reader
sees Latin-1 mojibake: `B¶o Th¾ng` is "Bảo Thắng" in TCVN3, `Baûo Thaéng` the same words in VNI
(DOMAIN.md §6).

Tables. The byte assignments are those of the TCVN 5712:1993 VN3 ("ABC") font chart and the VNI-Windows
chart, written below as one row per vowel. They were checked letter by letter against the parallel
134-entry UNICODE / VNI / TCVN3 arrays in duydev/vietnamese-conversion `src/charsets.ts` (MIT, npm
"vietnamese-conversion"), which also supplies the convention for the capitals TCVN3 lacks: a capital
with a tone mark is written as the capital base letter followed by the lowercase toned code (`Aµ` = À).
tests/core/test_legacy.py round-trips all 134 letter forms through both tables.

Known TCVN3 quirks handled here:
- capital fonts (name ending in "H") draw the lowercase codes as capitals: pass `capital_font=True`;
- ư is byte 0xAD, the soft hyphen, which some tools strip. When it is gone, "ương", "ước", "ươu" read
  as "ơng", "ơc", "ơu", rhymes Vietnamese does not have, so the ư is put back there. A stripped ư
  elsewhere ("như" → "nh") cannot be recovered.

Convert before `text.clean`/`text.nfc`: those drop the soft hyphen and map Ð (TCVN3 "é") to Đ.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Literal

__all__ = [
    "LegacyEncoding",
    "detect_legacy",
    "encoding_of_font",
    "from_unicode",
    "is_capital_font",
    "is_syllable",
    "to_unicode",
]

LegacyEncoding = Literal["tcvn3", "vni"]
ENCODINGS: tuple[LegacyEncoding, ...] = ("tcvn3", "vni")

# Every row below lists a vowel's six forms in this order: no tone, huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")

# TCVN3: one byte per lowercase letter (0xB5-0xB9 are à ả ã á ạ, and so on through the chart).
_TCVN3_LOWER = {
    "a": "a\xb5\xb6\xb7\xb8\xb9",
    "ă": "\xa8\xbb\xbc\xbd\xbe\xc6",
    "â": "\xa9\xc7\xc8\xc9\xca\xcb",
    "e": "e\xcc\xce\xcf\xd0\xd1",
    "ê": "\xaa\xd2\xd3\xd4\xd5\xd6",
    "i": "i\xd7\xd8\xdc\xdd\xde",
    "o": "o\xdf\xe1\xe2\xe3\xe4",
    "ô": "\xab\xe5\xe6\xe7\xe8\xe9",
    "ơ": "\xac\xea\xeb\xec\xed\xee",
    "u": "u\xef\xf1\xf2\xf3\xf4",
    "ư": "\xad\xf5\xf6\xf7\xf8\xf9",
    "y": "y\xfa\xfb\xfc\xfd\xfe",
}
# TCVN3 has codes only for the untoned capitals; toned capitals are built from these (see the docstring).
_TCVN3_CAPITAL = {"ă": "\xa1", "â": "\xa2", "ê": "\xa3", "ô": "\xa4", "ơ": "\xa5", "ư": "\xa6"}
_TCVN3_D = ("\xae", "\xa7")  # đ, Đ

# VNI-Windows: base letter + a mark byte. The capital form of every code is its Latin-1 upper case.
_VNI_TONE = ("", "\xf8", "\xfb", "\xf5", "\xf9", "\xef")  # ø û õ ù ï
_VNI_CIRCUMFLEX = ("\xe2", "\xe0", "\xe5", "\xe3", "\xe1", "\xe4")  # â à å ã á ä
_VNI_BREVE = ("\xea", "\xe8", "\xfa", "\xfc", "\xe9", "\xeb")  # ê è ú ü é ë
_VNI_LOWER = {
    "a": tuple("a" + m for m in _VNI_TONE),
    "ă": tuple("a" + m for m in _VNI_BREVE),
    "â": tuple("a" + m for m in _VNI_CIRCUMFLEX),
    "e": tuple("e" + m for m in _VNI_TONE),
    "ê": tuple("e" + m for m in _VNI_CIRCUMFLEX),
    "i": ("i", "\xec", "\xe6", "\xf3", "\xed", "\xf2"),  # ì æ ó í ò
    "o": tuple("o" + m for m in _VNI_TONE),
    "ô": tuple("o" + m for m in _VNI_CIRCUMFLEX),
    "ơ": tuple("\xf4" + m for m in _VNI_TONE),  # ơ is ô
    "u": tuple("u" + m for m in _VNI_TONE),
    "ư": tuple("\xf6" + m for m in _VNI_TONE),  # ư is ö
    "y": ("y", "y\xf8", "y\xfb", "y\xf5", "y\xf9", "\xee"),  # ỵ is î
}
_VNI_D = ("\xf1", "\xd1")  # đ is ñ, Đ is Ñ

# Characters Excel can hand back for a legacy byte: Latin-1, plus what cp1252 puts at 0x80-0x9F.
_CP1252_EXTRA = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


def _letter(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + _TONE_MARKS[tone])


@cache
def _encode_table(encoding: LegacyEncoding) -> dict[str, str]:
    """Unicode letter -> legacy code, for the 134 Vietnamese letters with a diacritic (both cases)."""
    table: dict[str, str] = {}
    for vowel in _VOWELS:
        for tone in range(6):
            lower = _letter(vowel, tone)
            if lower == vowel and vowel in "aeiouy":
                continue  # plain ASCII vowels are themselves in both encodings
            if encoding == "vni":
                code = _VNI_LOWER[vowel][tone]
                table[lower], table[lower.upper()] = code, code.upper()
            else:
                code = _TCVN3_LOWER[vowel][tone]
                capital = _TCVN3_CAPITAL.get(vowel, vowel.upper())
                table[lower] = code
                table[lower.upper()] = capital if tone == 0 else capital + code
    lower_d, upper_d = _TCVN3_D if encoding == "tcvn3" else _VNI_D
    table["đ"], table["Đ"] = lower_d, upper_d
    return table


@cache
def _decoder(encoding: LegacyEncoding) -> tuple[re.Pattern[str], dict[str, str]]:
    table = {code: letter for letter, code in _encode_table(encoding).items() if code != letter}
    if encoding == "vni":
        # Typists mix mark cases ("Aù" for Á); take the case from the base letter.
        for code, letter in list(table.items()):
            if len(code) == 2:
                base, mark = code[0], code[1]
                variants = {base + mark.lower(), base + mark.upper()}
                for variant in variants:
                    table.setdefault(variant, letter)
    # Longest match first: VNI "ôù" is ớ before "ô" is ơ; TCVN3 "Aµ" is À before "µ" is à.
    codes = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(code) for code in codes)), table


# A stripped TCVN3 soft hyphen (ư) leaves "ơng", "ơc" or "ơu", which no Vietnamese word has.
_LOST_U_HORN = re.compile("(?<![ưừửữứựƯỪỬỮỨỰ])([ơớờởỡợƠỚỜỞỠỢ])(?=(?i:ng|c|u)(?![^\\W\\d_]))")


def to_unicode(text: str, encoding: LegacyEncoding, *, capital_font: bool = False) -> str:
    """Convert legacy-font text (as read from Excel) to NFC Unicode.

    `capital_font` is for TCVN3 "H" fonts such as `.VnTimeH`, which draw every letter as a capital.
    """
    pattern, table = _decoder(encoding)
    result = pattern.sub(lambda m: table[m.group()], unicodedata.normalize("NFC", text))
    if encoding == "tcvn3":
        result = _LOST_U_HORN.sub(lambda m: ("Ư" if m.group(1).isupper() else "ư") + m.group(1), result)
    if capital_font:
        result = result.upper()
    return unicodedata.normalize("NFC", result)


def from_unicode(text: str, encoding: LegacyEncoding) -> str:
    """Write Unicode text the way a legacy font stores it: for fixtures and round-trip checks."""
    table = _encode_table(encoding)
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def encoding_of_font(font_name: str | None) -> LegacyEncoding | None:
    """`.VnTime`, `.VnArialH`… are TCVN3 (ABC); `VNI-Times`, `VNI-Helve`… are VNI-Windows."""
    name = (font_name or "").strip().casefold()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith(("vni-", "vni ")):
        return "vni"
    return None


def is_capital_font(font_name: str | None) -> bool:
    """TCVN3 capital fonts end in a capital H (`.VnTimeH`, `.VnArial NarrowH`)."""
    name = (font_name or "").strip()
    return encoding_of_font(name) == "tcvn3" and name.endswith("H")


def detect_legacy(text: str, font_name: str | None = None) -> LegacyEncoding | None:
    """Which legacy encoding `text` is written in, or None for Unicode (or plain ASCII).

    The font name decides when it names a legacy font, unless the words read better as they are.
    Without a font, the text counts only if some words are not Vietnamese as they stand but become
    Vietnamese syllables once converted, and they outnumber the words that conversion spoils.
    Real Unicode Vietnamese is never taken for legacy: a letter beyond Latin-1 (ơ, ư, ă, đ, ạ…) or a
    combining mark rules it out, and words already valid as they stand are not counted as evidence.
    """
    text = unicodedata.normalize("NFC", text)
    if text.isascii() or any(ord(ch) > 0xFF and ch not in _CP1252_EXTRA for ch in text):
        return None
    by_font = encoding_of_font(font_name)
    if by_font is not None:
        if to_unicode(text, by_font) == text:
            return None
        gained, lost = _evidence(text, by_font, count_spoiled=True)
        return by_font if gained >= lost else None
    scores: dict[LegacyEncoding, float] = {}
    for encoding in ENCODINGS:
        gained, lost = _evidence(text, encoding, count_spoiled=False)
        if gained >= 1 and gained > lost:
            scores[encoding] = gained - lost
    if not scores:
        return None
    best = max(scores.values())
    winners = [encoding for encoding, score in scores.items() if score == best]
    return winners[0] if len(winners) == 1 else None


@cache
def _word_pattern(encoding: LegacyEncoding) -> re.Pattern[str]:
    codes = "".join(sorted({ch for code in _decoder(encoding)[1] for ch in code}))
    return re.compile(f"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff{re.escape(codes)}]+")


def _evidence(text: str, encoding: LegacyEncoding, *, count_spoiled: bool) -> tuple[float, int]:
    """(words that conversion turns into Vietnamese syllables, words it leaves or makes non-Vietnamese)."""
    gained = 0.0
    lost = 0
    for word in _word_pattern(encoding).findall(text):
        if word.isascii() or len(word) == 1:
            continue  # a lone "×" or "·" is a symbol as often as a one-letter word: no evidence either way
        valid_now = _nucleus(word) is not None
        converted = to_unicode(word, encoding)
        nucleus = _nucleus(converted) if converted != word else None
        if valid_now:
            lost += count_spoiled and nucleus is None
        elif nucleus is not None:
            # A rare rhyme (xoong, thuở) is weaker evidence: it breaks ties such as "Koâng" (VNI Kông).
            gained += 0.5 if nucleus in _RARE else 1.0
        else:
            lost += 1
    return gained, lost


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Vietnamese syllable = initial consonant + vowel nucleus + final consonant, with at most one tone mark.
_INITIALS = sorted(
    _words("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x") | {""}, key=len, reverse=True
)
_FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
# Nuclei that end in a glide take no final consonant.
_OPEN_ENDED = _words("ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu oai oay oao oeo uây uôi uyu ươi ươu iêu yêu")
_NEED_FINAL = _words("ă â iê yê uô ươ uyê oă uâ oo")
_NUCLEI = _OPEN_ENDED | _NEED_FINAL | _words("a e ê i y o ô ơ u ư ia ua ưa oa oe uê uơ uy uya")
_RARE = _words("oo oao oeo uyu uơ")
_PALATAL_OK = _words("a ê i oa uê uy")  # only these take -ch / -nh
_STOPS = frozenset({"c", "ch", "p", "t"})
_TONES = {"\u0300", "\u0309", "\u0303", "\u0301", "\u0323"}


def is_syllable(word: str) -> bool:
    """Whether `word` is spelled like one Vietnamese syllable (case-insensitive, any tone placement)."""
    return _nucleus(word) is not None


def _nucleus(word: str) -> str | None:
    """The vowel nucleus of `word` read as one Vietnamese syllable, or None if it is not one."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) > 1:
        return None
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    for initial in _INITIALS:
        if not bare.startswith(initial):
            continue
        rest = bare[len(initial) :]
        for final in _FINALS:
            if not rest.endswith(final):
                continue
            nucleus = rest[: len(rest) - len(final)]
            if _rhyme_ok(nucleus, final, tones[0] if tones else ""):
                return nucleus
    return None


def _rhyme_ok(nucleus: str, final: str, tone: str) -> bool:
    if nucleus not in _NUCLEI:
        return False
    if final and nucleus in _OPEN_ENDED:
        return False
    if not final and nucleus in _NEED_FINAL:
        return False
    if final in ("ch", "nh") and nucleus not in _PALATAL_OK:
        return False
    if final in ("ng", "c", "ch", "nh") and nucleus == "ơ":
        return False
    # Syllables closed by p, t, c, ch carry only the sắc or nặng tone.
    return not (final in _STOPS and tone not in ("\u0301", "\u0323"))
