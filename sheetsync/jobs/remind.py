"""`don-doc`: one reminder per late lead unit (SPEC "E-mail"), as drafts or sent, at most once a day per unit,
and a one-page summary to the leader when `thu_dien_tu.lanh_dao` is set."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.core.journal import journal_entries
from sheetsync.core.mail_text import leader_summary_text, reminder_text, split_addresses
from sheetsync.core.reminders import UnitReminder, plan_reminders
from sheetsync.core.reporting import TO_CHASE, Reporting, reporting_states
from sheetsync.core.summary import Summary, assess_tasks, summarize
from sheetsync.core.table import read_table
from sheetsync.excel.master import MasterBook
from sheetsync.excel.period import read_current_period, read_reporting_period
from sheetsync.jobs.load import Loaded, load
from sheetsync.jobs.mailing import MailBatch, deliver
from sheetsync.jobs.session import DEFAULT_LOCK_WAIT_SECONDS, begin
from sheetsync.office.config import Config, load_config
from sheetsync.office.outbox import SENT_JOURNAL, Outgoing, SentJournal, attachment_of
from sheetsync.problems import ExitCode, Problem
from sheetsync.schema import DRAFTS_DIR, JOURNAL

__all__ = ["REMINDER_KIND", "RemindResult", "late_report_states", "run_reminders", "template_key"]

REMINDER_KIND = "Đôn đốc"
LEADER_KIND = "Tóm tắt đôn đốc"


def template_key(period: str, unit_code: str) -> str:
    return f"mau|{period}|{unit_code}"


@dataclass
class RemindResult:
    workbook: Path
    as_of: dt.date
    dry_run: bool
    period: str | None = None
    reminders: list[UnitReminder] = field(default_factory=list)
    items: list[Outgoing] = field(default_factory=list)
    batch: MailBatch | None = None
    drafts_by_default: bool = False  # mail off: drafts went to thu-gui/ beside the master
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False
    locked: bool = False

    @property
    def exit_code(self) -> ExitCode:
        if self.locked or self.fatal:
            return ExitCode.of(self.problems, locked=self.locked, fatal=self.fatal)
        extra = self.batch.problems if self.batch else []
        batch_fatal = self.batch.fatal if self.batch else False
        return ExitCode.of([*self.problems, *extra], fatal=batch_fatal)


def late_report_states(reporting: Reporting | None) -> dict[str, str]:
    """Lead units whose report for the current period is missing after the due date or was refused (the units
    "Tổng hợp" lists as to chase): the summary's own answer (core/reporting.py), not a second reckoning."""
    if reporting is None:
        return {}
    return {r.unit.code: r.state.value for r in reporting.leads if r.state in TO_CHASE}


def _summary(loaded: Loaded, book: MasterBook, as_of: dt.date, warn_days: int) -> tuple[Summary, Reporting | None]:
    assert loaded.program is not None
    journal = []
    if book.sheet(JOURNAL.name) is not None:
        table, _ = read_table(book.grid(JOURNAL.name), JOURNAL)
        journal = journal_entries(table) if table is not None else []
    assessed = assess_tasks(loaded.program.tasks, as_of=as_of, warn_days=warn_days)
    period = read_current_period(book.wb)
    summary = summarize(assessed, loaded.program.units, journal, period=period, as_of=as_of, warn_days=warn_days)
    recorded = read_reporting_period(book.wb)
    reporting = None
    if recorded is not None:
        program = loaded.program
        reporting = reporting_states(program.tasks, program.units, journal, period=recorded, as_of=as_of)
    return summary, reporting


def run_reminders(
    workbook: Path,
    *,
    as_of: dt.date,
    now: dt.datetime,
    dry_run: bool = False,
    drafts: Path | None = None,
    warn_days: int | None = None,
    wait: float = DEFAULT_LOCK_WAIT_SECONDS,
    allow_loss: bool = False,
) -> RemindResult:
    result = RemindResult(workbook, as_of, dry_run)
    config, problems = load_config(workbook)
    if config is None:
        result.problems, result.fatal = problems, True
        return result
    days = config.warn_days if warn_days is None else warn_days
    if dry_run:
        loaded = load(workbook)
        _plan(result, config, loaded, as_of, days)
        return result
    session, problems, locked = begin(workbook, now=now, wait=wait, allow_loss=allow_loss)
    if session is None:
        result.problems, result.locked, result.fatal = problems, locked, True
        return result
    with session:
        if not _plan(result, config, session.loaded, as_of, days):
            return result
        if drafts is None and not config.settings.email.enabled:
            drafts = workbook.parent / DRAFTS_DIR / as_of.isoformat()
            result.drafts_by_default = True
        result.batch = deliver(session, result.items, config=config, drafts=drafts, now=now)
    return result


def _plan(result: RemindResult, config: Config, loaded: Loaded, as_of: dt.date, warn_days: int) -> bool:
    if loaded.program is None or loaded.book is None:
        result.problems.extend(loaded.problems)
        result.fatal = True
        return False
    summary, reporting = _summary(loaded, loaded.book, as_of, warn_days)
    result.period = summary.period
    due = reporting.period.due if reporting is not None else None
    deadlines = {
        t.code: (t.deadline.text if t.deadline else str(t.row.get("deadline") or "")) for t in loaded.program.tasks
    }
    result.reminders = plan_reminders(summary, late_report_states(reporting), deadlines)
    journal = SentJournal.read(config.folder / SENT_JOURNAL)
    for reminder in result.reminders:
        template = attachment_of(journal, template_key(summary.period, reminder.unit.code)) if summary.period else None
        text = reminder_text(
            reminder.unit.name,
            summary.period,
            due,
            reminder.report_state,
            reminder.tasks,
            as_of,
            template.name if template and reminder.report_state else None,
        )
        result.items.append(
            Outgoing(
                key=f"don-doc|{as_of.isoformat()}|{reminder.unit.code}",
                kind=REMINDER_KIND,
                unit=reminder.unit.code,
                unit_name=reminder.unit.name,
                to=split_addresses(reminder.unit.email),
                text=text,
                attachments=(template,) if template is not None and reminder.report_state else (),
            )
        )
    leader = config.settings.email.leader
    if leader and result.reminders:
        lines = [(r.unit.name, r.reason, len(r.tasks)) for r in result.reminders]
        result.items.append(
            Outgoing(
                key=f"don-doc-lanh-dao|{as_of.isoformat()}",
                kind=LEADER_KIND,
                unit="Lãnh đạo",
                unit_name="Lãnh đạo",
                to=(leader,),
                text=leader_summary_text(summary.period, as_of, lines),
            )
        )
    return True


@dataclass
class ScheduledOutcome:
    """What the schedule logs: one Vietnamese sentence and the exit code."""

    message: str
    exit_code: ExitCode


def scheduled_reminders(workbook: Path, *, now: dt.datetime) -> ScheduledOutcome:
    """`lich` on the `lich.don_doc` day: the same as `sheetsync don-doc` run by hand that day."""
    result = run_reminders(workbook, as_of=now.date(), now=now)
    sent = result.batch.count("Đã gửi") if result.batch else 0
    drafted = result.batch.count("Đã ghi bản nháp") if result.batch else 0
    problems = [*result.problems, *(result.batch.problems if result.batch else [])]
    text = f"Đôn đốc ngày {now:%d/%m/%Y}: {len(result.reminders)} đơn vị cần đôn đốc; đã gửi {sent} thư"
    text += f", ghi {drafted} thư nháp." if drafted else "."
    if errors := [p.message for p in problems if p.is_error]:
        text += " " + " ".join(errors[:3])
    return ScheduledOutcome(text, result.exit_code)
