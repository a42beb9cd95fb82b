"""The merge plan: every cell write and appended row a run makes, as plain values any applier can carry out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sheetsync.core.dates import format_date
from sheetsync.core.text import clean
from sheetsync.problems import Level, Problem
from sheetsync.schema import EXCEL_CELL_LIMIT, TASKS, Outcome, Role

__all__ = ["CellWrite", "Decision", "HistoryEntry", "Plan", "StateEntry", "place_state", "show_value"]

# how the hidden state sheet shows a role (the plan keeps "lead"/"coordinating")
STATE_ROLE_LABELS = {"lead": Role.LEAD.value, "coordinating": Role.COORDINATING.value}


@dataclass(frozen=True)
class CellWrite:
    """Set one cell of "Nhiệm vụ": the row whose Mã NV is `code`, the column whose header is TASKS[key]."""

    code: str
    key: str  # schema.TASKS column key
    old: object
    new: object  # str | int | float | datetime.date | None; text is always written as inert text

    @property
    def label(self) -> str:
        return TASKS.label(self.key)


@dataclass(frozen=True)
class HistoryEntry:
    """One "Lịch sử" row: the value a cell held before a write, so nothing overwritten is ever lost."""

    code: str
    key: str
    old: object
    new: object
    unit: str  # the unit's name
    source: str  # the file name as people see it

    def row(self, time: dt.datetime) -> dict[str, object]:
        """Values keyed by schema.HISTORY keys; old and new as text, as people read them."""
        return {
            "time": time,
            "code": self.code,
            "field": TASKS.label(self.key),
            "old": show_value(self.old),
            "new": show_value(self.new),
            "unit": self.unit,
            "source": self.source,
        }


@dataclass(frozen=True)
class StateEntry:
    """The latest report of a unit applied to a task (the hidden state sheet): an older one never overwrites it."""

    code: str
    unit_code: str
    role: str  # "lead" / "coordinating"
    report_date: dt.date
    source: str


def place_state(
    existing: Iterable[tuple[int, object, object]],
    last_row: int,
    entries: Sequence[StateEntry],
    time: dt.datetime,
) -> list[tuple[int, dict[str, object]]]:
    """Where each entry goes in "Mốc báo cáo" and what it holds: one row per (Mã NV, Mã ĐV), updated in place,
    or appended under `last_row`. `existing` is (row number, Mã NV, Mã ĐV) of the sheet's rows."""
    where: dict[tuple[str, str], int] = {}
    for number, code, unit in existing:
        if code is not None and unit is not None:
            where[(clean(str(code)), clean(str(unit)))] = number
    placed: list[tuple[int, dict[str, object]]] = []
    next_row = last_row + 1
    for entry in entries:
        key = (entry.code, entry.unit_code)
        if key not in where:
            where[key], next_row = next_row, next_row + 1
        values: dict[str, object] = {
            "code": entry.code,
            "unit": entry.unit_code,
            "role": STATE_ROLE_LABELS.get(entry.role, entry.role),
            "report_date": entry.report_date,
            "source": entry.source,
            "time": time,
        }
        placed.append((where[key], values))
    return placed


@dataclass
class Decision:
    """What one input file does: its outcome, its writes, its log rows and the problems found."""

    file: str
    sha256: str
    outcome: Outcome
    unit_code: str = ""
    unit_name: str = ""
    period: str = ""
    report_date: dt.date | None = None
    writes: list[CellWrite] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    state: list[StateEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)  # sheet row numbers not applied
    row_tasks: dict[int, str] = field(default_factory=dict)  # sheet row number -> the Mã NV written there

    @property
    def rows_changed(self) -> int:
        return len({w.code for w in self.writes if w.key != "updated_on"})

    @property
    def rejected(self) -> bool:
        return self.outcome is Outcome.REJECTED

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def row_errors(self) -> list[Problem]:
        return [p for p in self.errors if p.level is Level.ROW]

    def journal_row(self, time: dt.datetime) -> dict[str, object]:
        """Values keyed by schema.JOURNAL keys."""
        return {
            "time": time,
            "file": self.file,
            "sha256": self.sha256,
            "unit": self.unit_name or self.unit_code,
            "period": self.period,
            "report_date": self.report_date,
            "result": self.outcome.value,
            "rows_changed": self.rows_changed,
            "problems": _within_cell_limit([p.render() for p in self.problems]),
        }


@dataclass
class Plan:
    """A whole run: decisions in the order they were made (report-date order), each seeing the ones before."""

    time: dt.datetime
    decisions: list[Decision] = field(default_factory=list)

    @property
    def writes(self) -> list[CellWrite]:
        return [w for d in self.decisions for w in d.writes]

    def history_rows(self) -> Iterator[dict[str, object]]:
        for decision in self.decisions:
            for entry in decision.history:
                yield entry.row(self.time)

    def journal_rows(self) -> Iterator[dict[str, object]]:
        for decision in self.decisions:
            yield decision.journal_row(self.time)

    @property
    def state(self) -> list[StateEntry]:
        return [s for d in self.decisions for s in d.state]

    @property
    def empty(self) -> bool:
        return not self.decisions


def _within_cell_limit(lines: list[str]) -> str:
    """The problem list for one Nhật ký cell; a hostile file's thousands of problems are cut, with a count,
    because Excel refuses a workbook whose cell holds more than 32,767 characters."""
    text, kept = "", 0
    for line in lines:
        candidate = f"{text}\n{line}" if text else line
        if len(candidate) > EXCEL_CELL_LIMIT - 100:
            return f"{text}\n… và {len(lines) - kept} vấn đề khác (xem tệp .loi.txt)."
        text, kept = candidate, kept + 1
    return text


def show_value(value: object) -> str:
    """A cell value as office staff read it: dd/mm/yyyy dates, Vietnamese decimal comma, "" for empty."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_date(value.date()) if value.time() == dt.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}".replace(".", ",")
    return str(value)
