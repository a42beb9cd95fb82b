"""The weekly schedule driven by a fake clock: right times, failures logged and survived, no overlap, Ctrl+C."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sheetsync.core.settings import WeeklyTime
from sheetsync.office import scheduler as scheduler_module
from sheetsync.office.scheduler import WeeklyRunner, describe_moment, run_log
from sheetsync.problems import ExitCode

FRIDAY_16 = WeeklyTime(4, dt.time(16, 0))
WEDNESDAY = dt.datetime(2026, 11, 25, 9, 0)


class FakeClock:
    """Time moves only when the runner sleeps (or a fake cycle says a run took long)."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start
        self.naps: list[float] = []

    def __call__(self) -> dt.datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.naps.append(seconds)
        self.now += dt.timedelta(seconds=seconds)

    def until(self, end: dt.datetime) -> Callable[[], bool]:
        return lambda: self.now >= end


@dataclass
class Outcome:
    exit_code: ExitCode = ExitCode.OK
    message: str = "Đã cập nhật sổ."


def _runner(
    tmp_path: Path, clock: FakeClock, cycle: Callable[[dt.datetime], Outcome], logger: logging.Logger
) -> WeeklyRunner:
    return WeeklyRunner(cycle, FRIDAY_16, log=logger, clock=clock, sleep=clock.sleep)


def _log_text(tmp_path: Path) -> str:
    return (tmp_path / "sheetsync.log").read_text(encoding="utf-8")


def test_runs_every_friday_at_16_across_three_weeks(tmp_path: Path) -> None:
    clock, runs = FakeClock(WEDNESDAY), []

    def cycle(now: dt.datetime) -> Outcome:
        runs.append(now)
        return Outcome()

    with run_log(tmp_path / "sheetsync.log") as logger:
        _runner(tmp_path, clock, cycle, logger).run_forever(stop=clock.until(dt.datetime(2026, 12, 16)))
    assert runs == [dt.datetime(2026, 11, 27, 16), dt.datetime(2026, 12, 4, 16), dt.datetime(2026, 12, 11, 16)]
    assert max(clock.naps) <= scheduler_module.MAX_NAP_SECONDS  # no real sleeping, short naps
    text = _log_text(tmp_path)
    assert "Đã bật lịch: thứ sáu hằng tuần, lúc 16:00. Lần chạy tới: 16:00 thứ sáu 27/11/2026." in text
    assert text.count("Bắt đầu vòng cập nhật") == 3
    assert "Lần chạy tới: 16:00 thứ sáu 18/12/2026." in text


def test_a_failing_run_is_logged_and_the_next_one_still_happens(tmp_path: Path) -> None:
    clock, runs = FakeClock(WEDNESDAY), []

    def cycle(now: dt.datetime) -> Outcome:
        runs.append(now)
        if len(runs) == 1:
            raise OSError("ổ đĩa đầy")
        return Outcome()

    with run_log(tmp_path / "sheetsync.log") as logger:
        runner = _runner(tmp_path, clock, cycle, logger)
        runner.run_forever(stop=clock.until(dt.datetime(2026, 12, 9)))
    assert runs == [dt.datetime(2026, 11, 27, 16), dt.datetime(2026, 12, 4, 16)]
    assert (runner.runs, runner.failures) == (2, 1)
    text = _log_text(tmp_path)
    assert "LỖI Vòng cập nhật lúc 16:00 thứ sáu 27/11/2026 bị lỗi: ổ đĩa đầy" in text
    assert "Traceback" in text and "OSError" in text
    assert text.index("ổ đĩa đầy") < text.index("Bắt đầu vòng cập nhật lúc 16:00 thứ sáu 04/12/2026")


def test_a_run_that_could_not_write_is_logged_as_an_error_and_the_schedule_goes_on(tmp_path: Path) -> None:
    clock, results = FakeClock(WEDNESDAY), [Outcome(ExitCode.LOCKED, "Sổ đang mở trong Excel."), Outcome()]

    with run_log(tmp_path / "sheetsync.log") as logger:
        runner = _runner(tmp_path, clock, lambda now: results.pop(0), logger)
        runner.run_forever(stop=clock.until(dt.datetime(2026, 12, 9)))
    assert results == [] and runner.failures == 1
    text = _log_text(tmp_path)
    assert "LỖI Sổ đang mở trong Excel. (mã kết thúc 3)" in text
    assert "Đã cập nhật sổ. (mã kết thúc 0)" in text


