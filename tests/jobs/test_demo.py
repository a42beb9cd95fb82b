"""`chay-thu`: the README's first command runs a whole weekly cycle without touching the tracked workbook."""

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from sheetsync.cli import cli
from sheetsync.schema import HISTORY, JOURNAL, SUMMARY_SHEET, Outcome

SHIPPED = Path(__file__).resolve().parents[2] / "workbook" / "ChuongTrinh2026.xlsx"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_trial_run_goes_round_the_whole_cycle_and_leaves_the_shipped_workbook_alone(tmp_path):
    before = digest(SHIPPED)
    folder = tmp_path / "chay-thu"
    result = CliRunner().invoke(
        cli, ["chay-thu", "--workbook", str(SHIPPED), "--thu-muc", str(folder), "--as-of", "2026-11-26"]
    )
    assert result.exit_code == 0, result.output
    assert digest(SHIPPED) == before

    master = folder / "so-theo-doi" / "ChuongTrinh2026.xlsx"
    wb = openpyxl.load_workbook(master)
    assert "Số liệu tính đến ngày 26/11/2026" in " ".join(
        str(c) for row in wb[SUMMARY_SHEET].iter_rows(max_row=6, values_only=True) for c in row if c
    )
    journal = [r for r in wb[JOURNAL.name].iter_rows(min_row=2, values_only=True) if r[0]]
    outcomes = sorted(r[JOURNAL.keys.index("result")] for r in journal)
    assert outcomes == sorted([Outcome.REJECTED, Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.PARTIAL])
    history = [r for r in wb[HISTORY.name].iter_rows(min_row=2, values_only=True) if r[0]]
    assert history, "every applied change leaves a Lịch sử row"

    day = dt.date(2026, 11, 26).isoformat()
    rejected = folder / "hop-thu" / "loi" / day
    assert (rejected / "bang-tinh-luu-nham.xlsx").exists()
    letter = (rejected / "bang-tinh-luu-nham.xlsx.loi.txt").read_text(encoding="utf-8")
    assert "Không đọc được tệp" in letter
    assert len(list((folder / "mau-gui-don-vi").glob("BaoCao_*_Thang-11-2026.xlsx"))) == 9
    assert "Chạy thử một vòng tuần" in result.output


def test_trial_run_twice_starts_from_scratch(tmp_path):
    folder = tmp_path / "chay-thu"
    args = ["chay-thu", "--workbook", str(SHIPPED), "--thu-muc", str(folder), "--as-of", "2026-11-26"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0, second.output
    wb = openpyxl.load_workbook(folder / "so-theo-doi" / "ChuongTrinh2026.xlsx", read_only=True)
    assert sum(1 for r in wb[JOURNAL.name].iter_rows(min_row=2, values_only=True) if r[0]) == 4
