"""Plain-value fixtures for merge tests: a small program and submissions built in code, no files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sheetsync.core.dates import parse_cell_date
from sheetsync.core.merge import MergeState, Seen
from sheetsync.core.plan import Plan
from sheetsync.core.program import Program, parse_program
from sheetsync.core.signature import fixed_digest
from sheetsync.core.submission import Signed, Submission, SubmittedRow
from sheetsync.core.table import column_letter, read_table
from sheetsync.schema import TASKS, TEMPLATE, UNITS, Outcome

UNITS_ROWS: list[dict[str, Any]] = [
    {"code": "VHXH", "name": "Phòng Văn hóa - Xã hội"},
    {"code": "CA", "name": "Công an phường"},
    {"code": "KT", "name": "Phòng Kinh tế, Hạ tầng và Đô thị"},
    {"code": "VP", "name": "Văn phòng HĐND và UBND"},
]

TASK_ROWS: list[dict[str, Any]] = [
    {
        "code": "1.1.1",
        "pillar": "Chủ động thực thi",
        "content": "Tổ chức bầu cử",
        "lead": "VHXH",
        "coordinating": "CA; KT",
        "deadline": "30/6/2026",
        "status": "Đang thực hiện",
        "progress": 40,
        "result": "Đã lập danh sách cử tri",
    },
    {
        "code": "1.1.2",
        "pillar": "Chủ động thực thi",
        "content": "Bảo đảm an ninh trật tự",
        "lead": "CA",
        "coordinating": "VHXH",
        "deadline": "Thường xuyên",
        "status": "Chưa thực hiện",
    },
    {
        "code": "2.1.1",
        "pillar": "Kỷ cương hiệu quả",
        "content": "Chỉnh trang đô thị",
        "lead": "KT",
        "coordinating": "",
        "deadline": "Quý III/2026",
    },
]

ROLES = {"lead": "Chủ trì", "coordinating": "Phối hợp"}
LEAD_ONLY = ("status", "progress", "completed_on")
REPORT_DAY = dt.date(2026, 3, 10)
AS_OF = dt.date(2026, 3, 31)
NOW = dt.datetime(2026, 3, 31, 9, 30)


def grid(sheet_columns: Sequence[str], records: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> list[tuple]:
    rows = [tuple(sheet_columns)]
    rows += [tuple(r.get(k) for k in keys) for r in records]
    return rows


def make_tasks() -> list[dict[str, Any]]:
    return [dict(t) for t in TASK_ROWS]


def carry(state: MergeState, plan: Plan) -> MergeState:
    """The state the next run reads once `plan` was applied to the master: values, report dates, SHA-256."""
    state = state.copy()
    for write in plan.writes:
        state.values[write.code][write.key] = write.new
    for entry in plan.state:
        state.reported[(entry.code, entry.unit_code)] = entry.report_date
    for decision in plan.decisions:
        if decision.outcome is not Outcome.REJECTED:
            state.seen.setdefault(decision.sha256, Seen("31/03/2026 09:30", decision.file))
    return state


def make_program(tasks: Sequence[Mapping[str, Any]] = TASK_ROWS) -> Program:
    units_table, _ = read_table(grid(UNITS.labels, UNITS_ROWS, UNITS.keys), UNITS)
    tasks_table, problems = read_table(grid(TASKS.labels, tasks, TASKS.keys), TASKS)
    assert units_table is not None and tasks_table is not None, problems
    return parse_program(units_table, tasks_table)


def issued_for(program: Program, unit: str) -> Signed:
    """What a template of `unit` would be signed with today: tasks, the values shown, the locked cells."""
    tasks, issued, fixed = {}, {}, {}
    for task, role in program.tasks_of(unit):
        tasks[task.code] = role
        values: dict[str, object] = {
            "status": task.status.value if task.status else None,
            "progress": task.progress,
            "completed_on": task.completed_on,
        }
        values.update(dict.fromkeys(("result", "difficulties", "proposals")))
        if role == "lead":
            values.update({k: task.row.get(k) for k in ("result", "difficulties", "proposals")})
        issued[task.code] = values
        fixed[task.code] = fixed_digest(ROLES[role], task.content, task.row.get("deadline"))
    return Signed(unit, "Tháng 3/2026", 1, tasks, issued, fixed=fixed)


def row(
    number: int, code: str, role: str = "Chủ trì", *, formulas: Sequence[str] = (), **values: object
) -> SubmittedRow:
    """A row as the reader hands it: the completion date already through parse_cell_date."""
    if "completed_on" in values:
        values["completed_on"] = parse_cell_date(values["completed_on"], default_year=2026)
    letters = {key: column_letter(i) for i, key in enumerate(TEMPLATE.keys, start=1)}
    cells = {key: f"{letter}{number}" for key, letter in letters.items()}
    return SubmittedRow(number, code, role, dict(values), cells, frozenset(formulas))


def lead_row(program: Program, number: int, code: str, **changes: object) -> SubmittedRow:
    """A Chủ trì row pre-filled with the master's values, as the template is, then edited."""
    task = program.task(code)
    assert task is not None
    keys = ("status", "progress", "completed_on", "result", "difficulties", "proposals")
    values: dict[str, object] = {"content": task.content, "deadline": task.row.get("deadline")}
    values.update({k: task.row.get(k) for k in keys})
    values.update(changes)
    return row(number, code, "Chủ trì", **values)


def coord_row(program: Program, number: int, code: str, **changes: object) -> SubmittedRow:
    """A Phối hợp row: the lead's status values for information, the unit's own columns empty, then edited."""
    task = program.task(code)
    assert task is not None
    values: dict[str, object] = {"content": task.content, "deadline": task.row.get("deadline")}
    values.update({k: task.row.get(k) for k in LEAD_ONLY})
    values.update(changes)
    return row(number, code, "Phối hợp", **values)


def submission(
    program: Program,
    unit: str,
    rows: Sequence[SubmittedRow],
    *,
    report_date: dt.date | None = REPORT_DAY,
    period: str = "Tháng 3/2026",
    file: str | None = None,
    source: str = "cell",
    signed: Signed | None = None,
    problems: Sequence[Any] = (),
    salt: str = "",
) -> Submission:
    default = issued_for(program, unit)
    name = file or f"bao-cao-{unit}-{report_date}.xlsx"
    digest = hashlib.sha256(f"{name}{unit}{report_date}{rows}{salt}".encode()).hexdigest()
    return Submission(
        file=name,
        sha256=digest,
        sheet="Báo cáo",
        signed=signed or dataclasses.replace(default, period=period),
        report_date=report_date,
        report_date_cell="C5",
        report_date_source=source,
        rows=tuple(rows),
        problems=tuple(problems),
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def eml(path: Path, attachments: dict[str, bytes], *, date: str | None = "Tue, 08 Dec 2026 23:30:00 +0700") -> Path:
    message = EmailMessage()
    message["From"] = "vhxh@example.vn"
    message["To"] = "vanphong@example.vn"
    message["Subject"] = "Báo cáo tháng 12"
    if date:
        message["Date"] = date
    message.set_content("Kính gửi Văn phòng, đơn vị gửi báo cáo.")
    for name, data in attachments.items():
        maintype, subtype = XLSX.split("/") if not name.endswith(".pdf") else ("application", "pdf")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    path.write_bytes(bytes(message))
    return path
