"""Thời hạn: turn a deadline as the program writes it (a date or a Vietnamese phrase) into a due date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sheetsync.core.calendar_words import OUTER_PUNCTUATION, calendar_key, calendar_span
from sheetsync.core.dates import MAX_YEAR, MIN_YEAR, format_date, parse_date_text
from sheetsync.core.text import clean
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
# Words that only lead into the deadline: "Đến 30/9/2026", "Cuối năm 2026", "cuối quý II" (a deadline is
# always the end of what it names). Only at the start: "6 tháng cuối năm" is the second half.
_LEAD_IN = re.compile(r"^(?:den|toi|cuoi)\b(?: ngay\b)?")
_SPACES = re.compile(r" +")

_ONGOING_WORD = r"(?:(?:dinh ky )?(?:thuong xuyen|lien tuc|hang (?:ngay|tuan|thang|quy|nam)))"
_ONGOING = re.compile(rf"{_ONGOING_WORD}(?:(?:, ?|; ?|-| va | ){_ONGOING_WORD})*")
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
    key = _FILLER.sub(" ", calendar_key(text))
    key = _SPACES.sub(" ", key).strip(OUTER_PUNCTUATION)
    return _LEAD_IN.sub("", key).strip(OUTER_PUNCTUATION)


def _due(key: str, default_year: int) -> date | None:
    """The last day the phrase allows; None when it is no phrase we know or names an impossible period."""
    exact = parse_date_text(key, default_year=default_year)
    if exact is not None:
        return exact
    if (span := calendar_span(key, default_year)) is not None:
        return span[1]
    if m := _STAGE.fullmatch(key):
        start, end = int(m["start"]), int(m["end"])
        valid = MIN_YEAR <= start <= end <= MAX_YEAR
        return date(end, 12, 31) if valid else None
    return None
