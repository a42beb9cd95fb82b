import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from sheetsync.core.text import clean, fold, nfc


def test_fold_ignores_case_diacritics_and_spaces():
    assert fold("  Phòng  Văn hóa - Xã hội ") == fold("phong van hoa - xa hoi")


def test_fold_treats_old_and_new_tone_placement_alike():
    assert fold("Văn hoá") == fold("Văn hóa")
    assert fold("thuỷ") == fold("thủy")
    assert fold("khoẻ") == fold("khỏe")


def test_fold_maps_eth_lookalike_to_d():
    assert fold("\u00d0ơn vị") == fold("Đơn vị") == "don vi"


def test_fold_reads_nfd_with_dot_below_before_circumflex():
    # canonical NFD puts U+0323 before U+0302 in "ệ"
    nfd = unicodedata.normalize("NFD", "Tiến độ thực hiện")
    assert "\u0323\u0302" in nfd
    assert fold(nfd) == fold("Tiến độ thực hiện")


def test_fold_unifies_dashes():
    assert fold("Văn hóa – Xã hội") == fold("Văn hóa-Xã hội")


def test_nfc_composes_and_fixes_eth():
    assert nfc(unicodedata.normalize("NFD", "Ðà Nẵng")) == "Đà Nẵng"


def test_clean_strips_zero_width_and_collapses_spaces():
    assert clean("\u200bCông  an\tphường ") == "Công an phường"


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_does_not_depend_on_normalization_form(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))
