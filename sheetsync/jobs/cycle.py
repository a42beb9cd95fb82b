"""The weekly cycle: merge what the inbox holds, then the summary; one Vietnamese paragraph for people."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import filelock

from sheetsync.core.numbers import format_number
from sheetsync.core.summary import Summary, headline
from sheetsync.office.config import Config, load_config
from sheetsync.office.inbox import list_inbox
from sheetsync.problems import Code, ExitCode, Problem
from sheetsync.schema import INBOX_DIR, REJECTED_DIR, Outcome

if TYPE_CHECKING:
    from sheetsync.jobs.fetch import FetchJob
    from sheetsync.jobs.mailing import MailBatch
    from sheetsync.jobs.merge import MergeResult
    from sheetsync.jobs.summary import SummaryResult

__all__ = ["CycleResult", "describe", "failed", "finish", "inbox_files", "run_cycle", "run_cycle_at"]

MergeJob = Callable[..., Any]  # run_merge(workbook, inbox, *, as_of, now, warn_days, lock_wait, allow_loss)
SummaryJob = Callable[..., Any]  # run_summary(workbook, *, as_of, warn_days, now, allow_loss)

_EXIT_SENTENCES = {
    ExitCode.OK: "Hoàn tất, không có lỗi.",
    ExitCode.PROBLEMS: "Hoàn tất, còn việc cần xử lý như nêu trên.",
    ExitCode.CANNOT_RUN: "Không chạy được vì lý do nêu trên.",
    ExitCode.LOCKED: "Chưa ghi gì vì sổ đang mở hoặc đang được cập nhật; hãy đóng sổ rồi chạy lại.",
}


@dataclass
class CycleResult:
    started: dt.datetime
    as_of: dt.date
    exit_code: ExitCode
    message: str  # one Vietnamese paragraph: what happened, for the office and the log
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # what the inbox held when the cycle started
    merge: MergeResult | None = None  # when the inbox was not empty
    summary: SummaryResult | None = None  # when it was
    numbers: Summary | None = None  # the summary as of `as_of`, for the headline
    fetched: FetchJob | None = None  # mail on: what nhan-thu brought in before the merge
    replies: MailBatch | None = None  # mail on: the letters sent back to senders of rejected e-mailed files


def inbox_files(inbox: Path) -> list[Path]:
    """The entries a merge would take (the merge's own listing): no sub-folders, owner/lock or hidden files."""
    return [source.path for source in list_inbox(inbox)] if inbox.is_dir() else []


def _default_merge() -> MergeJob:
    from sheetsync.jobs.merge import run_merge  # the merge machinery is heavy; load it when needed

    return run_merge


def _default_summary() -> SummaryJob:
    from sheetsync.jobs.summary import run_summary

    return run_summary


def run_cycle(
    config: Config,
    *,
    now: dt.datetime,
    as_of: dt.date | None = None,
    allow_loss: bool = False,
    merge: MergeJob | None = None,
    summary: SummaryJob | None = None,
) -> CycleResult:
    """Merge the inbox (which also refreshes "Tổng hợp"); an empty inbox still gets a fresh summary.

    Holds the cycle lock beside the master, so the schedule, the launcher and the Excel button never run two
    cycles at once; the merge and summary take the master's own lock inside it.
    """
    day = as_of or now.date()
    lock = filelock.FileLock(str(config.cycle_lock))
    try:
        lock.acquire(timeout=config.lock_wait)
    except filelock.Timeout:
        busy = Problem.make(Code.master_busy, file=str(config.cycle_lock))
        return finish(CycleResult(now, day, ExitCode.LOCKED, "", [busy]))
    try:
        jobs = (merge or _default_merge(), summary or _default_summary())
        return _run_locked(config, now, day, allow_loss, *jobs)
    finally:
        lock.release()


def _run_locked(
    config: Config, now: dt.datetime, day: dt.date, allow_loss: bool, merge: MergeJob, summary: SummaryJob
) -> CycleResult:
    if not config.workbook.exists():
        missing = Problem.make(Code.workbook_missing, file=str(config.workbook), path=str(config.workbook))
        return finish(CycleResult(now, day, ExitCode.CANNOT_RUN, "", [missing]))
    if config.settings.inbox != INBOX_DIR and not config.inbox.is_dir():
        # a folder the office named and mistyped: creating it would report "no reports" week after week
        shown = str(config.inbox)
        missing = Problem.make(Code.configured_inbox_missing, file=shown, path=shown, setting="thu_muc_nhan")
        return finish(CycleResult(now, day, ExitCode.CANNOT_RUN, "", [missing]))
    config.inbox.mkdir(parents=True, exist_ok=True)  # the default hop-thu/ beside the master
    fetched = _fetch(config)
    result = CycleResult(now, day, ExitCode.OK, "", files=inbox_files(config.inbox), fetched=fetched)
    if result.files:
        result.merge = merge(
            config.workbook,
            config.inbox,
            as_of=day,
            now=now,
            warn_days=config.warn_days,
            lock_wait=config.lock_wait,
            allow_loss=allow_loss,
        )
        result.exit_code = ExitCode(result.merge.exit_code)
        result.problems = [*result.merge.problems]
        result.numbers = result.merge.numbers  # the refresh's own figures: no second load of the master
    else:
        result.summary = summary(config.workbook, as_of=day, warn_days=config.warn_days, now=now, allow_loss=allow_loss)
        result.exit_code = ExitCode(result.summary.exit_code)
        result.problems = [*result.summary.problems]
        result.numbers = result.summary.summary
    _mail_after(result, config, now)
    return finish(result, config)


def _fetch(config: Config) -> FetchJob | None:
    """Mail on: the mailbox's reports into the inbox first (a failure is reported; the inbox is merged anyway)."""
    if not config.settings.email.enabled:
        return None
    from sheetsync.jobs.fetch import fetch_into_inbox

    return fetch_into_inbox(config)


def _mail_after(result: CycleResult, config: Config, now: dt.datetime) -> None:
    """Mail on: reply to senders of rejected or partly applied e-mailed reports; fold the fetch's problems in."""
    if result.fetched is not None:  # its problems are the mailbox's, not the master's: shown apart
        if result.fetched.fatal:
            result.exit_code = max(result.exit_code, ExitCode.CANNOT_RUN)
        elif result.fetched.exit_code is ExitCode.PROBLEMS:
            result.exit_code = max(result.exit_code, ExitCode.PROBLEMS)
    if not config.settings.email.enabled:
        return
    from sheetsync.jobs.replies import send_replies

    files = result.merge.files if result.merge is not None else []
    result.replies = send_replies(config, files, now=now, wait=config.lock_wait)
    if result.replies is not None:
        result.exit_code = max(result.exit_code, result.replies.exit_code)


def run_cycle_at(
    workbook: Path, *, now: dt.datetime, as_of: dt.date | None = None, allow_loss: bool = False, **jobs: Any
) -> CycleResult:
    """Read the settings beside the workbook afresh, then run the cycle: edits to the file apply next run."""
    config, problems = load_config(workbook)
    if config is None:
        return finish(CycleResult(now, as_of or now.date(), ExitCode.CANNOT_RUN, "", problems))
    return run_cycle(config, now=now, as_of=as_of, allow_loss=allow_loss, **jobs)


def failed(now: dt.datetime, exc: BaseException, *, file: Path) -> CycleResult:
    """A cycle stopped by an unexpected error: said in Vietnamese (the traceback goes to the log)."""
    problem = Problem.make(Code.cycle_failed, file=str(file), reason=f"{type(exc).__name__}: {exc}")
    return finish(CycleResult(now, now.date(), ExitCode.CANNOT_RUN, "", [problem]))


def finish(result: CycleResult, config: Config | None = None) -> CycleResult:
    result.message = describe(result, config)
    return result


def describe(result: CycleResult, config: Config | None = None) -> str:
    """One paragraph a Văn phòng officer can read out or paste into a message."""
    parts = [f"Vòng cập nhật lúc {result.started:%H:%M ngày %d/%m/%Y} (số liệu tính đến {result.as_of:%d/%m/%Y}):"]
    if result.fetched is not None:
        parts.append(_fetch_sentence(result.fetched))
    if result.merge is not None:
        parts.append(_merge_sentence(result.merge))
    elif result.summary is not None and result.exit_code in (ExitCode.OK, ExitCode.PROBLEMS):
        where = f" {config.inbox}" if config is not None else ""
        parts.append(f"hộp thư{where} không có báo cáo mới; đã làm mới trang “Tổng hợp”.")
    if result.numbers is not None and result.exit_code in (ExitCode.OK, ExitCode.PROBLEMS):
        parts.append(headline(result.numbers.total))
    master = result.merge.master_problems if result.merge is not None else result.problems
    if result.exit_code is ExitCode.PROBLEMS and (count := sum(p.is_error for p in master)):
        parts.append(
            f"Sổ theo dõi còn {format_number(count)} lỗi; chạy “sheetsync validate” để xem từng lỗi và ô cần sửa."
        )
    errors = [p for p in result.problems if p.is_error]
    if result.exit_code in (ExitCode.CANNOT_RUN, ExitCode.LOCKED) and errors:
        parts.append(" ".join(p.message for p in errors[:3]))
    if result.replies is not None and (sent := result.replies.count("Đã gửi")):
        parts.append(
            f"Đã gửi thư trả lời kèm lý do cho {format_number(sent)} thư báo cáo bị từ chối hoặc chỉ cập nhật một phần."
        )
    parts.append(_EXIT_SENTENCES[result.exit_code])
    return " ".join(parts)


def _fetch_sentence(job: FetchJob) -> str:
    if job.fatal and not job.fetched.examined:
        return "chưa nhận được thư từ máy chủ (xem lỗi ở trên);"
    text = f"nhận {format_number(len(job.fetched.saved))} thư báo cáo mới từ hộp thư điện tử"
    if errors := sum(p.is_error for p in job.problems):
        text += f" ({format_number(errors)} thư cần Văn phòng xem, nêu ở trên)"
    return text + ";"


def _merge_sentence(merge: MergeResult) -> str:
    files = merge.files
    if not files:
        return "chưa xử lý được báo cáo nào."
    outcomes = Counter(file.decision.outcome for file in files)
    counts = "; ".join(f"{format_number(outcomes[o])} {o.value.lower()}" for o in Outcome if outcomes[o])
    changed = sum(file.decision.rows_changed for file in files)
    text = f"đã xử lý {format_number(len(files))} báo cáo ({counts}), {format_number(changed)} nhiệm vụ được cập nhật."
    if outcomes[Outcome.REJECTED] or any(file.decision.skipped_rows for file in files):
        text += f" Lý do từ chối nằm trong tệp .loi.txt (thư mục {REJECTED_DIR}/ hoặc cạnh tệp trong da-xu-ly/)."
    if merge.backup is not None:
        text += f" Bản sao lưu trước khi ghi: {merge.backup}."
    return text
