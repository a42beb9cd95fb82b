"""Synthetic data for scripts/bench.py: a master of N tasks and U units with a year of history, and F signed,
filled submissions of about 20 rows each, all from one seed so every run measures the same bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from sheetsync.excel import styles
from sheetsync.excel.build_master import build_master
from sheetsync.excel.cells import set_value
from sheetsync.excel.master import MasterBook
from sheetsync.excel.template_writer import DATE_ROW, HEADER_ROW, REPORTER_ROW
from sheetsync.jobs.summary import refresh
from sheetsync.jobs.templates import make_templates
from sheetsync.schema import HISTORY, JOURNAL, PILLARS, PROGRAM_YEAR, TASKS, TEMPLATE, Outcome, Status

__all__ = ["AS_OF", "NOW", "Case", "make_case", "run_copy"]

PERIOD = f"Năm {PROGRAM_YEAR}"
ISSUED = dt.datetime(PROGRAM_YEAR, 1, 2, 8, 0)
FIRST_REPORT = dt.date(PROGRAM_YEAR, 1, 5)  # a Monday; unit u's week w report is dated FIRST_REPORT + 7w
AS_OF = dt.date(PROGRAM_YEAR, 12, 28)
NOW = dt.datetime(PROGRAM_YEAR, 12, 28, 8, 30)
ROWS_FILLED = 20  # rows a unit types into per report; templates may hold more (a city unit leads ~40 tasks)
MASTER = "ChuongTrinh2026.xlsx"

_VERBS = ["Triển khai", "Rà soát", "Nâng cao chất lượng", "Đẩy mạnh", "Tăng cường", "Hoàn thiện", "Kiểm tra"]
_OBJECTS = [
    "thủ tục hành chính trên môi trường điện tử",
    "công tác tiếp công dân và giải quyết đơn thư",
    "chuyển đổi số trong quản lý đô thị",
    "thu ngân sách nhà nước trên địa bàn",
    "công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "trật tự xây dựng, trật tự vỉa hè, lòng đường",
    "chăm sóc sức khỏe ban đầu cho người cao tuổi",
    "cải cách hành chính, kỷ luật, kỷ cương công vụ",
    "vệ sinh môi trường, phân loại rác thải tại nguồn",
    "an sinh xã hội và chính sách đối với người có công",
]
_DEADLINES = ["30/6/2026", "Quý II/2026", "Quý IV/2026", "Tháng 9/2026", "Năm 2026", "Thường xuyên", "trước 15/11"]
_RESULTS = [
    "Đã ban hành kế hoạch, phân công cán bộ phụ trách, tổ chức hội nghị quán triệt đến các tổ dân phố",
    "Hoàn thành rà soát {n} hồ sơ, đề xuất cắt giảm {k} thủ tục, cập nhật lên Cổng dịch vụ công",
    "Phối hợp kiểm tra {n} cơ sở, lập biên bản {k} trường hợp vi phạm, xử lý dứt điểm",
    "Tổ chức {k} buổi tuyên truyền, phát {n} tờ rơi, đăng tin trên trang thông tin điện tử phường",
]
_DIFFICULTIES = ["Thiếu kinh phí, nhân lực mỏng", "Người dân chưa đồng thuận", "", "", ""]
_PROPOSALS = ["Đề nghị UBND phường bổ sung kinh phí", "Đề nghị tập huấn nghiệp vụ", "", "", ""]
_WARDS = ["An Dương", "Lê Chân", "Hồng Bàng", "Ngô Quyền", "Hải An", "Kiến An", "Đồ Sơn", "Dương Kinh", "An Biên"]
_DEPARTMENTS = [
    ("VP", "Văn phòng HĐND và UBND", "VP HĐND-UBND; Văn phòng"),
    ("KTHTDT", "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng KT-HT&ĐT"),
    ("VHXH", "Phòng Văn hóa - Xã hội", "Phòng VH-XH"),
    ("CAP", "Công an phường", ""),
    ("QS", "Ban Chỉ huy quân sự phường", "BCHQS"),
    ("TTHCC", "Trung tâm Phục vụ hành chính công", "Bộ phận một cửa"),
    ("MTTQ", "Ủy ban MTTQ Việt Nam phường", "Mặt trận"),
    ("TYT", "Trạm Y tế phường", ""),
    ("DVDT", "Tổ Dịch vụ đô thị", ""),
    ("TCKT", "Bộ phận Tài chính - Kế toán", "Kế toán"),
]


@dataclass(frozen=True)
class Case:
    """One benchmark case: the master (with its key file) in `master_dir`, the submissions in `inbox`."""

    name: str
    n_tasks: int
    n_units: int
    n_files: int
    n_history: int
    folder: Path

    @property
    def master_dir(self) -> Path:
        return self.folder / "so"

    @property
    def inbox(self) -> Path:
        return self.folder / "hop-thu"


def _units(count: int) -> list[dict[str, Any]]:
    if count <= len(_DEPARTMENTS):
        chosen = _DEPARTMENTS[:count]
    else:  # a city department: one reporting unit per ward
        chosen = [
            (f"P{i:03d}", f"UBND phường {_WARDS[i % len(_WARDS)]} {i // len(_WARDS) + 1}", "") for i in range(count)
        ]
    return [
        {"code": code, "name": name, "aliases": aliases, "email": f"{code.lower()}@haiphong.gov.vn", "contact": ""}
        for code, name, aliases in chosen
    ]


def _tasks(rng: random.Random, count: int, units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # coordinating units per task so that a unit's template holds about ROWS_FILLED rows (never fewer than
    # the tasks it leads: a city ward leads ~40 of 5,000 tasks and fills ~20 of them a week)
    extra = max(0.5, ROWS_FILLED * len(units) / count - 1)
    tasks = []
    per_section = -(-count // 6)
    for index in range(count):
        pillar, section, item = index // (2 * per_section) + 1, (index // per_section) % 2 + 1, index % per_section + 1
        lead = units[index % len(units)]
        others = [u for u in units if u is not lead]
        k = min(len(others), int(extra) + (rng.random() < extra - int(extra)))
        task: dict[str, Any] = {
            "code": f"{pillar}.{section}.{item}",
            "pillar": PILLARS[pillar - 1],
            "content": f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} (nhiệm vụ {index + 1})",
            "lead": lead["code"],
            "coordinating": "; ".join(u["name"] for u in rng.sample(others, k)),
            "deadline": rng.choice(_DEADLINES),
        }
        if rng.random() < 0.5:
            task.update(status=Status.IN_PROGRESS.value, progress=rng.randrange(10, 60, 5))
        tasks.append(task)
    return tasks


def _age(master: Path, rng: random.Random, tasks: list[dict[str, Any]], units: list[dict[str, Any]], n: int) -> None:
    """A year of earlier runs: `n` "Lịch sử" rows, one "Nhật ký" row per 20 of them, as the merge writes them,
    and last week's "Tổng hợp" (the merge loads it, then builds it anew)."""
    wb = openpyxl.load_workbook(master, rich_text=True)
    history, journal = wb[HISTORY.name], wb[JOURNAL.name]
    fields = [TASKS.label(k) for k in ("status", "progress", "result", "difficulties", "coord_opinions")]
    start = dt.datetime(PROGRAM_YEAR, 1, 12, 8, 0)
    for index in range(n):
        time = start + dt.timedelta(minutes=index * 20)
        unit = units[index % len(units)]
        values = [
            time,
            tasks[rng.randrange(len(tasks))]["code"],
            fields[index % len(fields)],
            rng.choice(_RESULTS).format(n=index % 90 + 5, k=index % 7 + 1),
            rng.choice(_RESULTS).format(n=index % 80 + 9, k=index % 5 + 2),
            unit["name"],
            f"BaoCao_{unit['code']}_tuan-{index % 50 + 1}.xlsx",
        ]
        for column, value in enumerate(values, start=1):
            cell = history.cell(index + 2, column)
            set_value(cell, value)
            if column == 1:
                cell.number_format = styles.DATETIME_FORMAT
            elif column in (4, 5):
                cell.alignment = styles.WRAP
    for index in range(n // 20):
        unit = units[index % len(units)]
        name = f"BaoCao_{unit['code']}_tuan-{index % 50 + 1}.xlsx"
        values = [
            start + dt.timedelta(hours=index),
            name,
            hashlib.sha256(f"cu-{index}".encode()).hexdigest(),
            unit["name"],
            PERIOD,
            FIRST_REPORT + dt.timedelta(days=index % 300),
            Outcome.ACCEPTED.value,
            20,
            "",
        ]
        for column, value in enumerate(values, start=1):
            set_value(journal.cell(index + 2, column), value)
    refresh(MasterBook(master, wb), as_of=AS_OF - dt.timedelta(days=7))
    wb.save(master)


def _fill(rng: random.Random, template: Path, dest_of: list[tuple[Path, int]]) -> None:
    """Type each week's report into the unit's template and save it as one submission per week."""
    wb = openpyxl.load_workbook(template)
    ws = wb[TEMPLATE.name]
    column = {key: index for index, key in enumerate(TEMPLATE.keys, start=1)}
    rows = [r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 2).value in ("Chủ trì", "Phối hợp")]
    for dest, week in dest_of:
        day = FIRST_REPORT + dt.timedelta(days=7 * week)
        ws.cell(DATE_ROW, 4).value = day
        ws.cell(REPORTER_ROW, 4).value = "Nguyễn Thị Hương, chuyên viên"
        start = (week * ROWS_FILLED) % max(1, len(rows))
        for row in (rows[(start + i) % len(rows)] for i in range(min(ROWS_FILLED, len(rows)))):
            text = rng.choice(_RESULTS).format(n=rng.randrange(5, 200), k=rng.randrange(1, 9))
            values: dict[str, Any] = {"result": f"Tuần {week + 1}: {text}"}
            values["difficulties"] = rng.choice(_DIFFICULTIES) or None
            values["proposals"] = rng.choice(_PROPOSALS) or None
            if ws.cell(row, 2).value == "Chủ trì":
                progress = min(100, 10 + 2 * week + rng.randrange(0, 10))
                done = progress == 100
                values["status"] = (Status.DONE if done else Status.IN_PROGRESS).value
                values["progress"] = progress
                values["completed_on"] = day - dt.timedelta(days=1) if done else None
            for key, value in values.items():
                set_value(ws.cell(row, column[key]), value)
        wb.save(dest)


