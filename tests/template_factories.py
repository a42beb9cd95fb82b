"""Templates issued from the fixture master and filled in code the way a unit would fill them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from sheetsync.excel.cells import set_value
from sheetsync.excel.template_writer import DATE_ROW, HEADER_ROW, REPORTER_ROW
from sheetsync.jobs.templates import TemplatesResult, make_templates
from sheetsync.office.keyfile import read_key
from sheetsync.schema import TEMPLATE
from tests.factories import make_master

PERIOD = "Tháng 12/2026"
NOW = dt.datetime(2026, 12, 1, 9, 0)


def issue(tmp_path: Path, *, tasks: list[dict[str, Any]] | None = None) -> tuple[Path, TemplatesResult]:
    master = make_master(tmp_path / "so", tasks=tasks)
    result = make_templates(master, period=PERIOD, out=tmp_path / "mau", now=NOW, wait=0)
    assert not result.fatal, result.problems
    return master, result


def key_of(master: Path) -> bytes:
    key = read_key(master)
    assert key is not None
    return key


def template_of(result: TemplatesResult, unit_code: str) -> Path:
    return next(w.path for w in result.written if w.unit_code == unit_code)


def fill(
    template: Path,
    dest: Path,
    *,
    report_date: object = dt.date(2026, 12, 5),
    reporter: str | None = "Trần Thị B, chuyên viên",
    rows: dict[str, dict[str, Any]] | None = None,
    formulas: dict[str, dict[str, str]] | None = None,
) -> Path:
    """Type into the template as a unit does: the report date, the reporter, cells of the given rows.

    Text is stored as text (a unit's `=…` typed after an apostrophe); `formulas` are written as live formulas."""
    wb = openpyxl.load_workbook(template)
    ws = wb[TEMPLATE.name]
    ws.cell(row=DATE_ROW, column=4).value = report_date
    ws.cell(row=REPORTER_ROW, column=4).value = reporter
    columns = {key: index for index, key in enumerate(TEMPLATE.keys, start=1)}
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        changes = (rows or {}).get(str(ws.cell(row=row, column=1).value), {})
        for key, value in changes.items():
            set_value(ws.cell(row=row, column=columns[key]), value)
        for key, formula in (formulas or {}).get(str(ws.cell(row=row, column=1).value), {}).items():
            ws.cell(row=row, column=columns[key]).value = formula
    wb.save(dest)
    return dest
