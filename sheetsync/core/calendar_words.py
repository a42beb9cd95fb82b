"""One grammar for the calendar words that deadlines (Thời hạn) and reporting periods (kỳ báo cáo) share.

"Quý II/2026", "tháng 11, tháng 12", "6 tháng đầu năm", "12/2026", "Năm 2026": a deadline means the last
day of the span such a phrase names, a period the whole span. Both read it here, so a phrase the office
types as a period label and as a Thời hạn can never mean two different things.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from itertools import pairwise

from sheetsync.core.dates import MAX_YEAR, MIN_YEAR, last_day_of_month, quarter_end
from sheetsync.core.text import fold

__all__ = ["Span", "calendar_key", "calendar_span"]

Span = tuple[date, date]  # first and last day, both inclusive

_AROUND_SEPARATORS = re.compile(r" ?([/.:-]) ?")
_SPACES = re.compile(r" +")
OUTER_PUNCTUATION = " .,;:()[]"

_YEAR = r"(?:(?:/|-| | nam )(?P<year>\d{4}))?"
# several periods: "Quý II-III", "tháng 11, tháng 12", "quý I và quý II", "quý II đến quý III"
_LIST_SEP = r"(?:-|, ?| va | den )"

_QUARTER_WORD = r"(?:qu[yi] ?|q ?)"
_QUARTER_NUMBER = r"(?:iv|iii|ii|i|[1-4])(?![\w])"
_QUARTERS = re.compile(
    rf"(?P<items>{_QUARTER_WORD}{_QUARTER_NUMBER}(?:{_LIST_SEP}(?:{_QUARTER_WORD})?{_QUARTER_NUMBER})*){_YEAR}"
)
_QUARTER_TOKEN = re.compile(r"(iv|iii|ii|i|[1-4])(?![\w])")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_MONTH_NUMBER = r"\d{1,2}(?!\d)"
_MONTHS = re.compile(rf"(?P<items>thang ?{_MONTH_NUMBER}(?:{_LIST_SEP}(?:thang ?)?{_MONTH_NUMBER})*){_YEAR}")
_MONTH_TOKEN = re.compile(r"(\d{1,2})(?!\d)")
# "12/2026": a month and a four-digit year, without the word "tháng" (never a day: no month 2026)
_MONTH_YEAR = re.compile(r"(?P<items>\d{1,2})/(?P<year>\d{4})")

# "6 tháng đầu năm" = first half, "9 tháng" = the nine-month report, "6 tháng cuối năm" = second half
_FIRST_MONTHS = re.compile(rf"(?P<n>[369]) thang(?: dau)?(?: nam)?{_YEAR}")
_SECOND_HALF = re.compile(rf"6 thang cuoi(?: nam)?{_YEAR}")
_WHOLE_YEAR = re.compile(r"(?:ca )?nam(?:(?:/|-| )?(?P<year>\d{4}))?")


def calendar_key(text: object) -> str:
    """The text as the grammar reads it: folded (no case, no marks), separators tight, outer punctuation off."""
    key = _AROUND_SEPARATORS.sub(r"\1", fold(text)).strip(OUTER_PUNCTUATION)
    return _SPACES.sub(" ", key).strip(OUTER_PUNCTUATION)


def calendar_span(key: str, default_year: int | None) -> Span | None:
    """The days a folded phrase naming months, quarters, a half or a whole year covers.

    None when it is no such phrase, names an impossible period ("Quý 5", "Quý III-II", "Tháng 13"), or
    carries no year and `default_year` is None (period labels must name their year).
    """
    if m := _QUARTERS.fullmatch(key):
        quarters = [_ROMAN.get(t) or int(t) for t in _QUARTER_TOKEN.findall(m["items"])]
        return _between(quarters, 4, m["year"], default_year, lambda y, q: (date(y, 3 * q - 2, 1), quarter_end(y, q)))
    if (m := _MONTHS.fullmatch(key)) or (m := _MONTH_YEAR.fullmatch(key)):
        months = [int(t) for t in _MONTH_TOKEN.findall(m["items"])]
        return _between(months, 12, m["year"], default_year, lambda y, n: (date(y, n, 1), last_day_of_month(y, n)))
    if m := _FIRST_MONTHS.fullmatch(key):
        year = _year(m["year"], default_year)
        return None if year is None else (date(year, 1, 1), last_day_of_month(year, int(m["n"])))
    if m := _SECOND_HALF.fullmatch(key):
        year = _year(m["year"], default_year)
        return None if year is None else (date(year, 7, 1), date(year, 12, 31))
    if m := _WHOLE_YEAR.fullmatch(key):
        year = _year(m["year"], default_year)
        return None if year is None else (date(year, 1, 1), date(year, 12, 31))
    return None


def _between(
    numbers: list[int], highest: int, digits: str | None, default_year: int | None, bounds: Callable[[int, int], Span]
) -> Span | None:
    """From the first to the last period named, when every one exists and they run forward
    ("Quý III-II" is a slip, not a range)."""
    year = _year(digits, default_year)
    if year is None or not numbers or any(not 1 <= n <= highest for n in numbers):
        return None
    if any(b <= a for a, b in pairwise(numbers)):
        return None
    return bounds(year, numbers[0])[0], bounds(year, numbers[-1])[1]


def _year(digits: str | None, default_year: int | None) -> int | None:
    year = default_year if digits is None else int(digits)
    return year if year is not None and MIN_YEAR <= year <= MAX_YEAR else None
