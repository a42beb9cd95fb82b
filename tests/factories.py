"""Fixture workbooks built in code: a small, readable program that tests tweak row by row."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from sheetsync.excel.build_master import build_master

UNITS: list[dict[str, Any]] = [
    {"code": "VP", "name": "Văn phòng HĐND và UBND", "aliases": "VP HĐND-UBND; Văn phòng", "contact": "Nguyễn Văn A"},
    {"code": "KTHTDT", "name": "Phòng Kinh tế, Hạ tầng và Đô thị", "aliases": "Phòng KT-HT&ĐT"},
    {"code": "VHXH", "name": "Phòng Văn hóa - Xã hội", "aliases": "Phòng VH-XH"},
    {"code": "CAP", "name": "Công an phường", "aliases": ""},
]

TASKS: list[dict[str, Any]] = [
    {
        "code": "1.1.1",
        "pillar": "Chủ động thực thi",
        "content": "Rà soát, đơn giản hóa thủ tục hành chính",
        "lead": "VP",
        "coordinating": "Phòng KT-HT&ĐT; Công an phường",
        "deadline": "30/6/2026",
    },
    {
        "code": "1.1.2",
        "pillar": "Chủ động thực thi",
        "content": "Thu ngân sách trên địa bàn đạt dự toán",
        "lead": "KTHTDT",
        "coordinating": "VP",
        "deadline": "Quý IV/2026",
        "status": "Đang thực hiện",
        "progress": 60,
    },
    {
        "code": "1.1.7",
        "pillar": "Chủ động thực thi",
        "content": "Tổ chức bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp",
        "lead": "VP",
        "coordinating": "Công an phường; Phòng Văn hóa - Xã hội",
        "deadline": "Tháng 3/2026",
        "status": "Đã hoàn thành",
        "progress": 100,
        "completed_on": "15/03/2026",
        "result": "Tổ chức bầu cử thành công",
    },
    {
        "code": "2.1.1",
        "pillar": "Kỷ cương hiệu quả",
        "content": "Siết chặt kỷ luật, kỷ cương hành chính",
        "lead": "VHXH",
        "coordinating": "",
        "deadline": "Thường xuyên",
    },
    {
        "code": "2.2.1",
        "pillar": "Kỷ cương hiệu quả",
        "content": "Bảo đảm an ninh trật tự trên địa bàn",
        "lead": "CAP",
        "coordinating": "VP",
        "deadline": "trước ngày 15/12/2026",
    },
    {
        "code": "3.1.1",
        "pillar": "Chính quyền thân thiện",
        "content": "Nâng cao chất lượng tiếp công dân",
        "lead": "VP",
        "coordinating": "Phòng Văn hóa - Xã hội",
        "deadline": "Năm 2026",
    },
]


def tasks(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    """The default tasks; `tasks(**{"1.1.2": {"status": "xong"}})` changes one row's fields."""
    rows = copy.deepcopy(TASKS)
    for row in rows:
        row.update(changes.get(row["code"], {}))
    return rows


def make_master(
    path: Path,
    *,
    units: list[dict[str, Any]] | None = None,
    tasks: list[dict[str, Any]] | None = None,
) -> Path:
    """A small master at `path` (a file path, or a folder to put ChuongTrinh2026.xlsx in)."""
    if path.suffix != ".xlsx":
        path.mkdir(parents=True, exist_ok=True)
        path = path / "ChuongTrinh2026.xlsx"
    build_master(
        copy.deepcopy(UNITS if units is None else units),
        copy.deepcopy(TASKS if tasks is None else tasks),
        path,
    )
    return path
