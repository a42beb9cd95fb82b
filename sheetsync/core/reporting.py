"""Who must report for the current period, and where each unit stands: one answer for "Tổng hợp" and đôn đốc."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sheetsync.core.dates import format_date
from sheetsync.core.journal import JournalEntry, unit_of
from sheetsync.core.opinions import parse_opinions
from sheetsync.core.periods import Period
from sheetsync.core.program import Task
from sheetsync.core.text import fold
from sheetsync.core.units import Unit, UnitDirectory
from sheetsync.schema import Outcome, ReportState

__all__ = [
    "TO_CHASE",
    "Coordination",
    "Reporting",
    "ReportingPeriod",
    "UnitReport",
    "range_text",
    "reporting_states",
]

# the states đôn đốc chases (SPEC.md "E-mail": reminders to lead units whose report is missing after the due date)
TO_CHASE: frozenset[ReportState] = frozenset({ReportState.MISSING, ReportState.REJECTED})


@dataclass(frozen=True)
class ReportingPeriod:
    """The current period as `templates` recorded it in the master."""

    label: str
    due: dt.date | None = None  # Hạn nộp; None for a master whose period was recorded before due dates existed
    span: Period | None = None  # the days the period covers; None when the label is no period we know
    cutoff: bool = False  # `span` follows the cut-off of Nghị định 09/2019 (15th to 14th), not calendar months


def range_text(period: ReportingPeriod) -> str | None:
    """ "từ 15/11/2026 đến 14/12/2026 (mốc chốt số liệu theo Nghị định 09/2019/NĐ-CP)": the days the figures
    of the period cover, and on which basis; None when the label is no period we know."""
    if period.span is None:
        return None
    basis = "mốc chốt số liệu theo Nghị định 09/2019/NĐ-CP" if period.cutoff else "theo tháng dương lịch"
    return f"từ {format_date(period.span.start)} đến {format_date(period.span.end)} ({basis})"


@dataclass(frozen=True)
class UnitReport:
    """A lead unit's report for the period: exactly one state, and the dates behind it."""

    unit: Unit
    state: ReportState
    tasks: tuple[str, ...]  # Mã NV of the tasks it leads
    submitted_on: dt.date | None = None  # Ngày báo cáo of its first accepted report this period
    rejected_on: dt.date | None = None  # the day its latest refused file was read (state REJECTED only)

    @property
    def to_chase(self) -> bool:
        return self.state in TO_CHASE


@dataclass(frozen=True)
class Coordination:
    """A unit that coordinates tasks: has it written its paragraph this period?"""

    unit: Unit
    tasks: tuple[str, ...]  # Mã NV of the tasks it coordinates
    answered: tuple[str, ...]  # those it has a paragraph on this period

    @property
    def silent(self) -> bool:
        return not self.answered


@dataclass(frozen=True)
class Reporting:
    period: ReportingPeriod
    as_of: dt.date
    leads: tuple[UnitReport, ...]  # every unit that leads a task, in the order of "Đơn vị"
    coordinating: tuple[Coordination, ...]  # every unit that coordinates a task, same order

    @property
    def to_chase(self) -> tuple[UnitReport, ...]:
        """Lead units whose report is missing after the due date or was refused: đôn đốc's list."""
        return tuple(r for r in self.leads if r.to_chase)

    @property
    def silent(self) -> tuple[Coordination, ...]:
        """Coordinating units without a paragraph this period (listed apart: they are not required to report)."""
        return tuple(c for c in self.coordinating if c.silent)

    def count(self, state: ReportState) -> int:
        return sum(1 for r in self.leads if r.state is state)


def reporting_states(
    tasks: Sequence[Task],
    units: UnitDirectory,
    journal: Iterable[JournalEntry],
    *,
    period: ReportingPeriod,
    as_of: dt.date,
) -> Reporting:
    """Each lead unit's state for `period` as of `as_of`, and each coordinating unit's paragraph this period.

    Program III.1–III.2: lead units report (required); coordinating units work with the lead and write their
    paragraph in "Ý kiến đơn vị phối hợp". For a lead unit, from its "Nhật ký" rows for this period (label
    compared folded) read up to `as_of`:
    - an accepted report (applied in full or in part, or restating what stands) → `Đã nộp đúng hạn` when its
      Ngày báo cáo is on or before the due date (or there is no due date), else `Nộp muộn`; the first accepted
      report decides, a later correction does not make a unit late;
    - no accepted report, a refused one → `Bị trả lại` (with the day it was refused), before or after the due
      date: the unit sent and must send again;
    - nothing → `Quá hạn chưa nộp` once `as_of` is past the due date, else `Chưa đến hạn` (also when no due date
      was recorded: nobody is late against a date never set).
    A duplicate file counts as nothing (its original is in the log already). A coordinating unit "has answered"
    a task when that task's cell holds its paragraph dated within the period (from its first day; when the label
    is no known period, a paragraph counts if the unit also has an accepted report for this period).
    """
    wanted = fold(period.label)
    accepted: dict[str, dt.date | None] = {}
    rejected: dict[str, dt.date | None] = {}
    for entry in journal:
        if fold(entry.period) != wanted or (entry.processed is not None and entry.processed > as_of):
            continue
        unit = unit_of(entry, units)
        if unit is None:
            continue
        if entry.accepted:
            day = entry.report_date or entry.processed
            if unit.code not in accepted or _earlier(day, accepted[unit.code]):
                accepted[unit.code] = day
        elif entry.outcome is Outcome.REJECTED:
            day = entry.processed or entry.report_date
            if unit.code not in rejected or _earlier(rejected[unit.code], day):
                rejected[unit.code] = day

    leads = []
    coordinating = []
    for unit in units.units:
        led = tuple(t.code for t in tasks if t.lead is not None and t.lead.code == unit.code)
        if led:
            leads.append(_unit_report(unit, led, accepted, rejected, period, as_of))
        helped = [t for t in tasks if any(u.code == unit.code for u in t.coordinating)]
        if helped:
            answered = tuple(t.code for t in helped if _answered(t, unit, units, period, unit.code in accepted))
            coordinating.append(Coordination(unit, tuple(t.code for t in helped), answered))
    return Reporting(period, as_of, tuple(leads), tuple(coordinating))


def _earlier(day: dt.date | None, than: dt.date | None) -> bool:
    if day is None:
        return False
    return than is None or day < than


def _unit_report(
    unit: Unit,
    led: tuple[str, ...],
    accepted: dict[str, dt.date | None],
    rejected: dict[str, dt.date | None],
    period: ReportingPeriod,
    as_of: dt.date,
) -> UnitReport:
    if unit.code in accepted:
        day = accepted[unit.code]
        late = period.due is not None and day is not None and day > period.due
        return UnitReport(unit, ReportState.LATE if late else ReportState.ON_TIME, led, submitted_on=day)
    if unit.code in rejected:
        return UnitReport(unit, ReportState.REJECTED, led, rejected_on=rejected[unit.code])
    if period.due is not None and as_of > period.due:
        return UnitReport(unit, ReportState.MISSING, led)
    return UnitReport(unit, ReportState.NOT_DUE, led)


def _answered(task: Task, unit: Unit, units: UnitDirectory, period: ReportingPeriod, reported: bool) -> bool:
    opinion = parse_opinions(task.coord_opinions, units).get(unit.code)
    if opinion is None:
        return False
    if period.span is None:
        return reported
    return opinion.report_date is not None and opinion.report_date >= period.span.start
