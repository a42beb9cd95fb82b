"""Row and file checks on a read submission, from plain values (no files)."""

import datetime as dt

from sheetsync.core.checks import check_file, check_rows, row_values
from sheetsync.core.dates import BadDate
from sheetsync.core.program import parse_program
from sheetsync.core.signature import fixed_digest
from sheetsync.core.submission import COORDINATING, LEAD, Signed, Submission, SubmittedRow
from sheetsync.core.table import read_table
from sheetsync.problems import Code, Level
from sheetsync.schema import STATUS_KEYS, TASKS, TEMPLATE, UNITS, Status

AS_OF = dt.date(2026, 12, 10)
UNIT_ROWS = [
    UNITS.labels,
    ("VP", "Văn phòng HĐND và UBND", "", "", "", ""),
    ("CAP", "Công an phường", "", "", "", ""),
    ("VHXH", "Phòng Văn hóa - Xã hội", "", "", "", ""),
]


def master_task(code, lead, coordinating="", **values):
    row = dict.fromkeys(TASKS.keys)
    row.update(code=code, pillar="Chủ động thực thi", content=f"Nhiệm vụ {code}", lead=lead, deadline="30/6/2026")
    row.update(coordinating=coordinating, **values)
    return tuple(row[k] for k in TASKS.keys)


def program():
    units, _ = read_table(UNIT_ROWS, UNITS)
    tasks, _ = read_table(
        [
            TASKS.labels,
            master_task("1.1.1", "CAP"),
            master_task("1.1.2", "VP", "CAP", status="Đang thực hiện", progress=60),
            master_task("1.1.3", "VHXH"),
            master_task("1.1.4", "CAP"),
        ],
        TASKS,
    )
    return parse_program(units, tasks)


ISSUED = {
    "1.1.1": dict.fromkeys(STATUS_KEYS),
    "1.1.2": {**dict.fromkeys(STATUS_KEYS), "status": "Đang thực hiện", "progress": 60},
    "1.1.4": dict.fromkeys(STATUS_KEYS),
}


def row(number, code, role="Chủ trì", **values):
    base = {"code": code, "role": role, "content": f"Nhiệm vụ {code}", "deadline": "30/6/2026"}
    base.update(values)
    letters = {key: chr(65 + i) for i, key in enumerate(TEMPLATE.keys)}
    return SubmittedRow(number, code, role, base, {k: f"{letters[k]}{number}" for k in TEMPLATE.keys})


def submission(*rows, unit="CAP", report_date=dt.date(2026, 12, 5), tasks=None):
    tasks = tasks or {"1.1.1": LEAD, "1.1.2": COORDINATING}
    fixed = {
        code: fixed_digest("Chủ trì" if role == LEAD else "Phối hợp", f"Nhiệm vụ {code}", "30/6/2026")
        for code, role in tasks.items()
    }
    signed = Signed(unit, "Tháng 12/2026", 1, tasks, {c: ISSUED[c] for c in tasks}, fixed=fixed)
    return Submission("cap.xlsx", "0" * 64, "Báo cáo", signed, report_date, "D10", "cell", tuple(rows))


def found(problems):
    return {(p.code, p.cell) for p in problems}


def test_clean_lead_and_coordinating_rows_have_no_problems():
    sub = submission(
        row(15, "1.1.1", status="Đã hoàn thành", progress=100, completed_on=dt.date(2026, 12, 1), result="Xong"),
        row(16, "1.1.2", "Phối hợp", status="Đang thực hiện", progress=60, result="Đã phối hợp"),
    )
    assert check_rows(sub, program(), AS_OF) == []


def test_row_values_are_clean_typed_values():
    sub = submission()
    values, problems = row_values(sub, row(15, "1.1.1", status="xong", progress="75,5%", result="Kết quả"))
    assert values["status"] is Status.DONE and values["progress"] == 75.5 and values["result"] == "Kết quả"
    assert values["completed_on"] is None and values["difficulties"] is None
    assert {p.code for p in problems} == {Code.value_normalized}
    assert all(not p.is_error for p in problems)


def test_membership_problems_skip_the_row():
    sub = submission(
        row(15, "9.9.9"),  # not in the master
        row(16, "1.1.3"),  # in the master, not signed for this unit
        row(17, "1.1.1"),
        row(18, "1.1.1"),  # twice
        row(19, "", result="Có nội dung nhưng không có mã"),
    )
    problems = check_rows(sub, program(), AS_OF)
    assert found(problems) == {
        (Code.unknown_task, "A15"),
        (Code.not_in_signed_list, "A16"),
        (Code.duplicate_code, "A18"),
        (Code.empty_code, "A19"),
    }
    assert all(p.level is Level.ROW for p in problems)


