"""Read back what the tool wrote: "Tổng hợp" tables by their header cell, task cells by header text."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.schema import TASKS


def summary_table(ws: Worksheet, first_header: str, *, column: int = 2) -> list[dict[str, Any]]:
    """Rows under the header row whose `column` holds `first_header`, keyed by header text, to the first gap."""
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, column).value == first_header)
    names = {c: ws.cell(header, c).value for c in range(1, ws.max_column + 1) if ws.cell(header, c).value}
    rows = []
    for r in range(header + 1, ws.max_row + 1):
        values = {name: ws.cell(r, c).value for c, name in names.items()}
        if all(v is None for v in values.values()):
            break
        rows.append(values)
    return rows


def texts(ws: Worksheet) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def task_header(ws: Worksheet) -> tuple[int, dict[str, int]]:
    """The header row of "Nhiệm vụ" and label -> column, wherever staff moved things."""
    for r in range(1, 30):
        labels = {ws.cell(r, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(r, c).value}
        if TASKS.label("code") in labels and TASKS.label("assessment") in labels:
            return r, labels
    raise AssertionError("no header row")


def task_cells(ws: Worksheet, key: str) -> dict[str, Any]:
    """Mã NV -> the value of column `key` (a TASKS key) on that row."""
    header, labels = task_header(ws)
    code, wanted = labels[TASKS.label("code")], labels[TASKS.label(key)]
    found = {}
    for r in range(header + 1, ws.max_row + 1):
        if ws.cell(r, code).value:
            found[ws.cell(r, code).value] = ws.cell(r, wanted).value
    return found


def cell_xfs_count(path: Path) -> int:
    """The number of cell formats in the saved file: what grows when styles pile up."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/styles.xml").decode()
    match = re.search(r'<cellXfs count="(\d+)"', xml)
    assert match is not None
    return int(match.group(1))


def dxf_count(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/styles.xml").decode()
    match = re.search(r'<dxfs count="(\d+)"', xml)
    return int(match.group(1)) if match else 0


def cf_rules(path: Path) -> list[tuple[str, str, int | None]]:
    """(range, first formula, priority) of every conditional-formatting rule on "Nhiệm vụ"."""
    import openpyxl

    ws = openpyxl.load_workbook(path)[TASKS.name]
    return [(str(cf.sqref), rule.formula[0], rule.priority) for cf in ws.conditional_formatting for rule in cf.rules]


def our_formulas(path: Path) -> list[str]:
    from sheetsync.excel.highlight import MARKER

    return [formula for _, formula, _ in cf_rules(path) if MARKER in formula]
