"""The ways scripts/bench.py times a weekly merge, and the weekly command people run. Each imports what it
needs inside, because a cold run pays for its imports too; each returns a few facts to show that it did the work."""

from __future__ import annotations

import importlib.util
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["HAVE_PANDAS", "METHODS"]

# the template's and the master's column labels a naive script would hard-code
_CODE, _ROLE, _LEAD = "Mã NV", "Vai trò", "Chủ trì"
_STATUS_LABELS = (
    "Tình trạng",
    "Tiến độ (%)",
    "Ngày hoàn thành",
    "Kết quả thực hiện",
    "Khó khăn, vướng mắc",
    "Đề xuất, kiến nghị",
)


def _submissions(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.iterdir() if p.suffix == ".xlsx")


def sheetsync_merge(master: Path, inbox: Path) -> dict[str, Any]:
    """The real weekly job: read, validate, apply, history, assessment, highlighting, summary, backup, atomic save."""
    from scripts.bench_data import AS_OF, NOW
    from sheetsync.jobs.merge import run_merge

    result = run_merge(master, inbox, as_of=AS_OF, now=NOW, lock_wait=0)
    rejected = sum(1 for f in result.files if f.decision.rejected)
    return {
        "exit": int(result.exit_code),
        "files": len(result.files),
        "rejected": rejected,
        "cells": len(result.changes),
        "written": result.written,
    }


def chay_tuan(master: Path, inbox: Path) -> dict[str, Any]:
    """`sheetsync chay-tuan` as the launchers and the schedule run it: settings, cycle lock, merge of the inbox
    beside the master (refresh, backup, save, filing), the run log and the printed report."""
    import contextlib
    import io

    from scripts.bench_data import AS_OF, NOW
    from sheetsync.cli import render
    from sheetsync.jobs.cycle import run_cycle_at
    from sheetsync.office.scheduler import log_outcome

    inbox.rename(master.parent / "hop-thu")  # where the settings' default inbox is (thu_muc_nhan)
    result = run_cycle_at(master, now=NOW, as_of=AS_OF)
    log_outcome(master, "[chạy tay]", result.message, result.exit_code)
    with contextlib.redirect_stdout(io.StringIO()) as shown:  # the report is printed as the command prints it
        render.cycle(result)
    merge = result.merge
    return {
        "exit": int(result.exit_code),
        "files": len(merge.files) if merge else 0,
        "cells": len(merge.changes) if merge else 0,
        "written": bool(merge and merge.written),
        "printed_chars": len(shown.getvalue()),
    }


def _header(rows: Any, wanted: str, scan: int = 20) -> tuple[int, dict[str, int]]:
    for number, row in enumerate(rows, start=1):
        labels = [str(v).strip() if v is not None else "" for v in row]
        if wanted in labels:
            return number, {label: index for index, label in enumerate(labels) if label}
        if number >= scan:
            break
    raise ValueError(f"no header with {wanted!r}")


def naive_openpyxl(master: Path, inbox: Path) -> dict[str, Any]:
    """What an analyst writes: load the master, open each submission with openpyxl, copy by Mã NV, save."""
    import openpyxl

    wb = openpyxl.load_workbook(master)
    ws = wb["Nhiệm vụ"]
    header, columns = _header(ws.iter_rows(max_row=20, values_only=True), _CODE)
    rows = {ws.cell(r, columns[_CODE] + 1).value: r for r in range(header + 1, ws.max_row + 1)}
    copied = 0
    for path in _submissions(inbox):
        sub = openpyxl.load_workbook(path, data_only=True)
        report = sub["Báo cáo"]
        values = list(report.iter_rows(values_only=True))
        top, sub_columns = _header(values, _CODE)
        for row in values[top:]:
            target = rows.get(row[sub_columns[_CODE]])
            if target is None or row[sub_columns[_ROLE]] != _LEAD:
                continue
            for label in _STATUS_LABELS:
                ws.cell(target, columns[label] + 1).value = row[sub_columns[label]]
                copied += 1
    wb.save(master)
    return {"cells": copied}


def naive_pandas(master: Path, inbox: Path) -> dict[str, Any]:
    """pandas.read_excel (openpyxl engine) of every submission, concat, update the task sheet, to_excel it all."""
    import pandas as pd

    warnings.simplefilter("ignore")  # dtype-change FutureWarnings from DataFrame.update
    frames = [pd.read_excel(p, sheet_name="Báo cáo", header=13, engine="openpyxl") for p in _submissions(inbox)]
    reports = pd.concat(frames, ignore_index=True)
    reports = reports[reports[_ROLE] == _LEAD].drop_duplicates(_CODE, keep="last").set_index(_CODE)
    sheets = pd.read_excel(master, sheet_name=None, header=None, engine="openpyxl", dtype=object)
    raw = sheets["Nhiệm vụ"]
    header = next(i for i, row in raw.iterrows() if _CODE in set(row.astype(str)))
    tasks = raw.iloc[header + 1 :].copy()
    tasks.columns = raw.iloc[header]
    tasks = tasks.set_index(_CODE)
    tasks.update(reports[list(_STATUS_LABELS)].astype(object))
    sheets["Nhiệm vụ"] = pd.concat([raw.iloc[: header + 1], pd.DataFrame(tasks.reset_index().to_numpy())])
    # the office's machines have pandas and openpyxl, not xlsxwriter (a test-only dependency here)
    with pd.ExcelWriter(master, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, header=False, index=False)
    return {"rows": len(reports)}


def floor(master: Path, inbox: Path) -> dict[str, Any]:
    """The least any merge must do: read every sheet of every submission with calamine, load and save the master."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in _submissions(inbox):
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
    wb = openpyxl.load_workbook(master)
    temp = master.with_name(master.name + ".tmp")
    wb.save(temp)
    os.replace(temp, master)
    return {"cells_read": cells}


# pandas is not a dependency of the tool: `pip install -e '.[bench]'` adds it for the comparison
HAVE_PANDAS = importlib.util.find_spec("pandas") is not None

METHODS: dict[str, Callable[[Path, Path], dict[str, Any]]] = {
    "sheetsync": sheetsync_merge,
    "chay_tuan": chay_tuan,
    "naive_openpyxl": naive_openpyxl,
    **({"naive_pandas": naive_pandas} if HAVE_PANDAS else {}),
    "floor": floor,
}
