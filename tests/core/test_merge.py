"""The merge rules of SPEC.md "The weekly merge", on plain values."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sheetsync.core.merge import MergeState, Seen, Unread, plan_merge
from sheetsync.core.plan import Decision, Plan
from sheetsync.problems import Code, Level, Problem
from sheetsync.schema import Outcome
from tests.merge_support import AS_OF, NOW, carry, coord_row, lead_row, make_program, make_tasks, row, submission

PROGRAM = make_program()


def run(*subs, state: MergeState | None = None, strict: bool = False, program=PROGRAM) -> Plan:
    return plan_merge(program, state or MergeState.of(program), subs, as_of=AS_OF, now=NOW, strict=strict)


def only(plan: Plan) -> Decision:
    assert len(plan.decisions) == 1
    return plan.decisions[0]


def codes(decision: Decision) -> set[str]:
    return {p.code.value for p in decision.problems}


def written(plan: Plan) -> dict[tuple[str, str], object]:
    """Final value of every cell the plan writes."""
    return {(w.code, w.key): w.new for w in plan.writes}


def test_lead_unit_updates_its_status_columns_and_history():
    sub = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", progress=60, result="Đã lập danh sách")])
    d = only(run(sub))
    assert d.outcome is Outcome.ACCEPTED
    assert [(w.code, w.key, w.old, w.new) for w in d.writes] == [
        ("1.1.1", "progress", 40, 60),
        ("1.1.1", "result", "Đã lập danh sách cử tri", "Đã lập danh sách"),
        ("1.1.1", "updated_on", None, dt.date(2026, 3, 10)),
    ]
    assert [(h.code, h.key, h.old, h.new, h.unit) for h in d.history] == [
        ("1.1.1", "progress", 40, 60, "Phòng Văn hóa - Xã hội"),
        ("1.1.1", "result", "Đã lập danh sách cử tri", "Đã lập danh sách", "Phòng Văn hóa - Xã hội"),
    ]
    assert d.rows_changed == 1
    assert not d.errors


def test_coordinating_unit_cannot_change_lead_status():
    sub = submission(PROGRAM, "CA", [coord_row(PROGRAM, 9, "1.1.1", status="Đã hoàn thành", result="Đã bảo vệ")])
    d = only(run(sub))
    assert [p.key() for p in d.errors] == [("coordinating_status_changed", "Báo cáo", "E9")]
    assert d.writes == []
    assert d.outcome is Outcome.REJECTED  # its only row was refused


def test_stale_status_in_coordinating_row_is_not_a_problem():
    lead = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", progress=80)], report_date=dt.date(2026, 3, 5))
    # CA's template was issued before the lead's report: it still shows 40 %, unchanged
    coord = submission(PROGRAM, "CA", [coord_row(PROGRAM, 9, "1.1.1", result="Đã bảo vệ điểm bầu cử")])
    plan = run(lead, coord)
    assert not any(d.errors for d in plan.decisions)
    assert written(plan)[("1.1.1", "progress")] == 80
    assert written(plan)[("1.1.1", "coord_opinions")] == "Công an phường (10/03/2026): Đã bảo vệ điểm bầu cử"


def test_coordinating_paragraph_replaces_only_that_units_previous_paragraph():
    before = "Công an phường (01/03/2026): Cũ.\nPhòng Kinh tế, Hạ tầng và Đô thị (02/03/2026): Của KT.\n- ý hai"
    program = make_program([{**make_tasks()[0], "coord_opinions": before}, *make_tasks()[1:]])
    sub = submission(program, "CA", [coord_row(program, 9, "1.1.1", result="Mới", proposals="Thêm kinh phí")])
    d = only(run(sub, program=program))
    assert d.writes[0].key == "coord_opinions"
    assert d.writes[0].new == (
        "Công an phường (10/03/2026): Mới\nĐề xuất, kiến nghị: Thêm kinh phí\n"
        "Phòng Kinh tế, Hạ tầng và Đô thị (02/03/2026): Của KT.\n- ý hai"
    )


def test_unit_cannot_change_a_task_it_neither_leads_nor_coordinates():
    # KT's template re-labelled with a task of VHXH's it was never issued
    sub = submission(PROGRAM, "KT", [lead_row(PROGRAM, 8, "2.1.1", progress=10), lead_row(PROGRAM, 9, "1.1.2")])
    signed = dataclasses.replace(sub.signed, tasks={**sub.signed.tasks, "1.1.2": "lead"})
    d = only(run(dataclasses.replace(sub, signed=signed)))
    assert [p.key() for p in d.errors] == [("task_not_assigned", "Báo cáo", "A9")]
    assert d.outcome is Outcome.PARTIAL
    assert {w.code for w in d.writes} == {"2.1.1"}
    assert d.skipped_rows == [9]


def test_row_not_in_signed_list_is_skipped_and_others_apply():
    sub = submission(PROGRAM, "KT", [lead_row(PROGRAM, 8, "2.1.1", progress=10), lead_row(PROGRAM, 9, "1.1.2")])
    d = only(run(sub))
    assert [p.key() for p in d.errors] == [("not_in_signed_list", "Báo cáo", "A9")]
    assert d.outcome is Outcome.PARTIAL


def test_unknown_task_code_is_a_row_problem():
    sub = submission(PROGRAM, "KT", [lead_row(PROGRAM, 8, "2.1.1", progress=10), row(9, "9.9.9", status="xong")])
    d = only(run(sub))
    assert ("unknown_task", "Báo cáo", "A9") in {p.key() for p in d.errors}
    assert d.outcome is Outcome.PARTIAL


def test_strict_rejects_the_file_on_a_row_problem():
    sub = submission(PROGRAM, "KT", [lead_row(PROGRAM, 8, "2.1.1", progress=10), row(9, "9.9.9")])
    d = only(run(sub, strict=True))
    assert d.outcome is Outcome.REJECTED
    assert d.writes == [] and d.history == [] and d.state == []


def test_row_problems_skip_the_row():
    cases = {
        "bad_status": {"status": "đã triển khai"},
        "bad_progress": {"progress": 150},
        "bad_date": {"completed_on": "31/02/2026"},
        "completed_after_report": {"status": "Đã hoàn thành", "progress": 100, "completed_on": dt.date(2026, 3, 20)},
        "text_too_long": {"result": "x" * 32_768},
    }
    for code, changes in cases.items():
        sub = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", **changes), coord_row(PROGRAM, 9, "1.1.2")])
        d = only(run(sub))
        assert code in {p.code.value for p in d.errors if p.level is Level.ROW}, code
        assert d.skipped_rows == [8], code
        assert not [w for w in d.writes if w.code == "1.1.1"], code


def test_older_report_never_overwrites_newer():
    newer = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", progress=70)], report_date=dt.date(2026, 3, 20))
    older = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", progress=50)], report_date=dt.date(2026, 3, 12))
    first = run(newer)
    d = only(run(older, state=carry(MergeState.of(PROGRAM), first)))
    assert first.decisions[0].writes and d.writes == []
    assert d.outcome is Outcome.NO_CHANGE
    assert "older_report" in codes(d)


def test_same_run_applies_in_report_date_order():
    # file names sort the other way round: the order must come from Ngày báo cáo
    newer = submission(
        PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", progress=70)], report_date=dt.date(2026, 3, 20), file="a.xlsx"
    )
    older = submission(
        PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", progress=50)], report_date=dt.date(2026, 3, 12), file="b.xlsx"
    )
    plan = run(newer, older)
    assert [d.file for d in plan.decisions] == ["b.xlsx", "a.xlsx"]
    assert written(plan)[("1.1.1", "progress")] == 70
    assert [(h.old, h.new) for h in plan.decisions[1].history if h.key == "progress"] == [(50, 70)]


def test_older_paragraph_never_overwrites_that_units_newer_paragraph():
    program = make_program(
        [{**make_tasks()[0], "coord_opinions": "Công an phường (20/03/2026): Mới hơn."}, *make_tasks()[1:]]
    )
    sub = submission(program, "CA", [coord_row(program, 9, "1.1.1", result="Cũ hơn")])
    d = only(run(sub, program=program))
    assert d.writes == []
    assert "older_report" in codes(d)


def test_older_paragraph_of_another_unit_still_applies():
    program = make_program(
        [
            {**make_tasks()[0], "coord_opinions": "Phòng Kinh tế, Hạ tầng và Đô thị (20/03/2026): Của KT."},
            *make_tasks()[1:],
        ]
    )
    sub = submission(program, "CA", [coord_row(program, 9, "1.1.1", result="Của CA")])
    d = only(run(sub, program=program))
    assert d.writes[0].new.endswith("Công an phường (10/03/2026): Của CA")


def test_newer_report_restating_current_values_changes_nothing():
    sub = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", result="  Đã lập danh sách cử tri ")])
    d = only(run(sub))
    assert d.outcome is Outcome.NO_CHANGE
    assert d.writes == [] and d.history == []
    assert [(s.code, s.report_date) for s in d.state] == [("1.1.1", dt.date(2026, 3, 10))]


def test_restated_report_still_blocks_an_older_one():
    restate = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1")], report_date=dt.date(2026, 3, 20))
    older = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", progress=10)], report_date=dt.date(2026, 3, 1))
    state = carry(MergeState.of(PROGRAM), run(restate))
    assert run(older, state=state).writes == []


def test_office_ngay_cap_nhat_guards_the_first_report():
    program = make_program([{**make_tasks()[0], "updated_on": dt.date(2026, 3, 15)}, *make_tasks()[1:]])
    sub = submission(program, "VHXH", [lead_row(program, 8, "1.1.1", progress=55)])
    assert only(run(sub, program=program)).writes == []


def test_coordinating_paragraph_does_not_hold_back_the_leads_first_report():
    coord = submission(PROGRAM, "CA", [coord_row(PROGRAM, 9, "1.1.1", result="Đã bảo vệ")], report_date=AS_OF)
    lead = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", progress=55)])
    state = carry(MergeState.of(PROGRAM), run(coord))
    assert state.values["1.1.1"]["updated_on"] == AS_OF
    assert written(run(lead, state=state))[("1.1.1", "progress")] == 55


def test_ngay_cap_nhat_is_the_report_date_of_the_last_change():
    a = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", progress=50)], report_date=dt.date(2026, 3, 5))
    b = submission(PROGRAM, "CA", [coord_row(PROGRAM, 9, "1.1.1", result="Có")], report_date=dt.date(2026, 3, 9))
    assert written(run(a, b))[("1.1.1", "updated_on")] == dt.date(2026, 3, 9)


def test_report_date_outside_period_is_a_warning():
    sub = submission(PROGRAM, "KT", [lead_row(PROGRAM, 8, "2.1.1", progress=10)], period="Tháng 2/2026")
    d = only(run(sub))
    assert d.outcome is Outcome.ACCEPTED
    assert [p.key() for p in d.problems] == [("report_date_outside_period", "Báo cáo", "C5")]
    assert not d.problems[0].is_error


def test_report_date_after_run_date_rejects_the_file():
    sub = submission(PROGRAM, "KT", [lead_row(PROGRAM, 8, "2.1.1", progress=10)], report_date=dt.date(2026, 4, 2))
    d = only(run(sub))
    assert d.outcome is Outcome.REJECTED and d.writes == []
    assert [p.key() for p in d.errors] == [("report_date_in_future", "Báo cáo", "C5")]


def test_submission_without_a_report_date_is_rejected():
    d = only(run(submission(PROGRAM, "KT", [lead_row(PROGRAM, 8, "2.1.1", progress=10)], report_date=None)))
    assert d.outcome is Outcome.REJECTED and [p.code for p in d.errors] == [Code.no_report_date]


def test_free_typed_status_and_progress_are_normalized_with_a_warning():
    sub = submission(PROGRAM, "KT", [lead_row(PROGRAM, 8, "2.1.1", status="đang làm", progress="50%")])
    d = only(run(sub))
    assert written(run(sub))[("2.1.1", "status")] == "Đang thực hiện"
    assert written(run(sub))[("2.1.1", "progress")] == 50
    assert [(p.code.value, p.cell, p.is_error) for p in d.problems] == [
        ("value_normalized", "E8", False),
        ("value_normalized", "F8", False),
    ]


def test_formula_typed_as_text_stays_text_with_a_warning():
    sub = submission(PROGRAM, "KT", [lead_row(PROGRAM, 8, "2.1.1", result='=HYPERLINK("http://x","y")')])
    d = only(run(sub))
    assert written(run(sub))[("2.1.1", "result")] == '=HYPERLINK("http://x","y")'
    assert codes(d) == {"formula_as_text"}


def test_blank_cell_in_lead_row_clears_the_value():
    sub = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", result=None)])
    assert written(run(sub))[("1.1.1", "result")] is None


def test_same_file_twice_is_a_duplicate():
    sub = submission(PROGRAM, "KT", [lead_row(PROGRAM, 8, "2.1.1", progress=10)])
    copy = dataclasses.replace(sub, file="ban-sao.xlsx")
    plan = run(sub, copy)
    assert [d.outcome for d in plan.decisions] == [Outcome.ACCEPTED, Outcome.DUPLICATE]
    known = MergeState.of(PROGRAM, seen={sub.sha256: Seen("01/03/2026 08:00", "cu.xlsx")})
    d = only(run(Unread("x.xlsx", sub.sha256), state=known))
    assert d.outcome is Outcome.DUPLICATE and d.writes == []
    assert "cu.xlsx" in d.problems[0].message


def test_unknown_unit_rejects_the_file():
    sub = submission(PROGRAM, "KT", [lead_row(PROGRAM, 8, "2.1.1", progress=10)])
    sub = dataclasses.replace(sub, signed=dataclasses.replace(sub.signed, unit_code="XX"))
    d = only(run(sub))
    assert d.outcome is Outcome.REJECTED
    assert [p.code for p in d.errors] == [Code.unknown_submission_unit]


def test_unreadable_input_is_rejected_with_its_problems():
    problem = Problem.make(Code.file_encrypted, file="mat-khau.xlsx")
    d = only(run(Unread("mat-khau.xlsx", "0" * 64, (problem,))))
    assert d.outcome is Outcome.REJECTED and d.problems == [problem]


def test_role_changed_since_the_template_was_issued_skips_the_row():
    sub = submission(PROGRAM, "CA", [coord_row(PROGRAM, 9, "1.1.1", result="Có")])
    signed = dataclasses.replace(sub.signed, tasks={**sub.signed.tasks, "1.1.1": "lead"})
    d = only(run(dataclasses.replace(sub, signed=signed)))
    assert [p.code for p in d.errors] == [Code.role_changed]


def test_reader_row_problem_skips_that_row():
    problem = Problem.make(Code.bad_date, file="f", sheet="Báo cáo", cell="G8", value="x")
    sub = submission(
        PROGRAM,
        "VHXH",
        [lead_row(PROGRAM, 8, "1.1.1", progress=90), coord_row(PROGRAM, 9, "1.1.2", result="Có")],
        problems=[problem],
    )
    d = only(run(sub))
    assert d.skipped_rows == [8] and d.outcome is Outcome.PARTIAL
    assert {w.code for w in d.writes} == {"1.1.2"}


def test_edited_locked_cells_are_reported_not_applied():
    content = lead_row(PROGRAM, 8, "2.1.1", progress=10, content="Nội dung khác")
    role = dataclasses.replace(lead_row(PROGRAM, 8, "2.1.1", progress=10), role="Phối hợp")
    for edited, cell in ((content, "C8"), (role, "B8")):
        d = only(run(submission(PROGRAM, "KT", [edited])))
        assert d.outcome is Outcome.ACCEPTED
        assert [p.key() for p in d.problems] == [("locked_cell_changed", "Báo cáo", cell)]
        assert {w.key for w in d.writes} == {"progress", "updated_on"}


def test_journal_row_counts_changed_rows_and_lists_problems():
    sub = submission(PROGRAM, "VHXH", [lead_row(PROGRAM, 8, "1.1.1", progress=90), row(9, "9.9.9")])
    plan = run(sub)
    (journal,) = plan.journal_rows()
    assert journal["result"] == Outcome.PARTIAL.value
    assert journal["rows_changed"] == 1
    assert journal["unit"] == "Phòng Văn hóa - Xã hội"
    assert "Báo cáo!A9" in str(journal["problems"])
    assert len(journal["sha256"]) == 64


def test_journal_problem_list_fits_one_excel_cell():
    many = tuple(Problem.make(Code.bad_status, file="f", sheet="Báo cáo", cell=f"E{n}", value="x") for n in range(2000))
    (journal,) = run(Unread("f.xlsx", "a" * 64, many)).journal_rows()
    text = str(journal["problems"])
    assert len(text) <= 32_767 and text.endswith("vấn đề khác (xem tệp .loi.txt).")
