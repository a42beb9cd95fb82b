"""The Excel button over the stand-in: the same master values, log rows and filed inputs as the file path."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from sheetsync.excelui.button import run_button, run_in_book
from sheetsync.excelui.xlbook import XlMaster
from sheetsync.jobs.cycle import run_cycle_at
from sheetsync.problems import Code, ExitCode
from sheetsync.schema import JOURNAL, SUMMARY_SHEET, Outcome
from tests.excelui.fake_xlwings import FakeBook, Formula
from tests.excelui.test_xl_apply import fake_cells, file_cells
from tests.template_factories import fill, issue, template_of

NOW = dt.datetime(2026, 12, 10, 16, 0)
TODAY = NOW.date().isoformat()


@pytest.fixture
def week(tmp_path: Path) -> Path:
    """A master with its key, templates issued, and the inbox beside it as the office finds it on Thursday."""
    master, issued = issue(tmp_path)
    inbox = master.parent / "hop-thu"
    inbox.mkdir()
    rows = {"1.1.2": {"progress": 80, "result": "Thu đạt 80% dự toán", "difficulties": "=cmd|' /C calc'!A0"}}
    fill(template_of(issued, "KTHTDT"), inbox / "kt.xlsx", rows=rows)
    vp = {"1.1.1": {"progress": 30, "status": "Đang thực hiện"}, "1.1.2": {"result": "VP đã đôn đốc thu"}}
    fill(template_of(issued, "VP"), inbox / "vp.xlsx", rows=vp)
    vhxh = {"2.1.1": {"status": "làm rồi"}, "3.1.1": {"result": "VHXH phối hợp tiếp dân"}}
    fill(template_of(issued, "VHXH"), inbox / "vhxh.xlsx", rows=vhxh)
    fill(template_of(issued, "CAP"), inbox / "cap.xlsx")  # restates what is there
    (inbox / "rac.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    return master


def _twin(master: Path, folder: Path) -> Path:
    """The same master, key and inbox in another folder: one run per path on identical inputs."""
    shutil.copytree(master.parent, folder)
    return folder / master.name


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_the_button_gives_the_same_master_as_the_file_path_on_the_same_inbox(week: Path, tmp_path: Path) -> None:
    excel_master = _twin(week, tmp_path / "excel")
    book = FakeBook.from_file(excel_master)
    on_disk = excel_master.read_bytes()

    by_file = run_cycle_at(week, now=NOW)
    in_excel = run_in_book(XlMaster(book), now=NOW)

    assert by_file.exit_code is in_excel.exit_code is ExitCode.PROBLEMS  # rac.xlsx rejected, a row skipped
    assert by_file.merge is not None and in_excel.merge is not None
    outcomes = {f.decision.file: f.decision.outcome for f in in_excel.merge.files}
    assert outcomes == {f.decision.file: f.decision.outcome for f in by_file.merge.files}
    assert outcomes["kt.xlsx"] is Outcome.ACCEPTED and outcomes["rac.xlsx"] is Outcome.REJECTED
    # every sheet, every cell: tasks, Nhật ký, Lịch sử, the hidden report dates, Hạn chót/Đánh giá, Tổng hợp
    assert fake_cells(book) == file_cells(week)
    assert [s.name for s in book.sheets] == openpyxl.load_workbook(week).sheetnames
    assert not any(isinstance(v, Formula) for sheet in book.sheets for v in sheet.cells.values())
    # the open book was saved by Excel, after the file on disk was backed up; inputs filed away alike
    assert book.saves == 1 and excel_master.read_bytes() == on_disk
    assert in_excel.merge.backup is not None and in_excel.merge.backup.read_bytes() == on_disk
    assert tree(excel_master.parent / "hop-thu") == tree(week.parent / "hop-thu")
    assert f"loi/{TODAY}/rac.xlsx.loi.txt" in tree(week.parent / "hop-thu")
    assert in_excel.message.replace(str(in_excel.merge.backup), "") == by_file.message.replace(
        str(by_file.merge.backup), ""
    )


def test_a_second_press_changes_nothing_and_says_so(week: Path) -> None:
    book = FakeBook.from_file(week)
    run_in_book(XlMaster(book), now=NOW)
    journal = dict(book.sheets[JOURNAL.name].cells)
    again = run_in_book(XlMaster(book), now=NOW + dt.timedelta(minutes=5))
    assert again.merge is None and again.summary is not None  # the inbox was emptied by the first press
    assert "không có báo cáo mới" in again.message
    assert book.sheets[JOURNAL.name].cells == journal and book.saves == 2


def test_an_empty_inbox_refreshes_tong_hop_like_the_summary_command(week: Path, tmp_path: Path) -> None:
    for path in (week.parent / "hop-thu").iterdir():
        path.unlink()
    excel_master = _twin(week, tmp_path / "excel")
    book = FakeBook.from_file(excel_master)
    by_file = run_cycle_at(week, now=NOW)
    in_excel = run_in_book(XlMaster(book), now=NOW)
    assert by_file.exit_code is in_excel.exit_code is ExitCode.OK
    assert fake_cells(book) == file_cells(week)
    assert SUMMARY_SHEET in [s.name for s in book.sheets]
    assert in_excel.message.replace(str(excel_master.parent), "") == by_file.message.replace(str(week.parent), "")


def test_run_button_from_excel_shows_the_outcome_and_logs_it(week: Path) -> None:
    book = FakeBook.from_file(week)
    result = run_button(week.with_suffix(".py"), caller=lambda: book, now=NOW)
    assert result.exit_code is ExitCode.PROBLEMS
    ((prompt, title),) = book.app.alerts
    assert prompt == result.message and title and "đã xử lý 5 báo cáo" in prompt
    assert "[nút Excel] Vòng cập nhật lúc 16:00 ngày 10/12/2026" in (week.parent / "sheetsync.log").read_text(
        encoding="utf-8"
    )


def test_run_button_outside_excel_falls_back_to_the_file(week: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_button(week.with_suffix(".py"), caller=lambda: None, now=NOW)
    assert result.exit_code is ExitCode.PROBLEMS and result.merge is not None and result.merge.backup is not None
    assert "đã xử lý 5 báo cáo" in capsys.readouterr().out


def test_an_unexpected_error_is_a_message_box_not_a_traceback(week: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = FakeBook.from_file(week)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("COM: máy chủ không phản hồi")

    monkeypatch.setattr("sheetsync.excelui.button.run_in_book", broken)
    result = run_button(week.with_suffix(".py"), caller=lambda: book, now=NOW)
    assert result.exit_code is ExitCode.CANNOT_RUN and [p.code for p in result.problems] == [Code.cycle_failed]
    assert "máy chủ không phản hồi" in book.app.alerts[0][0]
    assert "Traceback" in (week.parent / "sheetsync.log").read_text(encoding="utf-8")


def test_a_cycle_already_running_is_reported_without_waiting_long(week: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import filelock

    from sheetsync.excelui import button

    monkeypatch.setattr(button, "BUTTON_LOCK_WAIT", 0.0)
    book = FakeBook.from_file(week)
    with filelock.FileLock(str(week.parent / ".sheetsync-vong.lock")):
        result = run_in_book(XlMaster(book), now=NOW)
    assert result.exit_code is ExitCode.LOCKED and book.saves == 0
    assert "Một lần chạy khác đang cập nhật sổ" in result.message


def _run_entry_file(week: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the add-in does with the file beside the workbook, here without Excel: import it, call main()."""
    import importlib

    monkeypatch.syspath_prepend(str(week.parent))  # what the add-in's ADD_WORKBOOK_TO_PYTHONPATH does
    monkeypatch.setattr("sys.argv", ["python"])  # no --from_xl=1: not called by Excel
    module = importlib.import_module(week.stem)
    try:
        module.main()
    finally:
        del __import__("sys").modules[week.stem]


