"""Each unit's report state for the current period, from plain rows: who must report, who was refused, who is late."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from sheetsync.core.journal import JournalEntry, journal_entries
from sheetsync.core.periods import period_range
from sheetsync.core.program import Program, parse_program
from sheetsync.core.reporting import ReportingPeriod, reporting_states
from sheetsync.core.table import read_table
from sheetsync.schema import JOURNAL, TASKS, UNITS, Outcome, ReportState

S = ReportState
LABEL = "Tháng 12/2026"
DUE = date(2026, 12, 5)
PERIOD = ReportingPeriod(LABEL, DUE, period_range(LABEL))

UNIT_ROWS = [
    {"code": "VP", "name": "Văn phòng HĐND và UBND"},
    {"code": "KT", "name": "Phòng Kinh tế, Hạ tầng và Đô thị"},
    {"code": "CA", "name": "Công an phường"},
    {"code": "YT", "name": "Trạm Y tế phường"},
    {"code": "MT", "name": "Ủy ban MTTQ Việt Nam phường"},
]
TASK_ROWS = [
    {"code": "1.1.1", "pillar": "Chủ động thực thi", "content": "a", "lead": "VP", "deadline": "Năm 2026"},
    {"code": "1.1.2", "pillar": "Chủ động thực thi", "content": "b", "lead": "KT", "deadline": "Năm 2026"},
    {
        "code": "1.1.3",
        "pillar": "Chủ động thực thi",
        "content": "c",
        "lead": "CA",
        "deadline": "Năm 2026",
        "coordinating": "YT; MT",
        "coord_opinions": "Trạm Y tế phường (02/12/2026): Đã phối hợp khám sàng lọc.\n"
        "Ủy ban MTTQ Việt Nam phường (20/11/2026): Đã giám sát.",
    },
]


def _rows(sheet: Any, records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [sheet.labels, *(tuple(r.get(k) for k in sheet.keys) for r in records)]


def program() -> Program:
    units, _ = read_table(_rows(UNITS, UNIT_ROWS), UNITS)
    tasks, _ = read_table(_rows(TASKS, TASK_ROWS), TASKS)
    assert units is not None and tasks is not None
    return parse_program(units, tasks)


def log(*rows: tuple[str, str, date | None, datetime, Outcome]) -> list[JournalEntry]:
    records = [
        {"unit": u, "period": p, "report_date": d, "time": t, "result": o.value, "file": "x.xlsx"}
        for u, p, d, t, o in rows
    ]
    table, problems = read_table(_rows(JOURNAL, records), JOURNAL)
    assert table is not None and problems == []
    return journal_entries(table)


def states(journal: list[JournalEntry], as_of: date, period: ReportingPeriod = PERIOD) -> dict[str, ReportState]:
    prog = program()
    found = reporting_states(prog.tasks, prog.units, journal, period=period, as_of=as_of)
    return {r.unit.code: r.state for r in found.leads}


def test_only_lead_units_are_required_and_nothing_is_late_before_the_due_date():
    assert states([], date(2026, 12, 5)) == {"VP": S.NOT_DUE, "KT": S.NOT_DUE, "CA": S.NOT_DUE}


def test_a_unit_with_nothing_after_the_due_date_is_overdue():
    assert states([], date(2026, 12, 6)) == {"VP": S.MISSING, "KT": S.MISSING, "CA": S.MISSING}


def test_on_time_and_late_follow_the_first_accepted_report_date():
    journal = log(
        ("VP", LABEL, date(2026, 12, 5), datetime(2026, 12, 7, 9), Outcome.ACCEPTED),
        ("KT", "tháng 12/2026", date(2026, 12, 6), datetime(2026, 12, 7, 9), Outcome.PARTIAL),
        # a later correction of an on-time report does not make the unit late
        ("VP", LABEL, date(2026, 12, 9), datetime(2026, 12, 10, 9), Outcome.ACCEPTED),
    )
    assert states(journal, date(2026, 12, 10)) == {"VP": S.ON_TIME, "KT": S.LATE, "CA": S.MISSING}


def test_a_refused_file_shows_as_refused_with_its_day_until_an_accepted_one_follows():
    refused = ("CA", LABEL, date(2026, 12, 1), datetime(2026, 12, 2, 8), Outcome.REJECTED)
    prog = program()
    found = reporting_states(prog.tasks, prog.units, log(refused), period=PERIOD, as_of=date(2026, 12, 3))
    ca = next(r for r in found.leads if r.unit.code == "CA")
    assert (ca.state, ca.rejected_on, ca.to_chase) == (S.REJECTED, date(2026, 12, 2), True)
    assert [r.unit.code for r in found.to_chase] == ["CA"]

    resent = ("CA", LABEL, date(2026, 12, 4), datetime(2026, 12, 4, 15), Outcome.ACCEPTED)
    assert states(log(refused, resent), date(2026, 12, 10))["CA"] is S.ON_TIME


def test_another_periods_reports_duplicates_and_the_future_do_not_count():
    journal = log(
        ("VP", "Tháng 11/2026", date(2026, 11, 30), datetime(2026, 12, 1, 9), Outcome.ACCEPTED),
        ("KT", LABEL, date(2026, 12, 2), datetime(2026, 12, 2, 9), Outcome.DUPLICATE),
        ("CA", LABEL, date(2026, 12, 20), datetime(2026, 12, 20, 9), Outcome.ACCEPTED),
    )
    assert states(journal, date(2026, 12, 10)) == {"VP": S.MISSING, "KT": S.MISSING, "CA": S.MISSING}


def test_no_recorded_due_date_means_nobody_is_late():
    period = ReportingPeriod(LABEL)
    journal = log(("VP", LABEL, date(2027, 2, 1), datetime(2027, 2, 1, 9), Outcome.ACCEPTED))
    assert states(journal, date(2027, 3, 1), period) == {"VP": S.ON_TIME, "KT": S.NOT_DUE, "CA": S.NOT_DUE}


def test_coordinating_units_without_a_paragraph_this_period_are_listed_apart():
    prog = program()
    found = reporting_states(prog.tasks, prog.units, [], period=PERIOD, as_of=date(2026, 12, 10))
    assert {c.unit.code: c.answered for c in found.coordinating} == {"YT": ("1.1.3",), "MT": ()}
    assert [c.unit.code for c in found.silent] == ["MT"]  # its paragraph is from November
    assert all(r.unit.code != "MT" for r in found.leads)  # coordinating only: not required


@pytest.mark.parametrize(("reported", "silent"), [(True, []), (False, ["YT", "MT"])])
def test_for_an_unknown_period_a_paragraph_counts_with_an_accepted_report(reported, silent):
    period = ReportingPeriod("Đợt 1", DUE)
    rows = [(code, "Đợt 1", date(2026, 12, 1), datetime(2026, 12, 1), Outcome.ACCEPTED) for code in ("YT", "MT")]
    prog = program()
    journal = log(*rows) if reported else []
    found = reporting_states(prog.tasks, prog.units, journal, period=period, as_of=date(2026, 12, 3))
    assert [c.unit.code for c in found.silent] == silent
