"""Status and progress as units type them: clean values, normalization notes and failures."""

from __future__ import annotations

import math
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.core.text import strip_marks
from sheetsync.core.values import STATUS_CHOICES, Parsed, parse_progress, parse_status
from sheetsync.problems import MESSAGES, Code
from sheetsync.schema import Status


def test_parsed_shapes() -> None:
    assert Parsed().empty and Parsed().ok and not Parsed().normalized
    value = Parsed(Status.DONE, normalized_from="xong")
    assert value.ok and not value.empty and value.normalized
    failure: Parsed[Status] = Parsed(error=Code.bad_status)
    assert not failure.ok and not failure.empty


def test_status_choices_are_the_three_labels_in_order() -> None:
    assert STATUS_CHOICES == ("Chưa thực hiện", "Đang thực hiện", "Đã hoàn thành")


def test_the_message_templates_the_caller_fills_exist() -> None:
    assert "{choices}" in MESSAGES[Code.bad_status][2]
    assert "{normalized}" in MESSAGES[Code.value_normalized][2]
    assert Code.bad_progress in MESSAGES


# --- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(Status))
def test_exact_labels_are_read_without_a_note(status: Status) -> None:
    assert parse_status(status.value) == Parsed(status)
    assert parse_status(status) == Parsed(status)


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("đã hoàn thành", Status.DONE),
        ("ĐÃ HOÀN THÀNH", Status.DONE),
        ("Da hoan thanh", Status.DONE),
        (unicodedata.normalize("NFD", "Đã hoàn thành"), Status.DONE),
        ("\u00d0ang thực hiện", Status.IN_PROGRESS),  # eth look-alike for Đ
        ("  chưa   thực hiện ", Status.NOT_STARTED),
    ],
)
def test_labels_in_any_case_marks_or_form_are_the_label(typed: str, status: Status) -> None:
    assert parse_status(typed) == Parsed(status)


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("xong", Status.DONE),
        ("Xong.", Status.DONE),
        ("hoàn thành", Status.DONE),
        ("Hoàn Thành", Status.DONE),
        ("HT", Status.DONE),
        ("đã xong", Status.DONE),
        ("done", Status.DONE),
        ("đang làm", Status.IN_PROGRESS),
        ("đang triển khai", Status.IN_PROGRESS),
        ("ĐTH", Status.IN_PROGRESS),
        ("chưa làm", Status.NOT_STARTED),
        ("chưa triển khai", Status.NOT_STARTED),
        ("chưa", Status.NOT_STARTED),
        ("CTH", Status.NOT_STARTED),
    ],
)
def test_unambiguous_free_forms_are_normalized_with_a_note(typed: str, status: Status) -> None:
    assert parse_status(typed) == Parsed(status, normalized_from=typed)


def test_the_note_carries_the_text_cleaned_and_nfc() -> None:
    result = parse_status(unicodedata.normalize("NFD", " đang  làm "))
    assert result == Parsed(Status.IN_PROGRESS, normalized_from="đang làm")


@pytest.mark.parametrize("value", [None, "", "   ", "\u200b"])
def test_an_empty_status_is_no_value(value: object) -> None:
    assert parse_status(value).empty


@pytest.mark.parametrize("value", ["đã triển khai", "tạm dừng", "50%", "x", 1, 0.5, "hoàn thành một phần"])
def test_anything_else_fails_listing_the_three_choices(value: object) -> None:
    assert parse_status(value) == Parsed(error=Code.bad_status, choices=STATUS_CHOICES)


@given(st.sampled_from(list(Status)), st.lists(st.booleans(), max_size=20), st.booleans(), st.booleans())
def test_case_marks_and_nfd_never_change_a_label(status: Status, flips: list[bool], bare: bool, nfd: bool) -> None:
    text = "".join(c.upper() if f else c.lower() for c, f in zip(status.value, flips + [False] * 20, strict=False))
    text = strip_marks(text) if bare else text
    text = unicodedata.normalize("NFD", text) if nfd else text
    assert parse_status(text) == Parsed(status)


@given(st.text(max_size=30))
def test_any_text_is_a_status_nothing_or_bad_status(text: str) -> None:
    result = parse_status(text)
    assert result.ok == (result.error is None)
    if not result.ok:
        assert result.error is Code.bad_status and result.value is None
    elif not result.empty:
        assert isinstance(result.value, Status)


# --- progress ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 0), (50, 50), (100, 100), (50.0, 50), (12.5, 12.5), (99.99, 99.99), (-0.0, 0), (28.999999999999996, 29)],
)
def test_numbers_from_0_to_100_are_taken(value: float, expected: float) -> None:
    result = parse_progress(value)
    assert result == Parsed(expected)
    assert type(result.value) is type(expected)


