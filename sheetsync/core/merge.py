"""The weekly merge as a pure decision: submissions in, a plan of cell writes and log rows out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sheetsync.core.checks import check_file, check_rows, row_values
from sheetsync.core.dates import format_date
from sheetsync.core.merge_rows import RowContext, RowResult, canonical, evaluate_coordinating, evaluate_lead
from sheetsync.core.periods import period_range
from sheetsync.core.plan import CellWrite, Decision, HistoryEntry, Plan, StateEntry
from sheetsync.core.program import Program, Task
from sheetsync.core.submission import COORDINATING, LEAD, Submission
from sheetsync.core.units import Unit
from sheetsync.problems import Code, Level, Problem
from sheetsync.schema import STATUS_KEYS, Outcome, Role

__all__ = ["MergeState", "Seen", "Unread", "plan_merge"]

# the master cells the merge reads and writes for every task
TRACKED_KEYS = (*STATUS_KEYS, "coord_opinions", "updated_on")
ROLE_LABELS = {LEAD: Role.LEAD.value, COORDINATING: Role.COORDINATING.value}
_ROW_NUMBER = re.compile(r"(\d+)$")


@dataclass(frozen=True)
class Seen:
    """A file already applied, as "Nhật ký" remembers it (by SHA-256)."""

    when: str  # dd/mm/yyyy hh:mm
    file: str
    unit: str = ""  # as the journal shows it


@dataclass(frozen=True)
class Unread:
    """An input that gave no Submission: unreadable, unsafe, not a template — or skipped as a known SHA-256."""

    file: str
    sha256: str
    problems: tuple[Problem, ...] = ()


@dataclass
class MergeState:
    """What the merge needs to know of the master beyond the program: current values and what was applied."""

    values: dict[str, dict[str, object]]  # Mã NV -> TASKS key -> the cell's value
    reported: dict[tuple[str, str], dt.date] = field(default_factory=dict)  # (Mã NV, Mã ĐV) -> last applied
    seen: dict[str, Seen] = field(default_factory=dict)  # SHA-256 -> the run that applied it

    @classmethod
    def of(
        cls,
        program: Program,
        *,
        reported: Mapping[tuple[str, str], dt.date] | None = None,
        seen: Mapping[str, Seen] | None = None,
    ) -> MergeState:
        values = {t.code: {k: t.row.get(k) for k in TRACKED_KEYS} for t in program.tasks}
        return cls(values, dict(reported or {}), dict(seen or {}))

    def copy(self) -> MergeState:
        return MergeState({c: dict(v) for c, v in self.values.items()}, dict(self.reported), dict(self.seen))


def plan_merge(
    program: Program,
    state: MergeState,
    inputs: Iterable[Submission | Unread],
    *,
    as_of: dt.date,
    now: dt.datetime,
    strict: bool = False,
) -> Plan:
    """Decide every input in report-date order; each decision sees the effects of the ones before it."""
    run = _Run(program, state.copy(), as_of, now, strict)
    plan = Plan(now)
    for item in sorted(inputs, key=_order):
        plan.decisions.append(run.decide(item))
    return plan


def _order(item: Submission | Unread) -> tuple[int, dt.date, str]:
    if isinstance(item, Unread) or item.report_date is None:
        return (0, dt.date.min, item.file)
    return (1, item.report_date, item.file)


class _Run:
    def __init__(self, program: Program, state: MergeState, as_of: dt.date, now: dt.datetime, strict: bool):
        self.program, self.state, self.as_of, self.now, self.strict = program, state, as_of, now, strict
        self.tasks = {t.code: t for t in program.tasks}
        self.recorded = {code for code, _ in state.reported}  # tasks some report was ever applied to

    def decide(self, item: Submission | Unread) -> Decision:
        if (seen := self.state.seen.get(item.sha256)) is not None:
            decision = Decision(item.file, item.sha256, Outcome.DUPLICATE, unit_name=seen.unit)
            if isinstance(item, Submission):
                self._label(decision, item)
            decision.problems.append(Problem.make(Code.duplicate_file, file=item.file, when=seen.when, other=seen.file))
            return decision
        if isinstance(item, Unread):
            problems = list(item.problems) or [Problem.make(Code.file_unreadable, file=item.file, reason="không rõ")]
            return Decision(item.file, item.sha256, Outcome.REJECTED, problems=problems)
        return self._submission(item)

    def _label(self, decision: Decision, sub: Submission) -> Unit | None:
        unit = self.program.units.by_code(sub.signed.unit_code)
        decision.unit_code, decision.period, decision.report_date = (
            sub.signed.unit_code,
            sub.signed.period,
            sub.report_date,
        )
        decision.unit_name = unit.name if unit is not None else ""
        return unit  # None: check_file reports the unknown unit

    def _submission(self, sub: Submission) -> Decision:
        d = Decision(sub.file, sub.sha256, Outcome.ACCEPTED, problems=list(sub.problems))
        unit = self._label(d, sub)
        d.problems += check_file(sub, self.program, self.as_of)
        self._check_report_date(sub, d)
        if unit is None or sub.report_date is None or any(p.is_error and p.level is Level.FILE for p in d.problems):
            d.outcome = Outcome.REJECTED
            return d
        ctx = RowContext(sub.file, sub.sheet, unit, sub.report_date, self.program.units)
        results = self._rows(sub, ctx, d)
        if self.strict and d.row_errors:
            d.outcome = Outcome.REJECTED
        elif d.skipped_rows and not results:
            d.outcome = Outcome.REJECTED  # every row was refused: nothing of the file applies
        else:
            self._commit(d, ctx, results)
        return d

    def _check_report_date(self, sub: Submission, d: Decision) -> None:
        """The reader and check_file judge the date itself; here only what needs the period."""
        where: dict[str, Any] = {"file": sub.file, "sheet": sub.sheet, "cell": sub.report_date_cell or None}
        if sub.report_date is None:
            if not any(p.is_error and p.level is Level.FILE for p in d.problems):
                d.problems.append(Problem.make(Code.no_report_date, **where))
            return
        period = period_range(sub.signed.period)
        if period is not None and sub.report_date not in period:
            shown = format_date(sub.report_date)
            d.problems.append(
                Problem.make(Code.report_date_outside_period, value=shown, period=sub.signed.period, **where)
            )

    def _rows(self, sub: Submission, ctx: RowContext, d: Decision) -> list[tuple[Task, str, RowResult]]:
        d.problems += check_rows(sub, self.program, self.as_of)
        skipped = {n for p in d.problems if p.is_error and p.level is Level.ROW if (n := _row_number(p.cell))}
        results: list[tuple[Task, str, RowResult]] = []
        for row in sub.rows:
            task = self.tasks.get(row.code)
            role = task.role_of(ctx.unit.code) if task is not None else None
            if task is None or role is None or row.number in skipped:
                skipped.add(row.number)
                continue
            if (issued := sub.signed.tasks.get(row.code)) != role:
                d.problems.append(
                    Problem.make(
                        Code.role_changed,
                        file=sub.file,
                        sheet=sub.sheet,
                        cell=row.cell("code"),
                        value=row.code,
                        issued=ROLE_LABELS.get(str(issued), str(issued)),
                        now=ROLE_LABELS[role],
                    )
                )
                skipped.add(row.number)
                continue
            values, _ = row_values(sub, row)  # its problems are already among check_rows'
            current = self.state.values[task.code]
            last = self.state.reported.get((task.code, ctx.unit.code))
            if role == LEAD:
                if last is None and task.code not in self.recorded:
                    # before the tool's first report on a task, Ngày cập nhật is the office's own date
                    updated = canonical("updated_on", current.get("updated_on"))
                    last = updated if isinstance(updated, dt.date) else None
                result = evaluate_lead(row, values, current, last, ctx)
            else:
                issued_values = sub.signed.issued.get(row.code, {})
                result = evaluate_coordinating(row, values, issued_values, current, last, ctx)
            d.problems.extend(result.problems)
            if result.error:
                skipped.add(row.number)
            else:
                results.append((task, role, result))
        d.skipped_rows = sorted(skipped)
        d.row_tasks = {row.number: row.code for row in sub.rows if row.code}
        return results

    def _commit(self, d: Decision, ctx: RowContext, results: Sequence[tuple[Task, str, RowResult]]) -> None:
        unit, day = ctx.unit, ctx.report_date
        for task, role, result in results:
            if result.applied:
                d.state.append(StateEntry(task.code, unit.code, role, day, d.file))
                self.state.reported[(task.code, unit.code)] = day
                self.recorded.add(task.code)
            if not result.changes:
                continue
            current = self.state.values[task.code]
            for key, new in result.changes.items():
                d.writes.append(CellWrite(task.code, key, current.get(key), new))
                d.history.append(HistoryEntry(task.code, key, current.get(key), new, unit.name, d.file))
                current[key] = new
            updated = canonical("updated_on", current.get("updated_on"))
            if not isinstance(updated, dt.date) or updated < day:
                d.writes.append(CellWrite(task.code, "updated_on", current.get("updated_on"), day))
                current["updated_on"] = day
        self.state.seen[d.sha256] = Seen(self.now.strftime("%d/%m/%Y %H:%M"), d.file, unit.name)
        if d.skipped_rows:
            d.outcome = Outcome.PARTIAL
        else:
            d.outcome = Outcome.ACCEPTED if d.writes else Outcome.NO_CHANGE


def _row_number(cell: str | None) -> int | None:
    m = _ROW_NUMBER.search(cell or "")
    return int(m[1]) if m else None
