"""Assessment, highlighting and the "Tổng hợp" sheet (issue 4 fills this in; the merge calls `refresh`)."""

from __future__ import annotations

import datetime as dt

from sheetsync.excel.master import MasterBook
from sheetsync.problems import Problem
from sheetsync.schema import DEFAULT_WARN_DAYS


def refresh(book: MasterBook, *, as_of: dt.date, warn_days: int = DEFAULT_WARN_DAYS) -> list[Problem]:
    """Recompute Hạn chót, Đánh giá, highlighting and "Tổng hợp" in the loaded workbook (no save).

    Integration seam: the summary work replaces this body; callers already call it after every change.
    """
    return []
