"""Dates from cells: real dates, Excel serials, Vietnamese d/m/y text, and BadDate for the rest."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.core.dates import (
    MAX_YEAR,
    MIN_YEAR,
    BadDate,
    format_date,
    last_day_of_month,
    make_date,
    parse_cell_date,
    parse_date_text,
    quarter_end,
)
from sheetsync.core.text import clean

EXCEL_EPOCH = date(1899, 12, 30)
in_window = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))


def test_format_date_pads_day_and_month() -> None:
    assert format_date(date(2026, 3, 5)) == "05/03/2026"
    assert format_date(date(2026, 12, 31)) == "31/12/2026"


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [(2026, 1, 31), (2026, 2, 28), (2028, 2, 29), (2100, 2, 28), (2026, 4, 30), (2026, 6, 30), (2026, 12, 31)],
)
def test_last_day_of_month_knows_month_lengths_and_leap_years(year: int, month: int, last: int) -> None:
    assert last_day_of_month(year, month) == date(year, month, last)


@given(st.integers(1, 9998), st.integers(1, 12))
def test_last_day_of_month_is_followed_by_the_first_of_a_month(year: int, month: int) -> None:
    last = last_day_of_month(year, month)
    assert (last.year, last.month) == (year, month)
    assert (last + timedelta(days=1)).day == 1


@pytest.mark.parametrize("month", [0, 13, -1])
def test_last_day_of_month_rejects_a_month_that_does_not_exist(month: int) -> None:
    with pytest.raises(ValueError):
        last_day_of_month(2026, month)


@pytest.mark.parametrize(
    ("q", "end"), [(1, date(2026, 3, 31)), (2, date(2026, 6, 30)), (3, date(2026, 9, 30)), (4, date(2026, 12, 31))]
)
def test_quarter_end_is_the_last_day_of_the_quarter(q: int, end: date) -> None:
    assert quarter_end(2026, q) == end


@pytest.mark.parametrize("q", [0, 5])
def test_quarter_end_rejects_a_quarter_that_does_not_exist(q: int) -> None:
    with pytest.raises(ValueError):
        quarter_end(2026, q)


def test_make_date_refuses_impossible_and_out_of_window_dates() -> None:
    assert make_date(2026, 6, 30) == date(2026, 6, 30)
    assert make_date(2026, 2, 31) is None
    assert make_date(2026, 13, 1) is None
    assert make_date(MIN_YEAR - 1, 1, 1) is None
    assert make_date(MAX_YEAR + 1, 1, 1) is None


@pytest.mark.parametrize("value", [None, "", "   ", "\u200b", "\n\t"])
def test_blank_cells_are_none(value: object) -> None:
    assert parse_cell_date(value) is None


def test_real_date_cells_are_taken_as_they_are() -> None:
    assert parse_cell_date(date(2026, 6, 30)) == date(2026, 6, 30)
    assert parse_cell_date(datetime(2026, 6, 30, 14, 30)) == date(2026, 6, 30)
    assert type(parse_cell_date(datetime(2026, 6, 30))) is date


def test_a_date_cell_holding_a_slip_like_5_is_bad() -> None:
    # Excel shows the number 5 in a date-formatted cell as 05/01/1900
    assert parse_cell_date(datetime(1900, 1, 5)) == BadDate("05/01/1900")
    assert parse_cell_date(date(2206, 6, 30)) == BadDate("30/06/2206")


def test_a_time_only_cell_is_not_a_date() -> None:
    assert parse_cell_date(time(8, 30)) == BadDate("08:30:00")


@pytest.mark.parametrize(
    ("serial", "expected"),
    [(46203, date(2026, 6, 30)), (46023, date(2026, 1, 1)), (46203.75, date(2026, 6, 30)), (32874, date(1990, 1, 1))],
)
def test_excel_serials_use_the_1900_system(serial: float, expected: date) -> None:
    assert parse_cell_date(serial) == expected


@pytest.mark.parametrize(
    ("serial", "shown"),
    [
        (60, "60"),  # the non-existent 29/02/1900
        (59, "59"),
        (61, "61"),
        (1, "1"),
        (0, "0"),
        (-5, "-5"),
        (32873, "32873"),  # 31/12/1989, just before the window
        (73416, "73416"),  # 01/01/2101, just after it
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (10**30, str(10**30)),
        (1e300, "1e+300"),
        (12.5, "12.5"),
    ],
)
def test_serials_outside_the_sane_window_are_bad(serial: float, shown: str) -> None:
    assert parse_cell_date(serial) == BadDate(shown)


def test_booleans_are_not_serials() -> None:
    assert parse_cell_date(True) == BadDate("True")


@given(in_window)
def test_serial_round_trip(d: date) -> None:
    assert parse_cell_date((d - EXCEL_EPOCH).days) == d
    assert parse_cell_date(float((d - EXCEL_EPOCH).days) + 0.999) == d


@pytest.mark.parametrize(
    "text",
    [
        "30/06/2026",
        "30/6/2026",
        "30-06-2026",
        "30-6-2026",
        "30.6.2026",
        "30 / 6 / 2026",
        "30–6–2026",
        "2026-06-30",
        "2026-6-30",
        "30/06/2026 00:00:00",
        "30/06/2026 14:05",
        "2026-06-30 00:00:00",
        "2026-06-30T00:00:00",
        "2026-06-30 00:00:00.000",
        "ngày 30 tháng 6 năm 2026",
        "Ngày 30 tháng 06 năm 2026",
        "30 tháng 6 năm 2026",
        "ngày 30/6/2026",
        "ngay 30 thang 6 nam 2026",
        unicodedata.normalize("NFD", "ngày 30 tháng 6 năm 2026"),
        "  30/06/2026  ",
        "30/6/26",
    ],
)
def test_text_dates_in_every_form_the_office_meets(text: str) -> None:
    assert parse_cell_date(text) == date(2026, 6, 30)


def test_text_is_day_first_never_month_first() -> None:
    assert parse_cell_date("05/03/2026") == date(2026, 3, 5)
    assert parse_cell_date("12/6/2026") == date(2026, 6, 12)
    assert parse_cell_date("6/30/2026") == BadDate("6/30/2026")


@pytest.mark.parametrize("text", ["31/02/2026", "00/01/2026", "29/02/2026", "32/1/2026", "1/13/2026", "2026-02-30"])
def test_impossible_dates_are_bad(text: str) -> None:
    assert parse_cell_date(text) == BadDate(text)


def test_leap_day_exists_in_leap_years() -> None:
    assert parse_cell_date("29/02/2028") == date(2028, 2, 29)


def test_day_and_month_without_year_need_a_default_year() -> None:
    assert parse_cell_date("5/3") == BadDate("5/3")
    assert parse_cell_date("5/3", default_year=2026) == date(2026, 3, 5)
    assert parse_cell_date("ngày 5 tháng 3", default_year=2027) == date(2027, 3, 5)
    assert parse_cell_date("5/3/2025", default_year=2026) == date(2025, 3, 5)


@pytest.mark.parametrize(("text", "year"), [("1/1/00", 2000), ("30/6/26", 2026), ("30/6/29", 2029)])
def test_two_digit_years_00_to_29_mean_20xx(text: str, year: int) -> None:
    result = parse_cell_date(text)
    assert isinstance(result, date)
    assert result.year == year


@pytest.mark.parametrize("text", ["30/6/30", "30/6/95", "30/6/99"])
def test_two_digit_years_from_30_are_ambiguous_and_bad(text: str) -> None:
    # Excel reads them as 19xx, the office would mean 20xx
    assert parse_cell_date(text) == BadDate(text)


@pytest.mark.parametrize(
    "text", ["hôm qua", "30/6/2026/1", "30/6-2026", "Quý II/2026", "30062026", "30/6/0026", "30/6/2206", "T6/2026"]
)
def test_anything_else_is_bad_with_the_text_as_typed(text: str) -> None:
    assert parse_cell_date(text) == BadDate(text)


def test_bad_date_text_is_cleaned_for_the_message() -> None:
    assert parse_cell_date("  31/02/2026 ") == BadDate("31/02/2026")
    assert parse_cell_date(unicodedata.normalize("NFD", "hôm  qua")) == BadDate("hôm qua")


def test_parse_date_text_returns_none_instead_of_bad_date() -> None:
    assert parse_date_text("30.6.2026") == date(2026, 6, 30)
    assert parse_date_text("30/6", default_year=2026) == date(2026, 6, 30)
    assert parse_date_text("31/02/2026") is None
    assert parse_date_text("Quý II") is None


@given(in_window, st.sampled_from(["/", "-", "."]), st.booleans())
def test_any_day_first_spelling_round_trips(d: date, sep: str, pad: bool) -> None:
    day, month = (f"{d.day:02d}", f"{d.month:02d}") if pad else (str(d.day), str(d.month))
    assert parse_cell_date(f"{day}{sep}{month}{sep}{d.year}") == d
    assert parse_cell_date(f"ngày {day} tháng {month} năm {d.year}") == d
    assert parse_cell_date(d.isoformat()) == d
    assert parse_cell_date(format_date(d)) == d


@given(st.text(max_size=40))
def test_any_text_gives_none_a_date_or_bad_date(text: str) -> None:
    result = parse_cell_date(text)
    assert (result is None) == (clean(text) == "")
    if isinstance(result, date):
        assert MIN_YEAR <= result.year <= MAX_YEAR
    elif result is not None:
        assert result == BadDate(clean(text))


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers())
def test_any_number_gives_a_date_in_the_window_or_bad_date(number: float) -> None:
    result = parse_cell_date(number)
    assert isinstance(result, date | BadDate)
    if isinstance(result, date):
        assert MIN_YEAR <= result.year <= MAX_YEAR
