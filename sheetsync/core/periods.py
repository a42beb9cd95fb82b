"""A reporting period label ("Tháng 3/2026", "Quý I/2026", "Tuần 12/2026") as the dates it covers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sheetsync.core.calendar_words import calendar_key, calendar_span
from sheetsync.core.dates import parse_date_text

__all__ = ["Period", "period_range"]

# months, quarters, halves and years are read by the grammar deadlines share (core.calendar_words);
# only weeks and explicit date ranges are a period's own
_KY = re.compile(r"^ky\b ?")
_WEEK = re.compile(r"tuan ?(?P<week>\d{1,2})(?:/|-| | nam )(?P<year>\d{4})")
_RANGE = re.compile(r"(?:tu )?(?P<start>[\d/.]+) ?(?:-|den) ?(?P<end>[\d/.]+)")


@dataclass(frozen=True)
class Period:
    """The first and last day of a period, both inclusive."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def period_range(label: str) -> Period | None:
    """The days a period label covers; None when the label is no period we know (no check is then made)."""
    key = _KY.sub("", calendar_key(label))
    try:
        return _parse(key)
    except ValueError:  # week 60, 31/02: not a period, so nothing to compare with
        return None


def _parse(key: str) -> Period | None:
    if (span := calendar_span(key, None)) is not None:
        return Period(*span)
    if m := _WEEK.fullmatch(key):
        monday = date.fromisocalendar(int(m["year"]), int(m["week"]), 1)
        return Period(monday, monday + timedelta(days=6))
    if m := _RANGE.fullmatch(key):
        start, end = parse_date_text(m["start"]), parse_date_text(m["end"])
        if start is not None and end is not None and start <= end:
            return Period(start, end)
    return None
