"""Validation of the master's tasks and units from plain rows (no files)."""

import datetime as dt

from sheetsync.core.program import parse_program
from sheetsync.core.table import read_table
from sheetsync.problems import Code
from sheetsync.schema import TASKS, UNITS

UNIT_ROWS = [
    UNITS.labels,
    ("VP", "Văn phòng HĐND và UBND", "VP HĐND-UBND", "", "", ""),
    ("KTHTDT", "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng KT-HT&ĐT", "", "", ""),
    ("CAP", "Công an phường", "", "", "", ""),
]


def task(**values):
    row = dict.fromkeys(TASKS.keys)
    row.update(code="1.1.1", pillar="Chủ động thực thi", content="Nội dung", lead="VP", deadline="30/6/2026")
    row.update(values)
    return tuple(row[k] for k in TASKS.keys)


def parse(*rows):
    units, _ = read_table(UNIT_ROWS, UNITS)
    tasks, problems = read_table([("Tiêu đề",), TASKS.labels, *rows], TASKS)
    assert problems == []
    return parse_program(units, tasks)


def found(program):
    return {(p.code, p.cell) for p in program.problems}


def test_clean_rows_give_tasks_and_no_problems():
    program = parse(
        task(coordinating="Phòng Kinh tế, Hạ tầng và Đô thị; CAP"), task(code="1.1.2", deadline="Quý II/2026")
    )
    assert program.problems == []
    first, second = program.tasks
    assert first.lead.code == "VP"
    assert [u.code for u in first.coordinating] == ["KTHTDT", "CAP"]
    assert first.due == dt.date(2026, 6, 30) and second.due == dt.date(2026, 6, 30)
    assert program.tasks_of("CAP") == [(first, "coordinating")]


def test_each_class_of_problem_is_named_at_its_cell():
    program = parse(
        task(),
        task(content="trùng mã"),  # row 4: duplicate
        task(code=None, content="không mã"),  # row 5
        task(code="1.9", lead="Phòng Tài chính", coordinating="VP, Ban Quản lý chợ"),  # row 6
        task(code="1.1.3", deadline="Theo kế hoạch của Thành phố", status="xong", progress=150),  # row 7
        task(code="1.1.4", status="Đã hoàn thành", progress=80),  # row 8
        task(code="1.1.5", completed_on="31/02/2026", pillar="Trụ cột lạ"),  # row 9
    )
    assert found(program) == {
        (Code.duplicate_code, "A4"),
        (Code.empty_code, "A5"),
        (Code.bad_code_format, "A6"),
        (Code.unknown_unit, "D6"),
        (Code.unknown_unit, "E6"),
        (Code.bad_deadline, "F7"),
        (Code.bad_status, "H7"),
        (Code.bad_progress, "I7"),
        (Code.done_without_date, "J8"),
        (Code.done_below_100, "I8"),
        (Code.bad_date, "J9"),
        (Code.unknown_pillar, "B9"),
    }


def test_problem_messages_quote_what_was_typed():
    program = parse(task(deadline="Quý 5/2026"))
    (problem,) = program.problems
    assert problem.render() == (
        "Nhiệm vụ!F3: Không hiểu thời hạn “Quý 5/2026”; hãy ghi ngày (30/6/2026), tháng (Tháng 6/2026), "
        "quý (Quý II/2026), năm (Năm 2026) hoặc “Thường xuyên”."
    )


def test_two_lead_units_is_a_problem():
    program = parse(task(lead="VP; CAP"))
    assert found(program) == {(Code.several_leads, "D3")}
    assert program.tasks[0].lead is None


def test_missing_lead_is_a_problem():
    assert found(parse(task(lead=None))) == {(Code.missing_lead, "D3")}


def test_ongoing_task_has_no_due_date():
    program = parse(task(deadline="Thường xuyên"))
    assert program.problems == [] and program.tasks[0].due is None and program.tasks[0].deadline.ongoing


def test_real_date_cells_are_accepted():
    program = parse(
        task(
            deadline=dt.datetime(2026, 6, 30),
            status="Đã hoàn thành",
            progress=100,
            completed_on=dt.datetime(2026, 6, 1),
        )
    )
    assert program.problems == [] and program.tasks[0].completed_on == dt.date(2026, 6, 1)


def test_completion_date_without_done_status_is_a_warning():
    program = parse(task(status="Đang thực hiện", completed_on="01/06/2026"))
    (problem,) = program.problems
    assert problem.code is Code.date_without_done and not problem.is_error


def test_text_over_excel_cell_limit_is_a_problem():
    assert found(parse(task(result="x" * 32_768))) == {(Code.text_too_long, "K3")}


def heading(code="", content=""):
    row = dict.fromkeys(TASKS.keys)
    row.update(code=code, content=content)
    return tuple(row[k] for k in TASKS.keys)


def test_section_headings_typed_into_the_list_are_not_tasks_and_validate_says_so():
    # the office copies the program's layout: a heading row above each pillar's tasks
    program = parse(
        heading(code="I. CHỦ ĐỘNG THỰC THI"),
        task(code="1.1.1"),
        heading(content="II. KỶ CƯƠNG HIỆU QUẢ"),
        heading(code="II", content="Kỷ cương hiệu quả"),
        heading(content="Giải pháp trọng tâm"),
        task(code="2.1.1", pillar="Kỷ cương hiệu quả"),
    )
    assert [t.code for t in program.tasks] == ["1.1.1", "2.1.1"]
    assert {p.code for p in program.problems} == {Code.section_heading}
    assert not [p for p in program.problems if p.is_error]
    assert "“I. CHỦ ĐỘNG THỰC THI” là dòng tiêu đề mục" in program.problems[0].message


def test_a_task_row_still_missing_its_code_is_an_error_not_a_heading():
    program = parse(
        heading(content="Vi phạm hành chính được xử lý kịp thời"),
        task(code="", content="Đẩy mạnh chuyển đổi số"),
    )
    assert [p.code for p in program.problems] == [Code.empty_code, Code.empty_code]
