import datetime as dt
import os

import openpyxl

from sheetsync.office.backup import atomic_save, backup


def test_atomic_save_keeps_the_masters_permissions(tmp_path):
    master = tmp_path / "m.xlsx"
    openpyxl.Workbook().save(master)
    os.chmod(master, 0o664)
    atomic_save(openpyxl.Workbook(), master)
    assert oct(master.stat().st_mode & 0o777) == oct(0o664)
    assert [p.name for p in tmp_path.iterdir()] == ["m.xlsx"], "no temporary file left behind"


def test_backups_never_overwrite_each_other(tmp_path):
    master = tmp_path / "m.xlsx"
    openpyxl.Workbook().save(master)
    now = dt.datetime(2026, 11, 26, 9, 0, 0)
    first, second = backup(master, now=now), backup(master, now=now)
    assert first != second and first.exists() and second.exists()
    assert first.parent.name == "sao-luu" and first.read_bytes() == master.read_bytes()


def test_stale_temporary_files_of_a_killed_run_are_removed_and_nothing_else(tmp_path):
    from sheetsync.office.backup import remove_stale_temps

    keep = ["m.xlsx", ".sheetsync-key", ".sheetsync.lock", ".sheetsync-ghi-chu.xlsx", "~$m.xlsx"]
    stale = [".sheetsync-a1b2c3d_.xlsx", ".sheetsync-zzzzzzzz.xlsm", ".sheetsync-00000000.tmp"]
    for name in keep + stale:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sao-luu").mkdir()
    (tmp_path / "sao-luu" / "m_2026-12-10_160000.xlsx").write_bytes(b"backup")
    (tmp_path / "sao-luu" / "m_2026-12-10_160001.xlsx.tmp").write_bytes(b"half")
    removed = remove_stale_temps(tmp_path)
    assert sorted(p.name for p in removed) == sorted([*stale, "m_2026-12-10_160001.xlsx.tmp"])
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted(keep)
    assert [p.name for p in (tmp_path / "sao-luu").iterdir()] == ["m_2026-12-10_160000.xlsx"]


def test_crashpoints_do_nothing_unless_asked(monkeypatch):
    from sheetsync.office import crashpoints

    monkeypatch.delenv(crashpoints.ENV, raising=False)
    crashpoints.crashpoint("filed")  # still alive
    monkeypatch.setattr(crashpoints, "_passed", {})
    monkeypatch.setenv(crashpoints.ENV, "filed:3")
    killed = []
    monkeypatch.setattr(crashpoints.os, "kill", lambda pid, sig: killed.append(sig))
    for _ in range(4):
        crashpoints.crashpoint("filed")
        crashpoints.crashpoint("read")
    assert len(killed) == 1
