"""A filled template re-saved by LibreOffice as .xlsx, .xls and .ods reads back identically, signature verified."""

import dataclasses
import shutil
import subprocess

import pytest

from sheetsync.excel.seal import CHUNK
from sheetsync.excel.submission import read_submission
from sheetsync.schema import SIGNATURE_SHEET
from tests.factories import tasks
from tests.template_factories import fill, issue, key_of, template_of

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]

# long enough that the signed payload spans several hidden-sheet cells, as a real program's texts do
LONG_RESULT = "Đã tổ chức hội nghị triển khai, rà soát và cập nhật số liệu. " * 60


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    return tmp_path_factory.mktemp("lo-profile")


def convert(source, fmt, out, profile):
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    result = out / f"{source.stem}.{fmt}"
    assert result.exists(), f"LibreOffice did not write {result}"  # soffice exits 0 even on failure
    return result


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lo-roundtrip")
    master, result = issue(tmp, tasks=tasks(**{"1.1.7": {"result": LONG_RESULT}}))
    path = fill(
        template_of(result, "VP"),
        tmp / "bao-cao-vp.xlsx",
        rows={
            "1.1.1": {"status": "Đang thực hiện", "progress": 62.5, "result": "Dòng một\nDòng hai"},
            "3.1.1": {"status": "Đã hoàn thành", "progress": 100, "completed_on": "20/11/2026"},
            "1.1.2": {"result": "Phối hợp thu ngân sách", "proposals": "=không phải công thức"},
        },
    )
    baseline, problems = read_submission(path, key=key_of(master))
    assert problems == [] and baseline is not None
    return master, path, baseline, tmp


def test_payload_spans_several_cells(filled):
    import openpyxl

    _master, path, _baseline, _tmp = filled
    ws = openpyxl.load_workbook(path)[SIGNATURE_SHEET]
    assert int(ws["A3"].value) >= 2 and len(ws["A4"].value) == CHUNK


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_libreoffice_resave_reads_back_the_same_submission(filled, fmt, profile):
    master, path, baseline, tmp = filled
    resaved = convert(path, fmt, tmp / fmt, profile)
    submission, problems = read_submission(resaved, key=key_of(master))
    assert problems == [], problems
    assert submission is not None
    assert submission.signed == baseline.signed
    assert submission.report_date == baseline.report_date
    assert submission.reporter == baseline.reporter
    assert submission.rows == baseline.rows
    # only what must differ between formats does
    same = dataclasses.replace(submission, file=baseline.file, sha256=baseline.sha256)
    assert same == baseline


def test_libreoffice_resave_of_a_tampered_file_is_still_refused(filled, profile):
    import openpyxl

    master, path, _baseline, tmp = filled
    wb = openpyxl.load_workbook(path)
    ws = wb[SIGNATURE_SHEET]
    (cell,) = [row[0] for row in ws.iter_rows(min_row=4) if '"unit":"VP"' in str(row[0].value)]
    cell.value = cell.value.replace('"unit":"VP"', '"unit":"CAP"')
    tampered = tmp / "tampered.xlsx"
    wb.save(tampered)
    resaved = convert(tampered, "ods", tmp / "tampered", profile)
    submission, problems = read_submission(resaved, key=key_of(master))
    assert submission is None and [p.code.value for p in problems] == ["bad_signature"]


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_formulas_and_merged_status_cells_are_flagged_after_libreoffice(filled, fmt, profile):
    import openpyxl

    from sheetsync.excel.template_writer import HEADER_ROW

    master, path, _baseline, tmp = filled
    wb = openpyxl.load_workbook(path)
    ws = wb["Báo cáo"]
    ws[f"F{HEADER_ROW + 1}"] = "=20+30"
    ws.merge_cells(f"E{HEADER_ROW + 2}:F{HEADER_ROW + 2}")
    source = tmp / f"quirks-{fmt}.xlsx"
    wb.save(source)
    submission, _problems = read_submission(convert(source, fmt, tmp / f"quirks-{fmt}", profile), key=key_of(master))
    first, second = submission.rows[0], submission.rows[1]
    assert first.values["progress"] == 50  # LibreOffice stored the computed value
    # .xls: calamine gives cached values only and the BIFF formula records are not scanned
    assert first.formulas == (frozenset() if fmt == "xls" else frozenset({"progress"}))
    assert second.merged == frozenset({"status", "progress"})


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_place_and_date_line_follows_the_report_date_after_libreoffice(filled, fmt, profile):
    from python_calamine import CalamineWorkbook

    from sheetsync.excel.template_writer import PLACE_DATE_ROW

    _master, path, _baseline, tmp = filled
    resaved = convert(path, fmt, tmp / f"place-{fmt}", profile)
    grid = CalamineWorkbook.from_path(str(resaved)).get_sheet_by_name("Báo cáo").to_python()
    line = [v for v in grid[PLACE_DATE_ROW - 1] if v]
    # fill() types Ngày báo cáo 05/12/2026: NĐ 30 pads the day below 10, not the month 12
    assert line == ["An Dương, ngày 05 tháng 12 năm 2026"]


def test_place_and_date_line_shows_dots_until_a_date_is_typed(tmp_path, profile):
    from python_calamine import CalamineWorkbook

    from sheetsync.excel.template_writer import PLACE_DATE_ROW

    _master, result = issue(tmp_path, tasks=tasks())
    resaved = convert(template_of(result, "VP"), "ods", tmp_path / "blank", profile)
    grid = CalamineWorkbook.from_path(str(resaved)).get_sheet_by_name("Báo cáo").to_python()
    assert [v for v in grid[PLACE_DATE_ROW - 1] if v] == ["An Dương, ngày … tháng … năm …"]
