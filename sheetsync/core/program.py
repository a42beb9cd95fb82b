"""The program as plain values: units and tasks parsed from the master's tables, with every problem found."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sheetsync.core.dates import BadDate, parse_cell_date
from sheetsync.core.deadlines import Deadline, parse_deadline
from sheetsync.core.table import Row, Table
from sheetsync.core.text import clean, fold, is_blank
from sheetsync.core.units import Unit, UnitDirectory
from sheetsync.core.values import hint, parse_progress, parse_status
from sheetsync.problems import Code, Problem
from sheetsync.schema import EXCEL_CELL_LIMIT, PILLARS, PROGRAM_YEAR, TASKS, UNITS, Status

CODE_PATTERN = re.compile(r"^([1-9])\.([12])\.([1-9]\d*)$")
# report(code, column key, value, **message params): records a problem at the row's cell
Reporter = Callable[..., None]
_TEXT_KEYS = ("content", "result", "difficulties", "proposals", "coord_opinions")


@dataclass(frozen=True)
class Task:
    row: Row
    code: str
    pillar: str
    content: str
    lead: Unit | None
    coordinating: tuple[Unit, ...]
    deadline: Deadline | None
    status: Status | None
    progress: float | None
    completed_on: dt.date | None
    result: str
    difficulties: str
    proposals: str
    coord_opinions: str
    updated_on: dt.date | None

    @property
    def due(self) -> dt.date | None:
        return self.deadline.due if self.deadline else None

    def role_of(self, unit_code: str) -> str | None:
        if self.lead is not None and self.lead.code == unit_code:
            return "lead"
        if any(u.code == unit_code for u in self.coordinating):
            return "coordinating"
        return None


@dataclass
class Program:
    units: UnitDirectory
    tasks: list[Task] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    _by_code: dict[str, Task] = field(default_factory=dict, repr=False, compare=False)

    def task(self, code: str) -> Task | None:
        # a dict built on first use: the merge looks up every submitted row (issue 7: no quadratic matching)
        if len(self._by_code) != len(self.tasks):
            self._by_code = {}
            for task in self.tasks:
                self._by_code.setdefault(task.code, task)
        return self._by_code.get(code)

    def tasks_of(self, unit_code: str) -> list[tuple[Task, str]]:
        return [(t, role) for t in self.tasks if (role := t.role_of(unit_code))]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value)) if not isinstance(value, str) else value.strip()


def parse_units(table: Table, *, file: str | None = None) -> tuple[UnitDirectory, list[Problem]]:
    problems: list[Problem] = []
    units: list[Unit] = []
    seen: dict[str, str] = {}
    for row in table.rows:
        code = _text(row.get("code"))
        name = _text(row.get("name"))
        where: dict[str, Any] = {"file": file, "sheet": table.sheet}
        if not code:
            problems.append(Problem.make(Code.empty_unit_code, cell=row.cell("code"), value=name, **where))
            continue
        if fold(code) in seen:
            problems.append(
                Problem.make(Code.duplicate_unit, cell=row.cell("code"), value=code, other=seen[fold(code)], **where)
            )
            continue
        seen[fold(code)] = row.cell("code")
        if not name:
            problems.append(Problem.make(Code.empty_unit_name, cell=row.cell("name"), value=code, **where))
        aliases = tuple(a for a in (clean(x) for x in re.split(r"[;\n]", _text(row.get("aliases")))) if a)
        units.append(
            Unit(
                code=code,
                name=name or code,
                aliases=aliases,
                email=_text(row.get("email")),
                contact=_text(row.get("contact")),
                phone=_text(row.get("phone")),
                parent=clean(_text(row.get("parent"))),
                signer=clean(_text(row.get("signer"))),
            )
        )
    directory = UnitDirectory(tuple(units))
    for key, clashing in directory.conflicts():
        problems.append(
            Problem.make(
                Code.alias_conflict,
                file=file,
                sheet=table.sheet,
                value=key,
                choices=", ".join(u.code for u in clashing),
            )
        )
    return directory, problems


def parse_tasks(
    table: Table, units: UnitDirectory, *, year: int = PROGRAM_YEAR, file: str | None = None
) -> tuple[list[Task], list[Problem]]:
    problems: list[Problem] = []
    tasks: list[Task] = []
    seen: dict[str, str] = {}
    pillar_keys = {fold(p): p for p in PILLARS}

    for row in table.rows:

        def report(code: Code, key: str, value: object = None, *, _row: Row = row, **params: Any) -> None:
            cell = _row.cell(key)
            problems.append(Problem.make(code, file=file, sheet=table.sheet, cell=cell, value=value, **params))

        code = _text(row.get("code"))
        heading = _heading(row, code)
        if heading is not None:
            # "I. CHỦ ĐỘNG THỰC THI" typed as a row of the list: a title, not a task (no code, no lead)
            report(Code.section_heading, "code" if code else "content", heading)
            continue
        if not code:
            report(Code.empty_code, "code")
            continue
        duplicate = code in seen
        if duplicate:
            # still check the rest of the row, so one pass shows every problem
            report(Code.duplicate_code, "code", code, other=seen[code])
        else:
            seen[code] = row.cell("code")
        if not CODE_PATTERN.match(code):
            report(Code.bad_code_format, "code", code)

        pillar = _text(row.get("pillar"))
        if pillar and fold(pillar) not in pillar_keys:
            report(Code.unknown_pillar, "pillar", pillar, choices=", ".join(PILLARS))
        pillar = pillar_keys.get(fold(pillar), pillar)

        lead = _lead(row, units, report)
        coordinating = _coordinating(row, units, lead, report)

        deadline_raw = row.get("deadline")
        deadline = parse_deadline(deadline_raw, year=year)
        if deadline is None and not is_blank(deadline_raw):
            report(Code.bad_deadline, "deadline", _text(deadline_raw))

        status = _status(row, report)
        progress = _progress(row, report)
        completed_on = _date(row, "completed_on", year, report)
        updated_on = _date(row, "updated_on", year, report)
        if status is Status.DONE and completed_on is None and is_blank(row.get("completed_on")):
            report(Code.done_without_date, "completed_on")
        if status is Status.DONE and progress is not None and progress < 100:
            report(Code.done_below_100, "progress", _number(progress))
        if status is not Status.DONE and completed_on is not None:
            report(Code.date_without_done, "completed_on")
        for key in _TEXT_KEYS:
            text = _text(row.get(key))
            if len(text) > EXCEL_CELL_LIMIT:
                report(Code.text_too_long, key, length=f"{len(text):,}".replace(",", "."), limit="32.767")

        if duplicate:
            continue
        tasks.append(
            Task(
                row=row,
                code=code,
                pillar=pillar,
                content=_text(row.get("content")),
                lead=lead,
                coordinating=coordinating,
                deadline=deadline,
                status=status,
                progress=progress,
                completed_on=completed_on,
                result=_text(row.get("result")),
                difficulties=_text(row.get("difficulties")),
                proposals=_text(row.get("proposals")),
                coord_opinions=_text(row.get("coord_opinions")),
                updated_on=updated_on,
            )
        )
    return tasks, problems


def _lead(row: Row, units: UnitDirectory, report: Reporter) -> Unit | None:
    raw = row.get("lead")
    matches = units.split(raw)
    if not matches:
        report(Code.missing_lead, "lead")
        return None
    if len(matches) > 1:
        report(Code.several_leads, "lead", _text(raw), count=len(matches))
    first = matches[0]
    if first.ambiguous:
        report(Code.ambiguous_unit, "lead", unit=first.text, choices=", ".join(u.code for u in first.units))
    elif first.unit is None:
        report(Code.unknown_unit, "lead", unit=first.text)
    return first.unit if len(matches) == 1 else None


def _coordinating(row: Row, units: UnitDirectory, lead: Unit | None, report: Reporter) -> tuple[Unit, ...]:
    found: list[Unit] = []
    for match in units.split(row.get("coordinating")):
        if match.ambiguous:
            report(Code.ambiguous_unit, "coordinating", unit=match.text, choices=", ".join(u.code for u in match.units))
        elif match.unit is None:
            report(Code.unknown_unit, "coordinating", unit=match.text)
        elif lead is not None and match.unit == lead:
            report(Code.lead_also_coordinating, "coordinating", unit=match.text)
        elif match.unit not in found:
            found.append(match.unit)
    return tuple(found)


def _status(row: Row, report: Reporter) -> Status | None:
    raw = row.get("status")
    if is_blank(raw):
        return None
    parsed = parse_status(raw)
    if parsed.value is None or parsed.normalized_from is not None:
        # the master is edited through a dropdown: only the three labels are valid here
        report(Code.bad_status, "status", _text(raw), choices=", ".join(s.value for s in Status))
        return None
    return parsed.value


def _progress(row: Row, report: Reporter) -> float | None:
    raw = row.get("progress")
    if is_blank(raw):
        return None
    parsed = parse_progress(raw)
    if parsed.value is None:
        report(Code.bad_progress, "progress", _text(raw), hint=hint(parsed))
        return None
    return float(parsed.value)


def _date(row: Row, key: str, year: int, report: Reporter) -> dt.date | None:
    parsed = parse_cell_date(row.get(key), default_year=year)
    if isinstance(parsed, BadDate):
        report(Code.bad_date, key, parsed.text)
        return None
    return parsed


# a section number before a heading: "I.", "II -", "A)", "Phần I", "Mục 2." (roman numerals or one letter)
_SECTION_NUMBER = re.compile(r"^(?:(?:phan|muc) (?:[ivx]+|\d{1,2})\b|(?:[ivx]+|[a-d]) ?[.):/-])")
# what a task row always has beside its text; a heading has none of it
_TASK_FACTS = ("lead", "coordinating", "deadline", "status", "progress", "completed_on")


def _heading(row: Row, code: str) -> str | None:
    """The text of a section heading typed as a row ("I. CHỦ ĐỘNG THỰC THI", a pillar's name alone,
    "Giải pháp trọng tâm"): no task code, no unit, no deadline, no status. None for anything else."""
    if CODE_PATTERN.match(code) or any(not is_blank(row.get(k)) for k in _TASK_FACTS):
        return None
    texts = [t for t in (code, _text(row.get("content")), _text(row.get("pillar"))) if t]
    if not texts:
        return None
    text = " ".join(dict.fromkeys(texts))
    folded = fold(text)
    names_pillar = any(fold(p) in folded for p in PILLARS) or any(fold(w) in folded for w in _SECTION_WORDS)
    looks_like_title = bool(_SECTION_NUMBER.match(folded)) or text.isupper()
    return text if names_pillar or (looks_like_title and not code.replace(".", "").isdigit()) else None


_SECTION_WORDS = ("Nhiệm vụ trọng tâm", "Giải pháp trọng tâm", "Nội dung nhiệm vụ", "Nhiệm vụ, giải pháp")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def parse_program(
    units_table: Table, tasks_table: Table, *, year: int = PROGRAM_YEAR, file: str | None = None
) -> Program:
    directory, unit_problems = parse_units(units_table, file=file)
    tasks, task_problems = parse_tasks(tasks_table, directory, year=year, file=file)
    return Program(directory, tasks, unit_problems + task_problems)


__all__ = ["TASKS", "UNITS", "Program", "Task", "parse_program", "parse_tasks", "parse_units"]
