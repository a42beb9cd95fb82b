"""TCVN3/VNI legacy text: every letter round-trips, real Unicode is never taken for legacy."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetsync.core import legacy
from sheetsync.core.legacy import (
    detect_legacy,
    encoding_of_font,
    from_unicode,
    is_capital_font,
    is_syllable,
    to_unicode,
)

ENCODINGS = ("tcvn3", "vni")

# The 67 lowercase Vietnamese letters with a diacritic, spelled out independently of the module's tables.
LOWER_LETTERS = "àảãáạ ăằẳẵắặ âầẩẫấậ èẻẽéẹ êềểễếệ ìỉĩíị òỏõóọ ôồổỗốộ ơờởỡớợ ùủũúụ ưừửữứự ỳỷỹýỵ đ".replace(" ", "")
ALL_LETTERS = LOWER_LETTERS + LOWER_LETTERS.upper()

REAL_PHRASES = [
    "Ủy ban nhân dân phường An Dương",
    "Văn phòng HĐND và UBND phường",
    "Chương trình hành động năm 2026",
    "Đã hoàn thành",
    "Đang thực hiện",
    "Chưa thực hiện",
    "Quá hạn",
    "Hoàn thành trước thời hạn",
    "Báo cáo kết quả thực hiện nhiệm vụ",
    "Phòng Kinh tế, Hạ tầng và Đô thị",
    "Phòng Văn hóa - Xã hội",
    "Công an phường",
    "Trạm Y tế",
    "Ban Chỉ huy Quân sự",
    "Trường Tiểu học Nguyễn Văn Trỗi",
    "Hội Liên hiệp Phụ nữ",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Mặt trận Tổ quốc Việt Nam",
    "Cải cách hành chính, chuyển đổi số",
    "Người đứng đầu chịu trách nhiệm",
    "Rà soát, thống kê, tổng hợp số liệu",
    "Bảo đảm an ninh trật tự",
    "Ngày 30 tháng 6 năm 2026",
    "Quý II/2026",
    "Thường xuyên",
    "Nguyễn Thị Thủy",
    "Trần Quốc Toản",
    "Lê Thị Hoà",
    "Phạm Ngọc Khuê",
    "Hòa Bình",
    "Cà Mau",
    "Phú Yên",
    "Tô Hiến Thành",
    "Bà Rịa - Vũng Tàu",
    "Mê Kông",
    "Lê Tô",
    "Hoàng Văn Thụ",
    "rượu, hươu, người, nước",
    "Khuyến khích, tuyên truyền, quyết liệt",
    "Xoong nồi, boong tàu",
    "Giữ gìn vệ sinh môi trường",
    "KẾT QUẢ THỰC HIỆN",
    "Đô thị văn minh",
    "An Dương",
    "Cô Tô",
    "Bà Hà",
]


# --- the tables ---------------------------------------------------------------------------------


def test_there_are_134_letter_forms():
    assert len(ALL_LETTERS) == 134 == len(set(ALL_LETTERS))
    for encoding in ENCODINGS:
        assert set(legacy._encode_table(encoding)) == set(ALL_LETTERS)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_every_letter_round_trips(letter, encoding):
    code = from_unicode(letter, encoding)
    same = {"vni": "ìíÌÍ", "tcvn3": "ý"}[encoding]  # codes that happen to be the Latin-1 letter itself
    assert code != letter or letter in same
    assert all(ord(ch) <= 0xFF for ch in code), "legacy codes are single Windows-1252 bytes"
    assert to_unicode(code, encoding) == letter


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_letter_codes_are_distinct(encoding):
    table = legacy._encode_table(encoding)
    assert len(set(table.values())) == len(table)


def test_tcvn3_bytes_match_domain_notes():
    expected = {
        "à": 0xB5, "á": 0xB8, "ả": 0xB6, "ã": 0xB7, "ạ": 0xB9,
        "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
        "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    }  # fmt: skip
    for letter, byte in expected.items():
        assert from_unicode(letter, "tcvn3") == chr(byte), letter


def test_tcvn3_toned_capitals_are_base_plus_lowercase_code():
    assert from_unicode("À", "tcvn3") == "A\xb5"
    assert from_unicode("Ấ", "tcvn3") == "\xa2\xca"
    assert to_unicode("A\xb5", "tcvn3") == "À"


def test_vni_sequences_match_domain_notes():
    expected = {
        "à": "aø", "á": "aù", "ả": "aû", "ã": "aõ", "ạ": "aï", "â": "aâ", "ă": "aê", "ấ": "aá", "ắ": "aé",
        "ơ": "ô", "ư": "ö", "đ": "ñ", "Đ": "Ñ", "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î",
    }  # fmt: skip
    for letter, code in expected.items():
        assert from_unicode(letter, "vni") == code, letter


def test_the_domain_example_decodes():
    assert to_unicode("B¶o Th¾ng", "tcvn3") == "Bảo Thắng"
    assert to_unicode("Baûo Thaéng", "vni") == "Bảo Thắng"


def test_vni_takes_the_longest_match():
    assert to_unicode("Tröôøng", "vni") == "Trường"
    assert to_unicode("thôø", "vni") == "thờ"
    assert to_unicode("thô", "vni") == "thơ"


def test_vni_mixed_mark_case_follows_the_base_letter():
    assert to_unicode("Aù", "vni") == "Á"
    assert to_unicode("aÙ", "vni") == "á"


def test_tcvn3_capital_font_shows_capitals():
    assert to_unicode("b¸o c¸o", "tcvn3", capital_font=True) == "BÁO CÁO"
    assert to_unicode("tr\xadêng", "tcvn3", capital_font=True) == "TRƯỜNG"


def test_tcvn3_soft_hyphen_u_horn_decodes():
    assert to_unicode("Tr\xadêng", "tcvn3") == "Trường"


@pytest.mark.parametrize(
    ("stripped", "expected"),
    [("Trêng", "Trường"), ("n\xadíc".replace("\xad", ""), "nước"), ("rîu", "rượu"), ("D¬ng", "Dương")],
)
def test_tcvn3_stripped_soft_hyphen_is_put_back_where_unambiguous(stripped, expected):
    assert to_unicode(stripped, "tcvn3") == expected


def test_tcvn3_stripped_soft_hyphen_is_left_alone_where_ambiguous():
    # "ngời" could be "người" or "ngời" (to shine): nothing is invented.
    assert to_unicode("ngêi", "tcvn3") == "ngời"


@pytest.mark.parametrize("encoding", ENCODINGS)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_is_unchanged(encoding, text):
    assert to_unicode(text, encoding) == text


# --- fonts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("font", "encoding", "capital"),
    [
        (".VnTime", "tcvn3", False),
        (".VnArial", "tcvn3", False),
        (".VnTimeH", "tcvn3", True),
        (".VnArial NarrowH", "tcvn3", True),
        ("VNI-Times", "vni", False),
        ("VNI-Helve", "vni", False),
        ("Times New Roman", None, False),
        ("Arial", None, False),
        (None, None, False),
    ],
)
def test_font_names(font, encoding, capital):
    assert encoding_of_font(font) == encoding
    assert is_capital_font(font) is capital


# --- detection ------------------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", REAL_PHRASES)
def test_real_unicode_phrases_are_not_legacy(phrase):
    for form in (phrase, phrase.upper(), phrase.lower(), unicodedata.normalize("NFD", phrase)):
        assert detect_legacy(form) is None, form


@pytest.mark.parametrize("phrase", REAL_PHRASES)
def test_real_unicode_phrases_in_a_modern_font_are_not_legacy(phrase):
    assert detect_legacy(phrase, "Times New Roman") is None


def test_unicode_beyond_latin1_is_never_legacy_even_in_a_legacy_font():
    assert detect_legacy("Bảo Thắng", ".VnTime") is None
    assert detect_legacy("Hòa Bình", ".VnTime") is None  # words that conversion would spoil
    assert detect_legacy("Trường", "VNI-Times") is None


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("phrase", REAL_PHRASES)
def test_real_phrases_written_in_a_legacy_font_are_detected_and_converted(phrase, encoding):
    written = from_unicode(phrase, encoding)
    if written == phrase:  # "Quý II/2026" is the same in TCVN3: nothing to detect
        assert detect_legacy(written) is None
        return
    assert detect_legacy(written, ".VnTime" if encoding == "tcvn3" else "VNI-Times") == encoding
    assert to_unicode(written, encoding) == phrase


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("phrase", REAL_PHRASES)
def test_legacy_text_is_recognized_without_the_font(phrase, encoding):
    written = from_unicode(phrase, encoding)
    if written == phrase:  # "Quý II/2026" is the same in TCVN3: nothing to detect
        assert detect_legacy(written) is None
        return
    assert detect_legacy(written) == encoding


def test_foreign_latin1_text_is_not_legacy():
    for text in (
        "Müller café © 2026",
        "3 × 4 = 12, ½ ngày",
        "Đơn giá: 25°C",
        "Kích thước 3 × 4 m",
        "µ · ¸",
        "Straße",
        "São Paulo",
    ):
        assert detect_legacy(text) is None, text


def test_short_ambiguous_latin1_text_is_left_alone():
    # VNI "Hoà" is "Hồ", but "Hoà" is also the Unicode name: without the font, nothing is claimed.
    assert detect_legacy("Hoà") is None
    assert detect_legacy("Hoà", "VNI-Times") == "vni"


# --- properties over generated Vietnamese -----------------------------------------------------------


def words(spaced: str) -> list[str]:
    return spaced.split()


INITIALS = [*words("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"), ""]
# Vietnamese rhymes (vần), toneless, from the school spelling tables; the second list closes with a stop.
OPEN_RHYMES = words(
    "a ai ao au ay an ang anh am ăn ăng ăm âu ây ân âng âm e eo en eng em ê êu ên ênh êm "
    "i ia iu in inh im iêu iên iêng iêm yêu yên o oi on ong om oong oa oai oay oan oang oanh oăn oăng "
    "oe oeo oen ô ôi ôn ông ôm ơ ơi ơn ơm u ua ui un ung um uân uâng uây uê uênh uy uya uyu uyn uynh "
    "uyên uôi uôn uông uôm ư ưa ưi ưu ưn ưng ươi ươu ươn ương ươm y"
)
STOP_RHYMES = words(
    "ac ach at ap ăc ăt ăp âc ât âp ec et ep êch êt êp ich it ip iêc iêt iêp yêt oc ot op ooc oac oach "
    "oat oăc oăt oet ôc ôt ôp ơt ơp uc ut up uât uêch uych uyt uyêt uôc uôt ưc ưt ươc ươt ươp"
)
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
VOWELS = set("aăâeêioôơuưy")


def _all_syllables() -> list[str]:
    words = set()
    for rhyme in OPEN_RHYMES + STOP_RHYMES:
        tones = TONES[4:] if rhyme in STOP_RHYMES else TONES
        positions = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
        for initial in INITIALS:
            for tone in tones:
                for i in positions:  # old (hòa) or new (hoà) placement, or anything between
                    words.add(unicodedata.normalize("NFC", initial + rhyme[: i + 1] + tone + rhyme[i + 1 :]))
    return sorted(words)


ALL_SYLLABLES = _all_syllables()
LATIN1_SYLLABLES = [w for w in ALL_SYLLABLES if all(ord(ch) <= 0xFF for ch in w) and not w.isascii()]


def syllables(latin1_only=False):
    pool = LATIN1_SYLLABLES if latin1_only else ALL_SYLLABLES
    case = st.sampled_from([str.lower, str.title, str.upper])
    return st.tuples(st.sampled_from(pool), case).map(lambda pair: pair[1](pair[0]))


def phrases(latin1_only=False):
    separators = st.sampled_from([" ", " ", ", ", " - ", ". ", "/", "\n"])
    return st.lists(st.tuples(syllables(latin1_only), separators), min_size=1, max_size=12).map(
        lambda parts: "".join(word + sep for word, sep in parts).strip()
    )


def test_the_generated_pools_are_large():
    assert len(ALL_SYLLABLES) > 20_000
    assert len(LATIN1_SYLLABLES) > 1_000


@settings(max_examples=300)
@given(phrases())
def test_generated_vietnamese_is_never_legacy(text):
    assert detect_legacy(text) is None
    assert detect_legacy(unicodedata.normalize("NFD", text)) is None


@settings(max_examples=500)
@given(phrases(latin1_only=True))
def test_generated_latin1_only_vietnamese_is_never_legacy(text):
    # The hard case: every character is also a legacy code, so only the spelling can tell.
    assert detect_legacy(text) is None


@settings(max_examples=300)
@given(phrases(), st.sampled_from(ENCODINGS))
def test_generated_vietnamese_round_trips(text, encoding):
    # TCVN3 cannot tell "O" + "ó" from "Ó" at the start of a word; no Vietnamese word begins "Oó".
    if any(word[:2].lower() in ("oó", "oò", "oo") and word[0].isupper() for word in text.split()):
        return
    assert to_unicode(from_unicode(text, encoding), encoding) == unicodedata.normalize("NFC", text)


@settings(max_examples=500)
@given(phrases(), st.sampled_from(ENCODINGS))
def test_generated_legacy_text_is_never_taken_for_the_other_encoding(text, encoding):
    # Words with the rare "oo" rhyme (boong, xoong) read better as VNI "ô" words: a real ambiguity.
    if "oo" in unicodedata.normalize("NFD", text).lower():
        return
    assert detect_legacy(from_unicode(text, encoding)) in (encoding, None)


@settings(max_examples=300)
@given(syllables())
def test_generated_syllables_are_syllables(word):
    assert is_syllable(word)


def test_is_syllable_rejects_non_vietnamese():
    for word in ("Müller", "ơng", "tèt", "aø", "Leõo", "bcd", "trời" + "à"):
        assert not is_syllable(word), word
