"""Đánh giá per SPEC.md: six exclusive values, boundaries of the deadline and of the warn window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.core.assess import NOT_DONE, assess, completion_date, days_until
from sheetsync.schema import Assessment, Status

DUE = date(2026, 6, 30)
W = 7
A = Assessment
DONE, DOING, NEW = Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (DUE - timedelta(days=W + 30), A.ON_TRACK),
        (DUE - timedelta(days=W + 1), A.ON_TRACK),  # Hạn chót − D = W+1
        (DUE - timedelta(days=W), A.DUE_SOON),  # Hạn chót − D = W
        (DUE - timedelta(days=1), A.DUE_SOON),
        (DUE, A.DUE_SOON),  # D = Hạn chót: still not overdue on the deadline day
        (DUE + timedelta(days=1), A.OVERDUE),
        (DUE + timedelta(days=400), A.OVERDUE),
    ],
)
@pytest.mark.parametrize("status", [DOING, NEW, None])
def test_not_done_task_moves_from_on_track_to_due_soon_to_overdue(
    status: Status | None, as_of: date, expected: Assessment
) -> None:
    assert assess(status, None, DUE, None, as_of, W) is expected


@pytest.mark.parametrize(
    ("completed", "expected"),
    [
        (DUE - timedelta(days=10), A.DONE_ON_TIME),
        (DUE, A.DONE_ON_TIME),  # done on the deadline day is on time
        (DUE + timedelta(days=1), A.DONE_LATE),
    ],
)
@pytest.mark.parametrize("as_of", [DUE - timedelta(days=20), DUE, DUE + timedelta(days=30)])
def test_done_task_is_judged_by_its_completion_date_not_the_run_date(
    completed: date, expected: Assessment, as_of: date
) -> None:
    assert assess(DONE, completed, DUE, None, as_of, W) is expected


def test_done_without_completion_date_uses_the_report_date() -> None:
    assert assess(DONE, None, DUE, DUE, DUE + timedelta(days=9), W) is A.DONE_ON_TIME
    assert assess(DONE, None, DUE, DUE + timedelta(days=1), DUE + timedelta(days=9), W) is A.DONE_LATE


def test_completion_date_wins_over_report_date() -> None:
    assert assess(DONE, DUE, DUE, DUE + timedelta(days=5), DUE + timedelta(days=9), W) is A.DONE_ON_TIME


def test_done_without_any_date_counts_as_done_on_the_run_date() -> None:
    assert assess(DONE, None, DUE, None, DUE, W) is A.DONE_ON_TIME
    assert assess(DONE, None, DUE, None, DUE + timedelta(days=1), W) is A.DONE_LATE
    assert completion_date(None, None, DUE) == DUE


@pytest.mark.parametrize("as_of", [date(2026, 1, 1), date(2030, 12, 31)])
def test_ongoing_task_is_never_overdue(as_of: date) -> None:
    assert assess(DOING, None, None, None, as_of, W) is A.ONGOING
    assert assess(None, None, None, None, as_of, W) is A.ONGOING


def test_ongoing_task_reported_done_is_done_on_time_whatever_its_date() -> None:
    assert assess(DONE, date(2030, 1, 1), None, None, date(2026, 1, 1), W) is A.DONE_ON_TIME
    assert assess(DONE, None, None, None, date(2026, 1, 1), W) is A.DONE_ON_TIME


def test_a_completion_date_without_done_status_does_not_close_the_task() -> None:
    assert assess(DOING, DUE - timedelta(days=3), DUE, None, DUE + timedelta(days=1), W) is A.OVERDUE


def test_zero_warn_window_makes_only_the_deadline_day_due_soon() -> None:
    assert assess(DOING, None, DUE, None, DUE, 0) is A.DUE_SOON
    assert assess(DOING, None, DUE, None, DUE - timedelta(days=1), 0) is A.ON_TRACK


def test_days_until_counts_days_left_and_overdue() -> None:
    assert days_until(DUE, DUE) == 0
    assert days_until(DUE, DUE - timedelta(days=3)) == 3
    assert days_until(DUE, DUE + timedelta(days=4)) == -4
    assert days_until(None, DUE) is None


# --- properties ------------------------------------------------------------------------------------------

days = st.dates(min_value=date(2025, 1, 1), max_value=date(2031, 12, 31))
statuses = st.sampled_from([*Status, None])
maybe_days = st.none() | days
warn = st.integers(min_value=0, max_value=60)
S = Status | None
D = date | None


def _rule_holds(value: Assessment, status: S, completed: D, due: D, updated: D, as_of: date, w: int) -> bool:
    """SPEC.md's wording, one predicate per value, written independently of assess()."""
    done = status is Status.DONE
    finished = completed or updated or as_of
    return {
        A.DONE_ON_TIME: done and (due is None or finished <= due),
        A.DONE_LATE: done and due is not None and finished > due,
        A.OVERDUE: not done and due is not None and as_of > due,
        A.DUE_SOON: not done and due is not None and 0 <= (due - as_of).days <= w,
        A.ON_TRACK: not done and due is not None and (due - as_of).days > w,
        A.ONGOING: not done and due is None,
    }[value]


@given(statuses, maybe_days, maybe_days, maybe_days, days, warn)
def test_exactly_one_rule_holds_and_it_is_the_answer(
    status: S, completed: D, due: D, updated: D, as_of: date, w: int
) -> None:
    holding = [v for v in Assessment if _rule_holds(v, status, completed, due, updated, as_of, w)]
    assert holding == [assess(status, completed, due, updated, as_of, w)]


@given(st.sampled_from([Status.NOT_STARTED, Status.IN_PROGRESS, None]), maybe_days, days, days, warn)
def test_not_done_assessment_only_worsens_as_time_passes(status: S, due: D, first: date, second: date, w: int) -> None:
    early, late = sorted((first, second))
    before, after = assess(status, None, due, None, early, w), assess(status, None, due, None, late, w)
    if due is None:
        assert before is after is A.ONGOING
    else:
        assert NOT_DONE.index(before) <= NOT_DONE.index(after)


@given(maybe_days, maybe_days, maybe_days, days, days, warn)
def test_done_assessment_with_a_completion_date_does_not_depend_on_the_run_date(
    completed: D, due: D, updated: D, first: date, second: date, w: int
) -> None:
    if completed is None and updated is None:
        return
    assert assess(DONE, completed, due, updated, first, w) is assess(DONE, completed, due, updated, second, w)
