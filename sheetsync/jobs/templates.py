"""`templates`: sign and write one report template per unit, then record the period in the master."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.core.periods import period_range
from sheetsync.core.program import Program
from sheetsync.core.reporting import ReportingPeriod
from sheetsync.core.settings import Settings
from sheetsync.core.signature import encode, sign
from sheetsync.core.submission import LEAD
from sheetsync.core.templates import TemplatePlan, file_name, plan_templates
from sheetsync.core.text import clean
from sheetsync.core.units import office_unit
from sheetsync.excel.period import write_reporting_period
from sheetsync.excel.template_writer import write_template
from sheetsync.jobs.session import DEFAULT_LOCK_WAIT_SECONDS, WriteRefused, begin
from sheetsync.office.config import load_config
from sheetsync.office.keyfile import key_or_problem, key_path, load_or_create_key
from sheetsync.problems import Code, ExitCode, Problem, Reason
from sheetsync.schema import OFFICE_NAME

__all__ = ["MAX_PERIOD_LENGTH", "TemplatesResult", "Written", "make_templates", "office_address", "reporting_period"]

MAX_PERIOD_LENGTH = 60


@dataclass(frozen=True)
class Written:
    unit_code: str
    unit_name: str
    path: Path
    leads: int
    coordinating: int


@dataclass
class TemplatesResult:
    workbook: Path
    out: Path
    period: str
    written: list[Written] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the master's own problems, and the run's
    fatal: bool = False
    locked: bool = False
    backup: Path | None = None
    units_without_tasks: list[str] = field(default_factory=list)
    reporting: ReportingPeriod | None = None  # the period as recorded: label, due date, the days it covers
    due_given: bool = False  # the due date came from --han-nop, not from the rule in sheetsync.toml

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.of(self.problems, locked=self.locked, fatal=self.fatal)


def check_period(label: str) -> tuple[str, Problem | None]:
    period = clean(label)
    reason = None
    if not period:
        reason = "để trống"
    elif len(period) > MAX_PERIOD_LENGTH:
        reason = f"dài quá {MAX_PERIOD_LENGTH} ký tự"
    elif not period.isprintable():
        reason = "có ký tự điều khiển"
    return period, (Problem.make(Code.bad_period, value=label, reason=reason) if reason else None)


def make_templates(
    workbook: Path,
    *,
    period: str,
    out: Path,
    now: dt.datetime,
    due: dt.date | None = None,
    wait: float = DEFAULT_LOCK_WAIT_SECONDS,
    allow_loss: bool = False,
) -> TemplatesResult:
    """Write the templates into `out` and record `period` with its due date in the master. A master open
    elsewhere or locked by another run means nothing is written at all (no template either).

    `due` is `--han-nop`; without it the rule of sheetsync.toml (`[ky_bao_cao]`) fixes the date."""
    label, bad = check_period(period)
    result = TemplatesResult(workbook, out, label, due_given=due is not None)
    if bad is not None:
        result.problems.append(bad)
        result.fatal = True
        return result
    config, config_problems = load_config(workbook)
    if config is None:
        result.problems.extend(config_problems)
        result.fatal = True
        return result
    result.reporting = reporting_period(label, config.settings, issued_on=now.date(), due=due)
    session, problems, locked = begin(workbook, now=now, wait=wait, allow_loss=allow_loss)
    if session is None:
        result.problems.extend(problems)
        result.locked, result.fatal = locked, True
        return result
    with session:
        loaded = session.loaded
        result.problems.extend(loaded.problems)
        if loaded.program is None or loaded.book is None:
            result.fatal = True
            return result
        try:
            key = load_or_create_key(workbook)
        except (OSError, ValueError):
            # a key file that exists but cannot be used is for a person to look at, never overwritten
            shown = str(key_path(workbook))
            _key, problem = key_or_problem(workbook, file=shown)
            damaged = Problem.make(Code.key_unusable, file=shown, path=shown, reason=Reason.key_damaged)
            result.problems.append(problem or damaged)
            result.fatal = True
            return result
        reporting = result.reporting
        plans = plan_templates(
            loaded.program,
            label,
            issued_on=now.date(),
            due=reporting.due,
            send_to=office_address(loaded.program, config.settings),
        )
        assigned = {p.unit.code for p in plans}
        result.units_without_tasks = [u.code for u in loaded.program.units.units if u.code not in assigned]
        try:
            out.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".sheetsync-mau-", dir=out))
        except OSError as exc:
            result.problems.append(_unwritable(out, exc))
            result.fatal = True
            return result
        try:
            staged = [(plan, _stage(plan, key, staging)) for plan in plans]
            # the period is recorded only once every template exists, and the templates are published
            # only once the master is safely saved: a failure leaves neither half done
            write_reporting_period(loaded.book.wb, reporting)
            result.backup = session.save()
            result.problems.extend(session.notes)
            for plan, path in staged:
                target = out / path.name
                path.replace(target)
                result.written.append(_written(plan, target))
        except WriteRefused as refusal:  # the master would lose the office's work: no template published
            result.problems.extend(refusal.problems)
            result.fatal = True
        except OSError as exc:
            result.problems.append(_unwritable(out, exc))
            result.fatal = True
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return result


def reporting_period(label: str, settings: Settings, *, issued_on: dt.date, due: dt.date | None) -> ReportingPeriod:
    """The period `templates` records: the days the label covers (calendar or NĐ 09/2019 cut-off, as set in
    sheetsync.toml) and the due date given, or the one the settings' rule derives."""
    rule = settings.periods
    span = period_range(label, cutoff=rule.cutoff)
    if due is None:
        due = rule.due_date(span.end if span else None, issued_on)
    shifted = span is not None and span != period_range(label)  # a week or a range of dates has no cut-off
    return ReportingPeriod(label, due, span, shifted)


def office_address(program: Program, settings: Settings) -> str:
    """Where units send their reports: the sender address of sheetsync.toml, else the office's row of "Đơn vị"."""
    if settings.email.address:
        return settings.email.address
    office = office_unit(program.units, OFFICE_NAME)
    return office.email.split(";")[0].strip() if office is not None else ""


def _stage(plan: TemplatePlan, key: bytes, folder: Path) -> Path:
    name = file_name(plan.unit.code, plan.period)
    path = folder / name
    counter = 1
    while path.exists():  # two unit codes that differ only in diacritics or punctuation
        counter += 1
        path = folder / name.replace(".xlsx", f"_{counter}.xlsx")
    payload = encode(plan.signed)
    write_template(plan, payload, sign(key, payload), path)
    return path


def _written(plan: TemplatePlan, path: Path) -> Written:
    leads = sum(1 for r in plan.rows if r.role == LEAD)
    return Written(plan.unit.code, plan.unit.name, path, leads, len(plan.rows) - leads)


def _unwritable(folder: Path, exc: OSError) -> Problem:
    return Problem.make(Code.output_unwritable, file=str(folder), path=str(folder), reason=exc.strerror or str(exc))