def test_task_reassigned_since_the_template_was_issued_is_not_the_units_any_more():
    ISSUED["1.1.3"] = dict.fromkeys(STATUS_KEYS)
    sub = submission(row(15, "1.1.3"), tasks={"1.1.3": LEAD, "1.1.1": LEAD})
    (problem,) = check_rows(sub, program(), AS_OF)
    assert problem.key() == (Code.task_not_assigned, "Báo cáo", "A15")
    # left as issued: the unit said nothing about it, so the office only gets a note
    assert not problem.is_error and problem.level is Level.NOTE


def test_reassigned_task_the_unit_still_reported_on_is_refused():
    ISSUED["1.1.3"] = dict.fromkeys(STATUS_KEYS)
    sub = submission(row(15, "1.1.3", progress=40), tasks={"1.1.3": LEAD, "1.1.1": LEAD})
    (problem,) = check_rows(sub, program(), AS_OF)
    assert problem.key() == (Code.task_not_assigned, "Báo cáo", "A15")
    assert problem.is_error and problem.level is Level.ROW


def test_bad_values_are_row_errors_at_their_cells():
    sub = submission(
        row(15, "1.1.1", status="đã triển khai", progress=150, completed_on=BadDate("31/02/2026"), result="x" * 32_768)
    )
    assert found(check_rows(sub, program(), AS_OF)) == {
        (Code.bad_status, "E15"),
        (Code.bad_progress, "F15"),
        (Code.bad_date, "G15"),
        (Code.text_too_long, "H15"),
    }


def test_completion_after_the_report_date():
    sub = submission(row(15, "1.1.1", status="Đã hoàn thành", progress=100, completed_on=dt.date(2026, 12, 6)))
    assert found(check_rows(sub, program(), AS_OF)) == {(Code.completed_after_report, "G15")}


def test_done_without_date_or_below_100_only_warns():
    sub = submission(row(15, "1.1.1", status="Đã hoàn thành", progress=90))
    problems = check_rows(sub, program(), AS_OF)
    assert found(problems) == {(Code.done_without_date, "G15"), (Code.done_below_100, "F15")}
    assert not any(p.is_error for p in problems)


def test_coordinating_row_with_changed_status_cells_is_reported_not_an_out_of_date_one():
    changed = submission(row(16, "1.1.2", "Phối hợp", status="Đã hoàn thành", progress=60, result="Đã phối hợp"))
    assert found(check_rows(changed, program(), AS_OF)) == {(Code.coordinating_status_changed, "E16")}
    # the lead has reported since (master says 80%): the coordinator's unchanged 60 is merely out of date
    same = submission(row(16, "1.1.2", "Phối hợp", status="Đang thực hiện", progress=60))
    assert check_rows(same, program(), AS_OF) == []
    cleared = submission(row(16, "1.1.2", "Phối hợp", status=None, progress=None))
    assert found(check_rows(cleared, program(), AS_OF)) == {
        (Code.coordinating_status_changed, "E16"),
        (Code.coordinating_status_changed, "F16"),
    }


def test_edited_locked_cells_warn():
    relabelled = row(16, "1.1.2", "Chủ trì", status="Đang thực hiện", progress=60)
    sub = submission(row(15, "1.1.1", content="Nội dung khác"), relabelled)
    problems = check_rows(sub, program(), AS_OF)
    assert found(problems) == {(Code.locked_cell_changed, "C15"), (Code.locked_cell_changed, "B16")}
    assert not any(p.is_error for p in problems)


def test_formula_and_merged_cells():
    formula = SubmittedRow(
        15,
        "1.1.1",
        "Chủ trì",
        row(15, "1.1.1", progress=50).values,
        row(15, "1.1.1").cells,
        formulas=frozenset({"progress"}),
        merged=frozenset({"status"}),
    )
    problems = check_rows(submission(formula), program(), AS_OF)
    assert found(problems) == {(Code.formula_cell, "F15"), (Code.structure_broken, "E15")}
    merged = next(p for p in problems if p.code is Code.structure_broken)
    assert merged.level is Level.ROW


def test_file_checks_unknown_unit_and_future_report_date():
    assert check_file(submission(), program(), AS_OF) == []
    problems = check_file(submission(unit="XYZ", report_date=dt.date(2026, 12, 11)), program(), AS_OF)
    assert found(problems) == {(Code.unknown_submission_unit, None), (Code.report_date_in_future, "D10")}


def test_a_completion_date_typed_wrong_is_not_also_called_missing():
    sub = submission(row(15, "1.1.1", status="Đã hoàn thành", progress=100, completed_on=BadDate("31/02/2026")))
    assert found(check_rows(sub, program(), AS_OF)) == {(Code.bad_date, "G15")}


def test_a_formula_without_a_computed_value_says_the_cell_shows_nothing():
    blank = row(15, "1.1.1")
    formula = SubmittedRow(15, "1.1.1", "Chủ trì", blank.values, blank.cells, formulas=frozenset({"progress"}))
    (problem,) = check_rows(submission(formula), program(), AS_OF)
    assert problem.code is Code.formula_cell and "“(trống)”" in problem.message
