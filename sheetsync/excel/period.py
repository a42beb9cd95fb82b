"""The current period: the label the latest `templates` run recorded in the master as a defined name."""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from sheetsync.core.text import clean
from sheetsync.schema import CURRENT_PERIOD_NAME

__all__ = ["read_current_period"]


def read_current_period(wb: Workbook) -> str | None:
    """The label, or None before any `templates` run (or when the name holds anything but a text constant)."""
    defined = wb.defined_names.get(CURRENT_PERIOD_NAME)
    if defined is None or defined.attr_text is None:
        return None
    text = defined.attr_text.strip()
    # a string constant in a formula: "Tháng 6/2026", inner quotes doubled
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        return None
    label = clean(text[1:-1].replace('""', '"'))
    return label or None
