"""Thời hạn: turn a deadline as the program writes it (a date or a Vietnamese phrase) into a due date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise

from sheetsync.core.dates import (
    MAX_YEAR,
    MIN_YEAR,
    format_date,
    last_day_of_month,
    parse_date_text,
    quarter_end,
)
from sheetsync.core.text import clean, fold
from sheetsync.schema import PROGRAM_YEAR

__all__ = ["Deadline", "parse_deadline"]


@dataclass(frozen=True)
class Deadline:
    """The deadline as written (`text`) and the last day it allows (`due`, inclusive; None = ongoing)."""

    text: str
    due: date | None

    @property
    def ongoing(self) -> bool:
        return self.due is None


# Words around the deadline that do not change it: "hoàn thành trong quý II", "trước ngày 30/6" (the
# office reads "trước" inclusively, SPEC.md), "chậm nhất vào ngày …", "thực hiện thường xuyên".
_FILLER = re.compile(r"\b(?:hoan thanh|thuc hien|cham nhat|truoc|trong|vao|den het)\b")
_AROUND_SEPARATORS = re.compile(r" ?([/.:-]) ?")
_SPACES = re.compile(r" +")
_OUTER_PUNCTUATION = " .,;:()[]"

_YEAR = r"(?:(?:/|-| | nam )(?P<year>\d{4}))?"
# several periods: "Quý II-III", "tháng 11, tháng 12", "quý I và quý II", "quý II đến quý III"
_LIST_SEP = r"(?:-|, ?| va | den )"

_ONGOING_WORD = r"(?:thuong xuyen|lien tuc|hang (?:ngay|tuan|thang|quy|nam))"
_ONGOING = re.compile(rf"{_ONGOING_WORD}(?:(?:, ?|; ?|-| va | ){_ONGOING_WORD})*")

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

# "6 tháng đầu năm" = first half, "9 tháng" = the nine-month report, "6 tháng cuối năm" = second half
_FIRST_MONTHS = re.compile(rf"(?P<n>[369]) thang(?: dau)?(?: nam)?{_YEAR}")
_SECOND_HALF = re.compile(rf"6 thang cuoi(?: nam)?{_YEAR}")
_WHOLE_YEAR = re.compile(rf"(?:ca )?nam{_YEAR}")
_STAGE = re.compile(r"(?:giai doan )?(?P<start>\d{4})(?:-| den )(?P<end>\d{4})")


def parse_deadline(value: object, *, year: int = PROGRAM_YEAR) -> Deadline | None:
    """The deadline a Thời hạn cell means, or None when it cannot be understood (never a guess).

    A phrase without a year ("Quý II", "trước 30/6", "Cả năm") belongs to `year`, the program year.
    Every due date is inclusive: the task is on time if done on that day.
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        in_window = MIN_YEAR <= value.year <= MAX_YEAR
        return Deadline(format_date(value), value) if in_window else None
    if not isinstance(value, str):
        # a number in a Thời hạn cell (2026, 30.6) is a slip for a phrase or a date: ask, don't guess
        return None
    text = clean(value)
    key = _key(text)
    if not key:
        return None
    if _ONGOING.fullmatch(key):
        return Deadline(text, None)
    due = _due(key, year)
    return None if due is None else Deadline(text, due)


def _key(text: str) -> str:
    key = _AROUND_SEPARATORS.sub(r"\1", fold(text)).strip(_OUTER_PUNCTUATION)
    key = _FILLER.sub(" ", key)
    return _SPACES.sub(" ", key).strip(_OUTER_PUNCTUATION)


def _due(key: str, default_year: int) -> date | None:
    """The last day the phrase allows; None when it is no phrase we know or names an impossible period."""
    exact = parse_date_text(key, default_year=default_year)
    if exact is not None:
        return exact
    if m := _QUARTERS.fullmatch(key):
        quarters = [_quarter_number(t) for t in _QUARTER_TOKEN.findall(m["items"])]
        year = _year(m["year"], default_year)
        last = _last_of_ascending(quarters, 4)
        return None if year is None or last is None else quarter_end(year, last)
    if m := _MONTHS.fullmatch(key):
        months = [int(t) for t in _MONTH_TOKEN.findall(m["items"])]
        year = _year(m["year"], default_year)
        last = _last_of_ascending(months, 12)
        return None if year is None or last is None else last_day_of_month(year, last)
    if m := _FIRST_MONTHS.fullmatch(key):
        year = _year(m["year"], default_year)
        return None if year is None else last_day_of_month(year, int(m["n"]))
    if (m := _SECOND_HALF.fullmatch(key)) or (m := _WHOLE_YEAR.fullmatch(key)):
        year = _year(m["year"], default_year)
        return None if year is None else date(year, 12, 31)
    if m := _STAGE.fullmatch(key):
        start, end = int(m["start"]), int(m["end"])
        valid = MIN_YEAR <= start <= end <= MAX_YEAR
        return date(end, 12, 31) if valid else None
    return None


def _quarter_number(token: str) -> int:
    return _ROMAN.get(token) or int(token)


def _year(digits: str | None, default_year: int) -> int | None:
    year = default_year if digits is None else int(digits)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _last_of_ascending(numbers: list[int], highest: int) -> int | None:
    """The last period named, when every one exists and they run forward ("Quý III-II" is a slip)."""
    if not numbers or any(not 1 <= n <= highest for n in numbers):
        return None
    if any(b <= a for a, b in pairwise(numbers)):
        return None
    return numbers[-1]
