"""Checks on a read submission that need no merge history: its file header and each row against the program."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from sheetsync.core.dates import BadDate, format_date
from sheetsync.core.program import Program
from sheetsync.core.signature import fixed_digest
from sheetsync.core.submission import COORDINATING, LEAD, Submission, SubmittedRow
from sheetsync.core.text import fold, is_blank
from sheetsync.core.values import STATUS_CHOICES, hint, parse_progress, parse_status
from sheetsync.problems import Code, Level, Problem, Severity
from sheetsync.schema import EXCEL_CELL_LIMIT, STATUS_KEYS, TEMPLATE, Role, Status

__all__ = ["STATE_KEYS", "check_file", "check_rows", "row_values"]

# the status cells a coordinating unit sees but may not change (its contribution is the three texts)
STATE_KEYS: tuple[str, ...] = ("status", "progress", "completed_on")
_TEXT_KEYS = ("result", "difficulties", "proposals")
_ROLE_KEYS = {fold(Role.LEAD): LEAD, fold(Role.COORDINATING): COORDINATING}
Report = Callable[..., None]


def _reporter(submission: Submission, row: SubmittedRow, out: list[Problem]) -> Report:
    # positional-only, so message parameters may be called `code` or `key` too
    def report(problem: Code, key: str, value: object = None, /, **params: Any) -> None:
        cell = row.cell(key)
        out.append(
            Problem.make(problem, file=submission.file, sheet=submission.sheet, cell=cell, value=value, **params)
        )

    return report


def row_values(submission: Submission, row: SubmittedRow) -> tuple[dict[str, object], list[Problem]]:
    """The row's STATUS_KEYS as clean values — Status, int | float (0-100), dt.date, str — None where the
    cell is blank or unreadable, and the problems (bad_status, bad_progress, bad_date, text_too_long as
    row errors; value_normalized and formula_cell as warnings)."""
    problems: list[Problem] = []
    report = _reporter(submission, row, problems)
    values: dict[str, object] = dict.fromkeys(STATUS_KEYS)

    status = parse_status(row.values.get("status"))
    if status.error:
        report(Code.bad_status, "status", row.values.get("status"), choices=", ".join(STATUS_CHOICES))
    elif status.normalized_from is not None:
        report(Code.value_normalized, "status", status.normalized_from, normalized=status.value)
    values["status"] = status.value

    progress = parse_progress(row.values.get("progress"))
    if progress.error:
        report(Code.bad_progress, "progress", row.values.get("progress"), hint=hint(progress))
    elif progress.normalized_from is not None:
        report(Code.value_normalized, "progress", progress.normalized_from, normalized=progress.value)
    values["progress"] = progress.value

    completed = row.values.get("completed_on")
    if isinstance(completed, BadDate):
        report(Code.bad_date, "completed_on", completed.text)
    elif isinstance(completed, dt.date):
        values["completed_on"] = completed

    for key in _TEXT_KEYS:
        text = row.values.get(key)
        if is_blank(text):
            continue
        text = str(text)
        if len(text) > EXCEL_CELL_LIMIT:
            report(Code.text_too_long, key, length=f"{len(text):,}".replace(",", "."), limit="32.767")
            continue
        values[key] = text

    for key in sorted(row.formulas - set(row.errors)):  # an error shown is a row error of its own
        # a formula the program that saved the file never computed shows nothing: say so, not “”
        shown = row.values.get(key)
        report(Code.formula_cell, key, "(trống)" if is_blank(shown) else shown)
    return values, problems


def check_rows(submission: Submission, program: Program, as_of: dt.date) -> list[Problem]:
    """Every row-level problem of a submission that needs only the program and the signed data.

    Row errors (Level.ROW) mean "skip this row": empty/duplicate/unknown Mã NV, a task not in the signed
    list or no longer assigned to the unit, unreadable status/progress/date, a completion date after the
    report date (or after `as_of`), text over Excel's cell limit, changed status cells in a coordinating
    row, a merged range over status cells. Warnings: value read with normalization, formula cells,
    edited locked cells, "Đã hoàn thành" without a date or below 100%.
    """
    problems: list[Problem] = []
    signed = submission.signed
    seen: dict[str, str] = {}
    # without a readable report date (already a file error) the run date bounds the completion date
    latest = submission.report_date or as_of
    for row in submission.rows:
        report = _reporter(submission, row, problems)
        if not row.code:
            report(Code.empty_code, "code")
            continue
        if row.code in seen:
            report(Code.duplicate_code, "code", row.code, other=seen[row.code])
            continue
        seen[row.code] = row.cell("code")
        task = program.task(row.code)
        if task is None:
            report(Code.unknown_task, "code", row.code)
            continue
        if row.code not in signed.tasks:
            report(Code.not_in_signed_list, "code", row.code)
            continue
        role = task.role_of(signed.unit_code)
        values, found = row_values(submission, row)
        if role is None:
            # reassigned since the template was issued: a row the unit left as issued says nothing and
            # only earns a note; a row it filled in is refused so the office can forward it
            quiet = _untouched(row, values, signed.issued.get(row.code, {}), STATUS_KEYS)
            severity = {"severity": Severity.WARNING, "level": Level.NOTE} if quiet else {}
            report(Code.task_not_assigned, "code", row.code, unit=signed.unit_code, **severity)
            continue

        if role == COORDINATING:
            # its status cells are judged only as "changed or not" below, not as the unit's own values
            state_cells = {row.cell(k) for k in STATE_KEYS}
            found = [p for p in found if p.cell not in state_cells]
        problems.extend(found)
        for key in sorted(set(row.errors) & set(STATUS_KEYS)):
            # read as blank, it would wipe what the master holds: the row waits for a real value
            report(Code.error_value, key, row.errors[key], label=TEMPLATE.label(key))
        for key in sorted(set(row.merged) & set(STATUS_KEYS)):
            report(Code.structure_broken, key, level=Level.ROW, reason="ô bị gộp (merge) đè lên cột báo cáo")

        _check_locked(row, signed.fixed.get(row.code), signed.tasks[row.code], report)
        if role == COORDINATING:
            _check_coordinating(row, values, signed.issued.get(row.code, {}), report)
            continue
        completed = values["completed_on"]
        if isinstance(completed, dt.date) and completed > latest:
            report(Code.completed_after_report, "completed_on", format_date(completed), report_date=format_date(latest))
        _check_consistency(values, row.values.get("completed_on"), report)
    return problems


def _check_locked(row: SubmittedRow, digest: str | None, signed_role: str, report: Report) -> None:
    written_role = _ROLE_KEYS.get(fold(row.role))
    if written_role is not None and written_role != signed_role:
        report(Code.locked_cell_changed, "role", row.role, label=TEMPLATE.label("role"))
        return
    if not digest:
        return
    values = row.values
    if fixed_digest(row.role, values.get("content"), values.get("deadline")) != digest:
        changed = "content" if not is_blank(values.get("content")) else "deadline"
        report(Code.locked_cell_changed, changed, values.get(changed), label=TEMPLATE.label(changed))


def _check_coordinating(
    row: SubmittedRow, values: dict[str, object], issued: Mapping[str, object], report: Report
) -> None:
    for key in STATE_KEYS:
        if not _untouched(row, values, issued, (key,)):
            label = TEMPLATE.label(key)
            report(Code.coordinating_status_changed, key, _show(row.values.get(key)), label=label, task=row.code)


def _untouched(
    row: SubmittedRow, values: Mapping[str, object], issued: Mapping[str, object], keys: tuple[str, ...]
) -> bool:
    """Every cell of `keys` still holds what the template was issued with (an empty cell matches None)."""
    for key in keys:
        raw, before, now = row.values.get(key), issued.get(key), values.get(key)
        if not ((is_blank(raw) and before is None) or (now is not None and now == before)):
            return False
    return True


def _check_consistency(values: dict[str, object], typed_date: object, report: Report) -> None:
    # in a report these are warnings, not row errors: the row still says something true, and the
    # assessment uses the report date when the completion date is missing (SPEC.md)
    warn = {"severity": Severity.WARNING, "level": Level.NOTE}
    status, progress = values["status"], values["progress"]
    if status is Status.DONE and values["completed_on"] is None and not isinstance(typed_date, BadDate):
        report(Code.done_without_date, "completed_on", **warn)  # a date typed wrong is a bad_date already
    if status is Status.DONE and isinstance(progress, int | float) and progress < 100:
        report(Code.done_below_100, "progress", _show(progress), **warn)


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, BadDate):
        return value.text
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value)


def check_file(submission: Submission, program: Program, as_of: dt.date) -> list[Problem]:
    """File-level checks that need the program or the run date: an unknown unit, a future report date."""
    problems: list[Problem] = []
    where: dict[str, Any] = {"file": submission.file, "sheet": submission.sheet}
    if program.units.by_code(submission.signed.unit_code) is None:
        problems.append(Problem.make(Code.unknown_submission_unit, value=submission.signed.unit_code, **where))
    report_date = submission.report_date
    if report_date is not None and report_date > as_of:
        problems.append(
            Problem.make(
                Code.report_date_in_future,
                cell=submission.report_date_cell,
                value=format_date(report_date),
                as_of=format_date(as_of),
                **where,
            )
        )
    return problems
