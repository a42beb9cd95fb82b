"""The office's weekly habits through the command line: one warn window for every command, an empty inbox
still refreshing the assessment, companion documents and sub-folders in the inbox, a mistyped inbox folder."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from sheetsync.cli import cli
from sheetsync.jobs.load import load
from tests.factories import make_master
from tests.template_factories import fill, issue, template_of

AS_OF = "2026-11-20"  # 25 days before 2.2.1's "trước ngày 15/12/2026"
SOON = "Sắp đến hạn"
ON_TRACK = "Trong hạn"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def assessment(master, code: str = "2.2.1"):
    program = load(master).program
    assert program is not None
    task = program.task(code)
    assert task is not None
    return task.row.get("assessment")


def test_merge_with_an_empty_inbox_still_recomputes_the_assessment_and_the_summary(tmp_path):
    master = make_master(tmp_path / "so")
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    result = run("merge", "--inbox", str(inbox), "--workbook", str(master), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert assessment(master) == ON_TRACK
    stamps = [c for row in load(master).book.wb["Tổng hợp"].iter_rows(values_only=True) for c in row if c]
    assert any("20/11/2026" in str(c) for c in stamps)


def test_so_ngay_canh_bao_is_honoured_by_merge_and_summary_and_the_option_overrides_it(tmp_path):
    master = make_master(tmp_path / "so")
    (master.parent / "sheetsync.toml").write_text("so_ngay_canh_bao = 30\n", encoding="utf-8")
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    assert run("merge", "--inbox", str(inbox), "--workbook", str(master), "--as-of", AS_OF).exit_code == 0
    assert assessment(master) == SOON
    assert run("summary", "--workbook", str(master), "--as-of", AS_OF, "--warn-days", "3").exit_code == 0
    assert assessment(master) == ON_TRACK
    assert run("summary", "--workbook", str(master), "--as-of", AS_OF).exit_code == 0
    assert assessment(master) == SOON


def test_a_pdf_scan_beside_the_report_gets_no_rejection_letter_and_is_kept(tmp_path):
    master, issued = issue(tmp_path)
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    fill(template_of(issued, "VP"), inbox / "BaoCao_VP.xlsx", rows={"1.1.1": {"status": "Đang thực hiện"}})
    (inbox / "BaoCao_VP_ban_ky.pdf").write_bytes(b"%PDF-1.4 scan of the signed paper")
    result = run("merge", "--inbox", str(inbox), "--workbook", str(master), "--as-of", "2026-12-10")
    assert result.exit_code == 0, result.output
    assert "“BaoCao_VP_ban_ky.pdf” không phải bảng tính báo cáo" in result.output
    assert not (inbox / "loi").exists()
    kept = list((inbox / "da-xu-ly").rglob("*.pdf"))
    assert [p.name for p in kept] == ["BaoCao_VP_ban_ky.pdf"]
    assert not list(inbox.rglob("*.pdf.loi.txt"))


def test_reports_saved_in_a_sub_folder_of_the_inbox_are_named_not_skipped_silently(tmp_path):
    master, issued = issue(tmp_path)
    inbox = tmp_path / "hop-thu"
    (inbox / "Tuan 49").mkdir(parents=True)
    shutil.copy(template_of(issued, "VP"), inbox / "Tuan 49" / "BaoCao_VP.xlsx")
    result = run("merge", "--inbox", str(inbox), "--workbook", str(master), "--as-of", "2026-12-10")
    assert result.exit_code == 0, result.output
    assert "Thư mục con “Tuan 49” có 1 tệp báo cáo chưa được xử lý" in result.output


def test_a_mistyped_inbox_folder_in_the_settings_is_refused_not_created(tmp_path):
    master = make_master(tmp_path / "so")
    (master.parent / "sheetsync.toml").write_text('thu_muc_nhan = "hop-thu-don-vi"\n', encoding="utf-8")
    (master.parent / "hop-thu-don-vj").mkdir()  # the folder the office really has
    result = run("chay-tuan", "--workbook", str(master), "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert "hop-thu-don-vi" in result.output and "thu_muc_nhan" in result.output
    assert not (master.parent / "hop-thu-don-vi").exists()
