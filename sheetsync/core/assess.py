"""Đánh giá: the assessment of one task as of a date, exactly as SPEC.md words the six exclusive values."""

from __future__ import annotations

import datetime as dt

from sheetsync.schema import DEFAULT_WARN_DAYS, Assessment, Status

__all__ = ["DONE", "NOT_DONE", "assess", "completion_date", "days_until"]

# the categories a task that is not done can move through as time passes, in that order
NOT_DONE: tuple[Assessment, ...] = (Assessment.ON_TRACK, Assessment.DUE_SOON, Assessment.OVERDUE)
DONE: tuple[Assessment, ...] = (Assessment.DONE_ON_TIME, Assessment.DONE_LATE)


def completion_date(completed_on: dt.date | None, updated_on: dt.date | None, as_of: dt.date) -> dt.date:
    """The date a done task counts as completed on.

    SPEC.md: without a Ngày hoàn thành the report date (Ngày cập nhật) stands in. Without either, the
    run date does: the task was done by then at the latest, so it is never called on time on a guess.
    """
    return completed_on or updated_on or as_of


def days_until(due: dt.date | None, as_of: dt.date) -> int | None:
    """Hạn chót − D in days: positive = days left, 0 = due today, negative = days overdue; None = ongoing."""
    return None if due is None else (due - as_of).days


def assess(
    status: Status | None,
    completed_on: dt.date | None,
    due: dt.date | None,
    updated_on: dt.date | None,
    as_of: dt.date,
    warn_days: int = DEFAULT_WARN_DAYS,
) -> Assessment:
    """One of the six values; `due` None means an ongoing task (Thời hạn "Thường xuyên" …).

    A blank or unknown status counts as not done: only "Đã hoàn thành" closes a task.
    """
    if status is Status.DONE:
        if due is None:
            return Assessment.DONE_ON_TIME
        finished = completion_date(completed_on, updated_on, as_of)
        return Assessment.DONE_ON_TIME if finished <= due else Assessment.DONE_LATE
    left = days_until(due, as_of)
    if left is None:
        return Assessment.ONGOING
    if left < 0:
        return Assessment.OVERDUE
    if left <= warn_days:
        return Assessment.DUE_SOON
    return Assessment.ON_TRACK
