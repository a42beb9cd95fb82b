"""A reporting period label ("Tháng 3/2026", "Quý I/2026", "Tuần 12/2026") as the dates it covers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sheetsync.core.dates import last_day_of_month, parse_date_text, quarter_end
from sheetsync.core.text import fold

__all__ = ["Period", "cutoff_range", "period_range"]

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(?:/|-| | nam )(?P<year>\d{4})"
_QUARTER = r"(?:qu[yi] ?|q ?)(iv|iii|ii|i|[1-4])"
_MONTH = re.compile(rf"(?:ky )?thang ?(?P<month>\d{{1,2}}){_YEAR}")
_QUARTERS = re.compile(rf"(?:ky )?{_QUARTER}(?:-(?:{_QUARTER}|(iv|iii|ii|i|[1-4])))?{_YEAR}")
_WEEK = re.compile(rf"(?:ky )?tuan ?(?P<week>\d{{1,2}}){_YEAR}")
_FIRST_MONTHS = re.compile(rf"(?P<n>[369]) thang(?: dau)?(?: nam)?{_YEAR}")
_SECOND_HALF = re.compile(rf"6 thang cuoi(?: nam)?{_YEAR}")
_WHOLE_YEAR = re.compile(r"(?:ca )?nam ?(?P<year>\d{4})")
_RANGE = re.compile(r"(?:tu )?(?P<start>[\d/.]+) ?(?:-|den) ?(?P<end>[\d/.]+)")
_SEPARATORS = re.compile(r" ?([/.:-]) ?")


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
    key = _SEPARATORS.sub(r"\1", fold(label)).strip(" .,;:()")
    try:
        found = _parse(key)
    except ValueError:  # month 13, week 60, 31/02: not a period, so nothing to compare with
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
    if m := _MONTH.fullmatch(key):
        year, month = int(m["year"]), int(m["month"])
        return Period(date(year, month, 1), last_day_of_month(year, month))
    if m := _QUARTERS.fullmatch(key):
        numbers = [_quarter(t) for t in m.groups()[:3] if t]
        year = int(m["year"])
        first, last = numbers[0], numbers[-1]
        if last < first:
            return None
        return Period(date(year, 3 * first - 2, 1), quarter_end(year, last))
    if m := _WEEK.fullmatch(key):
        monday = date.fromisocalendar(int(m["year"]), int(m["week"]), 1)
        return Period(monday, monday + timedelta(days=6))
    if m := _FIRST_MONTHS.fullmatch(key):
        year = int(m["year"])
        return Period(date(year, 1, 1), last_day_of_month(year, int(m["n"])))
    if m := _SECOND_HALF.fullmatch(key):
        year = int(m["year"])
        return Period(date(year, 7, 1), date(year, 12, 31))
    if m := _WHOLE_YEAR.fullmatch(key):
        year = int(m["year"])
        return Period(date(year, 1, 1), date(year, 12, 31))
    if m := _RANGE.fullmatch(key):
        start, end = parse_date_text(m["start"]), parse_date_text(m["end"])
        if start is not None and end is not None and start <= end:
            return Period(start, end)
    return None


def _quarter(token: str) -> int:
    return _ROMAN.get(token) or int(token)