def test_never_two_cycles_at_once(tmp_path: Path) -> None:
    clock, runs, active, most = FakeClock(WEDNESDAY), [], [0], [0]
    with run_log(tmp_path / "sheetsync.log") as logger:

        def cycle(now: dt.datetime) -> Outcome:
            active[0] += 1
            most[0] = max(most[0], active[0])
            runs.append(now)
            assert runner.run_once() is None  # a second trigger while this one runs is refused
            clock.now += dt.timedelta(days=8)  # a run so slow it passes the next Friday
            active[0] -= 1
            return Outcome()

        runner = _runner(tmp_path, clock, cycle, logger)
        runner.run_forever(stop=clock.until(dt.datetime(2026, 12, 20)))
    assert most[0] == 1
    # the Friday passed during the slow run is not caught up twice; the one after is kept
    assert runs == [dt.datetime(2026, 11, 27, 16), dt.datetime(2026, 12, 11, 16)]
    assert "CẢNH BÁO Bỏ qua lần chạy lúc 16:00 thứ sáu 27/11/2026: vòng trước vẫn đang chạy." in _log_text(tmp_path)


def test_a_run_missed_while_the_computer_slept_happens_once_on_waking(tmp_path: Path) -> None:
    clock, runs = FakeClock(dt.datetime(2026, 11, 27, 15, 59)), []
    naps = iter([7200.0])

    def sleep(seconds: float) -> None:
        clock.sleep(next(naps, seconds))  # the first nap lasts two hours: the PC was asleep

    with run_log(tmp_path / "sheetsync.log") as logger:
        runner = WeeklyRunner(
            lambda now: runs.append(now) or Outcome(), FRIDAY_16, log=logger, clock=clock, sleep=sleep
        )
        runner.run_forever(stop=clock.until(dt.datetime(2026, 12, 1)))
    assert runs == [dt.datetime(2026, 11, 27, 17, 59)]


def test_ctrl_c_stops_cleanly_and_says_so(tmp_path: Path) -> None:
    clock = FakeClock(WEDNESDAY)

    def sleep(seconds: float) -> None:
        raise KeyboardInterrupt

    with run_log(tmp_path / "sheetsync.log") as logger:
        runner = WeeklyRunner(lambda now: Outcome(), FRIDAY_16, log=logger, clock=clock, sleep=sleep)
        runner.run_forever()  # returns instead of raising
    assert runner.runs == 0
    assert "Đã dừng lịch theo yêu cầu (Ctrl+C)." in _log_text(tmp_path)


def test_the_schedule_library_gets_its_real_clock_back(tmp_path: Path) -> None:
    import schedule

    before = schedule.datetime  # type: ignore[attr-defined]
    clock = FakeClock(WEDNESDAY)
    with run_log(tmp_path / "sheetsync.log") as logger:
        _runner(tmp_path, clock, lambda now: Outcome(), logger).run_forever(stop=clock.until(WEDNESDAY))
    assert schedule.datetime is before  # type: ignore[attr-defined]


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


def test_reminders_also_run_at_the_same_hour_on_their_own_day(tmp_path: Path) -> None:
    """lich.don_doc = "thứ hai": the weekly cycle on Fridays, the reminders on Mondays, both logged."""
    clock, runs, reminders = FakeClock(WEDNESDAY), [], []

    def cycle(now: dt.datetime) -> Outcome:
        runs.append(now)
        return Outcome()

    def remind(now: dt.datetime) -> Outcome:
        reminders.append(now)
        return Outcome(ExitCode.PROBLEMS, "Đôn đốc: 2 đơn vị.")

    with run_log(tmp_path / "sheetsync.log") as logger:
        runner = _runner(tmp_path, clock, cycle, logger)
        runner.also(0, remind)
        runner.run_forever(stop=clock.until(dt.datetime(2026, 12, 8)))
    assert runs == [dt.datetime(2026, 11, 27, 16), dt.datetime(2026, 12, 4, 16)]
    assert reminders == [dt.datetime(2026, 11, 30, 16), dt.datetime(2026, 12, 7, 16)]
    assert _log_text(tmp_path).count("Đôn đốc: 2 đơn vị. (mã kết thúc 1)") == 2
