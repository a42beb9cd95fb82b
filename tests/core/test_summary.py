"""The numbers of "Tổng hợp" from plain rows: pinned counts for several run dates, no files."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sheetsync.core.journal import JournalEntry
from sheetsync.core.numbers import format_number, format_percent
from sheetsync.core.program import Program, parse_program
from sheetsync.core.summary import Counts, Summary, assess_tasks, code_key, headline, summarize
from sheetsync.core.table import read_table
from sheetsync.schema import JOURNAL, TASKS, UNITS, Assessment, Outcome
from tests import summary_program as fx

A = Assessment
ORDER = (A.DONE_ON_TIME, A.DONE_LATE, A.OVERDUE, A.DUE_SOON, A.ON_TRACK, A.ONGOING)


def _rows(sheet: Any, records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [sheet.labels, *(tuple(r.get(k) for k in sheet.keys) for r in records)]


def program() -> Program:
    units, _ = read_table(_rows(UNITS, fx.UNITS), UNITS)
    tasks, _ = read_table(_rows(TASKS, fx.TASKS), TASKS)
    assert units is not None and tasks is not None
    return parse_program(units, tasks)


def journal() -> list[JournalEntry]:
    from sheetsync.core.journal import journal_entries

    table, problems = read_table(_rows(JOURNAL, fx.JOURNAL_ROWS), JOURNAL)
    assert table is not None and problems == []
    return journal_entries(table)


def summary(as_of: date, period: str | None = fx.PERIOD) -> Summary:
    prog = program()
    assessed = assess_tasks(prog.tasks, as_of=as_of, warn_days=7)
    return summarize(assessed, prog.units, journal(), period=period, as_of=as_of, warn_days=7)


def counts(c: Counts) -> tuple[int, ...]:
    return (*(c[a] for a in ORDER), c.unassessed)


@pytest.mark.parametrize("as_of", list(fx.EXPECTED))
def test_each_task_gets_its_expected_assessment(as_of: date) -> None:
    assert {t.code: t.assessment for t in summary(as_of).tasks} == fx.EXPECTED[as_of]


P3 = (1, 1, 0, 0, 0, 0, 1)


@pytest.mark.parametrize(
    ("as_of", "p1", "p2"),
    [
        (fx.BEFORE, (1, 1, 0, 0, 1, 1, 0), (0, 0, 0, 0, 4, 0, 0)),
        (fx.WARN_EDGE, (1, 1, 0, 1, 0, 1, 0), (0, 0, 1, 1, 2, 0, 0)),
        (fx.ON_DEADLINE, (1, 1, 0, 1, 0, 1, 0), (0, 0, 1, 2, 1, 0, 0)),
        (fx.AFTER, (1, 1, 1, 0, 0, 1, 0), (0, 0, 1, 2, 1, 0, 0)),
        (fx.NEXT_YEAR, (1, 1, 1, 0, 0, 1, 0), (0, 0, 4, 0, 0, 0, 0)),
    ],
)
def test_pillar_table_counts_each_category(as_of: date, p1: tuple[int, ...], p2: tuple[int, ...]) -> None:
    s = summary(as_of)
    assert [c.label for c in s.pillars] == [fx.P1, fx.P2, fx.P3]
    assert [counts(c) for c in s.pillars] == [p1, p2, P3]
    assert counts(s.total) == tuple(a + b + c for a, b, c in zip(p1, p2, P3, strict=True))
    assert [c.total for c in s.pillars] == [4, 4, 3] and s.total.total == 11
    # % done does not move with the run date: (on time + late) / total
    assert [format_percent(c.done_share) for c in (*s.pillars, s.total)] == ["50%", "0%", "66,7%", "36,4%"]


def test_unit_table_at_the_warn_edge() -> None:
    s = summary(fx.WARN_EDGE)
    got = [
        (
            u.unit.code if u.unit else None,
            counts(u.counts),
            format_percent(u.counts.done_share),
            u.last_report,
            u.reported,
        )
        for u in s.units
    ]
    assert got == [
        ("VP", (1, 0, 1, 1, 0, 0, 0), "33,3%", date(2026, 6, 20), True),  # the duplicate on 24/6 is no report
        ("KT", (1, 2, 0, 0, 0, 0, 0), "100%", date(2026, 5, 20), False),  # its June file was rejected
        ("VH", (0, 0, 0, 0, 1, 1, 1), "0%", date(2026, 6, 22), True),  # found by its alias, partly applied
        ("CA", (0, 0, 0, 1, 1, 0, 0), "0%", None, False),
    ]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (fx.BEFORE, []),
        (fx.WARN_EDGE, [("2.1.2", -2, A.OVERDUE), ("1.1.1", 5, A.DUE_SOON), ("2.1.3", 7, A.DUE_SOON)]),
        (
            fx.AFTER,
            [("2.1.2", -8, A.OVERDUE), ("1.1.1", -1, A.OVERDUE), ("2.1.3", 1, A.DUE_SOON), ("2.2.1", 2, A.DUE_SOON)],
        ),
        (
            fx.NEXT_YEAR,
            [
                ("2.1.2", -196, A.OVERDUE),
                ("1.1.1", -189, A.OVERDUE),
                ("2.1.3", -187, A.OVERDUE),
                ("2.2.1", -186, A.OVERDUE),
                ("2.1.1", -5, A.OVERDUE),
            ],
        ),
    ],
)
def test_attention_list_is_worst_first(as_of: date, expected: list[tuple[str, int, Assessment]]) -> None:
    assert [(a.code, a.days_left, a.assessment) for a in summary(as_of).attention] == expected


def test_attention_rows_carry_content_lead_and_deadline() -> None:
    first = summary(fx.WARN_EDGE).attention[0]
    assert (first.content, first.lead, first.due) == ("Nhiệm vụ 2.1.2", "Văn phòng HĐND và UBND", date(2026, 6, 23))


def test_units_to_chase_are_those_with_tasks_and_no_accepted_report_this_period() -> None:
    reminders = summary(fx.WARN_EDGE).reminders
    assert [(r.unit.code, r.last_report) for r in reminders] == [("KT", date(2026, 5, 20)), ("CA", None), ("YT", None)]
    assert reminders[0].unit.contact == "Trần Thị Bình" and reminders[0].unit.phone == "0225 3871 002"


def test_without_a_current_period_nobody_is_chased_and_reported_is_unknown() -> None:
    s = summary(fx.WARN_EDGE, period=None)
    assert s.reminders == () and {u.reported for u in s.units} == {None}


def test_period_labels_match_loosely() -> None:
    s = summary(fx.WARN_EDGE, period="thang 6/2026 ")
    assert [r.unit.code for r in s.reminders] == ["KT", "CA", "YT"]


def test_a_task_without_a_known_lead_gets_its_own_line() -> None:
    prog = program()
    assessed = assess_tasks(prog.tasks, as_of=fx.WARN_EDGE)
    orphan = assessed[0].__class__(**{**assessed[0].__dict__, "lead": None})
    s = summarize([orphan, *assessed[1:]], prog.units, period=None, as_of=fx.WARN_EDGE)
    assert s.units[-1].unit is None and s.units[-1].counts.total == 1
    assert s.attention[1].lead.startswith("(Chưa xác định")


def test_headline_uses_official_wording_and_counts_due_soon_as_in_time() -> None:
    assert headline(summary(fx.WARN_EDGE).total) == (
        "Tổng số 11 nhiệm vụ; đã hoàn thành 4 nhiệm vụ (đạt 36,4%; đúng hạn: 2, quá hạn: 2); "
        "chưa hoàn thành 5 nhiệm vụ (trong hạn: 4, trong đó sắp đến hạn: 2; quá hạn: 1); "
        "thực hiện thường xuyên: 1 nhiệm vụ; chưa xác định được thời hạn: 1 nhiệm vụ."
    )


def test_empty_program_gives_zero_counts_and_no_percentage() -> None:
    s = summarize([], program().units, period=None, as_of=fx.BEFORE)
    assert [c.total for c in s.pillars] == [0, 0, 0] and s.units == () and s.attention == ()
    assert format_percent(s.total.done_share) == "-"


def test_unknown_outcome_text_is_not_a_report() -> None:
    entry = JournalEntry("VP", fx.PERIOD, date(2026, 6, 1), None)
    assert not entry.accepted and JournalEntry("VP", fx.PERIOD, None, Outcome.NO_CHANGE).accepted


def test_codes_sort_numerically() -> None:
    assert sorted(["1.1.10", "1.1.9", "2.1.1", "1.2.1"], key=code_key) == ["1.1.9", "1.1.10", "1.2.1", "2.1.1"]


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0"), (999, "999"), (1250, "1.250"), (16051, "16.051"), (1234567, "1.234.567")]
)
def test_numbers_use_dot_for_thousands(value: int, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("fraction", "text"),
    [
        (0.986, "98,6%"),
        (16051 / 16274, "98,6%"),
        (1, "100%"),
        (0, "0%"),
        (1 / 3, "33,3%"),
        (0.125, "12,5%"),
        (None, "-"),
    ],
)
def test_percentages_use_comma_for_decimals(fraction: float | None, text: str) -> None:
    assert format_percent(fraction) == text


def test_decimals_and_thousands_together() -> None:
    assert format_number(1250.5, decimals=1) == "1.250,5"
