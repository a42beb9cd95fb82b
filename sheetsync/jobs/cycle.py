"""The weekly cycle: merge what the inbox holds, then the summary; one Vietnamese paragraph for people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import filelock

from sheetsync.office.config import Config, load_config
from sheetsync.problems import Code, ExitCode, Problem
from sheetsync.schema import EXCEL_OWNER_PREFIX

__all__ = ["CycleResult", "inbox_files", "run_cycle", "run_cycle_at"]


class Outcome(Protocol):
    @property
    def exit_code(self) -> ExitCode: ...


MergeJob = Callable[..., Any]  # run_merge(workbook, inbox, *, as_of, now, warn_days, lock_wait) -> MergeResult
SummaryJob = Callable[..., Any]  # run_summary(workbook, *, as_of, warn_days) -> SummaryResult

_EXIT_SENTENCES = {
    ExitCode.OK: "Hoàn tất, không có lỗi.",
    ExitCode.PROBLEMS: "Hoàn tất nhưng có tệp hoặc dòng bị từ chối, hoặc sổ còn lỗi; xem chi tiết bên dưới.",
    ExitCode.CANNOT_RUN: "Không chạy được; sổ theo dõi chưa bị thay đổi.",
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
    merge: Any = None  # MergeResult when the inbox was not empty
    summary: Any = None  # SummaryResult when it was


def inbox_files(inbox: Path) -> list[Path]:
    """The files a merge would look at: not sub-folders, not owner/lock files, not hidden files."""
    if not inbox.is_dir():
        return []
    return sorted(
        p for p in inbox.iterdir() if p.is_file() and not p.name.startswith((EXCEL_OWNER_PREFIX, ".~lock.", "."))
    )


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
        return _finish(CycleResult(now, day, ExitCode.LOCKED, "", [busy]))
    try:
        return _run_locked(config, now, day, merge, summary)
    finally:
        lock.release()


def _run_locked(
    config: Config, now: dt.datetime, day: dt.date, merge: MergeJob | None, summary: SummaryJob | None
) -> CycleResult:
    if not config.workbook.exists():
        missing = Problem.make(Code.workbook_missing, file=str(config.workbook), path=str(config.workbook))
        return _finish(CycleResult(now, day, ExitCode.CANNOT_RUN, "", [missing]))
    config.inbox.mkdir(parents=True, exist_ok=True)
    files = inbox_files(config.inbox)
    result = CycleResult(now, day, ExitCode.OK, "", files=files)
    if files:
        job = merge or _default_merge()
        result.merge = job(
            config.workbook,
            config.inbox,
            as_of=day,
            now=now,
            warn_days=config.warn_days,
            lock_wait=config.lock_wait,
        )
        result.exit_code = ExitCode(result.merge.exit_code)
        result.problems = list(getattr(result.merge, "problems", []))
    else:
        job = summary or _default_summary()
        result.summary = job(config.workbook, as_of=day, warn_days=config.warn_days)
        result.exit_code = ExitCode(result.summary.exit_code)
        result.problems = list(getattr(result.summary, "problems", []))
    return _finish(result, config)


def run_cycle_at(workbook: Path, *, now: dt.datetime, as_of: dt.date | None = None, **jobs: Any) -> CycleResult:
    """Read the settings beside the workbook afresh, then run the cycle: edits to the file apply next run."""
    config, problems = load_config(workbook)
    if config is None:
        return _finish(CycleResult(now, as_of or now.date(), ExitCode.CANNOT_RUN, "", problems))
    return run_cycle(config, now=now, as_of=as_of, **jobs)


def _finish(result: CycleResult, config: Config | None = None) -> CycleResult:
    result.message = describe(result, config)
    return result


def describe(result: CycleResult, config: Config | None = None) -> str:
    """One paragraph a Văn phòng officer can read out or paste into a message."""
    parts = [f"Vòng cập nhật lúc {result.started:%H:%M ngày %d/%m/%Y} (số liệu tính đến {result.as_of:%d/%m/%Y}):"]
    inbox = config.inbox if config is not None else None
    if result.merge is not None:
        parts.append(_merge_sentence(result.merge, len(result.files)))
    elif result.summary is not None:
        where = f" {inbox}" if inbox is not None else ""
        parts.append(f"hộp thư{where} không có báo cáo mới; đã làm mới trang “Tổng hợp”.")
    if (headline := _headline(result.merge or result.summary)) is not None:
        parts.append(headline)
    errors = [p for p in result.problems if p.is_error]
    if result.merge is None and result.summary is None and errors:
        parts.append(" ".join(p.message for p in errors[:3]))
    parts.append(_EXIT_SENTENCES[result.exit_code])
    return " ".join(parts)


def _merge_sentence(merge: Any, count: int) -> str:
    return f"đã xử lý {count} tệp trong hộp thư."


def _headline(outcome: Any) -> str | None:
    text = getattr(outcome, "headline", None)
    return text if isinstance(text, str) and text else None
