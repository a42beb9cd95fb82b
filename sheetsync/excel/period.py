"""The master's current period: the label of the latest `templates` run, kept as a workbook defined name."""

from __future__ import annotations

import re

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook

from sheetsync.schema import CURRENT_PERIOD_NAME

__all__ = ["period_from_text", "read_current_period", "write_current_period"]

# A defined name holding a text constant: ="Tháng 12/2026" is stored as "Tháng 12/2026" (quotes doubled
# inside). Excel and openpyxl keep it; staff see it only under Formulas › Name Manager.
_CONSTANT = re.compile(r'^=?"((?:[^"]|"")*)"$')


def write_current_period(wb: Workbook, label: str) -> None:
    text = '"' + label.replace('"', '""') + '"'
    if CURRENT_PERIOD_NAME in wb.defined_names:
        del wb.defined_names[CURRENT_PERIOD_NAME]
    wb.defined_names[CURRENT_PERIOD_NAME] = DefinedName(CURRENT_PERIOD_NAME, attr_text=text)


def read_current_period(wb: Workbook) -> str | None:
    """The recorded period label, or None when no `templates` run has recorded one (or it was damaged)."""
    defined = wb.defined_names.get(CURRENT_PERIOD_NAME)
    return period_from_text(defined.attr_text if defined is not None else None)


def period_from_text(refers_to: str | None) -> str | None:
    """The label from what the defined name refers to (`="Tháng 11/2026"`): exactly a text constant, or None.

    The file path reads it through openpyxl (above); the Excel button from what xlwings says (excelui/).
    """
    if not refers_to:
        return None
    match = _CONSTANT.match(refers_to.strip())
    if match is None:
        return None
    return match.group(1).replace('""', '"') or None
