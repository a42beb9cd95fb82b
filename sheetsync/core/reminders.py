"""Who gets a reminder (đôn đốc) and why, from the figures of "Tổng hợp": plain values in, plain values out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sheetsync.core.mail_text import LateTask
from sheetsync.core.summary import Summary, code_key
from sheetsync.core.units import Unit
from sheetsync.schema import Assessment

__all__ = ["LATE_ASSESSMENTS", "UnitReminder", "plan_reminders"]

# SPEC "don-doc": lead units of tasks in these states are reminded, whatever their report
LATE_ASSESSMENTS = (Assessment.OVERDUE, Assessment.DUE_SOON)


@dataclass(frozen=True)
class UnitReminder:
    unit: Unit
    report_state: str | None  # "Quá hạn chưa nộp", "Bị trả lại"; None when only tasks are late
    tasks: tuple[LateTask, ...]

    @property
    def reason(self) -> str:
        parts = []
        if self.report_state:
            parts.append(f"báo cáo: {self.report_state}")
        if self.tasks:
            parts.append(f"{len(self.tasks)} nhiệm vụ quá hạn hoặc sắp đến hạn")
        return "; ".join(parts)


def plan_reminders(summary: Summary, report_states: dict[str, str], deadlines: dict[str, str]) -> list[UnitReminder]:
    """One entry per lead unit that is late: `report_states` maps a unit code to its late reporting state (the
    units "Tổng hợp" lists as late), `deadlines` a Mã NV to its Thời hạn as written. In the units' order."""
    late_tasks: dict[str, list[LateTask]] = {}
    for task in sorted(summary.tasks, key=lambda t: code_key(t.code)):
        if task.lead is None or task.assessment not in LATE_ASSESSMENTS or task.assessment is None:
            continue
        late = LateTask(task.code, task.content, deadlines.get(task.code, ""), task.assessment.value)
        late_tasks.setdefault(task.lead.code, []).append(late)
    leads = _leads(summary)
    found = []
    for unit in leads:
        state = report_states.get(unit.code)
        tasks = tuple(late_tasks.get(unit.code, ()))
        if state or tasks:
            found.append(UnitReminder(unit, state, tasks))
    return found


def _leads(summary: Summary) -> Iterable[Unit]:
    return [line.unit for line in summary.units if line.unit is not None]
