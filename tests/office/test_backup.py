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
