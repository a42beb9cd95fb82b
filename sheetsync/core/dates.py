"""Calendar dates from spreadsheet cells: real dates, Excel serials and Vietnamese d/m/y text."""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sheetsync.core.text import clean, fold

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "BadDate",
    "format_date",
    "last_day_of_month",
    "make_date",
    "parse_cell_date",
    "parse_date_text",
    "quarter_end",
]

# A date outside this window is a typing slip (a bare "5" in a date cell shows as 05/01/1900; "2062" for
# "2026"), never a real report or deadline, so it is refused rather than stored.
MIN_YEAR = 1990
MAX_YEAR = 2100

# Excel's 1900 date system counts 1900 as a leap year (a Lotus 1-2-3 bug kept for compatibility):
# serial 60 is the non-existent 29/02/1900 and every later serial is one day "too far".
_EXCEL_EPOCH = date(1899, 12, 30)
_FAKE_LEAP_DAY = 60

# Two-digit years: Excel reads 00-29 as 20xx and 30-99 as 19xx. Only 00-29 mean the same to Excel and
# to the office (a "30/6/95" could be 1995 or 2095), so only those are accepted.
_TWO_DIGIT_YEAR_LIMIT = 29

_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
# d/m/y with one separator used throughout; dots come from "20.7.2020", dashes from typists and CSV.
_DMY = re.compile(r"(?:ngay ?)?(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?" + _TIME)
# ISO order, as LibreOffice, CSV exports and pandas write dates; the four-digit year makes it unambiguous.
_YMD = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})" + _TIME)
_WORDS = re.compile(r"(?:ngay )?(\d{1,2}) thang (\d{1,2})(?:,? nam (\d{4}))?")
_AROUND_SEPARATORS = re.compile(r" ?([/.:-]) ?")


@dataclass(frozen=True)
class BadDate:
    """A non-empty cell that is not a usable date; `text` is what was typed, for the problem message."""

    text: str


def format_date(d: date) -> str:
    """The office's way of writing a date: dd/mm/yyyy."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def last_day_of_month(year: int, month: int) -> date:
    """31/01, 28 or 29/02, 30/06 …; a month outside 1-12 is a bug in the caller (ValueError)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1-12, got {month}")
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, q: int) -> date:
    """31/03, 30/06, 30/09 or 31/12; a quarter outside 1-4 is a bug in the caller (ValueError)."""
    if not 1 <= q <= 4:
        raise ValueError(f"quarter must be 1-4, got {q}")
    return last_day_of_month(year, 3 * q)


def make_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (31/02) or lies outside MIN_YEAR..MAX_YEAR."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_cell_date(value: object, *, default_year: int | None = None) -> date | BadDate | None:
    """Read a date cell: None when blank, a date when it is one, BadDate otherwise (never a guess).

    Text is always day/month/year (Vietnamese), never month/day. `dd/mm` without a year takes
    `default_year`; without one it is a BadDate.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _in_window(value.date())
    if isinstance(value, date):
        return _in_window(value)
    if isinstance(value, time):
        # a time-only cell (Excel serial below 1) carries no date at all
        return BadDate(value.isoformat())
    if isinstance(value, bool):
        return BadDate(str(value))
    if isinstance(value, int | float):
        return _from_serial(value)
    if isinstance(value, str):
        if not clean(value):
            return None
        found = parse_date_text(value, default_year=default_year)
        return found if found is not None else BadDate(clean(value))
    return BadDate(clean(str(value)))


def _in_window(d: date) -> date | BadDate:
    # a date cell holding a slip such as 5 displays as 05/01/1900: refuse it like the typed serial
    return d if MIN_YEAR <= d.year <= MAX_YEAR else BadDate(format_date(d))


def _from_serial(serial: float) -> date | BadDate:
    whole = isinstance(serial, int) or (serial.is_integer() and abs(serial) < 1e15)
    shown = str(int(serial)) if whole else repr(serial)
    if not math.isfinite(serial) or serial < 1 or int(serial) == _FAKE_LEAP_DAY:
        return BadDate(shown)
    days = int(serial)  # a fraction is the time of day
    if days < _FAKE_LEAP_DAY:
        days += 1  # before the fake leap day serials are one day "short"
    try:
        d = _EXCEL_EPOCH + timedelta(days=days)
    except OverflowError:
        return BadDate(shown)
    return d if MIN_YEAR <= d.year <= MAX_YEAR else BadDate(shown)


def _year(digits: str | None, default_year: int | None) -> int | None:
    if digits is None:
        return default_year
    if len(digits) == 2:
        two = int(digits)
        return 2000 + two if two <= _TWO_DIGIT_YEAR_LIMIT else None
    return int(digits)


def parse_date_text(text: str, *, default_year: int | None = None) -> date | None:
    """A date from d/m/y, ISO or "ngày … tháng … năm …" text; None when it is none of these or impossible."""
    if isinstance(text, str) and len(text) <= 40:
        return _parse_short(text, default_year)  # report dates repeat on every paragraph of every cell
    return _parse_date_text(text, default_year)


@lru_cache(maxsize=4096)
def _parse_short(text: str, default_year: int | None) -> date | None:
    return _parse_date_text(text, default_year)


def _parse_date_text(text: str, default_year: int | None) -> date | None:
    key = _AROUND_SEPARATORS.sub(r"\1", fold(text))
    if m := _YMD.fullmatch(key):
        return make_date(int(m[1]), int(m[3]), int(m[4]))
    if m := _DMY.fullmatch(key):
        day, month, year_digits = int(m[1]), int(m[3]), m[4]
    elif m := _WORDS.fullmatch(key):
        day, month, year_digits = int(m[1]), int(m[2]), m[3]
    else:
        return None
    year = _year(year_digits, default_year)
    return None if year is None else make_date(year, month, day)
