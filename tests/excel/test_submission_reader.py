"""Reading a filled template: identity verified, columns by header text, report date, formulas, structure."""

import datetime as dt
import os
import secrets

import openpyxl
import pytest

from sheetsync.core.dates import BadDate
from sheetsync.excel.submission import read_submission
from sheetsync.excel.template_writer import HEADER_ROW
from sheetsync.problems import Code, Level
from sheetsync.schema import SIGNATURE_SHEET, TEMPLATE
from tests.template_factories import PERIOD, fill, issue, key_of, template_of

SHEET = TEMPLATE.name


@pytest.fixture
def issued(tmp_path):
    master, result = issue(tmp_path)
    return master, result, tmp_path


def read(path, master, **kwargs):
    return read_submission(path, key=key_of(master), **kwargs)


def codes(problems):
    return [(p.code, p.sheet, p.cell) for p in problems]


def test_filled_template_reads_back_as_the_unit_wrote_it(issued):
    master, result, tmp = issued
    path = fill(
        template_of(result, "VP"),
        tmp / "vp.xlsx",
        rows={
            "1.1.1": {"status": "Đang thực hiện", "progress": 40, "result": "Đã rà soát 12 thủ tục\n- còn 3"},
            "1.1.2": {"result": "Phối hợp thu thuế"},
        },
    )
    submission, problems = read(path, master)
    assert problems == []
    assert submission.signed.unit_code == "VP" and submission.signed.period == PERIOD
    assert submission.signed.tasks == {
        "1.1.1": "lead",
        "1.1.7": "lead",
        "3.1.1": "lead",
        "1.1.2": "coordinating",
        "2.2.1": "coordinating",
    }
    assert submission.signed.issued["1.1.7"]["completed_on"] == dt.date(2026, 3, 15)
    assert submission.report_date == dt.date(2026, 12, 5) and submission.report_date_source == "cell"
    assert submission.report_date_cell == "D10"
    assert submission.reporter == "Trần Thị B, chuyên viên"
    assert submission.sheet == SHEET and len(submission.sha256) == 64
    rows = {r.code: r for r in submission.rows}
    assert list(rows) == ["1.1.1", "1.1.7", "3.1.1", "1.1.2", "2.2.1"]
    first = rows["1.1.1"]
    assert first.role == "Chủ trì" and first.number == HEADER_ROW + 1
    assert first.values["status"] == "Đang thực hiện" and first.values["progress"] == 40
    assert first.values["result"] == "Đã rà soát 12 thủ tục\n- còn 3"
    assert first.cell("progress") == f"F{HEADER_ROW + 1}"
    assert rows["1.1.7"].values["completed_on"] == dt.date(2026, 3, 15)
    assert rows["1.1.2"].values["result"] == "Phối hợp thu thuế"
    assert rows["3.1.1"].values["status"] is None


def test_text_is_nfc_and_impossible_dates_stay_visible(issued):
    master, result, tmp = issued
    nfd = "Đang thực hiện".encode().decode()  # same text …
    import unicodedata

    path = fill(
        template_of(result, "VP"),
        tmp / "vp.xlsx",
        rows={"1.1.1": {"status": unicodedata.normalize("NFD", nfd), "completed_on": "31/02/2026"}},
    )
    submission, _ = read(path, master)
    row = submission.rows[0]
    assert row.values["status"] == unicodedata.normalize("NFC", nfd)
    assert row.values["completed_on"] == BadDate("31/02/2026")


def test_reordered_columns_still_read(issued):
    master, result, tmp = issued
    path = fill(
        template_of(result, "VP"), tmp / "vp.xlsx", rows={"1.1.1": {"status": "Đang thực hiện", "progress": 30}}
    )
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    for row in range(HEADER_ROW, ws.max_row + 1):  # swap Tình trạng (E) and Kết quả thực hiện (H)
        e, h = ws.cell(row=row, column=5), ws.cell(row=row, column=8)
        e.value, h.value = h.value, e.value
    wb.save(path)
    submission, problems = read(path, master)
    assert problems == []
    row = submission.rows[0]
    assert row.values["status"] == "Đang thực hiện" and row.cell("status") == f"H{HEADER_ROW + 1}"


def test_deleted_header_row_is_structure_broken(issued):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[SHEET].delete_rows(HEADER_ROW)
    wb.save(path)
    submission, problems = read(path, master)
    assert submission is None
    assert [p.code for p in problems] == [Code.structure_broken]
    assert problems[0].level is Level.FILE and problems[0].file == "vp.xlsx"


