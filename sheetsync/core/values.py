"""Status and progress as units type them in their templates, read into clean values (or a clear failure)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sheetsync.core.text import clean, fold
from sheetsync.problems import Code
from sheetsync.schema import Status

__all__ = ["STATUS_CHOICES", "Parsed", "hint", "parse_progress", "parse_status"]

T = TypeVar("T")

STATUS_CHOICES: tuple[str, ...] = tuple(s.value for s in Status)


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """The outcome of reading one free-typed cell. Exactly one of three shapes:

    - a value: `value` set, `error` None. `normalized_from` holds the text as typed when it was a free
      form the caller should confirm with a `value_normalized` warning ("“xong” được ghi nhận là “Đã hoàn thành”");
      it is None when the cell already held the canonical value.
    - empty: `value` and `error` both None (a blank cell: nothing reported, nothing to change).
    - a failure: `error` is the Problem code to raise; `suggestion` (Vietnamese, for staff) and `choices`
      (the valid values) help fill the message. `value` is None.
    """

    value: T | None = None
    normalized_from: str | None = None
    error: Code | None = None
    suggestion: str | None = None
    choices: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def empty(self) -> bool:
        return self.error is None and self.value is None

    @property
    def normalized(self) -> bool:
        return self.normalized_from is not None


# Free forms seen in units' reports, folded (no case, no marks). Only forms that cannot mean anything
# else are listed: "đã triển khai" (started? finished?) stays a failure.
_STATUS_FORMS: dict[str, Status] = {
    **dict.fromkeys(
        ("xong", "da xong", "hoan thanh", "ht", "da ht", "done", "completed", "finished"),
        Status.DONE,
    ),
    **dict.fromkeys(
        ("dang lam", "dang trien khai", "dang thuc hien", "dang th", "dth", "in progress"),
        Status.IN_PROGRESS,
    ),
    **dict.fromkeys(
        ("chua", "chua lam", "chua trien khai", "chua th", "cth", "not started"),
        Status.NOT_STARTED,
    ),
}
_LABELS: dict[str, Status] = {fold(s.value): s for s in Status}
_TRAILING = " .!;,"


def parse_status(value: object) -> Parsed[Status]:
    """A Tình trạng cell: one of the three labels (any case, marks or NFD), or an unambiguous free form."""
    if isinstance(value, Status):
        return Parsed(value)
    if value is None or (isinstance(value, str) and not clean(value)):
        return Parsed()
    typed = clean(str(value))
    key = fold(typed).strip(_TRAILING)
    if key in _LABELS:
        return Parsed(_LABELS[key])
    if key in _STATUS_FORMS:
        return Parsed(_STATUS_FORMS[key], normalized_from=typed)
    return Parsed(error=Code.bad_status, choices=STATUS_CHOICES)


_PLAIN_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_PERCENT_TEXT = re.compile(r"(?P<sign>[-+]?)(?P<number>\d+(?:[.,]\d+)?) ?%?")
# "12.500" is 12,5 to an English typist and 12 500 to a Vietnamese one: no reading is safe
_THOUSANDS_LOOKALIKE = re.compile(r"\d+[.,]\d{3}")
_WRITE_AS_NUMBER = "ghi bằng số, ví dụ 50"
_WRITE_DECIMAL = "nếu là {meant}%, hãy ghi “{meant}” (số thập phân dùng dấu phẩy, không có phần nghìn)"
# binary float noise from Excel (0.29 * 100 = 28.999999999999996) must not reach the workbook
_DIGITS = 6


def parse_progress(value: object, *, percent_format: bool = False) -> Parsed[int | float]:
    """A Tiến độ (%) cell: a number 0-100, as int when whole (50) and float otherwise (12.5).

    `percent_format` says the cell had a % number format, so it stores a fraction: 0.5 shows as 50%.
    Text is read with either decimal mark ("50,5" Vietnamese, "50.5") and an optional "%".
    """
    if value is None or (isinstance(value, str) and not clean(value)):
        return Parsed()
    if isinstance(value, bool):
        return Parsed(error=Code.bad_progress, suggestion=_WRITE_AS_NUMBER)
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return Parsed(error=Code.bad_progress)
        return _in_range(value * 100 if percent_format else value)
    typed = clean(str(value))
    m = _PERCENT_TEXT.fullmatch(typed)
    if m is None:
        return Parsed(error=Code.bad_progress, suggestion=_WRITE_AS_NUMBER)
    if _THOUSANDS_LOOKALIKE.fullmatch(m["number"]):
        whole, decimals = re.split(r"[.,]", m["number"])
        meant = f"{whole},{decimals.rstrip('0')}".rstrip(",")
        return Parsed(error=Code.bad_progress, suggestion=_WRITE_DECIMAL.format(meant=meant))
    number = float(m["number"].replace(",", "."))
    parsed = _in_range(-number if m["sign"] == "-" else number)
    if parsed.ok and not _PLAIN_NUMBER.fullmatch(typed):
        return Parsed(parsed.value, normalized_from=typed)
    return parsed


def hint(parsed: Parsed[Any]) -> str:
    """The suggestion of a failed reading, ready to close a message's sentence: " (…)" or nothing."""
    return f" ({parsed.suggestion})" if parsed.suggestion else ""


def _in_range(raw: float) -> Parsed[int | float]:
    try:
        number = round(float(raw), _DIGITS) + 0.0  # + 0.0 turns -0.0 into 0.0
    except OverflowError:  # an int too large for a float is out of range all the same
        return Parsed(error=Code.bad_progress)
    if not 0 <= number <= 100:
        return Parsed(error=Code.bad_progress)
    return Parsed(int(number) if number.is_integer() else number)
