"""The coordinating units' paragraphs in "Ý kiến đơn vị phối hợp"."""

from __future__ import annotations

import datetime as dt
import unicodedata

from sheetsync.core.opinions import compose_body, paragraph_of, render, split_opinions, with_paragraph
from tests.merge_support import make_program

UNITS = make_program().units
CA = UNITS.by_code("CA")


def test_paragraphs_are_found_by_unit_name_and_date_and_keep_their_continuation_lines():
    text = "Ghi chú của Văn phòng\nCông an phường (01/03/2026): Đã làm\n- ý hai\nKT (02/03/2026): Của KT"
    paragraphs = split_opinions(text, UNITS)
    assert [(p.unit_code, p.day) for p in paragraphs] == [
        (None, None),
        ("CA", dt.date(2026, 3, 1)),
        ("KT", dt.date(2026, 3, 2)),
    ]
    assert paragraph_of(paragraphs, "CA").body == "Đã làm\n- ý hai"
    assert render(paragraphs) == text


def test_nfd_and_case_in_the_unit_name_still_match():
    text = unicodedata.normalize("NFD", "công an phường (01/03/2026): Có")
    assert split_opinions(text, UNITS)[0].unit_code == "CA"


def test_unknown_name_is_not_a_paragraph_start():
    paragraphs = split_opinions("Công an phường (01/03/2026): Có\nAi đó (02/03/2026): lạ", UNITS)
    assert len(paragraphs) == 1 and paragraphs[0].body.endswith("lạ")


def test_with_paragraph_replaces_in_place_adds_last_and_drops_a_pasted_twin():
    text = "Công an phường (01/03/2026): A\nKT (02/03/2026): B\nCông an phường (01/03/2026): A"
    updated = with_paragraph(split_opinions(text, UNITS), CA, dt.date(2026, 3, 9), "C.")
    assert render(updated) == "Công an phường (09/03/2026): C.\nKT (02/03/2026): B"
    added = with_paragraph(split_opinions("KT (02/03/2026): B", UNITS), CA, dt.date(2026, 3, 9), "C.")
    assert render(added) == "KT (02/03/2026): B\nCông an phường (09/03/2026): C."


def test_compose_body_labels_difficulties_and_proposals():
    assert compose_body(" Đã phối hợp. ", None, "Thêm kinh phí") == "Đã phối hợp. Đề xuất, kiến nghị: Thêm kinh phí."
    assert compose_body(None, "Thiếu người", "") == "Khó khăn, vướng mắc: Thiếu người."
    assert compose_body(None, " ", None) == ""
