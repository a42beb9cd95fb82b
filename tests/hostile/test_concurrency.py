"""Concurrency, proven with real processes: two merges started together on one master and inbox both finish and
apply every report exactly once; a master open in Excel or LibreOffice makes a merge exit 3 with nothing written
or moved (tests/jobs/test_merge_job.py runs the same race in threads and the two common owner files in-process)."""

from __future__ import annotations

import shutil
import time

import openpyxl
import pytest

from sheetsync.office.inbox import list_inbox
from sheetsync.problems import ExitCode
from sheetsync.schema import BACKUP_DIR, HISTORY, MERGE_STATE, TASKS
from tests.hostile.busy_week import build_ward, cli, inputs, journal, snapshot


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    """The busy week, and the master after one merge of it alone (the reference)."""
    root = tmp_path_factory.mktemp("tuan")
    master = build_ward(root / "goc")
    shutil.copytree(root / "goc", root / "mot-minh")
    alone = root / "mot-minh" / "so" / "ChuongTrinh2026.xlsx"
    run = cli(alone, alone.parent.parent / "hop-thu")
    _, err = run.communicate(timeout=120)
    assert run.returncode == ExitCode.PROBLEMS, err.decode()
    return root / "goc", snapshot(alone), inputs(master.parent.parent / "hop-thu")


@pytest.mark.slow
@pytest.mark.parametrize("stagger", [0.0, 0.05, 0.3])
def test_two_merges_started_together_both_finish_and_apply_each_report_once(week, tmp_path, stagger):
    pristine, alone, originals = week
    shutil.copytree(pristine, tmp_path / "tuan")
    master, inbox = tmp_path / "tuan" / "so" / "ChuongTrinh2026.xlsx", tmp_path / "tuan" / "hop-thu"
    first = cli(master, inbox)
    time.sleep(stagger)
    second = cli(master, inbox)
    codes = []
    for run in (first, second):
        _, err = run.communicate(timeout=180)
        codes.append(run.returncode)
        assert run.returncode in (ExitCode.OK, ExitCode.PROBLEMS), err.decode()  # finished, not crashed
    assert sorted(codes) == [ExitCode.OK, ExitCode.PROBLEMS]  # one did the week, the other found it done
    openpyxl.load_workbook(master)
    final = snapshot(master)
    for name in (TASKS.name, HISTORY.name, MERGE_STATE.name):
        assert final[name] == alone[name], name
    assert journal(final) == journal(alone)  # every report applied exactly once
    assert inputs(inbox) == originals and list_inbox(inbox) == []
    # one run did the week; the other found the inbox empty and, merge being the weekly step, only
    # recomputed Đánh giá and "Tổng hợp" (issue 11.9): two writes, each report applied once (above)
    assert len(list((master.parent / BACKUP_DIR).glob("*.xlsx"))) == 2


@pytest.mark.parametrize(
    "owner_file",
    [
        "~$ChuongTrinh2026.xlsx",  # Excel
        "~$huongTrinh2026.xlsx",  # Excel, long name: Office drops the first character …
        "~$uongTrinh2026.xlsx",  # … or the first two (EXCEL_NOTES §6)
        ".~lock.ChuongTrinh2026.xlsx#",  # LibreOffice
    ],
)
def test_master_open_in_excel_or_libreoffice_exits_3_with_nothing_written_or_moved(kit, tmp_path, owner_file):
    master, inbox = kit.ward(tmp_path)
    kit.fill("VP", inbox / "vp.xlsx", rows={"1.1.1": {"progress": 30}})
    (master.parent / owner_file).write_bytes(b"\x03Lan" if owner_file.startswith("~$") else b",Lan,may-vp,;")
    before = {p: p.read_bytes() for p in master.parent.rglob("*") if p.is_file()}
    files = sorted(p.relative_to(inbox) for p in inbox.rglob("*"))
    run = cli(master, inbox)
    _, err = run.communicate(timeout=120)
    assert run.returncode == ExitCode.LOCKED, err.decode()
    assert "đang được mở" in err.decode() and "chưa ghi gì" in err.decode()
    assert {p: p.read_bytes() for p in master.parent.rglob("*") if p.is_file() and p.name != ".sheetsync.lock"} == {
        p: b for p, b in before.items() if p.name != ".sheetsync.lock"
    }
    assert sorted(p.relative_to(inbox) for p in inbox.rglob("*")) == files
