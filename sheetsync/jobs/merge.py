"""`merge`: the weekly job — read the inbox, decide, apply, save once, then file every input away."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sheetsync.core.merge import MergeState, Seen, Unread, plan_merge
from sheetsync.core.plan import CellWrite, Decision, Plan
from sheetsync.core.program import Program
from sheetsync.core.submission import Submission
from sheetsync.core.summary import Summary, assess_tasks, summarize
from sheetsync.core.units import Unit, office_unit
from sheetsync.excel.apply import apply_plan
from sheetsync.excel.master import MasterBook
from sheetsync.excel.merge_state import read_merge_state
from sheetsync.jobs import summary
from sheetsync.jobs.load import Loaded, load
from sheetsync.jobs.session import DEFAULT_LOCK_WAIT_SECONDS, Session, WriteRefused, begin
from sheetsync.office.crashpoints import crashpoint
from sheetsync.office.filing import file_away, folder_for, letter, needs_letter
from sheetsync.office.guard import check_not_open
from sheetsync.office.inbox import Item, Source, inbox_notes, list_inbox, open_items
from sheetsync.office.keyfile import key_or_problem
from sheetsync.problems import Code, ExitCode, Problem, Severity
from sheetsync.schema import DEFAULT_WARN_DAYS, ERROR_SUFFIX, HISTORY, OFFICE_NAME, PROCESSED_DIR, SUMMARY_SHEET

__all__ = ["FileResult", "MasterTarget", "MergeResult", "merge_into", "run_merge"]

# progress(done, total, file name): the CLI's progress bar; called before each file is read
Progress = Callable[[int, int, str], None]


@dataclass
class FileResult:
    """One submission (a spreadsheet, or one attachment of an e-mail) and where its inbox file went."""

    decision: Decision
    source: Path  # the file in the inbox it came from
    moved_to: Path | None = None
    letter: Path | None = None  # the .loi.txt beside it


@dataclass
class MergeResult:
    workbook: Path
    inbox: Path
    dry_run: bool = False
    plan: Plan | None = None
    files: list[FileResult] = field(default_factory=list)
    backup: Path | None = None
    # run-level: master missing/broken/open/busy, key missing; and the master's own problems
    problems: list[Problem] = field(default_factory=list)
    master_problems: list[Problem] = field(default_factory=list)
    exit_code: ExitCode = ExitCode.OK
    # the figures as of the run's day: those the refresh wrote into "Tổng hợp", or, when nothing was
    # written (a dry run, nothing new), those of the master as read; None when the master was not read
    numbers: Summary | None = None

    @property
    def changes(self) -> list[CellWrite]:
        return self.plan.writes if self.plan else []

    @property
    def written(self) -> bool:
        return self.backup is not None


def run_merge(
    workbook: Path,
    inbox: Path,
    *,
    as_of: dt.date,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    strict: bool = False,
    warn_days: int = DEFAULT_WARN_DAYS,
    lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
    progress: Progress | None = None,
    allow_loss: bool = False,
) -> MergeResult:
    """The whole weekly merge. Nothing is written or moved unless the master could be saved first; a crash
    leaves the old or the new master and every input on disk, and a re-run finishes the job exactly once."""
    now = now or dt.datetime.now()
    result = MergeResult(workbook, inbox, dry_run)
    if not inbox.is_dir():
        return _stop(result, Problem.make(Code.inbox_missing, file=str(inbox), path=str(inbox)), ExitCode.CANNOT_RUN)
    if inbox.resolve() == workbook.resolve().parent:
        problem = Problem.make(Code.inbox_is_master_folder, file=str(inbox), path=str(inbox))
        return _stop(result, problem, ExitCode.CANNOT_RUN)
    if not workbook.is_file():
        problem = Problem.make(Code.workbook_missing, file=str(workbook), path=str(workbook))
        return _stop(result, problem, ExitCode.CANNOT_RUN)
    session: Session | None = None
    if dry_run:
        # a preview reads only: it may run while the office has the master open, and says so
        loaded = load(workbook, lazy_logs=(HISTORY,), rebuilt=(SUMMARY_SHEET,))
        if (open_elsewhere := check_not_open(workbook, now=now)) is not None:
            result.problems.append(_as_warning(open_elsewhere))
    else:
        # the merge only appends to "Lịch sử": its old rows need not become openpyxl cells
        session, problems, locked = begin(
            workbook,
            now=now,
            wait=lock_wait,
            allow_loss=allow_loss,
            lazy_logs=(HISTORY,),
            rebuilt=(SUMMARY_SHEET,),  # refresh() deletes and writes it anew before the save
        )
        if session is None:
            code = ExitCode.LOCKED if locked else ExitCode.CANNOT_RUN
            return _stop(result, problems[0], code)
        loaded = session.loaded
    try:
        _merge(result, loaded, session, as_of=as_of, now=now, strict=strict, warn_days=warn_days, progress=progress)
    finally:
        if session is not None:
            session.close()
    return result


def _merge(
    result: MergeResult,
    loaded: Loaded,
    session: Session | None,
    *,
    as_of: dt.date,
    now: dt.datetime,
    strict: bool,
    warn_days: int,
    progress: Progress | None,
) -> None:
    if loaded.fatal or loaded.book is None or loaded.program is None:
        result.problems += [p for p in loaded.problems if p.is_error]
        result.exit_code = ExitCode.CANNOT_RUN
        return
    result.master_problems = [p for p in loaded.problems if p.is_error]
    state, broken = read_merge_state(loaded.book, loaded.program)
    if broken:
        result.problems += broken
        result.exit_code = ExitCode.CANNOT_RUN
        return
    target = _FileTarget(loaded.book, session) if session is not None else None
    merge_into(
        result,
        loaded.program,
        state,
        target,
        as_of=as_of,
        now=now,
        strict=strict,
        warn_days=warn_days,
        progress=progress,
    )
    if session is not None:
        result.problems += session.notes  # what the save could not keep, accepted with --cho-phep-mat


class MasterTarget(Protocol):
    """Where a merge writes: the master file loaded with openpyxl, or the book open in Excel (the button)."""

    def apply(self, plan: Plan) -> None: ...

    def refresh(self, *, as_of: dt.date, warn_days: int) -> tuple[Summary | None, list[Problem]]:
        """Hạn chót, Đánh giá and "Tổng hợp" anew: the summary written, and what kept part of it from being done."""
        ...

    def save(self) -> Path | None:
        """Back up, then make the changes last; the backup's path."""
        ...


