"""Coordinating paragraphs: written in one shape and read back per unit, latest first."""

import datetime as dt

from sheetsync.core.opinions import Opinion, format_opinion, parse_opinions
from sheetsync.core.units import Unit, UnitDirectory

UNITS = UnitDirectory((Unit("CAP", "Công an phường"), Unit("VHXH", "Phòng Văn hóa - Xã hội", ("Phòng VH-XH",))))


def test_round_trip_with_sections_and_line_breaks():
    text = format_opinion("Công an phường", dt.date(2026, 12, 5), "Dòng 1\nDòng 2", "Thiếu xe", "Cấp thêm xe")
    assert text.splitlines()[0] == "Công an phường (05/12/2026): Dòng 1"
    assert parse_opinions(text, UNITS) == {
        "CAP": Opinion("CAP", dt.date(2026, 12, 5), "Dòng 1\nDòng 2", "Thiếu xe", "Cấp thêm xe")
    }


def test_several_units_and_the_latest_paragraph_of_each():
    text = "\n".join(
        [
            format_opinion("Công an phường", dt.date(2026, 11, 5), "cũ", "", ""),
            format_opinion("Phòng VH-XH", dt.date(2026, 11, 6), "tuyên truyền", "", ""),
            format_opinion("Công an phường", dt.date(2026, 12, 5), "mới", "", ""),
        ]
    )
    found = parse_opinions(text, UNITS)
    assert found["CAP"].result == "mới" and found["VHXH"].result == "tuyên truyền"


def test_text_not_opening_with_a_known_unit_is_nobodys():
    assert parse_opinions("Ghi chú của Văn phòng (01/12/2026): xem lại", UNITS) == {}
    assert parse_opinions(None, UNITS) == {} and parse_opinions("", UNITS) == {}
