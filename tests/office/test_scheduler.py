"""The weekly schedule through the `schedule` library's own API: the job, failures survived, no overlap, Ctrl+C."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import schedule

from sheetsync.core.settings import WeeklyTime
from sheetsync.office import scheduler as scheduler_module
from sheetsync.office.scheduler import WeeklyRunner, describe_moment, run_log
from sheetsync.problems import ExitCode

FRIDAY_16 = WeeklyTime(4, dt.time(16, 0))
WEDNESDAY = dt.datetime(2026, 11, 25, 9, 0)


@dataclass
class Outcome:
    exit_code: ExitCode = ExitCode.OK
    message: str = "Đã cập nhật sổ."


class Naps:
    """The runner's sleep: records each nap and ends the loop after `count` of them (no real sleeping)."""

    def __init__(self, count: int) -> None:
        self.count, self.taken = count, []

    def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)

    def done(self) -> bool:
        return len(self.taken) >= self.count


def _runner(
    cycle: Callable[[dt.datetime], Outcome],
    logger: logging.Logger,
    *,
    clock: Callable[[], dt.datetime] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> WeeklyRunner:
    return WeeklyRunner(cycle, FRIDAY_16, log=logger, clock=clock, sleep=sleep)


def _log_text(tmp_path: Path) -> str:
    return (tmp_path / "sheetsync.log").read_text(encoding="utf-8")


def test_the_job_is_every_friday_at_16_and_its_next_run_is_the_coming_one(tmp_path: Path) -> None:
    """The `schedule` library's own answer, read through its API, is the office's rule (WeeklyTime)."""
    with run_log(tmp_path / "sheetsync.log") as logger:
        scheduler = schedule.Scheduler()
        before = dt.datetime.now()
        job = _runner(lambda now: Outcome(), logger).schedule_on(scheduler)
    assert scheduler.get_jobs() == [job] and (job.unit, job.interval, job.start_day) == ("weeks", 1, "friday")
    assert job.at_time == dt.time(16, 0)
    assert job.next_run in (FRIDAY_16.next_after(before), FRIDAY_16.next_after(dt.datetime.now()))
    assert job.next_run.weekday() == 4 and job.next_run - before <= dt.timedelta(days=7)


def test_a_due_run_runs_the_cycle_and_says_when_the_next_one_is(tmp_path: Path) -> None:
    runs: list[dt.datetime] = []
    moment = dt.datetime(2026, 11, 27, 16, 0)
    with run_log(tmp_path / "sheetsync.log") as logger:
        scheduler = schedule.Scheduler()
        runner = _runner(lambda now: runs.append(now) or Outcome(), logger, clock=lambda: moment)
        job = runner.schedule_on(scheduler)
        scheduler.run_all()  # the library runs every job now, as it does when one is due
    assert runs == [moment] and runner.runs == 1
    assert job.next_run is not None and job.next_run > dt.datetime.now()  # rescheduled by the library
    text = _log_text(tmp_path)
    assert "Bắt đầu vòng cập nhật lúc 16:00 thứ sáu 27/11/2026." in text
    assert "Đã cập nhật sổ. (mã kết thúc 0)" in text and "Lần chạy tới: 16:00 thứ sáu 04/12/2026." in text


def test_a_failing_run_is_logged_and_the_next_one_still_happens(tmp_path: Path) -> None:
    runs: list[int] = []

    def cycle(now: dt.datetime) -> Outcome:
        runs.append(1)
        if len(runs) == 1:
            raise OSError("ổ đĩa đầy")
        return Outcome()

    with run_log(tmp_path / "sheetsync.log") as logger:
        scheduler = schedule.Scheduler()
        runner = _runner(cycle, logger, clock=lambda: dt.datetime(2026, 11, 27, 16))
        job = runner.schedule_on(scheduler)
        scheduler.run_all()
        scheduler.run_all()
    assert len(runs) == 2 and (runner.runs, runner.failures) == (2, 1)
    assert scheduler.get_jobs() == [job]  # the failure did not cancel the weekly job
    text = _log_text(tmp_path)
    assert "LỖI Vòng cập nhật lúc 16:00 thứ sáu 27/11/2026 bị lỗi: ổ đĩa đầy" in text
    assert "Traceback" in text and "OSError" in text


def test_a_run_that_could_not_write_is_logged_as_an_error_and_the_schedule_goes_on(tmp_path: Path) -> None:
    results = [Outcome(ExitCode.LOCKED, "Sổ đang mở trong Excel."), Outcome()]
    with run_log(tmp_path / "sheetsync.log") as logger:
        scheduler = schedule.Scheduler()
        runner = _runner(lambda now: results.pop(0), logger)
        runner.schedule_on(scheduler)
        scheduler.run_all()
        scheduler.run_all()
    assert results == [] and runner.failures == 1
    text = _log_text(tmp_path)
    assert "LỖI Sổ đang mở trong Excel. (mã kết thúc 3)" in text
    assert "Đã cập nhật sổ. (mã kết thúc 0)" in text


def test_never_two_cycles_at_once(tmp_path: Path) -> None:
    active, most = [0], [0]
    with run_log(tmp_path / "sheetsync.log") as logger:

        def cycle(now: dt.datetime) -> Outcome:
            active[0] += 1
            most[0] = max(most[0], active[0])
            assert runner.run_once() is None  # a second trigger while this one runs is refused
            active[0] -= 1
            return Outcome()

        runner = _runner(cycle, logger, clock=lambda: dt.datetime(2026, 11, 27, 16))
        runner.run_once()
    assert most[0] == 1 and runner.runs == 1
    assert "CẢNH BÁO Bỏ qua lần chạy lúc 16:00 thứ sáu 27/11/2026: vòng trước vẫn đang chạy." in _log_text(tmp_path)


def test_a_run_missed_while_the_computer_slept_happens_once_on_waking(tmp_path: Path) -> None:
    runs: list[dt.datetime] = []
    with run_log(tmp_path / "sheetsync.log") as logger:
        scheduler = schedule.Scheduler()
        job = _runner(lambda now: runs.append(now) or Outcome(), logger).schedule_on(scheduler)
        job.next_run = dt.datetime.now() - dt.timedelta(hours=2)  # Friday 16:00 passed while it slept
        scheduler.run_pending()
        scheduler.run_pending()  # the next check: the job is now a week ahead
    assert len(runs) == 1 and job.next_run is not None and job.next_run > dt.datetime.now()


def test_the_loop_sleeps_in_short_naps_and_announces_itself(tmp_path: Path) -> None:
    naps = Naps(3)
    with run_log(tmp_path / "sheetsync.log") as logger:
        runner = _runner(lambda now: Outcome(), logger, sleep=naps)
        runner.run_forever(stop=naps.done)
    assert runner.runs == 0 or dt.datetime.now().weekday() == 4  # only a Friday 16:00 would run one
    assert len(naps.taken) == 3 and all(0 <= nap <= scheduler_module.MAX_NAP_SECONDS for nap in naps.taken)
    text = _log_text(tmp_path)
    assert "Đã bật lịch: thứ sáu hằng tuần, lúc 16:00. Lần chạy tới: 16:00 thứ sáu" in text
    assert "Đã dừng lịch." in text


def test_ctrl_c_stops_cleanly_and_says_so(tmp_path: Path) -> None:
    def sleep(seconds: float) -> None:
        raise KeyboardInterrupt

    with run_log(tmp_path / "sheetsync.log") as logger:
        runner = _runner(lambda now: Outcome(), logger, sleep=sleep)
        runner.run_forever()  # returns instead of raising
    assert "Đã dừng lịch theo yêu cầu (Ctrl+C)." in _log_text(tmp_path)


def test_the_log_rotates_and_keeps_vietnamese_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheduler_module, "LOG_MAX_BYTES", 300)
    with run_log(tmp_path / "sheetsync.log") as logger:
        for _ in range(20):
            logger.info("Đã cập nhật trang “Tổng hợp”: 29 nhiệm vụ.")
    assert (tmp_path / "sheetsync.log.1").exists()
    assert not (tmp_path / f"sheetsync.log.{scheduler_module.LOG_BACKUPS + 1}").exists()
    assert "“Tổng hợp”" in (tmp_path / "sheetsync.log.1").read_text(encoding="utf-8")


def test_log_handlers_are_removed_after_use(tmp_path: Path) -> None:
    from logging.handlers import RotatingFileHandler

    with run_log(tmp_path / "a.log") as logger:
        assert sum(isinstance(h, RotatingFileHandler) for h in logger.handlers) == 1
    assert not any(isinstance(h, RotatingFileHandler) for h in logger.handlers)


def test_describe_moment_reads_as_the_office_says_it() -> None:
    assert describe_moment(dt.datetime(2026, 11, 29, 8, 5)) == "08:05 chủ nhật 29/11/2026"
