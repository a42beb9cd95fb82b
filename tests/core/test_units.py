from sheetsync.core.units import Unit, UnitDirectory

UNITS = UnitDirectory(
    (
        Unit("VP", "Văn phòng HĐND và UBND", ("VP HĐND-UBND", "Văn phòng")),
        Unit("KTHTDT", "Phòng Kinh tế, Hạ tầng và Đô thị", ("Phòng KT-HT&ĐT",)),
        Unit("VHXH", "Phòng Văn hóa - Xã hội", ("Phòng VH-XH",)),
        Unit("CAP", "Công an phường"),
    )
)


def codes(text):
    return [m.unit.code if m.unit else None for m in UNITS.split(text)]


def test_lookup_by_code_name_or_alias_tolerantly():
    for text in ("VP", "vp", "Văn phòng HĐND và UBND", "van phong hdnd va ubnd", " VP HĐND-UBND ", "\u00d0VP"[1:]):
        assert UNITS.lookup(text).unit.code == "VP"
    assert UNITS.lookup("Phòng Văn hoá – Xã hội").unit.code == "VHXH"


def test_lookup_of_unknown_unit_finds_nothing():
    match = UNITS.lookup("Các đơn vị liên quan")
    assert match.unit is None and not match.ambiguous and match.text == "Các đơn vị liên quan"


def test_comma_inside_a_unit_name_does_not_split_it():
    assert codes("Phòng Kinh tế, Hạ tầng và Đô thị") == ["KTHTDT"]


def test_comma_splits_only_when_every_piece_is_a_known_unit():
    assert codes("VP, Công an phường") == ["VP", "CAP"]
    assert codes("VP, Ban Quản lý chợ") == [None]


def test_semicolons_newlines_and_bullets_separate():
    assert codes("- Công an phường\n- Phòng VH-XH; Phòng Kinh tế, Hạ tầng và Đô thị") == ["CAP", "VHXH", "KTHTDT"]


def test_empty_cell_names_no_unit():
    assert UNITS.split(None) == [] and UNITS.split("  ") == []


def test_a_name_shared_by_two_units_is_ambiguous():
    units = UnitDirectory((Unit("A", "Tổ công tác", ("TCT",)), Unit("B", "Tổ công tác số 2", ("TCT",))))
    assert units.lookup("tct").ambiguous
    assert [key for key, _ in units.conflicts()] == ["tct"]
