"""What goes into each unit's template: its rows, pre-filled values and the identity to sign (pure)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sheetsync.core.dates import format_date
from sheetsync.core.opinions import parse_opinions
from sheetsync.core.program import Program, Task
from sheetsync.core.signature import fixed_digest
from sheetsync.core.submission import COORDINATING, LEAD, Signed
from sheetsync.core.text import clean, strip_marks
from sheetsync.core.units import Unit
from sheetsync.schema import STATUS_KEYS, TEMPLATE_VERSION, Role

__all__ = ["ROLE_LABELS", "TemplatePlan", "TemplateRow", "file_name", "plan_templates"]

ROLE_LABELS = {LEAD: Role.LEAD.value, COORDINATING: Role.COORDINATING.value}
_NOT_SAFE = re.compile(r"[^A-Za-z0-9]+")


@dataclass(frozen=True)
class TemplateRow:
    code: str
    role: str  # LEAD or COORDINATING
    content: str
    deadline: str
    values: dict[str, object]  # STATUS_KEYS -> value shown (None = empty)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class TemplatePlan:
    unit: Unit
    period: str
    rows: tuple[TemplateRow, ...]
    signed: Signed
    due: dt.date | None = None  # Hạn nộp of the period
    send_to: str = ""  # the office's e-mail address the report goes back to


def file_name(unit_code: str, period: str) -> str:
    """ASCII-safe, as mail gateways and old Windows unzip tools mangle anything else: BaoCao_CAP_Thang-12-2026.xlsx"""
    unit = _NOT_SAFE.sub("-", strip_marks(unit_code)).strip("-") or "DV"
    slug = _NOT_SAFE.sub("-", strip_marks(period)).strip("-") or "ky"
    return f"BaoCao_{unit}_{slug}.xlsx"


def _deadline_text(task: Task) -> str:
    if task.deadline is not None:
        return task.deadline.text
    raw = task.row.get("deadline")
    if isinstance(raw, dt.datetime | dt.date):
        return format_date(raw if not isinstance(raw, dt.datetime) else raw.date())
    return clean(str(raw)) if raw is not None else ""


def _or_none(text: str) -> str | None:
    return text or None


def _row(task: Task, role: str, unit: Unit, program: Program) -> TemplateRow:
    values: dict[str, object] = {
        "status": task.status.value if task.status is not None else None,
        "progress": task.progress if task.progress is None or not task.progress.is_integer() else int(task.progress),
        "completed_on": task.completed_on,
    }
    if role == LEAD:
        values.update(
            result=_or_none(task.result), difficulties=_or_none(task.difficulties), proposals=_or_none(task.proposals)
        )
    else:
        # the unit's own contribution, so a report that changes nothing restates it instead of erasing it
        own = parse_opinions(task.coord_opinions, program.units).get(unit.code)
        values.update(
            result=_or_none(own.result) if own else None,
            difficulties=_or_none(own.difficulties) if own else None,
            proposals=_or_none(own.proposals) if own else None,
        )
    return TemplateRow(task.code, role, task.content, _deadline_text(task), {k: values[k] for k in STATUS_KEYS})


def plan_templates(
    program: Program, period: str, *, issued_on: dt.date, due: dt.date | None = None, send_to: str = ""
) -> list[TemplatePlan]:
    """One plan per unit that leads or coordinates at least one task: lead rows first, each in program order."""
    plans = []
    for unit in program.units.units:
        assigned = program.tasks_of(unit.code)
        if not assigned:
            continue
        ordered = [(t, r) for t, r in assigned if r == LEAD] + [(t, r) for t, r in assigned if r == COORDINATING]
        rows = tuple(_row(task, role, unit, program) for task, role in ordered)
        signed = Signed(
            unit_code=unit.code,
            period=period,
            version=TEMPLATE_VERSION,
            tasks={r.code: r.role for r in rows},
            issued={r.code: dict(r.values) for r in rows},
            issued_on=issued_on,
            fixed={r.code: fixed_digest(r.role_label, r.content, r.deadline) for r in rows},
        )
        plans.append(TemplatePlan(unit, period, rows, signed, due, send_to))
    return plans
