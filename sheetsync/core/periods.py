"""A reporting period label ("Tháng 3/2026", "Quý I/2026", "Tuần 12/2026") as the dates it covers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sheetsync.core.calendar_words import calendar_key, calendar_span
from sheetsync.core.dates import last_day_of_month, parse_date_text

__all__ = ["Period", "cutoff_range", "period_range"]

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


def period_range(label: str, *, cutoff: bool = False) -> Period | None:
    """The days a period label covers; None when the label is no period we know (no check is then made).

    `cutoff`: the data cut-off of Nghị định 09/2019 (Điều 12) instead of calendar months, see `cutoff_range`.
    """
    key = _KY.sub("", calendar_key(label))
    try:
        found = _parse(key)
    except ValueError:  # week 60, 31/02: not a period, so nothing to compare with
        return None
    return cutoff_range(found) if cutoff and found is not None else found


def cutoff_range(period: Period) -> Period:
    """NĐ 09/2019 Điều 12: a month runs from the 15th of the previous month to the 14th; a quarter, half year,
    nine months or year from the 15th of the month before its first month to the 14th of its last month
    (Tháng 3/2026 = 15/02–14/03/2026, Năm 2026 = 15/12/2025–14/12/2026). A week or a range of dates that does
    not run from a 1st to a month's end is kept as it is."""
    if period.start.day != 1 or period.end != last_day_of_month(period.end.year, period.end.month):
        return period
    before = period.start - timedelta(days=1)
    return Period(date(before.year, before.month, 15), date(period.end.year, period.end.month, 14))


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
