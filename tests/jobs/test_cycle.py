"""The weekly cycle over fake merge/summary jobs: which runs when, what it passes on, what it tells people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import filelock

from sheetsync.core.settings import Settings
from sheetsync.jobs.cycle import inbox_files, run_cycle, run_cycle_at
from sheetsync.jobs.merge import MergeResult
from sheetsync.jobs.summary import SummaryResult
from sheetsync.office.config import Config, config_path
from sheetsync.problems import Code, ExitCode, Problem

NOW = dt.datetime(2026, 11, 27, 16, 0)


def merged(exit_code: ExitCode = ExitCode.OK, problems: list[Problem] | None = None) -> MergeResult:
    return MergeResult(Path("x.xlsx"), Path("hop-thu"), problems=problems or [], exit_code=exit_code)


@dataclass
class Recorder:
    """A fake job: records its calls, returns a result of the real job's type."""

    result: Any = field(default_factory=lambda: SummaryResult(Path("x.xlsx")))
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((args, kwargs))
        return self.result


def _config(tmp_path: Path, **settings: Any) -> Config:
    workbook = tmp_path / "workbook" / "ChuongTrinh2026.xlsx"
    workbook.parent.mkdir(parents=True, exist_ok=True)
    workbook.write_bytes(b"stand-in: the fakes never open it")
    return Config(workbook, Settings(**settings))


def test_an_inbox_with_reports_is_merged_with_the_configured_settings(tmp_path: Path) -> None:
    config = _config(tmp_path, warn_days=10, lock_wait=5.0)
    config.inbox.mkdir()
    (config.inbox / "VP_2026-T11.xlsx").write_bytes(b"x")
    merge, summary = Recorder(merged()), Recorder()
    result = run_cycle(config, now=NOW, merge=merge, summary=summary)
    assert merge.calls == [
        (
            (config.workbook, config.inbox),
            {"as_of": NOW.date(), "now": NOW, "warn_days": 10, "lock_wait": 5.0, "allow_loss": False},
        )
    ]
    assert summary.calls == []  # the merge refreshes the summary itself
    assert result.exit_code is ExitCode.OK and result.files == [config.inbox / "VP_2026-T11.xlsx"]
    assert "16:00 ngày 27/11/2026" in result.message and "chưa xử lý được báo cáo nào" in result.message


def test_an_empty_inbox_still_refreshes_the_summary(tmp_path: Path) -> None:
    config = _config(tmp_path, warn_days=3)
    merge, summary = Recorder(), Recorder()
    result = run_cycle(config, now=NOW, merge=merge, summary=summary)
    assert merge.calls == []
    assert summary.calls == [
        ((config.workbook,), {"as_of": NOW.date(), "warn_days": 3, "now": NOW, "allow_loss": False})
    ]
    assert config.inbox.is_dir()  # created on the first run, ready for the units' files
    assert "không có báo cáo mới" in result.message and "“Tổng hợp”" in result.message


def test_as_of_can_differ_from_the_run_day(tmp_path: Path) -> None:
    config = _config(tmp_path)
    summary = Recorder()
    result = run_cycle(config, now=NOW, as_of=dt.date(2026, 12, 31), summary=summary)
    assert summary.calls[0][1]["as_of"] == dt.date(2026, 12, 31)
    assert "tính đến 31/12/2026" in result.message


def test_the_merge_exit_code_and_problems_are_the_cycles(tmp_path: Path) -> None:
    config = _config(tmp_path)
    config.inbox.mkdir()
    (config.inbox / "a.xlsx").write_bytes(b"x")
    busy = Problem.make(Code.master_open, file="x", program="Excel", owner="Lan", since="15:00 27/11/2026")
    merge = Recorder(merged(ExitCode.LOCKED, [busy]))
    result = run_cycle(config, now=NOW, merge=merge, summary=Recorder())
    assert result.exit_code is ExitCode.LOCKED and result.problems == [busy]
    assert "hãy đóng sổ rồi chạy lại" in result.message


def test_owner_files_hidden_files_and_folders_do_not_count_as_reports(tmp_path: Path) -> None:
    inbox = tmp_path / "hop-thu"
    (inbox / "da-xu-ly").mkdir(parents=True)
    for name in ("~$bao-cao.xlsx", ".~lock.bao-cao.xlsx#", ".DS_Store"):
        (inbox / name).write_bytes(b"x")
    assert inbox_files(inbox) == []
    (inbox / "bao-cao.xlsx").write_bytes(b"x")
    (inbox / "thu.eml").write_bytes(b"x")
    assert [p.name for p in inbox_files(inbox)] == ["bao-cao.xlsx", "thu.eml"]
    assert inbox_files(tmp_path / "missing") == []


