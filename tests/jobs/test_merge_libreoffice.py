"""The same filled template re-saved by LibreOffice as .xlsx, .xls and .ods merges to the same master values."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from sheetsync.excel.template_writer import HEADER_ROW
from sheetsync.jobs.load import load
from sheetsync.jobs.merge import run_merge
from sheetsync.problems import Code, ExitCode
from sheetsync.schema import TEMPLATE, Outcome
from tests.excel.test_submission_libreoffice import convert
from tests.factories import tasks
from tests.template_factories import fill, issue, template_of

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]
ROWS = {"1.1.1": {"status": "Đang thực hiện", "progress": 62.5, "result": "Dòng một\nDòng hai"}}
KEYS = ("status", "progress", "result", "updated_on")


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    return tmp_path_factory.mktemp("lo-profile-merge")


def merged_values(tmp_path, submit) -> dict[str, object]:
    master, issued = issue(tmp_path)
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    filled = fill(template_of(issued, "VP"), tmp_path / "bao-cao-vp.xlsx", rows=ROWS)
    submit(filled, inbox)
    result = run_merge(master, inbox, as_of=dt.date(2026, 12, 10), now=dt.datetime(2026, 12, 10, 9), lock_wait=0)
    assert result.exit_code is ExitCode.OK, [p.render() for f in result.files for p in f.decision.problems]
    assert [f.decision.outcome for f in result.files] == [Outcome.ACCEPTED]
    program = load(master).program
    assert program is not None
    task = program.task("1.1.1")
    assert task is not None
    return {k: task.row.get(k) for k in KEYS}


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_libreoffice_resaved_report_merges_like_the_original(tmp_path, profile, fmt):
    original = merged_values(tmp_path / "goc", lambda f, inbox: shutil.copy(f, inbox / f.name))
    resaved = merged_values(tmp_path / fmt, lambda f, inbox: convert(f, fmt, inbox, profile))
    assert resaved == original
    assert original["progress"] == 62.5 and original["result"] == "Dòng một\nDòng hai"


def _merge_one(tmp_path, profile, fmt, *, tasks=None, rows=None, formulas=None, percent=None):
    """Issue, fill as the unit does, let LibreOffice save it as `fmt` (computing any formula), merge."""
    master, issued = issue(tmp_path, tasks=tasks)
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    filled = fill(template_of(issued, "VP"), tmp_path / "bao-cao-vp.xlsx", rows=rows, formulas=formulas)
    if percent is not None:
        # typing "66%" in Excel stores 0.66 in a cell formatted "0%": that is what the unit's file holds
        wb = openpyxl.load_workbook(filled)
        ws = wb[TEMPLATE.name]
        column = TEMPLATE.keys.index("progress") + 1
        (cell,) = [r[column - 1] for r in ws.iter_rows(min_row=HEADER_ROW + 1) if r[0].value == "1.1.1"]
        cell.value, cell.number_format = percent, "0%"
        wb.save(filled)
    convert(filled, fmt, inbox, profile)
    result = run_merge(master, inbox, as_of=dt.date(2026, 12, 10), now=dt.datetime(2026, 12, 10, 9), lock_wait=0)
    program = load(master).program
    assert program is not None
    task = program.task("1.1.1")
    assert task is not None
    return result, task


@pytest.mark.parametrize("fmt", ["xls", "xlsx", "ods"])
def test_66_percent_typed_in_tien_do_is_66_whatever_format_the_unit_saves(tmp_path, profile, fmt):
    result, task = _merge_one(tmp_path, profile, fmt, rows={"1.1.1": {"status": "Đang thực hiện"}}, percent=0.66)
    assert result.exit_code is ExitCode.OK, [p.render() for f in result.files for p in f.decision.problems]
    assert task.row.get("progress") == 66  # never 0.66: .xls number formats are read with xlrd


@pytest.mark.parametrize("fmt", ["xls", "xlsx", "ods"])
def test_a_cell_showing_name_error_is_a_row_problem_not_a_blank_that_wipes_the_lead_text(tmp_path, profile, fmt):
    before = "Đã lập danh sách cử tri"
    result, task = _merge_one(
        tmp_path,
        profile,
        fmt,
        tasks=tasks(**{"1.1.1": {"result": before, "progress": 40}}),
        rows={"1.1.1": {"status": "Đang thực hiện", "progress": 80}},
        formulas={"1.1.1": {"result": "=KHONGCO(1)"}},
    )
    (decision,) = [f.decision for f in result.files]
    errors = [p for p in decision.problems if p.code is Code.error_value]
    assert len(errors) == 1 and "#NAME?" in errors[0].message and "Kết quả thực hiện" in errors[0].message
    assert decision.outcome is Outcome.PARTIAL and result.exit_code is ExitCode.PROBLEMS
    assert task.row.get("result") == before and task.row.get("progress") == 40  # the row waits, nothing lost
