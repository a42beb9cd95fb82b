"""Hạn chót, Đánh giá and "Tổng hợp" refreshed in the open book give the same cells as the file path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from sheetsync.excelui.xl_refresh import current_period, refresh_open_book
from sheetsync.excelui.xlbook import XlMaster
from sheetsync.jobs.load import load
from sheetsync.jobs.summary import refresh_book
from sheetsync.schema import CURRENT_PERIOD_NAME, SUMMARY_SHEET, TASKS
from tests.excelui.fake_xlwings import FakeBook
from tests.excelui.test_xl_apply import fake_cells, file_cells
from tests.factories import make_master, tasks


def _with_period(path: Path, label: str) -> None:
    wb = openpyxl.load_workbook(path)
    wb.defined_names[CURRENT_PERIOD_NAME] = DefinedName(CURRENT_PERIOD_NAME, attr_text=f'"{label}"')
    wb.save(path)


def _file_path_refresh(path: Path, as_of: dt.date, warn_days: int = 7) -> None:
    loaded = load(path)
    assert loaded.book is not None
    summary, problems = refresh_book(loaded.book, as_of=as_of, warn_days=warn_days)
    assert summary is not None and problems == []
    loaded.book.wb.save(path)


@pytest.mark.parametrize("as_of", [dt.date(2026, 3, 1), dt.date(2026, 6, 25), dt.date(2026, 12, 31)])
def test_same_cells_as_the_file_path_for_several_run_dates(tmp_path: Path, as_of: dt.date) -> None:
    path = make_master(tmp_path, tasks=tasks(**{"1.1.2": {"status": "Đã hoàn thành", "completed_on": "20/5/2026"}}))
    _with_period(path, "Tháng 3/2026")
    book = FakeBook.from_file(path)
    _file_path_refresh(path, as_of)
    summary, problems = refresh_open_book(XlMaster(book), as_of=as_of, warn_days=7)
    assert summary is not None and problems == [] and summary.period == "Tháng 3/2026"
    assert fake_cells(book) == file_cells(path)
    assert [s.name for s in book.sheets] == openpyxl.load_workbook(path).sheetnames


def test_a_second_refresh_replaces_the_summary_sheet_where_it_was(tmp_path: Path) -> None:
    path = make_master(tmp_path)
    book = FakeBook.from_file(path)
    master = XlMaster(book)
    refresh_open_book(master, as_of=dt.date(2026, 3, 1))
    order = [s.name for s in book.sheets]
    book.sheets[SUMMARY_SHEET].activate()
    refresh_open_book(master, as_of=dt.date(2026, 12, 31))
    assert [s.name for s in book.sheets] == order  # no "Tổng hợp (cũ)" left behind, same place
    assert book.sheets.active is book.sheets[SUMMARY_SHEET]  # staff looking at it keep looking at it
    assert all(b.closed for b in book.app.books.opened)  # the scratch books are closed again
    stamp = [v for v in book.sheets[SUMMARY_SHEET].cells.values() if isinstance(v, str) and "31/12/2026" in v]
    assert stamp


def test_only_changed_assessment_cells_are_written(tmp_path: Path) -> None:
    path = make_master(tmp_path)
    book = FakeBook.from_file(path)
    master = XlMaster(book)
    refresh_open_book(master, as_of=dt.date(2026, 3, 1))
    writes = book.sheets[TASKS.name].writes
    refresh_open_book(master, as_of=dt.date(2026, 3, 1))
    assert book.sheets[TASKS.name].writes == writes


def test_a_missing_tasks_sheet_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    book = FakeBook.from_file(make_master(tmp_path))
    book.sheets[TASKS.name].delete()
    summary, problems = refresh_open_book(XlMaster(book), as_of=dt.date(2026, 3, 1))
    assert summary is None and [p.code.value for p in problems] == ["missing_sheet"]


@pytest.mark.parametrize(
    ("refers_to", "label"),
    [('="Tháng 11/2026"', "Tháng 11/2026"), ('="Quý ""IV"""', 'Quý "IV"'), ("=Sheet1!$A$1", None), (None, None)],
)
def test_current_period_from_the_defined_name(refers_to: str | None, label: str | None) -> None:
    assert current_period(refers_to) == label