@pytest.mark.parametrize(("typed", "expected"), [("50", 50), ("0", 0), ("100", 100), ("50,5", 50.5), ("50.5", 50.5)])
def test_plain_numbers_as_text_are_taken_without_a_note(typed: str, expected: float) -> None:
    assert parse_progress(typed) == Parsed(expected)


@pytest.mark.parametrize(
    ("typed", "expected", "shown"),
    [("50%", 50, "50%"), (" 50 % ", 50, "50 %"), ("12,5%", 12.5, "12,5%"), ("+50", 50, "+50")],
)
def test_decorated_numbers_are_taken_with_a_note(typed: str, expected: float, shown: str) -> None:
    assert parse_progress(typed) == Parsed(expected, normalized_from=shown)


def test_a_percent_formatted_cell_stores_a_fraction() -> None:
    assert parse_progress(0.5, percent_format=True) == Parsed(50)
    assert parse_progress(1, percent_format=True) == Parsed(100)
    assert parse_progress(0.125, percent_format=True) == Parsed(12.5)
    assert parse_progress(0.29, percent_format=True) == Parsed(29)  # 0.29 * 100 is 28.999…
    assert parse_progress(50, percent_format=True) == Parsed(error=Code.bad_progress)  # shows as 5000%


def test_without_a_percent_format_a_fraction_is_taken_literally() -> None:
    assert parse_progress(0.5) == Parsed(0.5)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_an_empty_progress_is_no_value(value: object) -> None:
    assert parse_progress(value).empty


@pytest.mark.parametrize("value", ["năm mươi", "một nửa", "50 phần trăm", "khoảng 50", "50-60", "abc", True])
def test_words_fail_with_a_suggestion_to_write_a_number(value: object) -> None:
    assert parse_progress(value) == Parsed(error=Code.bad_progress, suggestion="ghi bằng số, ví dụ 50")


@pytest.mark.parametrize(
    "value",
    [-1, 101, 100.5, "-5", "150%", "101", "9" * 400, float("nan"), float("inf"), pytest.param(10**400, id="huge-int")],
)
def test_out_of_range_fails(value: object) -> None:
    result = parse_progress(value)
    assert result.error is Code.bad_progress
    assert result.value is None


@pytest.mark.parametrize(
    ("typed", "meant"), [("12.500", "12,5"), ("12,500", "12,5"), ("1.000", "1"), ("62.750", "62,75")]
)
def test_a_thousands_lookalike_is_ambiguous_and_the_hint_computes_what_was_meant(typed: str, meant: str) -> None:
    result = parse_progress(typed)
    assert result.error is Code.bad_progress
    assert result.suggestion is not None and f"hãy ghi “{meant}”" in result.suggestion


def test_the_hint_is_shown_in_the_message_the_office_reads() -> None:
    from sheetsync.core.values import hint
    from sheetsync.problems import Problem

    message = Problem.make(Code.bad_progress, value="12.500", hint=hint(parse_progress("12.500"))).message
    assert message.startswith("Tiến độ “12.500” không hợp lệ; cần một số từ 0 đến 100 (nếu là 12,5%, hãy ghi “12,5”")


@given(st.integers(0, 100))
def test_any_whole_percentage_in_any_form_is_that_int(n: int) -> None:
    for value in (n, float(n), str(n), f"{n}%", f" {n} % "):
        result = parse_progress(value)
        assert result.value == n and type(result.value) is int


@given(st.floats(0, 100))
def test_any_number_in_range_is_kept(x: float) -> None:
    result = parse_progress(x)
    assert result.ok and result.value is not None
    assert math.isclose(result.value, x, abs_tol=1e-6)


@given(st.floats(0, 1))
def test_any_percent_formatted_fraction_is_scaled(x: float) -> None:
    result = parse_progress(x, percent_format=True)
    assert result.ok and result.value is not None
    assert math.isclose(result.value, x * 100, abs_tol=1e-6)


@given(st.floats(allow_nan=False) | st.integers())
def test_out_of_range_numbers_always_fail(x: float) -> None:
    result = parse_progress(x)
    assert result.ok == (0 <= x <= 100 or math.isclose(x, 0, abs_tol=1e-6) or math.isclose(x, 100, abs_tol=1e-6))


@given(st.text(max_size=20))
def test_any_text_is_a_number_in_range_nothing_or_bad_progress(text: str) -> None:
    result = parse_progress(text)
    if result.ok and not result.empty:
        assert result.value is not None and 0 <= result.value <= 100
    elif not result.ok:
        assert result.error is Code.bad_progress and result.value is None