def test_the_generated_entry_file_runs_the_cycle_on_the_file_when_not_called_from_excel(
    week: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sheetsync.office.excel_setup import setup_excel

    for path in (week.parent / "hop-thu").iterdir():
        path.unlink()
    result = setup_excel(week, installer=None)
    assert result.entry is not None
    _run_entry_file(week, monkeypatch)
    assert SUMMARY_SHEET in openpyxl.load_workbook(week).sheetnames
    log = (week.parent / "sheetsync.log").read_text(encoding="utf-8")
    assert "[tệp Python] Vòng cập nhật lúc" in log and "không có báo cáo mới" in log


def test_an_entry_file_written_before_the_move_still_runs_the_cycle(
    week: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workbooks set up before the Excel front end had its own package import the button from office/."""
    for path in (week.parent / "hop-thu").iterdir():
        path.unlink()
    old_entry = (
        "# Written by `sheetsync excel-setup` for ChuongTrinh2026.xlsx; written again by the command, so do not edit.\n"
        "from sheetsync.office.excel_button import run_button\n\n\ndef main() -> None:\n    run_button(__file__)\n"
    )
    week.with_suffix(".py").write_text(old_entry, encoding="utf-8")
    _run_entry_file(week, monkeypatch)
    assert SUMMARY_SHEET in openpyxl.load_workbook(week).sheetnames
    log = (week.parent / "sheetsync.log").read_text(encoding="utf-8")
    assert "[tệp Python] Vòng cập nhật lúc" in log
