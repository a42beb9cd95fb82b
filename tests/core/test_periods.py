"""Period labels as the days they cover (for the "report date outside the period" warning)."""

from __future__ import annotations

from datetime import date

import pytest

from sheetsync.core.deadlines import parse_deadline
from sheetsync.core.periods import Period, period_range


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("Tháng 3/2026", date(2026, 3, 1), date(2026, 3, 31)),
        ("tháng 02 năm 2026", date(2026, 2, 1), date(2026, 2, 28)),
        ("Quý I/2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("Quy 2/2026", date(2026, 4, 1), date(2026, 6, 30)),
        ("Quý II-III/2026", date(2026, 4, 1), date(2026, 9, 30)),
        ("Tuần 12/2026", date(2026, 3, 16), date(2026, 3, 22)),
        ("6 tháng đầu năm 2026", date(2026, 1, 1), date(2026, 6, 30)),
        ("6 tháng cuối năm 2026", date(2026, 7, 1), date(2026, 12, 31)),
        ("Năm 2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("12/2026", date(2026, 12, 1), date(2026, 12, 31)),
        ("Kỳ tháng 3/2026", date(2026, 3, 1), date(2026, 3, 31)),
        ("01/03/2026 - 07/03/2026", date(2026, 3, 1), date(2026, 3, 7)),
    ],
)
def test_period_labels(label, start, end):
    assert period_range(label) == Period(start, end)


@pytest.mark.parametrize(
    "label",
    ["", "Đợt 1", "Tháng 13/2026", "Quý 5/2026", "Tuần 60/2026", "Quý III-II/2026", "Quý II", "Tháng 6", "13/2026"],
)
def test_unknown_or_impossible_labels_give_no_period(label):
    assert period_range(label) is None


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("Tháng 3/2026", date(2026, 2, 15), date(2026, 3, 14)),
        ("Tháng 1/2026", date(2025, 12, 15), date(2026, 1, 14)),
        ("Quý I/2026", date(2025, 12, 15), date(2026, 3, 14)),
        ("Quý II/2026", date(2026, 3, 15), date(2026, 6, 14)),
        ("6 tháng đầu năm 2026", date(2025, 12, 15), date(2026, 6, 14)),
        ("6 tháng cuối năm 2026", date(2026, 6, 15), date(2026, 12, 14)),
        ("9 tháng đầu năm 2026", date(2025, 12, 15), date(2026, 9, 14)),
        ("Năm 2026", date(2025, 12, 15), date(2026, 12, 14)),
        # a week and a range of dates are what they say, cut-off or not
        ("Tuần 12/2026", date(2026, 3, 16), date(2026, 3, 22)),
        ("01/03/2026 - 07/03/2026", date(2026, 3, 1), date(2026, 3, 7)),
    ],
)
def test_decree_09_cutoff_ranges(label, start, end):
    assert period_range(label, cutoff=True) == Period(start, end)


@pytest.mark.parametrize(
    "label", ["Tháng 6/2026", "Quý II/2026", "Quý II-III/2026", "6 tháng đầu năm 2026", "Năm 2026"]
)
def test_a_period_ends_on_the_day_the_same_words_give_as_a_deadline(label):
    """Periods and deadlines read months, quarters, halves and years with one grammar (core.calendar_words)."""
    period, deadline = period_range(label), parse_deadline(label)
    assert period is not None and deadline is not None
    assert period.end == deadline.due
