"""The numbers of "Tổng hợp" as plain values: by pillar, by lead unit, tasks needing attention, units to chase."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sheetsync.core.assess import DONE, assess, days_until
from sheetsync.core.journal import JournalEntry, last_reports, reported_units
from sheetsync.core.numbers import format_number, format_percent, share
from sheetsync.core.program import Task
from sheetsync.core.text import fold
from sheetsync.core.units import Unit, UnitDirectory
from sheetsync.schema import DEFAULT_WARN_DAYS, PILLARS, Assessment

__all__ = [
    "Assessed",
    "Attention",
    "Counts",
    "Reminder",
    "Summary",
    "UnitLine",
    "assess_tasks",
    "code_key",
    "headline",
    "summarize",
]

NO_LEAD = "(Chưa xác định đơn vị chủ trì)"


@dataclass(frozen=True)
class Assessed:
    """One task with its Đánh giá as of the run date; `assessment` None when its Thời hạn is unreadable."""

    code: str
    pillar: str
    content: str
    lead: Unit | None
    due: dt.date | None
    assessment: Assessment | None
    days_left: int | None  # Hạn chót − D: negative = days overdue
    coordinating: tuple[Unit, ...] = ()


def assess_tasks(tasks: Iterable[Task], *, as_of: dt.date, warn_days: int = DEFAULT_WARN_DAYS) -> list[Assessed]:
    found = []
    for task in tasks:
        value = None
        if task.deadline is not None:  # blank or unreadable Thời hạn: not a guess (validate reports it)
            value = assess(task.status, task.completed_on, task.due, task.updated_on, as_of, warn_days)
        left = days_until(task.due, as_of)
        found.append(
            Assessed(task.code, task.pillar, task.content, task.lead, task.due, value, left, task.coordinating)
        )
    return found


@dataclass(frozen=True)
class Counts:
    label: str
    by: dict[Assessment, int] = field(default_factory=dict)
    unassessed: int = 0

    @classmethod
    def of(cls, label: str, items: Iterable[Assessed]) -> Counts:
        tally = Counter(item.assessment for item in items)
        unassessed = tally.pop(None, 0)
        return cls(label, {a: tally.get(a, 0) for a in Assessment}, unassessed)

    def __getitem__(self, assessment: Assessment) -> int:
        return self.by.get(assessment, 0)

    @property
    def total(self) -> int:
        return sum(self.by.values()) + self.unassessed

    @property
    def done(self) -> int:
        return sum(self[a] for a in DONE)

    @property
    def done_share(self) -> float | None:
        """% done = (on time + late) / total, SPEC.md and the office's reports."""
        return share(self.done, self.total)


@dataclass(frozen=True)
class UnitLine:
    unit: Unit | None
    counts: Counts
    last_report: dt.date | None
    reported: bool | None  # None: no current period recorded yet


@dataclass(frozen=True)
class Attention:
    code: str
    content: str
    lead: str
    due: dt.date
    days_left: int
    assessment: Assessment


@dataclass(frozen=True)
class Reminder:
    """A unit to chase (đôn đốc): it has tasks but no accepted report for the current period."""

    unit: Unit
    last_report: dt.date | None


@dataclass(frozen=True)
class Summary:
    as_of: dt.date
    warn_days: int
    period: str | None
    tasks: tuple[Assessed, ...]
    pillars: tuple[Counts, ...]
    total: Counts
    units: tuple[UnitLine, ...]
    attention: tuple[Attention, ...]
    reminders: tuple[Reminder, ...]

    @property
    def any_unassessed(self) -> bool:
        return self.total.unassessed > 0


def code_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """ "1.1.10" after "1.1.9": numeric parts compare as numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in code.split("."))


def _unit_name(unit: Unit | None) -> str:
    return unit.name if unit is not None else NO_LEAD


def summarize(
    tasks: Sequence[Assessed],
    units: UnitDirectory,
    journal: Sequence[JournalEntry] = (),
    *,
    period: str | None,
    as_of: dt.date,
    warn_days: int = DEFAULT_WARN_DAYS,
) -> Summary:
    """Every table of "Tổng hợp". `units` gives the order of the by-unit table and the contacts to chase."""
    pillar_names = list(PILLARS) + sorted({t.pillar for t in tasks} - set(PILLARS), key=fold)
    pillars = tuple(Counts.of(p, [t for t in tasks if t.pillar == p]) for p in pillar_names)
    pillars = tuple(c for c in pillars if c.total or c.label in PILLARS)

    latest = last_reports(journal, units)
    reported = reported_units(journal, units, period) if period else None
    leads = [u for u in units.units if any(t.lead == u for t in tasks)]
    lines = [
        UnitLine(
            unit,
            Counts.of(unit.name, [t for t in tasks if t.lead == unit]),
            latest.get(unit.code),
            None if reported is None else unit.code in reported,
        )
        for unit in leads
    ]
    orphans = [t for t in tasks if t.lead is None]
    if orphans:
        lines.append(UnitLine(None, Counts.of(NO_LEAD, orphans), None, None))

    urgent = [
        Attention(t.code, t.content, _unit_name(t.lead), t.due, t.days_left, t.assessment)
        for t in tasks
        if t.assessment in (Assessment.OVERDUE, Assessment.DUE_SOON) and t.due is not None and t.days_left is not None
    ]
    # worst first: most days overdue at the top, then the deadlines closest to today
    attention = tuple(sorted(urgent, key=lambda a: (a.days_left, code_key(a.code))))

    reminders: tuple[Reminder, ...] = ()
    if reported is not None:
        involved = {t.lead.code for t in tasks if t.lead is not None}
        involved |= {u.code for task in tasks for u in task.coordinating}
        reminders = tuple(
            Reminder(u, latest.get(u.code)) for u in units.units if u.code in involved and u.code not in reported
        )
    return Summary(
        as_of=as_of,
        warn_days=warn_days,
        period=period,
        tasks=tuple(tasks),
        pillars=pillars,
        total=Counts.of("Tổng cộng", tasks),
        units=tuple(lines),
        attention=attention,
        reminders=reminders,
    )


def headline(total: Counts) -> str:
    """The sentence the office reads out, in the Văn phòng Chính phủ's wording (DOMAIN.md §1).

    "Sắp đến hạn" counts under "trong hạn" in official figures (SPEC.md).
    """
    n = format_number
    not_done_in_time = total[Assessment.ON_TRACK] + total[Assessment.DUE_SOON]
    text = (
        f"Tổng số {n(total.total)} nhiệm vụ; đã hoàn thành {n(total.done)} nhiệm vụ "
        f"(đạt {format_percent(total.done_share)}; đúng hạn: {n(total[Assessment.DONE_ON_TIME])}, "
        f"quá hạn: {n(total[Assessment.DONE_LATE])}); chưa hoàn thành "
        f"{n(not_done_in_time + total[Assessment.OVERDUE])} nhiệm vụ (trong hạn: {n(not_done_in_time)}, "
        f"trong đó sắp đến hạn: {n(total[Assessment.DUE_SOON])}; quá hạn: {n(total[Assessment.OVERDUE])}); "
        f"thực hiện thường xuyên: {n(total[Assessment.ONGOING])} nhiệm vụ"
    )
    if total.unassessed:
        text += f"; chưa xác định được thời hạn: {n(total.unassessed)} nhiệm vụ"
    return text + "."