def test_a_missing_workbook_stops_before_anything_runs(tmp_path: Path) -> None:
    config = _config(tmp_path)
    config.workbook.unlink()
    merge, summary = Recorder(), Recorder()
    result = run_cycle(config, now=NOW, merge=merge, summary=summary)
    assert result.exit_code is ExitCode.CANNOT_RUN and merge.calls == summary.calls == []
    assert [p.code for p in result.problems] == [Code.workbook_missing]
    assert "Không tìm thấy tệp sổ theo dõi" in result.message


def test_a_second_cycle_waits_then_refuses_while_one_runs(tmp_path: Path) -> None:
    config = _config(tmp_path, lock_wait=0.0)
    summary = Recorder()
    with filelock.FileLock(str(config.cycle_lock)):
        # another process's cycle: flock locks from two descriptors conflict even in one process
        result = run_cycle(config, now=NOW, summary=summary)
    assert result.exit_code is ExitCode.LOCKED and summary.calls == []
    assert [p.code for p in result.problems] == [Code.master_busy]
    assert run_cycle(config, now=NOW, summary=summary).exit_code is ExitCode.OK  # released afterwards


def test_settings_are_read_afresh_for_each_run(tmp_path: Path) -> None:
    workbook = _config(tmp_path).workbook
    summary = Recorder()
    run_cycle_at(workbook, now=NOW, summary=summary)
    config_path(workbook).write_text("so_ngay_canh_bao = 14\n", encoding="utf-8")
    run_cycle_at(workbook, now=NOW, summary=summary)
    assert [c[1]["warn_days"] for c in summary.calls] == [7, 14]


def test_a_bad_settings_file_is_a_cycle_that_cannot_run_and_says_why(tmp_path: Path) -> None:
    workbook = _config(tmp_path).workbook
    config_path(workbook).write_text('[lich]\ngio = "25:00"\n', encoding="utf-8")
    summary = Recorder()
    result = run_cycle_at(workbook, now=NOW, summary=summary)
    assert result.exit_code is ExitCode.CANNOT_RUN and summary.calls == []
    assert "“25:00”" in result.message and "lich.gio" in result.message


# the week the templates of tests/template_factories are filled for (their report date is 05/12/2026)
FRIDAY = dt.datetime(2026, 12, 10, 16, 0)


def _week(tmp_path: Path) -> Path:
    """A real master with templates issued and two units' reports in the inbox beside it."""
    from tests.template_factories import fill, issue, template_of

    master, issued = issue(tmp_path)
    inbox = master.parent / "hop-thu"
    inbox.mkdir()
    fill(
        template_of(issued, "KTHTDT"),
        inbox / "kt.xlsx",
        rows={"1.1.2": {"progress": 80, "result": "Thu đạt 80% dự toán"}},
    )
    fill(template_of(issued, "VP"), inbox / "vp.xlsx", rows={"1.1.1": {"progress": 30, "status": "Đang thực hiện"}})
    return master


def _fresh_headline(master: Path, day: dt.date) -> str:
    """What a person reading the saved master would count: loaded afresh, assessed as of `day`."""
    from sheetsync.core.summary import assess_tasks, headline, summarize
    from sheetsync.jobs.load import load

    program = load(master).program
    assert program is not None
    assessed = assess_tasks(program.tasks, as_of=day, warn_days=7)
    return headline(summarize(assessed, program.units, period=None, as_of=day, warn_days=7).total)


def test_the_cycle_reads_the_master_once_and_tells_the_figures_of_the_master_it_saved(
    tmp_path: Path, monkeypatch: Any
) -> None:
    from sheetsync.excel import master as master_module

    master = _week(tmp_path)
    opened: list[Path] = []
    real_open = master_module.open_master

    def counting(path: Path, **kwargs: Any) -> Any:
        opened.append(path)
        return real_open(path, **kwargs)

    monkeypatch.setattr(master_module, "open_master", counting)
    monkeypatch.setattr("sheetsync.jobs.load.open_master", counting)
    result = run_cycle_at(master, now=FRIDAY)
    monkeypatch.undo()
    assert result.exit_code is ExitCode.OK and result.merge is not None and result.merge.written
    assert opened == [master]  # the merge's load: no second load only to count for the headline
    assert result.numbers is not None and result.numbers.total.total > 0
    assert _fresh_headline(master, FRIDAY.date()) in result.message


def test_a_merge_that_writes_nothing_still_has_the_figures_of_the_master_as_read(tmp_path: Path) -> None:
    from sheetsync.core.summary import headline
    from sheetsync.jobs.merge import run_merge

    master = _week(tmp_path)
    preview = run_merge(master, master.parent / "hop-thu", as_of=FRIDAY.date(), now=FRIDAY, dry_run=True)
    assert preview.plan is not None and preview.plan.decisions and not preview.written
    assert preview.numbers is not None and headline(preview.numbers.total) == _fresh_headline(master, FRIDAY.date())
