"""A program whose Đánh giá is known for several run dates: the one fixture every summary test pins numbers on."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.defined_name import DefinedName

from sheetsync.schema import CURRENT_PERIOD_NAME, JOURNAL, Assessment
from sheetsync.schema import TASKS as TASK_SHEET
from tests.factories import make_master

A = Assessment
DONE, DOING, NEW = "Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện"
P1, P2, P3 = "Chủ động thực thi", "Kỷ cương hiệu quả", "Chính quyền thân thiện"
PERIOD = "Tháng 6/2026"

UNITS: list[dict[str, Any]] = [
    {
        "code": "VP",
        "name": "Văn phòng HĐND và UBND",
        "aliases": "VP HĐND-UBND",
        "contact": "Nguyễn Văn An",
        "phone": "0225 3871 001",
        "email": "vanphong@andương.gov.vn",
    },
    {
        "code": "KT",
        "name": "Phòng Kinh tế, Hạ tầng và Đô thị",
        "aliases": "Phòng KT-HT&ĐT",
        "contact": "Trần Thị Bình",
        "phone": "0225 3871 002",
        "email": "kinhte@example.vn",
    },
    {"code": "VH", "name": "Phòng Văn hóa - Xã hội", "aliases": "Phòng VH-XH", "contact": "Lê Văn Cường"},
    {"code": "CA", "name": "Công an phường", "aliases": "", "contact": "Phạm Văn Dũng", "phone": "0912 345 678"},
    {"code": "YT", "name": "Trạm Y tế phường", "aliases": "", "contact": "Đỗ Thị Em", "email": "yte@example.vn"},
    {"code": "MT", "name": "Ủy ban MTTQ Việt Nam phường", "aliases": "UBMTTQ", "contact": ""},  # no tasks
]


def _task(code: str, pillar: str, lead: str, deadline: str, status: str | None = None, **more: Any) -> dict[str, Any]:
    row = {
        "code": code,
        "pillar": pillar,
        "content": f"Nhiệm vụ {code}",
        "lead": lead,
        "coordinating": "",
        "deadline": deadline,
    }
    if status:
        row["status"] = status
    row.update(more)
    return row


TASKS: list[dict[str, Any]] = [
    _task("1.1.1", P1, "VP", "30/6/2026", DOING, progress=50),
    _task("1.1.2", P1, "KT", "Quý I/2026", DONE, progress=100, completed_on=date(2026, 3, 31)),
    _task("1.1.3", P1, "KT", "Tháng 2/2026", DONE, progress=100, completed_on=date(2026, 3, 10)),
    _task("1.2.1", P1, "VH", "Thường xuyên", DOING),
    _task("2.1.1", P2, "VH", "Năm 2026", NEW, coordinating="YT"),
    _task("2.1.2", P2, "VP", "trước ngày 23/6/2026"),
    _task("2.1.3", P2, "CA", "2/7/2026", DOING, coordinating="VP; KT"),
    _task("2.2.1", P2, "CA", "3/7/2026", DOING),
    _task("3.1.1", P3, "VP", "Thường xuyên", DONE, progress=100, updated_on=date(2026, 5, 1)),
    _task("3.1.2", P3, "KT", "Quý II/2026", DONE, progress=100, updated_on=date(2026, 7, 2)),
    _task("3.2.1", P3, "VH", "Theo kế hoạch của Thành phố", DOING),
]
# 3.1.1 and 3.1.2 are done without a Ngày hoàn thành (a validation problem): the report date stands in.
# 3.2.1's Thời hạn cannot be read: no Đánh giá, counted apart.

BEFORE = date(2026, 3, 1)  # everything ahead
WARN_EDGE = date(2026, 6, 25)  # 2/7 is exactly W=7 days ahead, 3/7 is W+1
ON_DEADLINE = date(2026, 6, 30)  # D = Hạn chót of 1.1.1 and 3.1.2
AFTER = date(2026, 7, 1)
NEXT_YEAR = date(2027, 1, 5)

# code -> assessment for each run date (None: Thời hạn unreadable)
EXPECTED: dict[date, dict[str, Assessment | None]] = {
    BEFORE: {"1.1.1": A.ON_TRACK, "2.1.1": A.ON_TRACK, "2.1.2": A.ON_TRACK, "2.1.3": A.ON_TRACK, "2.2.1": A.ON_TRACK},
    WARN_EDGE: {"1.1.1": A.DUE_SOON, "2.1.1": A.ON_TRACK, "2.1.2": A.OVERDUE, "2.1.3": A.DUE_SOON, "2.2.1": A.ON_TRACK},
    ON_DEADLINE: {
        "1.1.1": A.DUE_SOON,
        "2.1.1": A.ON_TRACK,
        "2.1.2": A.OVERDUE,
        "2.1.3": A.DUE_SOON,
        "2.2.1": A.DUE_SOON,
    },
    AFTER: {"1.1.1": A.OVERDUE, "2.1.1": A.ON_TRACK, "2.1.2": A.OVERDUE, "2.1.3": A.DUE_SOON, "2.2.1": A.DUE_SOON},
    NEXT_YEAR: {"1.1.1": A.OVERDUE, "2.1.1": A.OVERDUE, "2.1.2": A.OVERDUE, "2.1.3": A.OVERDUE, "2.2.1": A.OVERDUE},
}
_FIXED = {
    "1.1.2": A.DONE_ON_TIME,
    "1.1.3": A.DONE_LATE,
    "1.2.1": A.ONGOING,
    "3.1.1": A.DONE_ON_TIME,
    "3.1.2": A.DONE_LATE,
    "3.2.1": None,
}
for _day in EXPECTED:
    EXPECTED[_day].update(_FIXED)

# Nhật ký: VP and VH reported for the current period; KT only for May (its June file was rejected);
# CA and YT never; MT has no tasks, so nobody chases it.
JOURNAL_ROWS: list[dict[str, Any]] = [
    {"unit": "VP", "period": PERIOD, "report_date": date(2026, 6, 20), "result": "Đã cập nhật"},
    {"unit": "KT", "period": "Tháng 5/2026", "report_date": date(2026, 5, 20), "result": "Đã cập nhật"},
    {"unit": "KT", "period": PERIOD, "report_date": date(2026, 6, 21), "result": "Bị từ chối"},
    {"unit": "Phòng VH-XH", "period": PERIOD, "report_date": date(2026, 6, 22), "result": "Cập nhật một phần"},
    {"unit": "VP", "period": PERIOD, "report_date": date(2026, 6, 24), "result": "Trùng, bỏ qua"},
]


def build(path: Path, *, period: str | None = PERIOD, journal: list[dict[str, Any]] | None = None) -> Path:
    """The master on disk: built like the shipped one, then given what only runs write (Ngày cập nhật,
    Nhật ký rows, the current period), as the merge and `templates` would have."""
    updated = {t["code"]: t["updated_on"] for t in TASKS if "updated_on" in t}
    plain = [{k: v for k, v in t.items() if k != "updated_on"} for t in TASKS]
    path = make_master(path, units=UNITS, tasks=plain)
    wb = openpyxl.load_workbook(path)
    ws = wb[TASK_SHEET.name]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == TASK_SHEET.label("code"))
    column = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    for row in range(header + 1, ws.max_row + 1):
        code = ws.cell(row, column[TASK_SHEET.label("code")]).value
        if code in updated:
            ws.cell(row, column[TASK_SHEET.label("updated_on")]).value = updated[code]
    log = wb[JOURNAL.name]
    for entry in JOURNAL_ROWS if journal is None else journal:
        log.append([datetime(2026, 6, 24, 9, 0), "bao-cao.xlsx", "0" * 64, *(entry.get(k) for k in JOURNAL.keys[3:])])
    if period is not None:
        wb.defined_names[CURRENT_PERIOD_NAME] = DefinedName(CURRENT_PERIOD_NAME, attr_text=f'"{period}"')
    wb.save(path)
    return path
