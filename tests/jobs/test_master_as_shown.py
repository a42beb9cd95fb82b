"""The master read as the office sees it in Excel: formulas by their computed value, % cells as the % shown."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from sheetsync.jobs.load import load
from sheetsync.jobs.merge import run_merge
from sheetsync.jobs.templates import make_templates
from sheetsync.jobs.validate import validate_workbook
from sheetsync.problems import Code
from sheetsync.schema import TASKS, TEMPLATE
from tests.excel.test_submission_libreoffice import convert
from tests.factories import make_master, tasks
from tests.template_factories import NOW, PERIOD, fill, issue, template_of

AS_OF = dt.date(2026, 12, 10)


def _cell(path: Path, code: str, key: str) -> tuple[openpyxl.Workbook, openpyxl.cell.Cell]:
    wb = openpyxl.load_workbook(path)
    ws = wb[TASKS.name]
    header = next(r for r in ws.iter_rows(max_row=30) if any(c.value == TASKS.label("code") for c in r))
    columns = {c.value: c.column for c in header}
    row = next(r[0].row for r in ws.iter_rows(min_row=header[0].row + 1) if r[columns["Mã NV"] - 1].value == code)
    return wb, ws.cell(row, columns[TASKS.label(key)])


def test_tien_do_the_office_formatted_as_percent_reads_as_the_percent_shown(tmp_path):
    master = make_master(tmp_path / "so", tasks=tasks(**{"1.1.1": {"status": "Đang thực hiện"}}))
    wb, cell = _cell(master, "1.1.1", "progress")
    cell.value, cell.number_format = 0.66, "0%"  # the office typed "66%" in Excel
    wb.save(master)
    loaded = load(master)
    assert loaded.program is not None and loaded.program.task("1.1.1").row.get("progress") == 66
    assert not [p for p in loaded.problems if p.code is Code.bad_progress]


def test_a_merge_into_a_percent_cell_keeps_it_showing_the_reported_percent(tmp_path):
    master = make_master(tmp_path / "so", tasks=tasks(**{"1.1.1": {"status": "Đang thực hiện"}}))
    wb, cell = _cell(master, "1.1.1", "progress")
    cell.value, cell.number_format = 0.4, "0%"
    wb.save(master)
    issued = make_templates(master, period=PERIOD, out=tmp_path / "mau", now=NOW, wait=0)
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    fill(template_of(issued, "VP"), inbox / "vp.xlsx", rows={"1.1.1": {"status": "Đang thực hiện", "progress": 80}})
    run_merge(master, inbox, as_of=AS_OF, now=dt.datetime(2026, 12, 10, 9), lock_wait=0)
    _wb, cell = _cell(master, "1.1.1", "progress")
    assert cell.value == 0.8 and cell.number_format == "0%"  # shows "80%", not "8000%"
    assert load(master).program.task("1.1.1").row.get("progress") == 80


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.libreoffice
def test_formulas_in_office_columns_read_their_computed_value_and_templates_carry_it(tmp_path):
    master = make_master(tmp_path / "so")
    wb, cell = _cell(master, "1.1.1", "content")
    cell.value = '=IF(1=1,"Rà soát thủ tục hành chính","")'
    wb.save(master)
    # the office saves the master in a spreadsheet program, which stores each formula's computed value
    computed = convert(master, "xlsx", tmp_path / "tinh", tmp_path / "lo-profile")
    loaded = load(computed)
    assert loaded.program is not None
    assert loaded.program.task("1.1.1").row.get("content") == "Rà soát thủ tục hành chính"
    assert not [p for p in loaded.problems if "=IF" in p.message]
    issued = make_templates(computed, period=PERIOD, out=tmp_path / "mau", now=NOW, wait=0)
    report = openpyxl.load_workbook(template_of(issued, "VP"))[TEMPLATE.name]
    texts = [c.value for row in report.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Rà soát thủ tục hành chính" in texts and not [t for t in texts if "=IF(1=1" in t]


def test_a_formula_without_a_computed_value_is_named_with_how_to_fix_it(tmp_path):
    master = make_master(tmp_path / "so")
    wb, cell = _cell(master, "1.1.1", "content")
    cell.value = '=IF(1=1,"Rà soát thủ tục hành chính","")'  # openpyxl stores no computed value
    wb.save(master)
    result = validate_workbook(master, as_of=AS_OF)
    found = [p for p in result.report if p.code is Code.formula_not_computed]
    assert [(p.sheet, p.cell) for p in found] == [(TASKS.name, cell.coordinate)]
    assert "mở sổ bằng Excel, lưu lại" in found[0].message and "=IF(1=1" in found[0].message


def test_heading_rows_the_office_types_into_nhiem_vu_are_not_counted_as_tasks(tmp_path):
    rows = tasks()
    headings = [{"code": "I. CHỦ ĐỘNG THỰC THI"}, {"content": "III. CHÍNH QUYỀN THÂN THIỆN"}]
    master = make_master(tmp_path / "so", tasks=[headings[0], *rows[:-1], headings[1], rows[-1]])
    result = validate_workbook(master, as_of=AS_OF)
    assert result.task_count == len(rows)
    assert [p.code for p in result.report] == [Code.section_heading, Code.section_heading]
    assert result.exit_code == 0


def _doctor(master: Path, sheet: str, cell: str | None, value: str) -> None:
    wb = openpyxl.load_workbook(master)
    ws = wb[sheet]
    if cell is None:  # a second column titled like a managed one, at the end of the header row
        header = next(r for r in ws.iter_rows(max_row=30) if any(c.value == TASKS.label("code") for c in r))
        ws.cell(header[0].row, ws.max_column + 1, value)
    else:
        ws[cell] = value
    wb.save(master)


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "named"),
    [
        (TASKS.name, None, "Tình trạng", "Cột “Tình trạng” xuất hiện hai lần"),
        ("Lịch sử", "C1", "Nội dung", "Lịch sử!1:1: Thiếu cột “Nội dung thay đổi”"),
        ("Nhật ký", "B1", "Tên tệp báo cáo", "Nhật ký!1:1: Thiếu cột “Tệp”"),
    ],
)
def test_a_doubled_or_renamed_header_stops_validate_and_merge_alike_with_a_message(tmp_path, sheet, cell, value, named):
    from click.testing import CliRunner

    from sheetsync.cli import cli

    master, issued = issue(tmp_path)
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    fill(template_of(issued, "VP"), inbox / "vp.xlsx", rows={"1.1.1": {"status": "Đang thực hiện"}})
    _doctor(master, sheet, cell, value)
    before = master.read_bytes()
    for command in (["validate"], ["merge", "--inbox", str(inbox)]):
        result = CliRunner().invoke(cli, [*command, "--workbook", str(master), "--as-of", "2026-12-10"])
        assert result.exit_code == 2, result.output
        assert isinstance(result.exception, SystemExit) and named in result.output
    assert master.read_bytes() == before and (inbox / "vp.xlsx").exists()


def test_a_master_whose_history_still_says_truong_merges_under_its_old_header(tmp_path):
    master, issued = issue(tmp_path)
    _doctor(master, "Lịch sử", "C1", "Trường")  # what masters made before the column was renamed carry
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    fill(template_of(issued, "VP"), inbox / "vp.xlsx", rows={"1.1.1": {"status": "Đang thực hiện", "progress": 30}})
    result = run_merge(master, inbox, as_of=AS_OF, now=dt.datetime(2026, 12, 10, 9), lock_wait=0)
    assert result.exit_code == 0, [p.render() for p in result.problems]
    ws = openpyxl.load_workbook(master)["Lịch sử"]
    assert ws["C1"].value == "Trường" and "Tiến độ (%)" in [c.value for c in ws["C"]]
