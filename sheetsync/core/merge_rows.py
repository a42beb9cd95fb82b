"""One submitted row against the master: what its lead or coordinating unit may change, and what not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sheetsync.core.dates import BadDate, format_date, parse_cell_date
from sheetsync.core.opinions import compose_body, normalize_text, paragraph_of, render, split_opinions, with_paragraph
from sheetsync.core.plan import show_value
from sheetsync.core.submission import Signed, SubmittedRow
from sheetsync.core.units import Unit, UnitDirectory
from sheetsync.core.values import STATUS_CHOICES, parse_progress, parse_status
from sheetsync.problems import Code, Level, Problem, Severity
from sheetsync.schema import COORDINATION_KEYS, EXCEL_CELL_LIMIT, TEMPLATE, Status

__all__ = ["RowContext", "RowResult", "canonical", "evaluate_coordinating", "evaluate_lead"]

# the status cells of a "Phối hợp" row show the lead's values for information only
LEAD_ONLY_KEYS = ("status", "progress", "completed_on")
_TEXT_KEYS = ("result", "difficulties", "proposals")
_DATE_KEYS = ("completed_on", "updated_on")
# text that a spreadsheet would take for a formula; "-" is left out: "- Đã rà soát" is how lists are typed
_FORMULA_PREFIXES = ("=", "+", "@")
_LIMIT_SHOWN = f"{EXCEL_CELL_LIMIT:,}".replace(",", ".")


@dataclass(frozen=True)
class RowContext:
    """What stays the same for every row of one submission."""

    file: str
    sheet: str
    unit: Unit
    report_date: dt.date
    signed: Signed
    units: UnitDirectory


@dataclass
class RowResult:
    row: SubmittedRow
    ctx: RowContext
    problems: list[Problem] = field(default_factory=list)
    changes: dict[str, object] = field(default_factory=dict)  # TASKS key -> new value, only real changes
    applied: bool = False  # the report now counts as this unit's latest on the task

    @property
    def skip(self) -> bool:
        """A row-level error: nothing of this row is applied."""
        return any(p.is_error and p.level is Level.ROW for p in self.problems)

    def report(self, code: Code, key: str, value: object = None, /, **params: object) -> None:
        cell = self.row.cell(key)
        shown = None if value is None else show_value(value)
        where = {"file": self.ctx.file, "sheet": self.ctx.sheet, "cell": cell}
        self.problems.append(Problem.make(code, value=shown, **where, **params))  # type: ignore[arg-type]

    def warn(self, code: Code, key: str, value: object = None, /, **params: object) -> None:
        """A problem the row survives (the merge is more lenient than the master's validation)."""
        self.report(code, key, value, severity=Severity.WARNING, level=Level.NOTE, **params)


def canonical(key: str, value: object) -> object:
    """The value two cells are compared by: a restated value must not count as a change."""
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
    return _text(value) or None


def _text(value: object) -> str:
    if isinstance(value, dt.date | int | float) and not isinstance(value, bool):
        return show_value(value)
    return normalize_text(value)


def _check_text(out: RowResult, key: str, text: str) -> None:
    if len(text) > EXCEL_CELL_LIMIT:
        out.report(Code.text_too_long, key, length=f"{len(text):,}".replace(",", "."), limit=_LIMIT_SHOWN)
    elif text.startswith(_FORMULA_PREFIXES) and key not in out.row.formulas:
        out.warn(Code.formula_as_text, key, prefix=text[0])


def _lead_values(out: RowResult) -> dict[str, object]:
    """The row's status columns read as the master stores them; problems for what cannot be read."""
    row, report_date = out.row, out.ctx.report_date
    values: dict[str, object] = {}
    status = parse_status(row.values.get("status"))
    if status.error is not None:
        out.report(Code.bad_status, "status", row.values.get("status"), choices=", ".join(STATUS_CHOICES))
    else:
        values["status"] = status.value.value if status.value is not None else None
        if status.normalized_from is not None and status.value is not None:
            out.warn(Code.value_normalized, "status", status.normalized_from, normalized=status.value.value)
    progress = parse_progress(row.values.get("progress"))
    if progress.error is not None:
        out.report(Code.bad_progress, "progress", row.values.get("progress"))
    else:
        values["progress"] = progress.value
        if progress.normalized_from is not None:
            out.warn(Code.value_normalized, "progress", progress.normalized_from, normalized=show_value(progress.value))
    completed = parse_cell_date(row.values.get("completed_on"), default_year=report_date.year)
    if isinstance(completed, BadDate):
        out.report(Code.bad_date, "completed_on", completed.text)
    elif completed is not None and completed > report_date:
        out.report(Code.completed_after_report, "completed_on", completed, report_date=format_date(report_date))
    else:
        values["completed_on"] = completed
    for key in _TEXT_KEYS:
        text = _text(row.values.get(key))
        _check_text(out, key, text)
        values[key] = text or None
    return values


def _consistency(out: RowResult, values: Mapping[str, object]) -> None:
    # the master's validation calls these errors; in a unit's report they are worth a word, not a skip
    done = values.get("status") == Status.DONE.value
    progress = values.get("progress")
    if done and values.get("completed_on") is None:
        out.warn(Code.done_without_date, "completed_on")
    if done and isinstance(progress, int | float) and progress < 100:
        out.warn(Code.done_below_100, "progress", show_value(float(progress)))
    if not done and values.get("completed_on") is not None:
        out.warn(Code.date_without_done, "completed_on")


def evaluate_lead(row: SubmittedRow, current: Mapping[str, object], last: dt.date | None, ctx: RowContext) -> RowResult:
    """A `Chủ trì` row: the whole set of status columns is the lead's statement as of its report date."""
    out = RowResult(row, ctx)
    values = _lead_values(out)
    if out.skip:
        return out
    _consistency(out, values)
    if last is not None and ctx.report_date < last:
        out.warn(Code.older_report, "code", format_date(ctx.report_date), newer=format_date(last))
        return out
    out.applied = True
    out.changes = {k: v for k, v in values.items() if canonical(k, current.get(k)) != canonical(k, v)}
    return out


def evaluate_coordinating(
    row: SubmittedRow, current: Mapping[str, object], last: dt.date | None, ctx: RowContext
) -> RowResult:
    """A `Phối hợp` row: only the unit's own paragraph in "Ý kiến đơn vị phối hợp" may change."""
    out = RowResult(row, ctx)
    issued = ctx.signed.issued.get(row.code)
    if issued is not None:
        for key in LEAD_ONLY_KEYS:
            typed = row.values.get(key)
            if canonical(key, typed) != canonical(key, issued.get(key)):
                out.report(Code.coordinating_status_changed, key, typed, label=TEMPLATE.label(key), code=row.code)
    parts = [_text(row.values.get(key)) for key in COORDINATION_KEYS]
    for key, text in zip(COORDINATION_KEYS, parts, strict=True):
        _check_text(out, key, text)
    if out.skip:
        return out
    body = compose_body(*parts)
    issued_body = compose_body(*(issued.get(k) for k in COORDINATION_KEYS)) if issued is not None else ""
    if not body or body == issued_body:
        return out  # the unit added nothing to what its template was issued with
    paragraphs = split_opinions(current.get("coord_opinions"), ctx.units)
    mine = paragraph_of(paragraphs, ctx.unit.code)
    last = last or (mine.day if mine is not None else None)
    if last is not None and ctx.report_date < last:
        out.warn(Code.older_report, "result", format_date(ctx.report_date), newer=format_date(last))
        return out
    if mine is not None and mine.body == body:
        out.applied = True  # restated: the paragraph (and its date) stay as they are
        return out
    text = render(with_paragraph(paragraphs, ctx.unit, ctx.report_date, body))
    if len(text) > EXCEL_CELL_LIMIT:
        out.report(Code.text_too_long, "result", length=f"{len(text):,}".replace(",", "."), limit=_LIMIT_SHOWN)
        return out
    out.applied = True
    out.changes["coord_opinions"] = text
    return out
