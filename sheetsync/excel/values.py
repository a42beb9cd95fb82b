"""Cell values as calamine returns them turned into the plain values a SubmittedRow carries."""

from __future__ import annotations

import datetime as dt
import re

from sheetsync.core.dates import format_date, parse_cell_date
from sheetsync.core.text import clean, fold, nfc
from sheetsync.schema import PROGRAM_YEAR, TEMPLATE, Kind

__all__ = ["clean_text", "clean_value", "label_key"]

# free text where a unit's line breaks mean something (lists of results); every other cell is one line
_MULTILINE = frozenset({"content", "result", "difficulties", "proposals"})
_DATE_KEYS = frozenset(c.key for c in TEMPLATE.columns if c.kind is Kind.DATE)
_NUMBER_KEYS = frozenset(c.key for c in TEMPLATE.columns if c.kind is Kind.PERCENT)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff]")
_LINE_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def label_key(text: object) -> str:
    """A label as a match key: "Ngày báo cáo:", "NGÀY BÁO CÁO" and "Ngay bao cao" are the same label."""
    return fold(text).rstrip(" :*")


def clean_text(text: str, *, multiline: bool) -> str:
    """NFC (and Ð→Đ), no zero-width characters; one line collapsed, or lines kept with their spaces tidied."""
    if not multiline:
        return clean(text)
    text = _ZERO_WIDTH.sub("", nfc(text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_LINE_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def clean_value(key: str, value: object) -> object:
    """None for a blank cell; dates through parse_cell_date for date columns; numbers kept for Tiến độ;
    text (or anything shown as text) cleaned for every other column."""
    if value is None or (isinstance(value, str) and not clean(value)):
        return None
    if key in _DATE_KEYS:
        return parse_cell_date(value, default_year=PROGRAM_YEAR)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        value = _number(value)
    if key in _NUMBER_KEYS and isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return format_date(value)
    if not isinstance(value, str):
        value = str(value)
    text = clean_text(value, multiline=key in _MULTILINE)
    return text or None
