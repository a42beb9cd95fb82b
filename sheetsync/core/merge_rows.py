"""One checked row against the master: what it changes, whether it is older than what is there, what it restates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sheetsync.core.dates import format_date, parse_cell_date
from sheetsync.core.opinions import format_opinion, parse_opinions
from sheetsync.core.paragraphs import normalize_text, render, split_paragraphs, with_paragraph
from sheetsync.core.plan import show_value
from sheetsync.core.submission import SubmittedRow
from sheetsync.core.units import Unit, UnitDirectory
from sheetsync.core.values import parse_progress, parse_status
from sheetsync.problems import Code, Problem
from sheetsync.schema import COORDINATION_KEYS, EXCEL_CELL_LIMIT, STATUS_KEYS, Status

__all__ = ["RowContext", "RowResult", "canonical", "evaluate_coordinating", "evaluate_lead"]

_TEXT_KEYS = ("result", "difficulties", "proposals")
_DATE_KEYS = ("completed_on", "updated_on")
# text a spreadsheet would take for a formula; "-" is left out: "- Đã rà soát" is how lists are typed
_FORMULA_PREFIXES = ("=", "+", "@")


@dataclass(frozen=True)
class RowContext:
    """What stays the same for every row of one submission."""

    file: str
    sheet: str
    unit: Unit
    report_date: dt.date
    units: UnitDirectory


@dataclass
class RowResult:
    problems: list[Problem] = field(default_factory=list)  # warnings only: row errors were found before
    changes: dict[str, object] = field(default_factory=dict)  # TASKS key -> new value, only real changes
    applied: bool = False  # the report now counts as this unit's latest on the task
    error: bool = False  # the row cannot be applied after all (the merged cell would be too long)

    def note(self, row: SubmittedRow, ctx: RowContext, code: Code, key: str, value: object, **params: Any) -> None:
        self.problems.append(
            Problem.make(code, file=ctx.file, sheet=ctx.sheet, cell=row.cell(key), value=value, **params)
        )


def canonical(key: str, value: object) -> object:
    """The value two cells are compared by: a restated value must not count as a change."""
    if isinstance(value, Status):
        return value.value
    if value is None or (isinstance(value, str) and not normalize_text(value)):
        return None
    if key == "status":
        status = parse_status(value).value
        return status.value if status is not None else normalize_text(value)
    if key == "progress":
        number = parse_progress(value).value
        return float(number) if number is not None else normalize_text(value)
    if key in _DATE_KEYS:
        day = parse_cell_date(value)
        return day if isinstance(day, dt.date) else normalize_text(value)
    if isinstance(value, dt.date | int | float) and not isinstance(value, bool):
        return show_value(value)
    return normalize_text(value)


def _stored(key: str, value: object) -> object:
    """A checked value as the master keeps it: the status label, the number, the date, the text."""
    if isinstance(value, Status):
        return value.value
    if key in _TEXT_KEYS:
        return canonical(key, value)
    return value


def _formula_notes(out: RowResult, row: SubmittedRow, ctx: RowContext, texts: Mapping[str, object]) -> None:
    for key, text in texts.items():
        if isinstance(text, str) and text.startswith(_FORMULA_PREFIXES) and key not in row.formulas:
            out.note(row, ctx, Code.formula_as_text, key, None, prefix=text[0])


def evaluate_lead(
    row: SubmittedRow,
    values: Mapping[str, object],
    current: Mapping[str, object],
    last: dt.date | None,
    ctx: RowContext,
) -> RowResult:
    """A `Chủ trì` row: its status columns are the lead's whole statement as of its report date."""
    out = RowResult()
    new = {key: _stored(key, values.get(key)) for key in STATUS_KEYS}
    _formula_notes(out, row, ctx, {k: new[k] for k in _TEXT_KEYS})
    if last is not None and ctx.report_date < last:
        out.note(row, ctx, Code.older_report, "code", format_date(ctx.report_date), newer=format_date(last))
        return out
    out.applied = True
    out.changes = {k: v for k, v in new.items() if canonical(k, current.get(k)) != canonical(k, v)}
    return out


def evaluate_coordinating(
    row: SubmittedRow,
    values: Mapping[str, object],
    issued: Mapping[str, object],
    current: Mapping[str, object],
    last: dt.date | None,
    ctx: RowContext,
) -> RowResult:
    """A `Phối hợp` row: only the unit's own paragraph in "Ý kiến đơn vị phối hợp" may change."""
    out = RowResult()
    mine = {key: canonical(key, values.get(key)) or "" for key in COORDINATION_KEYS}
    _formula_notes(out, row, ctx, mine)
    as_issued = {key: canonical(key, issued.get(key)) or "" for key in COORDINATION_KEYS}
    if not any(mine.values()) or mine == as_issued:
        return out  # the unit added nothing to what its template was issued with
    opinions = parse_opinions(current.get("coord_opinions"), ctx.units)
    previous = opinions.get(ctx.unit.code)
    last = last or (previous.report_date if previous is not None else None)
    if last is not None and ctx.report_date < last:
        out.note(row, ctx, Code.older_report, "result", format_date(ctx.report_date), newer=format_date(last))
        return out
    out.applied = True
    if previous is not None and all(mine[k] == normalize_text(getattr(previous, k)) for k in COORDINATION_KEYS):
        return out  # restated: the paragraph, and the date it shows, stay as they are
    paragraph = format_opinion(ctx.unit.name, ctx.report_date, *(str(mine[k]) for k in COORDINATION_KEYS))
    paragraphs = split_paragraphs(current.get("coord_opinions"), ctx.units)
    text = render(with_paragraph(paragraphs, ctx.unit.code, ctx.report_date, paragraph))
    if len(text) > EXCEL_CELL_LIMIT:
        length, limit = f"{len(text):,}".replace(",", "."), f"{EXCEL_CELL_LIMIT:,}".replace(",", ".")
        out.note(row, ctx, Code.text_too_long, "result", None, length=length, limit=limit)
        out.applied, out.error = False, True
        return out
    out.changes["coord_opinions"] = text
    return out
