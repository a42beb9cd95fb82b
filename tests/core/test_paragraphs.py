"""Replacing one coordinating unit's paragraph in "Ý kiến đơn vị phối hợp" while keeping the rest."""

from __future__ import annotations

import datetime as dt
import unicodedata

from sheetsync.core.paragraphs import render, split_paragraphs, with_paragraph
from tests.merge_support import make_program

UNITS = make_program().units
DAY = dt.date(2026, 3, 9)


def test_paragraphs_are_cut_at_unit_openings_and_keep_their_section_lines():
    text = (
        "Ghi chú của Văn phòng\nCông an phường (01/03/2026): Đã làm\n"
        "Khó khăn, vướng mắc: thiếu người\nKT (02/03/2026): B"
    )
    paragraphs = split_paragraphs(text, UNITS)
    assert [(p.unit_code, p.day) for p in paragraphs] == [
        (None, None),
        ("CA", dt.date(2026, 3, 1)),
        ("KT", dt.date(2026, 3, 2)),
    ]
    assert paragraphs[1].text == "Công an phường (01/03/2026): Đã làm\nKhó khăn, vướng mắc: thiếu người"
    assert render(paragraphs) == text


def test_nfd_and_case_in_the_unit_name_still_match():
    text = unicodedata.normalize("NFD", "công an phường (01/03/2026): Có")
    assert split_paragraphs(text, UNITS)[0].unit_code == "CA"


def test_an_unknown_name_does_not_open_a_paragraph():
    paragraphs = split_paragraphs("Công an phường (01/03/2026): Có\nAi đó (02/03/2026): lạ", UNITS)
    assert len(paragraphs) == 1 and paragraphs[0].text.endswith("lạ")


def test_with_paragraph_replaces_in_place_and_drops_a_pasted_twin():
    text = "Công an phường (01/03/2026): A\nKT (02/03/2026): B\nCông an phường (01/03/2026): A"
    updated = with_paragraph(split_paragraphs(text, UNITS), "CA", DAY, "Công an phường (09/03/2026): C")
    assert render(updated) == "Công an phường (09/03/2026): C\nKT (02/03/2026): B"


def test_with_paragraph_adds_a_new_unit_last():
    added = with_paragraph(split_paragraphs("KT (02/03/2026): B", UNITS), "CA", DAY, "Công an phường (09/03/2026): C")
    assert render(added) == "KT (02/03/2026): B\nCông an phường (09/03/2026): C"
