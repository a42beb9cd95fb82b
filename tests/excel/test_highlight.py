"""Highlighting that stays true: TODAY()-driven rules found by header, replaced on every run, staff rules kept."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill

from sheetsync.excel.highlight import MARKER, is_ours, rule_formulas
from sheetsync.jobs.summary import run_summary
from sheetsync.schema import SUMMARY_SHEET, TASKS, Assessment
from tests import summary_program as fx
from tests.sheets import cell_xfs_count, dxf_count, task_header
from tests.sheets import cf_rules as rules

STAFF_FORMULA = '$I6="Đang thực hiện"'
LETTERS = {"due": "G", "status": "H", "completed_on": "J", "updated_on": "O", "assessment": "P"}


def add_staff_rule(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    fill = PatternFill(fill_type="solid", start_color="FFFF00", end_color="FFFF00")
    wb[TASKS.name].conditional_formatting.add("C6:C20", FormulaRule(formula=[STAFF_FORMULA], fill=fill))
    wb.save(path)


def test_one_rule_per_assessment_each_marked_as_ours() -> None:
    formulas = rule_formulas(LETTERS, 6, 7)
    assert list(formulas) == list(Assessment)
    assert all(f.startswith(f"AND({MARKER},") for f in formulas.values())
    assert "TODAY()" in formulas[Assessment.OVERDUE] and "<=7" in formulas[Assessment.DUE_SOON]
    # relative rows, absolute columns: the rule reads each row's own cells
    assert "$G6" in formulas[Assessment.OVERDUE] and "$P6" in formulas[Assessment.OVERDUE]


def test_ten_runs_keep_rules_styles_and_sheets_flat(tmp_path: Path) -> None:
    path = fx.build(tmp_path / "m.xlsx")
    add_staff_rule(path)
    counts = []
    for _ in range(10):
        run_summary(path, as_of=fx.WARN_EDGE)
        wb = openpyxl.load_workbook(path)
        counts.append(
            (
                len(rules(path)),
                cell_xfs_count(path),
                dxf_count(path),
                len(wb.sheetnames),
                len(wb[SUMMARY_SHEET]._charts),
            )
        )
    assert counts[0][0] == 7  # six of ours and the staff's one
    assert counts[0][4] == 1
    assert len(set(counts)) == 1, counts


def test_changing_assessments_add_no_styles_once_each_look_was_used(tmp_path: Path) -> None:
    path = fx.build(tmp_path / "m.xlsx")
    seen = []
    for _ in range(2):
        for day in fx.EXPECTED:
            run_summary(path, as_of=day)
        seen.append((len(rules(path)), cell_xfs_count(path), dxf_count(path)))
    assert seen[0] == seen[1] and seen[0][0] == 6


def test_staff_rule_is_kept_untouched_and_stays_first(tmp_path: Path) -> None:
    path = fx.build(tmp_path / "m.xlsx")
    add_staff_rule(path)
    staff = next(r for r in rules(path) if r[1] == STAFF_FORMULA)
    for _ in range(3):
        run_summary(path, as_of=fx.WARN_EDGE)
    after = rules(path)
    assert staff in after
    ours = [r for r in after if MARKER in r[1]]
    assert len(ours) == 6 and min(r[2] or 0 for r in ours) > (staff[2] or 0)


def test_rules_cover_the_task_rows_and_spare_rows_below(tmp_path: Path) -> None:
    path = fx.build(tmp_path / "m.xlsx")
    run_summary(path, as_of=fx.WARN_EDGE)
    ranges = {r[0] for r in rules(path)}
    assert ranges == {"A6:P66"}  # 11 tasks under the header in row 5, then 50 spare rows


def test_is_ours_ignores_spaces_and_does_not_claim_staff_rules() -> None:
    assert is_ours(FormulaRule(formula=['AND(N( "sheetsync" )=0,TRUE)']))
    assert not is_ours(FormulaRule(formula=['$P6="Quá hạn chưa hoàn thành"']))


@pytest.mark.parametrize("warn", [0, 3, 30])
def test_warn_window_reaches_the_rules(tmp_path: Path, warn: int) -> None:
    path = fx.build(tmp_path / "m.xlsx")
    run_summary(path, as_of=fx.WARN_EDGE, warn_days=warn)
    due_soon = [r[1] for r in rules(path) if '"Sắp đến hạn"' in r[1]]
    assert len(due_soon) == 1 and f"-TODAY()<={warn})" in due_soon[0]


def test_rules_follow_columns_staff_moved(tmp_path: Path) -> None:
    path = fx.build(tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[TASKS.name]
    ws.insert_cols(1)  # a staff column in front of everything
    ws.cell(5, 1).value = "Ghi chú"
    wb.save(path)
    run_summary(path, as_of=fx.WARN_EDGE)
    ws = openpyxl.load_workbook(path)[TASKS.name]
    _, labels = task_header(ws)
    letter = openpyxl.utils.get_column_letter
    formula = next(r[1] for r in rules(path) if '"Sắp đến hạn"' in r[1])
    assert f"${letter(labels[TASKS.label('due')])}6" in formula and "$H6<TODAY" not in formula
    assert f"${letter(labels[TASKS.label('assessment')])}6" in formula
    assert {r[0] for r in rules(path)} == {"A6:Q66"}
