"""Thời hạn phrases of SPEC.md and their due dates; anything else is refused, never guessed."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.core.dates import MAX_YEAR, MIN_YEAR, last_day_of_month, quarter_end
from sheetsync.core.deadlines import Deadline, parse_deadline
from sheetsync.core.text import strip_marks
from sheetsync.schema import PROGRAM_YEAR

JUNE_30 = date(2026, 6, 30)

# every phrase SPEC.md lists, with the date it means
SPEC_PHRASES: list[tuple[str, date | None]] = [
    ("30/6/2026", JUNE_30),
    ("30/06/2026", JUNE_30),
    ("30-6-2026", JUNE_30),
    ("30.6.2026", JUNE_30),
    ("ngày 30 tháng 6 năm 2026", JUNE_30),
    ("trước ngày 30/6/2026", JUNE_30),
    ("chậm nhất ngày 30/6", JUNE_30),
    ("trước 30/6", JUNE_30),
    ("Tháng 6/2026", JUNE_30),
    ("tháng 06 năm 2026", JUNE_30),
    ("Tháng 2/2026", date(2026, 2, 28)),
    ("Quý II/2026", JUNE_30),
    ("Quý 2/2026", JUNE_30),
    ("quý II năm 2026", JUNE_30),
    ("Q2/2026", JUNE_30),
    ("quí II", JUNE_30),
    ("Quý I/2026", date(2026, 3, 31)),
    ("Quý IV/2026", date(2026, 12, 31)),
    ("Quý II-III/2026", date(2026, 9, 30)),
    ("Quý II–III/2026", date(2026, 9, 30)),
    ("6 tháng đầu năm 2026", JUNE_30),
    ("9 tháng", date(2026, 9, 30)),
    ("9 tháng đầu năm", date(2026, 9, 30)),
    ("6 tháng cuối năm", date(2026, 12, 31)),
    ("Năm 2026", date(2026, 12, 31)),
    ("Trong năm 2026", date(2026, 12, 31)),
    ("Cả năm", date(2026, 12, 31)),
    ("Giai đoạn 2026-2030", date(2030, 12, 31)),
    ("Giai đoạn 2026–2030", date(2030, 12, 31)),
    ("Thường xuyên", None),
    ("Liên tục", None),
    ("Hằng tháng", None),
    ("Hàng tháng", None),
    ("Hằng quý", None),
    ("Hằng năm", None),
    # wordings the program's offices also write (issue 11, point 17)
    ("Cuối năm 2026", date(2026, 12, 31)),
    ("Cuối năm", date(2026, 12, 31)),
    ("cuối quý II/2026", JUNE_30),
    ("Cuối tháng 6/2026", JUNE_30),
    ("Đến 30/9/2026", date(2026, 9, 30)),
    ("Đến ngày 30/9/2026", date(2026, 9, 30)),
    ("Đến hết năm 2026", date(2026, 12, 31)),
    ("12/2026", date(2026, 12, 31)),
    ("2/2026", date(2026, 2, 28)),
    ("Định kỳ hằng tháng", None),
    ("Định kỳ hằng quý", None),
]


@pytest.mark.parametrize(("text", "due"), SPEC_PHRASES)
def test_every_spec_phrase_gives_its_due_date(text: str, due: date | None) -> None:
    assert parse_deadline(text) == Deadline(text, due)


def test_ongoing_means_no_due_date() -> None:
    assert Deadline("Thường xuyên", None).ongoing
    assert not Deadline("30/6/2026", JUNE_30).ongoing


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("thuong xuyen", None),
        ("THƯỜNG XUYÊN", None),
        ("quy II/2026", JUNE_30),
        ("QUY 2 NAM 2026", JUNE_30),
        ("giai doan 2026 - 2030", date(2030, 12, 31)),
        ("ca nam", date(2026, 12, 31)),
        ("cham nhat ngay 30/6", JUNE_30),
        ("thang 6/2026", JUNE_30),
    ],
)
def test_typing_without_diacritics_or_in_capitals_is_understood(text: str, due: date | None) -> None:
    result = parse_deadline(text)
    assert result is not None
    assert result.due == due


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Hoàn thành trong Quý II/2026", JUNE_30),
        ("Hoàn thành trước ngày 30/6/2026", JUNE_30),
        ("chậm nhất vào ngày 30/6/2026", JUNE_30),
        ("Thực hiện thường xuyên", None),
        ("Thường xuyên, liên tục", None),
        ("đến hết tháng 6/2026", JUNE_30),
        ("Trong quý II", JUNE_30),
        ("Quý II/2026.", JUNE_30),
        ("(Quý II/2026)", JUNE_30),
        ("  Quý   II / 2026 ", JUNE_30),
    ],
)
def test_extra_words_and_punctuation_around_the_deadline_are_ignored(text: str, due: date | None) -> None:
    result = parse_deadline(text)
    assert result is not None
    assert result.due == due


def test_the_text_is_kept_as_written_but_clean_and_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Quý  II/2026 ")
    assert parse_deadline(nfd) == Deadline("Quý II/2026", JUNE_30)


def test_real_date_cells_are_deadlines_shown_as_dd_mm_yyyy() -> None:
    assert parse_deadline(JUNE_30) == Deadline("30/06/2026", JUNE_30)
    assert parse_deadline(datetime(2026, 6, 30, 0, 0)) == Deadline("30/06/2026", JUNE_30)
    assert parse_deadline(date(1900, 1, 5)) is None


def test_a_phrase_without_year_belongs_to_the_given_year() -> None:
    assert parse_deadline("Quý II", year=2027) == Deadline("Quý II", date(2027, 6, 30))
    assert parse_deadline("trước 30/6", year=2027) == Deadline("trước 30/6", date(2027, 6, 30))
    assert parse_deadline("Cả năm", year=2027) == Deadline("Cả năm", date(2027, 12, 31))
    assert parse_deadline("6 tháng cuối năm", year=2027) == Deadline("6 tháng cuối năm", date(2027, 12, 31))


def test_an_explicit_year_wins_over_the_program_year() -> None:
    assert parse_deadline("Quý II/2027") == Deadline("Quý II/2027", date(2027, 6, 30))
    assert parse_deadline("tháng 11, tháng 12 năm 2025") == Deadline("tháng 11, tháng 12 năm 2025", date(2025, 12, 31))


def test_the_default_year_is_the_program_year() -> None:
    result = parse_deadline("Quý I")
    assert result is not None and result.due == date(PROGRAM_YEAR, 3, 31)


def test_the_last_of_several_periods_is_the_deadline() -> None:
    assert parse_deadline("Quý I và quý II/2026") == Deadline("Quý I và quý II/2026", JUNE_30)
    assert parse_deadline("Quý II - Quý IV") == Deadline("Quý II - Quý IV", date(2026, 12, 31))
    assert parse_deadline("Tháng 11-12/2026") == Deadline("Tháng 11-12/2026", date(2026, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "Theo kế hoạch của Thành phố",
        "Quý 5/2026",
        "Quý V/2026",
        "31/02/2026",
        "Tháng 13/2026",
        "Tháng 0/2026",
        "",
        "   ",
        "garbage",
        "asdf 30/6/2026",
        "Quý III-II/2026",  # backwards: a slip, not a range
        "Quý II-II/2026",
        "Giai đoạn 2030-2026",
        "Hoàn thành",
        "trong",
        "Đầu năm",
        "Cuối",
        "Đến",
        "Định kỳ",
        "13/2026",
        "12/26",
        "0/2026",
        "Khi có yêu cầu",
        "trước ngày 05/6 và 05/12 hằng năm",  # two recurring dates: the office must pick one
        "Quý II/2026 (dự kiến)",
        "Quý II hằng năm",
        "2026",
        "30/6/2206",
        "Năm 2206",
        "Tháng 6/26",
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    assert parse_deadline(text) is None


@pytest.mark.parametrize("value", [None, 2026, 30.6, 46203, True, ["Quý II"]])
def test_values_that_are_neither_text_nor_dates_are_refused(value: object) -> None:
    assert parse_deadline(value) is None


def test_two_digit_years_only_in_full_dates_and_only_00_to_29() -> None:
    assert parse_deadline("30/6/26") == Deadline("30/6/26", JUNE_30)
    assert parse_deadline("30/6/95") is None
    assert parse_deadline("Quý II/26") is None


def test_day_first_never_month_first() -> None:
    assert parse_deadline("5/6/2026") == Deadline("5/6/2026", date(2026, 6, 5))
    assert parse_deadline("6/30/2026") is None


def _scramble(text: str, flips: list[bool], bare: bool, nfd: bool) -> str:
    text = "".join(c.upper() if flip else c.lower() for c, flip in zip(text, flips + [False] * len(text), strict=False))
    if bare:
        text = strip_marks(text)
    return unicodedata.normalize("NFD", text) if nfd else text


@given(
    st.sampled_from(SPEC_PHRASES),
    st.lists(st.booleans(), max_size=40),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", "Hoàn thành ", "trong ", "Thực hiện "]),
)
def test_case_marks_nfd_and_filler_never_change_the_due_date(
    phrase: tuple[str, date | None], flips: list[bool], bare: bool, nfd: bool, filler: str
) -> None:
    text, due = phrase
    result = parse_deadline(filler + _scramble(text, flips, bare, nfd))
    assert result is not None
    assert result.due == due


@given(
    st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31)),
    st.sampled_from(
        ["{d}/{m}/{y}", "{d}-{m}-{y}", "{d}.{m}.{y}", "ngày {d} tháng {m} năm {y}", "trước ngày {d}/{m}/{y}"]
    ),
)
def test_any_written_date_is_its_own_deadline(d: date, form: str) -> None:
    result = parse_deadline(form.format(d=d.day, m=d.month, y=d.year))
    assert result is not None
    assert result.due == d


@given(st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 4), st.booleans())
def test_any_quarter_ends_on_its_last_day(year: int, q: int, roman: bool) -> None:
    number = ["I", "II", "III", "IV"][q - 1] if roman else str(q)
    result = parse_deadline(f"Quý {number}/{year}")
    assert result is not None
    assert result.due == quarter_end(year, q)


@given(st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12))
def test_any_month_ends_on_its_last_day(year: int, month: int) -> None:
    result = parse_deadline(f"Tháng {month}/{year}")
    assert result is not None
    assert result.due == last_day_of_month(year, month)


@given(st.text(max_size=40))
def test_any_text_gives_none_or_a_deadline_in_the_window(text: str) -> None:
    result = parse_deadline(text)
    if result is not None:
        assert result.due is None or MIN_YEAR <= result.due.year <= MAX_YEAR


@pytest.mark.parametrize(
    ("text", "due"),
    [("3 tháng đầu năm", date(2026, 3, 31)), ("6 tháng", JUNE_30), ("9 tháng năm 2027", date(2027, 9, 30))],
)
def test_first_months_of_the_year_follow_the_nine_month_rule(text: str, due: date) -> None:
    assert parse_deadline(text) == Deadline(text, due)