@dataclass
class _FileTarget:
    book: MasterBook
    session: Session

    def apply(self, plan: Plan) -> None:
        apply_plan(self.book, plan)

    def refresh(self, *, as_of: dt.date, warn_days: int) -> tuple[Summary | None, list[Problem]]:
        return summary.refresh_book(self.book, as_of=as_of, warn_days=warn_days)

    def save(self) -> Path | None:
        return self.session.save()


def merge_into(
    result: MergeResult,
    program: Program,
    state: MergeState,
    target: MasterTarget | None,
    *,
    as_of: dt.date,
    now: dt.datetime,
    strict: bool = False,
    warn_days: int = DEFAULT_WARN_DAYS,
    progress: Progress | None = None,
) -> None:
    """Inbox to filed-away inputs for a master already read and checked, under the caller's lock.

    Shared by the file path and the Excel button, so both decide, apply and file away alike; `target`
    None is a dry run (decide only).
    """
    # listed only now, under the lock: a second run sees what the first one has already filed away
    sources = list_inbox(result.inbox)
    filed_to = None if target is None else f"{PROCESSED_DIR}/{now.date().isoformat()}"
    result.problems += inbox_notes(result.inbox, sources, filed_to=filed_to)
    with tempfile.TemporaryDirectory(prefix="sheetsync-thu-") as temp:
        items = list(open_items(sources, Path(temp)))
        inputs = _read_all(result, items, state.seen, progress)
    if inputs is None:
        return
    plan = plan_merge(program, state, inputs, as_of=as_of, now=now, strict=strict)
    crashpoint("planned")
    result.plan = plan
    sources_of = {(item.display, item.sha256): item.source for item in items}
    result.files = [FileResult(d, sources_of[(d.file, d.sha256)].path) for d in plan.decisions]
    if target is not None:
        # an empty inbox still recomputes Đánh giá and "Tổng hợp": merge is the office's weekly step
        if not plan.empty:
            target.apply(plan)
            crashpoint("applied")
        result.numbers, refreshed = target.refresh(as_of=as_of, warn_days=warn_days)
        result.master_problems += [p for p in refreshed if p.is_error]
        crashpoint("refreshed")
        try:
            result.backup = target.save()
        except WriteRefused as refusal:  # the write would lose the office's work: nothing written, nothing moved
            result.problems += refusal.problems
            result.exit_code = ExitCode.CANNOT_RUN
            return
        _file_away(result, sources, now.date(), office_unit(program.units, OFFICE_NAME))
    else:
        # a dry run writes nothing: the figures of the master as it was read
        assessed = assess_tasks(program.tasks, as_of=as_of, warn_days=warn_days)
        result.numbers = summarize(assessed, program.units, period=None, as_of=as_of, warn_days=warn_days)
    result.exit_code = _exit_code(result)


