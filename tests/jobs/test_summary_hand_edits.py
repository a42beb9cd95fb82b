"""A master edited by hand between runs (rows added, columns reordered, a staff column) still sums up right."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from sheetsync.jobs.summary import run_summary
from sheetsync.schema import SUMMARY_SHEET, TASKS, Assessment
from tests import summary_program as fx
from tests.sheets import our_formulas, summary_table, task_cells, task_header

A = Assessment
STAFF = "Ghi chú của Văn phòng"


def reshuffle(path: Path) -> None:
    """What an officer might do in Excel: move Đánh giá and Hạn chót to the front, add a column and two rows."""
    wb = openpyxl.load_workbook(path)
    ws = wb[TASKS.name]
    header, _ = task_header(ws)
    last = ws.max_row
    grid = [[ws.cell(r, c).value for c in range(1, ws.max_column + 1)] for r in range(header, last + 1)]
    names = grid[0]
    order = [TASKS.label("assessment"), TASKS.label("code"), TASKS.label("due"), STAFF]
    order += [n for n in names if n not in order]
    for r in range(header, ws.max_row + 1):
        for c in range(1, len(order) + 2):
            ws.cell(r, c).value = None
    for offset, values in enumerate(grid):
        record = dict(zip(names, values, strict=True))
        record[STAFF] = STAFF if offset == 0 else f"ghi chú {offset}"
        for c, name in enumerate(order, start=1):
            ws.cell(header + offset, c).value = record.get(name)
    column = {name: c for c, name in enumerate(order, start=1)}
    added = [
        {
            "code": "1.1.4",
            "pillar": fx.P1,
            "content": "Thêm tay",
            "lead": "CA",
            "deadline": "30/6/2026",
            "status": fx.DOING,
        },
        {
            "code": "3.1.3",
            "pillar": fx.P3,
            "content": "Thêm tay, đã xong",
            "lead": "VP",
            "deadline": "Quý II/2026",
            "status": fx.DONE,
            "completed_on": datetime(2026, 6, 1),
        },
    ]
    for offset, task in enumerate(added, start=1):
        for key, value in task.items():
            ws.cell(last + offset, column[TASKS.label(key)]).value = value
    wb.save(path)


def test_reordered_columns_added_rows_and_staff_column(tmp_path: Path) -> None:
    path = fx.build(tmp_path / "m.xlsx")
    run_summary(path, as_of=fx.WARN_EDGE)
    reshuffle(path)
    run_summary(path, as_of=fx.WARN_EDGE)

    ws = openpyxl.load_workbook(path)[TASKS.name]
    expected = {code: (a.value if a else None) for code, a in fx.EXPECTED[fx.WARN_EDGE].items()}
    expected |= {"1.1.4": A.DUE_SOON.value, "3.1.3": A.DONE_ON_TIME.value}
    assert task_cells(ws, "assessment") == expected
    assert task_cells(ws, "due")["1.1.4"].date() == date(2026, 6, 30)
    header, labels = task_header(ws)
    assert labels[STAFF] == 4 and ws.cell(header + 1, 4).value == "ghi chú 1"
    assert [ws.cell(r, 4).value for r in range(header + 1, header + 12)] == [f"ghi chú {i}" for i in range(1, 12)]

    # the colours read the columns where they are now
    letter = get_column_letter(labels[TASKS.label("due")])
    assert letter == "C" and all(f"${letter}{header + 1}" in f for f in our_formulas(path))

    summary = openpyxl.load_workbook(path)[SUMMARY_SHEET]
    pillars = summary_table(summary, TASKS.label("pillar"))
    assert [r["Tổng số"] for r in pillars] == [5, 4, 4, 13]
    assert [r["Tỷ lệ hoàn thành"] for r in pillars] == ["40%", "0%", "75%", "38,5%"]
    attention = summary_table(summary, TASKS.label("code"))
    assert [r["Mã NV"] for r in attention] == ["2.1.2", "1.1.1", "1.1.4", "2.1.3"]
