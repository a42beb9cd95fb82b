"""Fill a unit's template the way a unit does in Excel: for the trial run (`chay-thu`), the benchmark and tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl

from sheetsync.excel.cells import set_value
from sheetsync.excel.template_writer import DATE_ROW, HEADER_ROW, PHONE_ROW, REPORTER_ROW
from sheetsync.schema import TEMPLATE

_INPUT_COLUMN = 4  # the cell right of each header-block label


def fill_template(
    template: Path,
    dest: Path,
    *,
    report_date: Any,
    reporter: str | None = None,
    phone: str | None = None,
    rows: Mapping[str, Mapping[str, Any]] | None = None,
    formulas: Mapping[str, Mapping[str, str]] | None = None,
) -> Path:
    """Type the report date, the reporter and the given cells (task code → column key → value).

    Text goes in as text, the way a unit's typing does; `formulas` are written as live formulas."""
    wb = openpyxl.load_workbook(template)
    ws = wb[TEMPLATE.name]
    ws.cell(row=DATE_ROW, column=_INPUT_COLUMN).value = report_date
    if reporter is not None:
        ws.cell(row=REPORTER_ROW, column=_INPUT_COLUMN).value = reporter
    if phone is not None:
        ws.cell(row=PHONE_ROW, column=_INPUT_COLUMN).value = phone
    columns = {key: index for index, key in enumerate(TEMPLATE.keys, start=1)}
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        code = str(ws.cell(row=row, column=1).value)
        for key, value in (rows or {}).get(code, {}).items():
            set_value(ws.cell(row=row, column=columns[key]), value)
        for key, formula in (formulas or {}).get(code, {}).items():
            ws.cell(row=row, column=columns[key]).value = formula
    wb.save(dest)
    return dest