def test_missing_column_is_structure_broken_naming_it(issued):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[SHEET].cell(row=HEADER_ROW, column=6).value = "Ghi chú"
    wb.save(path)
    submission, problems = read(path, master)
    assert submission is None
    assert [(p.code, p.sheet) for p in problems] == [(Code.structure_broken, SHEET)]
    assert "Tiến độ (%)" in problems[0].message


def test_renamed_sheet_is_found_by_its_header(issued):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx", rows={"1.1.1": {"progress": 10}})
    wb = openpyxl.load_workbook(path)
    wb[SHEET].title = "Sheet1"
    wb.save(path)
    submission, problems = read(path, master)
    assert problems == []
    assert submission.sheet == "Sheet1" and submission.rows[0].values["progress"] == 10


def test_sheet_name_typed_without_diacritics_is_the_report_sheet(issued):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[SHEET].title = "BAO CAO"
    wb.save(path)
    submission, _ = read(path, master)
    assert submission.sheet == "BAO CAO"


def _tamper(path, old, new):
    wb = openpyxl.load_workbook(path)
    ws = wb[SIGNATURE_SHEET]
    for row in ws.iter_rows(min_row=4):
        cell = row[0]
        if isinstance(cell.value, str) and old in cell.value:
            cell.value = cell.value.replace(old, new)
    wb.save(path)


@pytest.mark.parametrize("old,new", [('"unit":"VP"', '"unit":"CAP"'), ("Th\\u00e1ng 12", "Th\\u00e1ng 11")])
def test_relabelled_unit_or_period_is_a_bad_signature(issued, old, new):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx")
    _tamper(path, old, new)
    submission, problems = read(path, master)
    assert submission is None and [p.code for p in problems] == [Code.bad_signature]


def test_template_signed_with_another_key_is_a_bad_signature(issued):
    _master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx")
    submission, problems = read_submission(path, key=secrets.token_bytes(32))
    assert submission is None and [p.code for p in problems] == [Code.bad_signature]


def test_file_without_signed_data_is_not_a_template(issued, tmp_path):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb[SIGNATURE_SHEET]
    wb.save(path)
    submission, problems = read(path, master)
    assert submission is None and [p.code for p in problems] == [Code.not_a_template]


def test_unreadable_file_is_a_problem_not_an_exception(issued):
    master, _result, tmp = issued
    path = tmp / "bao-cao.xlsx"
    path.write_bytes(b"Ma NV;Tinh trang\n1.1.1;xong\n")
    submission, problems = read(path, master, display_name="thu.eml › bao-cao.xlsx")
    assert submission is None and problems and problems[0].is_error
    assert problems[0].file == "thu.eml › bao-cao.xlsx"


def test_empty_report_date_falls_back_with_a_warning(issued):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx", report_date=None)
    submission, problems = read(path, master, fallback_date=(dt.date(2026, 12, 3), "email"))
    assert submission.report_date == dt.date(2026, 12, 3) and submission.report_date_source == "email"
    assert codes(problems) == [(Code.report_date_missing, SHEET, "D10")]
    assert not problems[0].is_error and "ngày gửi thư" in problems[0].message


def test_without_a_fallback_the_files_modification_date_stands_in(issued):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx", report_date=None)
    stamp = dt.datetime(2026, 12, 2, 10, 0).timestamp()
    os.utime(path, (stamp, stamp))
    submission, problems = read(path, master)
    assert submission.report_date == dt.date(2026, 12, 2) and submission.report_date_source == "file"
    assert [p.code for p in problems] == [Code.report_date_missing]


def test_report_date_typed_as_text_is_read_day_first(issued):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx", report_date="05/12/2026")
    submission, problems = read(path, master)
    assert submission.report_date == dt.date(2026, 12, 5) and problems == []


def test_impossible_report_date_is_a_file_error(issued):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx", report_date="31/02/2026")
    submission, problems = read(path, master)
    assert submission.report_date is None
    assert codes(problems) == [(Code.bad_date, SHEET, "D10")] and problems[0].level is Level.FILE
    assert submission.problems == tuple(problems)


def test_formula_cells_are_flagged(issued):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx", formulas={"1.1.1": {"progress": "=20+30", "result": "=A1"}})
    submission, _ = read(path, master)
    assert submission.rows[0].formulas == frozenset({"progress", "result"})


