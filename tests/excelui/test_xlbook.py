"""The xlwings surface over the stand-in: grids from A1, inert text, dates with the office's format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sheetsync.excelui.xlbook import DATE_FORMAT, DATETIME_FORMAT, XlMaster, to_excel
from tests.excelui.fake_xlwings import FakeBook, Formula


@pytest.fixture
def book(tmp_path: Path) -> FakeBook:
    fake = FakeBook(tmp_path / "ChuongTrinh2026.xlsx")
    sheet = fake.add("Nhiệm vụ")
    sheet.cells.update({(3, 2): "Mã NV", (3, 3): "Tiến độ (%)", (4, 2): "1.1.1", (4, 3): 50.0, (5, 3): 0.5})
    fake.add("Đơn vị")
    fake.sheets.active = fake.sheets[0]
    return fake


def test_a_grid_starts_at_a1_whatever_the_used_range(book: FakeBook) -> None:
    grid = XlMaster(book).grid("Nhiệm vụ")
    assert len(grid) == 5 and all(len(row) == 3 for row in grid)
    assert grid[2] == (None, "Mã NV", "Tiến độ (%)")
    assert grid[3] == (None, "1.1.1", 50) and isinstance(grid[3][2], int)  # Excel's 50.0 read as openpyxl's 50
    assert grid[4][2] == 0.5


def test_sheets_are_found_by_folded_name_and_an_empty_one_is_one_blank_cell(book: FakeBook) -> None:
    master = XlMaster(book)
    assert master.sheet_name("nhiem vu") == "Nhiệm vụ" and master.sheet_name("Tổng hợp") is None
    assert master.grid("Đơn vị") == [(None,)] and master.grid("Tổng hợp") == []


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+1+2", "-5%", "@SUM(A1)", "50", "30/6/2026", "'quoted", "Đã hoàn thành"],
)
def test_text_stays_the_same_text_never_a_formula_number_or_date(book: FakeBook, text: str) -> None:
    XlMaster(book).write("Nhiệm vụ", 4, {4: text})
    stored = book.sheets["Nhiệm vụ"].cells[(4, 4)]
    assert stored == text and not isinstance(stored, Formula)


def test_adjacent_cells_are_written_in_one_call_and_dates_get_the_office_format(book: FakeBook) -> None:
    sheet = book.sheets["Nhiệm vụ"]
    before = sheet.writes
    when = dt.datetime(2026, 11, 27, 16, 0)
    XlMaster(book).write("Nhiệm vụ", 6, {1: when, 2: "x", 3: dt.date(2026, 6, 30), 5: 7})
    assert sheet.writes - before == 2  # A:C in one block, E alone
    assert sheet.cells[(6, 1)] == when and sheet.cells[(6, 3)] == dt.datetime(2026, 6, 30) and sheet.cells[(6, 5)] == 7
    assert sheet.formats[(6, 1)] == DATETIME_FORMAT and sheet.formats[(6, 3)] == DATE_FORMAT


def test_an_empty_string_clears_the_cell(book: FakeBook) -> None:
    XlMaster(book).write("Nhiệm vụ", 4, {3: ""})
    assert (4, 3) not in book.sheets["Nhiệm vụ"].cells
    assert to_excel("") is None and to_excel(None) is None


def test_a_new_tool_sheet_gets_its_header_and_staff_stay_on_their_sheet(book: FakeBook) -> None:
    XlMaster(book).add_sheet("Mốc báo cáo", ["Mã NV", "Mã ĐV"], hidden=True)
    added = book.sheets["Mốc báo cáo"]
    assert [s.name for s in book.sheets][-1] == "Mốc báo cáo" and not added.visible
    assert added.cells == {(1, 1): "Mã NV", (1, 2): "Mã ĐV"}
    assert book.sheets.active is book.sheets["Nhiệm vụ"]


def test_tell_shows_a_message_box_and_the_status_bar(book: FakeBook) -> None:
    XlMaster(book).tell("Đã cập nhật sổ.", title="sheetsync")
    assert book.app.alerts == [("Đã cập nhật sổ.", "sheetsync")] and book.app.status_bar == "Đã cập nhật sổ."


def test_rows_are_written_as_blocks_and_only_date_cells_get_a_date_format(book: FakeBook) -> None:
    when = dt.datetime(2026, 11, 27, 16, 0)
    rows: dict[int, dict[int, object]] = {
        10 + i: {1: when, 2: dt.date(2026, 6, 30) if i == 1 else 50 + i, 3: f"dòng {i}", 5: i} for i in range(200)
    }
    rows[400] = {1: when, 2: "lẻ"}  # not under the others, other columns: a block of its own
    book.com_calls.clear()
    XlMaster(book).write_rows("Nhiệm vụ", rows)
    sheet = book.sheets["Nhiệm vụ"]
    # A:C and E of the 200 rows, A:B of the last one; A's dates in one run, B's one date, A of row 400
    assert book.com_calls == {"value write": 3, "format write": 3}
    assert sheet.cells[(11, 2)] == dt.datetime(2026, 6, 30) and sheet.formats[(11, 2)] == DATE_FORMAT
    assert sheet.cells[(12, 2)] == 52 and (12, 2) not in sheet.formats  # 52 stays a number, not 21/02/1900
    assert all(sheet.formats[(r, 1)] == DATETIME_FORMAT for r in [*range(10, 210), 400])
    assert sheet.cells[(209, 3)] == "dòng 199" and sheet.cells[(209, 5)] == 199 and sheet.cells[(400, 2)] == "lẻ"
