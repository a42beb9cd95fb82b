"""The weekly merge end to end: real templates filled as units fill them, merged, filed away; re-runs and refusals."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from sheetsync.jobs import merge as merge_job
from sheetsync.jobs.load import load
from sheetsync.jobs.merge import run_merge
from sheetsync.jobs.templates import make_templates
from sheetsync.office.guard import RunLock
from sheetsync.office.keyfile import key_path
from sheetsync.problems import Code, ExitCode
from sheetsync.schema import HISTORY, JOURNAL, Outcome
from tests.merge_support import eml
from tests.template_factories import fill, issue, template_of

AS_OF = dt.date(2026, 12, 10)
NOW = dt.datetime(2026, 12, 10, 16, 0)
TODAY = "2026-12-10"


@pytest.fixture
def week(tmp_path):
    """A master, its templates, and an inbox as the office finds it on Thursday afternoon."""
    master, issued = issue(tmp_path)
    filled, inbox = tmp_path / "da-dien", tmp_path / "hop-thu"
    filled.mkdir()
    inbox.mkdir()
    fill(
        template_of(issued, "KTHTDT"),
        inbox / "kt.xlsx",
        rows={"1.1.2": {"progress": 80, "result": "Thu đạt 80% dự toán", "difficulties": "=cmd|' /C calc'!A0"}},
    )
    vp = fill(
        template_of(issued, "VP"),
        filled / "vp.xlsx",
        rows={"1.1.1": {"progress": 30, "status": "Đang thực hiện"}, "1.1.2": {"result": "VP đã đôn đốc thu"}},
    )
    vhxh = fill(
        template_of(issued, "VHXH"),
        filled / "vhxh.xlsx",
        rows={"2.1.1": {"status": "làm rồi"}, "3.1.1": {"result": "VHXH phối hợp tiếp dân"}},
    )
    eml(inbox / "thu-vp.eml", {"vp.xlsx": vp.read_bytes(), "vhxh.xlsx": vhxh.read_bytes()})
    fill(template_of(issued, "CAP"), inbox / "cap.xlsx")  # restates what is there
    (inbox / "rac.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (inbox / "~$kt.xlsx").write_bytes(b"\x05Lan A")  # Excel's owner file while someone has kt.xlsx open
    return master, inbox, filled


def run(master: Path, inbox: Path, **options):
    return run_merge(master, inbox, as_of=AS_OF, now=options.pop("now", NOW), lock_wait=0, **options)


def values(master: Path) -> dict[str, dict[str, object]]:
    program = load(master).program
    assert program is not None
    return {t.code: dict(t.row.values) for t in program.tasks}


def log(master: Path, sheet) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook(master)[sheet.name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:] if any(v is not None for v in r)]


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_weekly_merge_applies_reports_logs_them_and_files_them_away(week):
    master, inbox, _ = week
    result = run(master, inbox)
    assert result.exit_code is ExitCode.PROBLEMS  # rac.xlsx rejected, one row of vhxh.xlsx skipped
    outcomes = {f.decision.file: f.decision.outcome for f in result.files}
    assert outcomes == {
        "rac.xlsx": Outcome.REJECTED,
        "cap.xlsx": Outcome.NO_CHANGE,
        "kt.xlsx": Outcome.ACCEPTED,
        "thu-vp.eml › vp.xlsx": Outcome.ACCEPTED,
        "thu-vp.eml › vhxh.xlsx": Outcome.PARTIAL,
    }
    tasks = values(master)
    assert tasks["1.1.2"]["progress"] == 80 and tasks["1.1.2"]["result"] == "Thu đạt 80% dự toán"
    assert tasks["1.1.2"]["difficulties"] == "=cmd|' /C calc'!A0"
    assert tasks["1.1.2"]["coord_opinions"] == "Văn phòng HĐND và UBND (05/12/2026): VP đã đôn đốc thu"
    assert tasks["1.1.2"]["updated_on"] == dt.datetime(2026, 12, 5)
    assert tasks["1.1.1"]["progress"] == 30
    assert tasks["3.1.1"]["coord_opinions"] == "Phòng Văn hóa - Xã hội (05/12/2026): VHXH phối hợp tiếp dân"
    assert tasks["2.1.1"]["status"] is None  # the skipped row
    wb = openpyxl.load_workbook(master)
    assert all(c.data_type == "s" for row in wb["Nhiệm vụ"].iter_rows() for c in row if c.value == "=cmd|' /C calc'!A0")

    journal = log(master, JOURNAL)
    assert sorted((j["Tệp"], j["Kết quả"]) for j in journal) == sorted((k, v.value) for k, v in outcomes.items())
    assert all(len(str(j["SHA-256"])) == 64 for j in journal)
    history = log(master, HISTORY)
    assert len(history) == len([w for w in result.changes if w.key != "updated_on"]) == 7
    assert {(h["Mã NV"], h["Nội dung thay đổi"]) for h in history} >= {
        ("1.1.2", "Tiến độ (%)"),
        ("1.1.1", "Tiến độ (%)"),
    }

    assert tree(inbox) == {
        "~$kt.xlsx",  # never touched
        f"da-xu-ly/{TODAY}/kt.xlsx",
        f"da-xu-ly/{TODAY}/cap.xlsx",
        f"da-xu-ly/{TODAY}/thu-vp.eml",
        f"da-xu-ly/{TODAY}/thu-vp.eml.loi.txt",  # the skipped row of vhxh.xlsx
        f"loi/{TODAY}/rac.xlsx",
        f"loi/{TODAY}/rac.xlsx.loi.txt",
    }
    letter = (inbox / "da-xu-ly" / TODAY / "thu-vp.eml.loi.txt").read_text(encoding="utf-8-sig")
    assert "Kính gửi: Phòng Văn hóa - Xã hội" in letter and "“làm rồi”" in letter
    assert result.backup is not None and result.backup.parent == master.parent / "sao-luu"
    assert "Tổng hợp" in openpyxl.load_workbook(master).sheetnames  # rebuilt before the one save


def test_second_run_on_the_same_files_changes_nothing(week):
    master, inbox, _ = week
    run(master, inbox)
    before, history = values(master), len(log(master, HISTORY))
    for name in ("kt.xlsx", "thu-vp.eml", "cap.xlsx"):
        shutil.copy(inbox / "da-xu-ly" / TODAY / name, inbox / name)
    again = run(master, inbox, now=NOW + dt.timedelta(hours=1))
    assert again.exit_code is ExitCode.OK
    assert {f.decision.outcome for f in again.files} == {Outcome.DUPLICATE}
    assert values(master) == before and len(log(master, HISTORY)) == history
    assert {"da-xu-ly/2026-12-10/kt (2).xlsx", "da-xu-ly/2026-12-10/thu-vp (2).eml"} <= tree(inbox)


def test_older_report_in_a_later_run_never_overwrites_the_newer(week, tmp_path):
    master, inbox, _ = week
    run(master, inbox)
    # next week's templates, issued from the updated master; KT fills one in with an older date
    again = make_templates(master, period="Tháng 12/2026", out=tmp_path / "mau2", now=NOW, wait=0)
    fill(
        template_of(again, "KTHTDT"),
        inbox / "kt-cu.xlsx",
        report_date=dt.date(2026, 12, 3),
        rows={"1.1.2": {"progress": 50}},
    )
    result = run(master, inbox)
    (file,) = result.files
    assert file.decision.outcome is Outcome.NO_CHANGE
    assert Code.older_report in {p.code for p in file.decision.problems}
    assert values(master)["1.1.2"]["progress"] == 80


@pytest.mark.parametrize("owner_file", ["~$ChuongTrinh2026.xlsx", ".~lock.ChuongTrinh2026.xlsx#"])
def test_master_open_elsewhere_refuses_with_nothing_written_or_moved(week, owner_file):
    master, inbox, _ = week
    (master.parent / owner_file).write_text(",Lan,may-vp,10.12.2026 15:00,file:///x;", encoding="utf-8")
    before, files, backups = master.read_bytes(), tree(inbox), tree(master.parent)
    result = run(master, inbox)
    assert result.exit_code is ExitCode.LOCKED
    assert [p.code for p in result.problems] == [Code.master_open]
    assert master.read_bytes() == before and tree(inbox) == files and tree(master.parent) == backups


def test_another_run_holding_the_lock_refuses(week):
    master, inbox, _ = week
    before = master.read_bytes()
    with RunLock(master) as lock:
        assert lock.acquire(0) is None
        result = run(master, inbox)
    assert result.exit_code is ExitCode.LOCKED and [p.code for p in result.problems] == [Code.master_busy]
    assert master.read_bytes() == before


def test_dry_run_reports_changes_and_writes_or_moves_nothing(week):
    master, inbox, _ = week
    before, files = master.read_bytes(), tree(inbox)
    result = run(master, inbox, dry_run=True)
    assert result.exit_code is ExitCode.PROBLEMS
    assert ("1.1.2", "progress", 60, 80) in {(w.code, w.key, w.old, w.new) for w in result.changes}
    assert master.read_bytes() == before and tree(inbox) == files and result.backup is None


def test_strict_rejects_a_file_with_a_row_problem(week):
    master, inbox, _ = week
    result = run(master, inbox, strict=True)
    outcomes = {f.decision.file: f.decision.outcome for f in result.files}
    assert outcomes["thu-vp.eml › vhxh.xlsx"] is Outcome.REJECTED
    assert values(master)["3.1.1"]["coord_opinions"] is None


def test_crash_after_the_save_leaves_inputs_and_a_rerun_applies_once(week, monkeypatch):
    master, inbox, _ = week
    real, calls = merge_job.file_away, []

    def crash_on_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt("mất điện")
        return real(*args, **kwargs)

    monkeypatch.setattr(merge_job, "file_away", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        run(master, inbox)
    monkeypatch.setattr(merge_job, "file_away", real)
    applied, history = values(master), len(log(master, HISTORY))
    assert applied["1.1.2"]["progress"] == 80
    assert len(tree(inbox)) == 5  # four inputs and the owner file: one filed away, the rest still waiting
    result = run(master, inbox, now=NOW + dt.timedelta(minutes=5))
    assert {f.decision.outcome for f in result.files if f.decision.file != "rac.xlsx"} == {Outcome.DUPLICATE}
    assert values(master) == applied and len(log(master, HISTORY)) == history
    assert tree(inbox) >= {f"da-xu-ly/{TODAY}/kt.xlsx", f"da-xu-ly/{TODAY}/thu-vp.eml", f"loi/{TODAY}/rac.xlsx"}


def test_missing_key_or_master_or_inbox_cannot_run(week, tmp_path):
    master, inbox, _ = week
    key_path(master).unlink()
    files = tree(inbox)
    result = run(master, inbox)
    assert result.exit_code is ExitCode.CANNOT_RUN and [p.code for p in result.problems] == [Code.key_missing]
    assert tree(inbox) == files
    assert run(tmp_path / "khong-co.xlsx", inbox).exit_code is ExitCode.CANNOT_RUN
    assert run(master, tmp_path / "khong-co").exit_code is ExitCode.CANNOT_RUN


def test_empty_inbox_still_refreshes_the_assessment_and_summary(week, tmp_path):
    # merge is the office's weekly step (the workbook's guide says so): Đánh giá must follow the date
    master, _, _ = week
    empty = tmp_path / "trong"
    empty.mkdir()
    result = run(master, empty)
    assert result.exit_code is ExitCode.OK and result.files == [] and result.backup is not None
    assert list(empty.iterdir()) == []


def test_a_file_the_reader_chokes_on_is_rejected_and_the_rest_goes_on(week, monkeypatch):
    master, inbox, _ = week
    import sheetsync.excel.submission as reader

    real = reader.read_submission

    def choke(path, **kwargs):
        if kwargs.get("display_name") == "cap.xlsx":
            raise RuntimeError("bug")
        return real(path, **kwargs)

    monkeypatch.setattr(reader, "read_submission", choke)
    result = run(master, inbox)
    outcomes = {f.decision.file: f.decision.outcome for f in result.files}
    assert outcomes["cap.xlsx"] is Outcome.REJECTED and outcomes["kt.xlsx"] is Outcome.ACCEPTED
    assert f"loi/{TODAY}/cap.xlsx" in tree(inbox)


def test_inbox_must_not_be_the_masters_own_folder(week):
    master, _, _ = week
    before = tree(master.parent)
    result = run(master, master.parent)
    assert result.exit_code is ExitCode.CANNOT_RUN
    assert [p.code for p in result.problems] == [Code.inbox_is_master_folder]
    assert tree(master.parent) == before


def test_a_file_that_cannot_be_moved_stays_and_is_filed_by_the_next_run(week, monkeypatch):
    master, inbox, _ = week
    import sheetsync.office.filing as filing

    real = filing.os.rename

    def refuse_kt(source, target):
        if Path(source).name == "kt.xlsx":
            raise PermissionError(13, "đang được mở")
        return real(source, target)

    monkeypatch.setattr(filing.os, "rename", refuse_kt)
    result = run(master, inbox)
    assert [p.code for p in result.problems] == [Code.move_failed]
    assert (inbox / "kt.xlsx").exists() and values(master)["1.1.2"]["progress"] == 80
    monkeypatch.setattr(filing.os, "rename", real)
    again = run(master, inbox, now=NOW + dt.timedelta(minutes=1))
    assert [f.decision.outcome for f in again.files] == [Outcome.DUPLICATE]
    assert f"da-xu-ly/{TODAY}/kt.xlsx" in tree(inbox)


def test_two_runs_at_once_apply_every_file_exactly_once(week):
    master, inbox, _ = week
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        futures = [
            pool.submit(run_merge, master, inbox, as_of=AS_OF, now=NOW + dt.timedelta(seconds=n), lock_wait=60)
            for n in range(2)
        ]
        results = [f.result() for f in futures]
    applied = [f for r in results for f in r.files if f.decision.outcome is not Outcome.REJECTED]
    assert sorted(f.decision.file for f in applied) == sorted(
        ["cap.xlsx", "kt.xlsx", "thu-vp.eml › vp.xlsx", "thu-vp.eml › vhxh.xlsx"]
    )  # one run found them all, the other found the inbox already filed away
    assert sum(1 for r in results if r.files) == 1
    assert len(log(master, HISTORY)) == 7


def test_a_merge_that_would_lose_the_offices_work_writes_and_moves_nothing(tmp_path):
    from tests.planted import make_planted_master

    folder = tmp_path / "so"
    folder.mkdir()
    planted = make_planted_master(folder / "ChuongTrinh2026.xlsx")
    issued = make_templates(planted, period="Tháng 12/2026", out=tmp_path / "mau", now=NOW, wait=0)
    make_planted_master(planted, "text_box")  # then staff draw a text box on "Nhiệm vụ"
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    fill(template_of(issued, "KTHTDT"), inbox / "kt.xlsx", rows={"1.1.2": {"progress": 80}})
    before, files = planted.read_bytes(), tree(inbox)
    refused = run(planted, inbox)
    assert refused.exit_code is ExitCode.CANNOT_RUN
    assert [p.code for p in refused.problems] == [Code.features_would_be_lost]
    assert planted.read_bytes() == before and tree(inbox) == files
    accepted = run(planted, inbox, allow_loss=True)
    assert accepted.exit_code is ExitCode.OK and values(planted)["1.1.2"]["progress"] == 80
    assert Code.features_lost in {p.code for p in accepted.problems}
    assert tree(inbox) == {f"da-xu-ly/{TODAY}/kt.xlsx"}
