"""The master's current period: the label of the latest `templates` run, its due date and the days it covers,
kept as workbook defined names."""

from __future__ import annotations

import datetime as dt
import re

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook

from sheetsync.core.periods import Period
from sheetsync.core.reporting import ReportingPeriod
from sheetsync.schema import CURRENT_DUE_NAME, CURRENT_PERIOD_NAME, CURRENT_RANGE_NAME

__all__ = [
    "constant_text",
    "decode_reporting_period",
    "read_current_period",
    "read_reporting_period",
    "write_current_period",
    "write_reporting_period",
]

# A defined name holding a text constant: ="Tháng 12/2026" is stored as "Tháng 12/2026" (quotes doubled
# inside). Excel and openpyxl keep it; staff see it only under Formulas › Name Manager.
_CONSTANT = re.compile(r'^=?"((?:[^"]|"")*)"$')
# the range as "2026-11-15/2026-12-14/nd09" (NĐ 09/2019 cut-off) or ".../lich" (calendar months)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})/(nd09|lich)$")
_CUTOFF_WORD = {True: "nd09", False: "lich"}


def _write_text(wb: Workbook, name: str, text: str | None) -> None:
    if name in wb.defined_names:
        del wb.defined_names[name]
    if text is not None:
        wb.defined_names[name] = DefinedName(name, attr_text='"' + text.replace('"', '""') + '"')


def _read_text(wb: Workbook, name: str) -> str | None:
    defined = wb.defined_names.get(name)
    return constant_text(defined.attr_text if defined is not None else None)


def constant_text(refers_to: str | None) -> str | None:
    """The text of a defined name that holds a text constant; None for anything else (or damaged)."""
    if not refers_to:
        return None
    match = _CONSTANT.match(refers_to.strip())
    if match is None:
        return None
    return match.group(1).replace('""', '"') or None


def write_current_period(wb: Workbook, label: str) -> None:
    _write_text(wb, CURRENT_PERIOD_NAME, label)


def read_current_period(wb: Workbook) -> str | None:
    """The recorded period label, or None when no `templates` run has recorded one (or it was damaged)."""
    return _read_text(wb, CURRENT_PERIOD_NAME)


def write_reporting_period(wb: Workbook, period: ReportingPeriod) -> None:
    """The label, the due date and the range together: a later `templates` run replaces all three."""
    write_current_period(wb, period.label)
    _write_text(wb, CURRENT_DUE_NAME, period.due.isoformat() if period.due else None)
    span = period.span
    text = f"{span.start.isoformat()}/{span.end.isoformat()}/{_CUTOFF_WORD[period.cutoff]}" if span else None
    _write_text(wb, CURRENT_RANGE_NAME, text)


def read_reporting_period(wb: Workbook) -> ReportingPeriod | None:
    return decode_reporting_period(
        read_current_period(wb), _read_text(wb, CURRENT_DUE_NAME), _read_text(wb, CURRENT_RANGE_NAME)
    )


def decode_reporting_period(label: str | None, due: str | None, span: str | None) -> ReportingPeriod | None:
    """From the three recorded texts (the Excel button reads them through xlwings); a damaged due date or range
    reads as none recorded, never as a guess."""
    if label is None:
        return None
    try:
        due_date = dt.date.fromisoformat(due) if due else None
    except ValueError:
        due_date = None
    match = _RANGE.match(span or "")
    if match is None:
        return ReportingPeriod(label, due_date)
    try:
        start, end = dt.date.fromisoformat(match.group(1)), dt.date.fromisoformat(match.group(2))
    except ValueError:
        return ReportingPeriod(label, due_date)
    if end < start:
        return ReportingPeriod(label, due_date)
    return ReportingPeriod(label, due_date, Period(start, end), match.group(3) == "nd09")
