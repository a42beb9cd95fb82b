"""The weekly cycle on a schedule (the `schedule` library, on the computer's clock) until stopped."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Protocol

import schedule

from sheetsync.core.settings import WEEKDAY_LABELS, WeeklyTime
from sheetsync.problems import ExitCode
from sheetsync.schema import RUN_LOG

__all__ = ["LOG_BACKUPS", "LOG_MAX_BYTES", "WeeklyRunner", "describe_moment", "log_outcome", "run_log"]

# ~1 MB per file, 5 old files kept: years of weekly runs, never a full disk.
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5
LOGGER_NAME = "sheetsync.lich"
_DAY_ATTRIBUTES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Sleep at most this long between checks, so a PC waking from sleep or a clock change is noticed soon.
MAX_NAP_SECONDS = 60.0
_LEVELS = {logging.INFO: "", logging.WARNING: "CẢNH BÁO ", logging.ERROR: "LỖI "}


class CycleOutcome(Protocol):
    exit_code: ExitCode
    message: str


Cycle = Callable[[dt.datetime], CycleOutcome]


def describe_moment(moment: dt.datetime) -> str:
    """ "16:00 thứ sáu 27/11/2026", how the office says when something happens."""
    return f"{moment:%H:%M} {WEEKDAY_LABELS[moment.weekday()]} {moment:%d/%m/%Y}"


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = dt.datetime.fromtimestamp(record.created).strftime("%Y-%m-%d %H:%M:%S")
        text = f"{stamp} {_LEVELS.get(record.levelno, '')}{record.getMessage()}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


@contextmanager
def run_log(path: Path, *, echo: logging.Handler | None = None) -> Iterator[logging.Logger]:
    """A logger writing to a rotating UTF-8 file beside the workbook (and to `echo`, e.g. the console)."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    path.parent.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [
        RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    ]
    handlers[0].setFormatter(_Formatter())
    if echo is not None:
        handlers.append(echo)
    for handler in handlers:
        logger.addHandler(handler)
    try:
        yield logger
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
        handlers[0].close()


def log_outcome(workbook: Path, tag: str, message: str, exit_code: int, *, error: bool = False) -> None:
    """One line in the log beside the workbook for a cycle run by hand, the launcher or the Excel button."""
    if not workbook.parent.is_dir():
        return
    with run_log(workbook.parent / RUN_LOG) as log:
        if error:  # called from an except block: the traceback goes with it
            log.exception("%s %s", tag, message)
        else:
            log.info("%s %s (mã kết thúc %d)", tag, message, exit_code)


class WeeklyRunner:
    """Runs `cycle(now)` every week at `when`; a failing run is logged and the schedule goes on."""

    def __init__(
        self,
        cycle: Cycle,
        when: WeeklyTime,
        *,
        log: logging.Logger,
        clock: Callable[[], dt.datetime] | None = None,
        sleep: Callable[[float], None] | None = None,
        max_nap: float = MAX_NAP_SECONDS,
    ) -> None:
        self.cycle = cycle
        self.when = when
        self.log = log
        self.clock = clock or dt.datetime.now
        self.sleep = sleep or time.sleep
        self.max_nap = max_nap
        self._busy = threading.Lock()  # never two cycles at once from this process
        self.runs = 0
        self.failures = 0

    def run_once(self) -> CycleOutcome | None:
        """One cycle now, unless one is already running here (then skipped and logged)."""
        if not self._busy.acquire(blocking=False):
            self.log.warning("Bỏ qua lần chạy lúc %s: vòng trước vẫn đang chạy.", describe_moment(self.clock()))
            return None
        started = self.clock()
        self.runs += 1
        try:
            self.log.info("Bắt đầu vòng cập nhật lúc %s.", describe_moment(started))
            outcome = self.cycle(started)
        except Exception as exc:  # a bug or a full disk must not end the weekly schedule
            self.failures += 1
            self.log.exception("Vòng cập nhật lúc %s bị lỗi: %s", describe_moment(started), exc)
            return None
        finally:
            self._busy.release()
        level = {ExitCode.OK: logging.INFO, ExitCode.PROBLEMS: logging.WARNING}.get(outcome.exit_code, logging.ERROR)
        if level == logging.ERROR:
            self.failures += 1
        self.log.log(level, "%s (mã kết thúc %d)", outcome.message, int(outcome.exit_code))
        return outcome

    def schedule_on(self, scheduler: schedule.Scheduler) -> schedule.Job:
        """The weekly job in `scheduler`, through the library's own API: every <weekday> at HH:MM:SS."""
        day = getattr(scheduler.every(), _DAY_ATTRIBUTES[self.when.weekday])
        job: schedule.Job = day.at(self.when.at.strftime("%H:%M:%S")).do(self._run_and_announce)
        return job

    def run_forever(self, *, stop: Callable[[], bool] = lambda: False) -> None:
        """Check, run when due, sleep until the next check; Ctrl+C ends it cleanly. The library keeps the
        time (the computer's clock): a run missed while the computer slept happens once on waking."""
        scheduler = schedule.Scheduler()
        job = self.schedule_on(scheduler)
        first = job.next_run or self.when.next_after(self.clock())
        self.log.info("Đã bật lịch: %s. Lần chạy tới: %s.", self.when.label, describe_moment(first))
        try:
            while not stop():
                scheduler.run_pending()
                idle = scheduler.idle_seconds
                self.sleep(min(max(idle if idle is not None else self.max_nap, 0.0), self.max_nap))
        except KeyboardInterrupt:
            self.log.info("Đã dừng lịch theo yêu cầu (Ctrl+C).")
            return
        self.log.info("Đã dừng lịch.")

    def _run_and_announce(self) -> None:
        self.run_once()
        # `schedule` computes the next run right after this returns; say when, from the same rule.
        self.log.info("Lần chạy tới: %s.", describe_moment(self.when.next_after(self.clock())))
