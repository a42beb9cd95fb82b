"""scripts/bench.py runs end to end on a tiny case, so the benchmark cannot rot (no timing is asserted)."""

import json

import openpyxl

from scripts import bench
from sheetsync.schema import HISTORY


def test_quick_benchmark_measures_every_method_and_prints_the_table(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert bench.main(["--quick", "--workdir", str(tmp_path / "work"), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| sheetsync |" in printed and "sheetsync/floor" in printed
    runs = json.loads(out.read_text())["quick"]
    spec = bench.QUICK_CASES[0]
    assert {key for key in runs} >= {f"{m}@{spec.files}" for m in bench.METHODS if m not in bench.ONLY_WEEKLY}
    assert {key for key in runs} >= {f"{m}@{spec.weekly}" for m in bench.WEEKLY_METHODS}
    assert "chay_tuan" in printed and "× floor" in printed
    cycle = runs[f"chay_tuan@{spec.weekly}"][0]["facts"]
    # the weekly command merged the week's reports and printed its report as chay-tuan does
    assert cycle["files"] == spec.weekly and cycle["written"] is True and cycle["printed_chars"] > 0
    merged = runs[f"sheetsync@{spec.files}"][0]
    # the merge really applied the signed submissions it was given
    assert merged["facts"]["files"] == spec.files and merged["facts"]["rejected"] == 0
    assert merged["facts"]["written"] is True and merged["facts"]["cells"] > 0
    assert all(m["peak_mb"] > 0 and m["seconds"] > 0 for ms in runs.values() for m in ms)
    # every old "Lịch sử" row is still there under the header, the run's own rows after them
    work = tmp_path / "work" / "quick"
    before = history_rows(work / "data" / "so" / "ChuongTrinh2026.xlsx")
    after = history_rows(work / "runs" / f"sheetsync-{spec.files}" / "so" / "ChuongTrinh2026.xlsx")
    assert len(before) == 1 + spec.history and len(after) > len(before)
    assert after[: len(before)] == before


def history_rows(path):
    return [[c.value for c in row] for row in openpyxl.load_workbook(path)[HISTORY.name].iter_rows()]
