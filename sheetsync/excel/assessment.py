"""Write the tool's two computed task cells, Hạn chót and Đánh giá, into "Nhiệm vụ" (found by header)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.core.program import Task
from sheetsync.core.summary import Assessed
from sheetsync.excel import styles
from sheetsync.excel.cells import set_text

__all__ = ["write_assessments"]


def write_assessments(ws: Worksheet, tasks: Sequence[Task], assessed: Sequence[Assessed]) -> int:
    """Hạn chót from Thời hạn (empty for ongoing or unreadable), Đánh giá as of the run date.

    Only these two cells of each task row are touched: staff columns and formats stay as they are,
    except that a Hạn chót cell gets the dd/mm/yyyy format a date needs. Returns the cells changed.
    """
    changed = 0
    for task, result in zip(tasks, assessed, strict=True):
        due_cell = ws[task.row.cell("due")]
        if _date_of(due_cell.value) != task.due or (task.due is None and due_cell.value is not None):
            due_cell.value = task.due
            changed += 1
        if task.due is not None and due_cell.number_format != styles.DATE_FORMAT:
            due_cell.number_format = styles.DATE_FORMAT
        text = result.assessment.value if result.assessment is not None else None
        shown = ws[task.row.cell("assessment")]
        if shown.value != text:
            set_text(shown, text)
            changed += 1
    return changed


def _date_of(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None