def test_merged_range_over_status_cells_is_flagged(issued):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx", rows={"1.1.1": {"status": "Đang thực hiện"}})
    wb = openpyxl.load_workbook(path)
    row = HEADER_ROW + 1
    wb[SHEET].merge_cells(f"E{row}:F{row}")
    wb.save(path)
    submission, _ = read(path, master)
    first = submission.rows[0]
    assert first.merged == frozenset({"status", "progress"})
    assert first.values["status"] == "Đang thực hiện"  # the range reads as its top-left value
    assert submission.rows[1].merged == frozenset()


def test_signature_block_under_the_table_is_not_a_task_row(issued):
    master, result, tmp = issued
    submission, _ = read(fill(template_of(result, "CAP"), tmp / "cap.xlsx"), master)
    assert [r.code for r in submission.rows] == ["2.2.1", "1.1.1", "1.1.7"]


def test_text_typed_in_an_old_tcvn3_font_is_converted_with_a_warning(issued):
    from sheetsync.core.legacy import from_unicode

    master, result, tmp = issued
    typed = {"status": from_unicode("Đang thực hiện", "tcvn3"), "result": from_unicode("Đã rà soát thủ tục", "tcvn3")}
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx", rows={"1.1.1": typed})
    submission, problems = read(path, master)
    first = submission.rows[0]
    assert first.values["status"] == "Đang thực hiện" and first.values["result"] == "Đã rà soát thủ tục"
    assert codes(problems) == [(Code.legacy_encoding, SHEET, "E15"), (Code.legacy_encoding, SHEET, "H15")]


@pytest.mark.parametrize("number_format", ["0%", "0.00%", '0.0"%"%', "[Green]0%;[Red]-0%"])
def test_progress_typed_as_a_percentage_reads_as_shown(issued, number_format):
    # Excel stores "50%" typed into a cell as 0.5 with a percent format; the 0–100 check lets it through
    master, result, tmp = issued
    path = fill(
        template_of(result, "VP"), tmp / "vp.xlsx", rows={"1.1.1": {"progress": 0.5}, "3.1.1": {"progress": 30}}
    )
    wb = openpyxl.load_workbook(path)
    wb[SHEET].cell(row=HEADER_ROW + 1, column=6).number_format = number_format
    wb.save(path)
    submission, problems = read(path, master)
    assert problems == []
    assert [r.values["progress"] for r in submission.rows[:3:2]] == [50, 30]


def test_a_percent_sign_that_is_only_text_in_the_format_is_not_a_percentage(issued):
    master, result, tmp = issued
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx", rows={"1.1.1": {"progress": 50}})
    wb = openpyxl.load_workbook(path)
    wb[SHEET].cell(row=HEADER_ROW + 1, column=6).number_format = '0" %"'
    wb.save(path)
    submission, _ = read(path, master)
    assert submission.rows[0].values["progress"] == 50


def test_the_cells_font_decides_legacy_text_bytes_alone_cannot(issued):
    from openpyxl.styles import Font

    from sheetsync.core.legacy import detect_legacy, from_unicode

    master, result, tmp = issued
    short = from_unicode("Tốt", "vni")  # "Toát": too short to tell from its bytes
    assert detect_legacy(short) is None
    capitals = from_unicode("đang thực hiện", "tcvn3")  # drawn as "ĐANG THỰC HIỆN" by a capital font
    path = fill(template_of(result, "VP"), tmp / "vp.xlsx", rows={"1.1.1": {"result": short, "status": capitals}})
    wb = openpyxl.load_workbook(path)
    row = HEADER_ROW + 1
    wb[SHEET].cell(row=row, column=8).font = Font(name="VNI-Times")
    wb[SHEET].cell(row=row, column=5).font = Font(name=".VnTimeH")
    wb.save(path)
    submission, problems = read(path, master)
    first = submission.rows[0]
    assert first.values["result"] == "Tốt" and first.values["status"] == "ĐANG THỰC HIỆN"
    assert codes(problems) == [(Code.legacy_encoding, SHEET, "E15"), (Code.legacy_encoding, SHEET, "H15")]


def test_ods_percentage_cells_are_found_without_expanding_repeats(tmp_path):
    import zipfile

    from sheetsync.excel.sheet_scan import scan_ods

    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Báo cáo"><table:table-row>'
        '<table:table-cell table:number-columns-repeated="5"/>'
        '<table:table-cell office:value-type="percentage" office:value="0.5"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="100000"><table:table-cell office:value-type="percentage" '
        'office:value="0.1" table:number-columns-repeated="16000"/></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "phan-tram.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", content)
    scan = scan_ods(path, "Báo cáo")
    assert (0, 5) in scan.percent and (1, 0) in scan.percent
    assert len(scan.percent) == 1 + 1000 * 256