def _read_all(
    result: MergeResult, items: list[Item], seen: Mapping[str, Seen], progress: Progress | None
) -> list[Submission | Unread] | None:
    """A Submission for every item that could be read; a known SHA-256 is not even opened (a duplicate)."""
    key: bytes | None = None
    inputs: list[Submission | Unread] = []
    for done, item in enumerate(items):
        if progress is not None:
            progress(done, len(items), item.display)
        crashpoint("read")
        if item.problems or item.path is None or item.sha256 in seen:
            inputs.append(Unread(item.display, item.sha256, item.problems))
            continue
        if key is None:
            key, missing = key_or_problem(result.workbook, file=item.display)
            if key is None:
                assert missing is not None
                _stop(result, missing, ExitCode.CANNOT_RUN)
                return None
        inputs.append(_read(item, key))
    if progress is not None:
        progress(len(items), len(items), "")
    return inputs


def _read(item: Item, key: bytes) -> Submission | Unread:
    from sheetsync.excel.submission import read_submission  # calamine and the gate: only when there is a file

    assert item.path is not None
    fallback = (item.fallback_date, item.fallback_source) if item.fallback_date is not None else None
    try:
        submission, problems = read_submission(item.path, key=key, display_name=item.display, fallback_date=fallback)
    except Exception:  # a file the reader chokes on must not stop the office's whole week
        reason = "gặp lỗi ngoài dự kiến khi đọc tệp"
        return Unread(
            item.display, item.sha256, (Problem.make(Code.file_unreadable, file=item.display, reason=reason),)
        )
    if submission is None:
        return Unread(item.display, item.sha256, tuple(problems))
    # the identity the journal keeps is the bytes' own digest, whatever the reader computed from
    return submission if submission.sha256 == item.sha256 else dataclasses.replace(submission, sha256=item.sha256)


def _file_away(result: MergeResult, sources: list[Source], day: dt.date, contact: Unit | None) -> None:
    """Only once the master is safely saved: each inbox file to da-xu-ly/ or loi/, with its letter."""
    by_source: dict[Path, list[FileResult]] = {}
    for file in result.files:
        by_source.setdefault(file.source, []).append(file)
    for source in sources:
        files = by_source.get(source.path, [])
        decisions = [f.decision for f in files]
        text = letter(source.name, decisions, day=day, contact=contact) if needs_letter(decisions) else None
        folder = folder_for(decisions)
        try:
            target = file_away(source.path, result.inbox, folder, day, text)
        except OSError as exc:  # Windows refuses to move a file someone has open; the next run files it
            reason = f"{type(exc).__name__}: {exc.strerror or exc}"
            result.problems.append(Problem.make(Code.move_failed, file=source.name, folder=folder, reason=reason))
            continue
        for file in files:
            file.moved_to = target
            file.letter = target.with_name(target.name + ERROR_SUFFIX) if text is not None else None


def _exit_code(result: MergeResult) -> ExitCode:
    refused = any(f.decision.rejected or f.decision.skipped_rows for f in result.files)
    return ExitCode.PROBLEMS if refused or result.master_problems else ExitCode.OK


def _stop(result: MergeResult, problem: Problem, code: ExitCode) -> MergeResult:
    result.problems.append(problem)
    result.exit_code = code
    return result


def _as_warning(problem: Problem) -> Problem:
    return dataclasses.replace(problem, severity=Severity.WARNING)