def make_case(name: str, folder: Path, *, tasks: int, units: int, files: int, history: int, seed: int = 2026) -> Case:
    """Build the case in `folder` (emptied first): master, key, history, and `files` submissions."""
    rng = random.Random(f"{seed}-{name}")
    case = Case(name, tasks, units, files, history, folder)
    shutil.rmtree(folder, ignore_errors=True)
    case.master_dir.mkdir(parents=True)
    case.inbox.mkdir()
    unit_rows = _units(units)
    task_rows = _tasks(rng, tasks, unit_rows)
    master = case.master_dir / MASTER
    build_master(unit_rows, task_rows, master)
    issued = make_templates(master, period=PERIOD, out=folder / "mau", now=ISSUED, wait=0)
    assert not issued.fatal and issued.written, issued.problems
    # the templates are issued before the history is added, which keeps building the case cheap
    _age(master, rng, task_rows, unit_rows, history)
    for backup in (case.master_dir / "sao-luu").glob("*"):
        backup.unlink()
    # F reports spread over the units round-robin, week after week: file i is unit i % W's report of week i // W
    written = issued.written
    plan: dict[Path, list[tuple[Path, int]]] = {w.path: [] for w in written}
    for index in range(files):
        template = written[index % len(written)]
        week = (index // len(written)) % 50
        dest = case.inbox / f"{index:04d}_BaoCao_{template.unit_code}_tuan-{week + 1:02d}.xlsx"
        plan[template.path].append((dest, week))
    for template, dests in plan.items():
        if dests:
            _fill(rng, template, dests)
    return case


def run_copy(case: Case, dest: Path, *, files: int | None = None) -> tuple[Path, Path]:
    """A fresh copy of the master folder and of the first `files` submissions (the merge moves its inputs)."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(case.master_dir, dest / "so")
    inbox = dest / "hop-thu"
    inbox.mkdir()
    for path in sorted(case.inbox.iterdir())[:files]:
        shutil.copy2(path, inbox / path.name)
    return dest / "so" / MASTER, inbox
