"""The shipped master: built from scripts/data/chuong_trinh_2026.toml, it carries the whole program, tidy."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import tomllib
import unicodedata
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from sheetsync.core.units import Unit, UnitDirectory
from sheetsync.excel.build_master import build_master
from sheetsync.excel.cells import set_text
from sheetsync.schema import (
    DECISION_DATE_NAME,
    DECISION_NUMBER_NAME,
    GUIDE_SHEET,
    HISTORY,
    JOURNAL,
    PILLARS,
    PROGRAM_NAME,
    TASKS,
    UNITS,
    Status,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "scripts" / "data" / "chuong_trinh_2026.toml"
SHIPPED = ROOT / "workbook" / "ChuongTrinh2026.xlsx"
CODE = re.compile(r"^([1-3])\.([12])\.([1-9]\d*)$")


@pytest.fixture(scope="module")
def seed() -> dict:
    with SEED.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def built(seed: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("master") / "ChuongTrinh2026.xlsx"
    build_master(seed["units"], seed["tasks"], path, title=seed["program"]["title"], year=seed["program"]["year"])
    return path


@pytest.fixture(scope="module")
def wb(built: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(built)


def header_row(ws, labels: tuple[str, ...]) -> int:
    for row in ws.iter_rows(max_row=30):
        if tuple(c.value for c in row[: len(labels)]) == labels:
            return row[0].row
    raise AssertionError(f"no header row {labels[:3]}… in {ws.title}")


def records(ws, sheet) -> list[dict]:
    top = header_row(ws, sheet.labels)
    rows = ws.iter_rows(min_row=top + 1, max_col=len(sheet.columns), values_only=True)
    return [dict(zip(sheet.keys, values, strict=True)) for values in rows if any(v is not None for v in values)]


def directory(wb) -> UnitDirectory:
    units = records(wb[UNITS.name], UNITS)
    return UnitDirectory(
        tuple(
            Unit(u["code"], u["name"], tuple(a.strip() for a in (u["aliases"] or "").split(";") if a.strip()))
            for u in units
        )
    )


def test_sheets_are_named_and_ordered_as_the_contract_says(wb):
    assert wb.sheetnames == [TASKS.name, UNITS.name, JOURNAL.name, HISTORY.name, GUIDE_SHEET]


@pytest.mark.parametrize("sheet", [TASKS, UNITS, JOURNAL, HISTORY], ids=lambda s: s.name)
def test_every_sheet_has_its_header_row_in_schema_order(wb, sheet):
    header_row(wb[sheet.name], sheet.labels)


def test_program_has_29_tasks_with_well_formed_unique_codes_in_the_right_counts(wb):
    tasks = records(wb[TASKS.name], TASKS)
    codes = [t["code"] for t in tasks]
    assert len(tasks) == 29
    assert len(set(codes)) == 29
    parts = [CODE.match(code) for code in codes]
    assert all(parts), [c for c, m in zip(codes, parts, strict=True) if not m]
    per_section = Counter((int(m[1]), int(m[2])) for m in parts if m)
    assert per_section == {(1, 1): 8, (2, 1): 6, (3, 1): 6, (1, 2): 3, (2, 2): 3, (3, 2): 3}
    for m in parts:
        assert m is not None
        assert int(m[3]) <= per_section[(int(m[1]), int(m[2]))]  # numbered 1..n without gaps
    for task in tasks:
        assert task["pillar"] == PILLARS[int(task["code"][0]) - 1]


def test_election_task_is_1_1_7(wb):
    tasks = {t["code"]: t for t in records(wb[TASKS.name], TASKS)}
    assert "bầu cử đại biểu Quốc hội khóa XVI" in tasks["1.1.7"]["content"]
    assert "2026-2031" in tasks["1.1.7"]["content"]


def test_each_lead_and_coordinating_unit_is_a_known_unit(wb):
    units = directory(wb)
    assert units.conflicts() == []
    for task in records(wb[TASKS.name], TASKS):
        lead = units.split(task["lead"])
        assert len(lead) == 1 and lead[0].unit is not None, (task["code"], task["lead"])
        coordinating = units.split(task["coordinating"])
        assert len(coordinating) <= 3
        assert all(m.unit is not None for m in coordinating), (task["code"], task["coordinating"])
        assert lead[0].unit not in {m.unit for m in coordinating}, task["code"]


def test_comma_list_and_comma_in_unit_name_both_resolve(wb):
    units = directory(wb)
    tasks = {t["code"]: t for t in records(wb[TASKS.name], TASKS)}
    assert [m.unit.code for m in units.split(tasks["1.1.7"]["coordinating"])] == ["CAP", "MTTQ", "VHXH"]
    assert [m.unit.code for m in units.split(tasks["2.1.5"]["coordinating"])] == ["KTHTDT"]


def test_every_unit_leads_or_coordinates_something_and_every_code_is_ascii(wb):
    units = directory(wb)
    used = set()
    for task in records(wb[TASKS.name], TASKS):
        used |= {m.unit.code for m in units.split(task["lead"]) + units.split(task["coordinating"]) if m.unit}
    assert used == {u.code for u in units.units}
    assert all(u.code.isascii() and u.code.isupper() for u in units.units)


def test_due_date_is_derived_from_thoi_han_and_ongoing_tasks_have_none(wb):
    tasks = {t["code"]: t for t in records(wb[TASKS.name], TASKS)}
    assert tasks["1.1.7"]["due"] == datetime(2026, 3, 15)  # "Trước ngày 15/3/2026": election day
    assert tasks["2.1.6"]["due"] == datetime(2026, 12, 31)  # "Năm 2026": security all year, not only conscription
    assert tasks["1.1.5"]["due"] is None  # "Thường xuyên"
    assert all(t["due"] is not None or t["deadline"] for t in tasks.values())
    assert all(t["assessment"] is None and t["updated_on"] is None for t in tasks.values())


def test_sample_progress_is_consistent(wb):
    tasks = records(wb[TASKS.name], TASKS)
    statuses = {s.value for s in Status}
    done = [t for t in tasks if t["status"] == Status.DONE]
    assert [t["code"] for t in done] == ["1.1.7"]  # the election: the only item the program ends early
    assert all(t["completed_on"] is not None and t["result"] for t in done)
    assert all(t["completed_on"] <= t["due"] for t in done)
    for task in tasks:
        assert task["status"] in statuses | {None}
        assert task["progress"] is None or 0 <= task["progress"] <= 100


def test_all_text_is_nfc(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert unicodedata.is_normalized("NFC", value), value


def test_status_dropdown_and_range_checks_are_inline(wb):
    ws = wb[TASKS.name]
    top = header_row(ws, TASKS.labels)
    letter = {key: openpyxl.utils.get_column_letter(i) for i, key in enumerate(TASKS.keys, start=1)}
    found = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            found[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    status = found[letter["status"]]
    assert status.type == "list"
    assert status.formula1 == '"Chưa thực hiện,Đang thực hiện,Đã hoàn thành"'
    assert found[letter["progress"]].type == "whole"
    assert (found[letter["progress"]].formula1, found[letter["progress"]].formula2) == ("0", "100")
    assert found[letter["completed_on"]].type == "date"
    first = f"{letter['status']}{top + 1}"
    assert any(first in rng for rng in status.sqref.ranges)


def test_layout_frozen_filtered_and_printable(wb):
    ws = wb[TASKS.name]
    top = header_row(ws, TASKS.labels)
    assert ws.freeze_panes == f"B{top + 1}"
    assert ws.auto_filter.ref == f"A{top}:P{top + 29}"
    assert ws[f"A{top - 1}"].value is None  # a spacer between the title block and the table
    assert ws.print_title_rows.replace("$", "") == f"{top}:{top}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.center.text
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN PHƯỜNG AN DƯƠNG"
    assert ws["A2"].value == f"SỔ THEO DÕI THỰC HIỆN\n{PROGRAM_NAME}"
    for name, sheet in ((UNITS.name, UNITS), (JOURNAL.name, JOURNAL), (HISTORY.name, HISTORY)):
        other = wb[name]
        assert other.freeze_panes is not None
        assert other.auto_filter.ref.startswith(f"A{header_row(other, sheet.labels)}")


def test_dates_show_as_day_month_year(wb):
    ws = wb[TASKS.name]
    top = header_row(ws, TASKS.labels)
    for key in ("due", "completed_on", "updated_on"):
        column = TASKS.keys.index(key) + 1
        assert ws.cell(row=top + 1, column=column).number_format == "dd/mm/yyyy"


def test_guide_marks_the_assignment_as_sample_and_the_wording_as_the_programs(wb):
    text = "\n".join(str(v) for row in wb[GUIDE_SHEET].iter_rows(values_only=True) for v in row if v)
    assert "MẪU MINH HỌA" in text
    assert "DỰNG LẠI" not in text  # the items are the program's own words now
    assert "“tiền độ” là nguyên văn của Chương trình" in text
    assert "Quyết định số" in text and "Mã xác thực của mẫu" in text and "chữ ký" not in text.lower()
    assert "ĐẦU MỖI KỲ BÁO CÁO" in text and "HẰNG TUẦN" in text
    assert PROGRAM_NAME in text
    assert 'sheetsync templates --period "Tháng 12/2026" --out mau-gui-don-vi' in text
    assert "sheetsync merge --inbox hop-thu" in text
    for label in ("Quá hạn chưa hoàn thành", "Sắp đến hạn", "Đã hoàn thành quá hạn", "Thực hiện thường xuyên"):
        assert label in text


def test_no_formula_cells_anywhere(built):
    wb = openpyxl.load_workbook(built)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    set_text(ws["A1"], '=HYPERLINK("http://x")')
    set_text(ws["A2"], "- Công an phường")
    set_text(ws["A3"], "Bình thường")
    wb.save(tmp_path / "t.xlsx")
    again = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert again["A1"].value == '=HYPERLINK("http://x")' and again["A1"].data_type == "s"
    assert again["A1"].quotePrefix and again["A2"].quotePrefix and not again["A3"].quotePrefix


def test_unknown_keys_are_refused(tmp_path):
    with pytest.raises(ValueError, match="assesment"):
        build_master([], [{"code": "1.1.1", "assesment": "x"}], tmp_path / "x.xlsx")


def test_committed_workbook_matches_a_fresh_build(built):
    """workbook/ChuongTrinh2026.xlsx is generated: rebuild it with scripts/build_workbook.py --force."""
    fresh, shipped = openpyxl.load_workbook(built), openpyxl.load_workbook(SHIPPED)
    for name in fresh.sheetnames:
        assert name in shipped.sheetnames
        a = list(fresh[name].iter_rows(values_only=True))
        b = list(shipped[name].iter_rows(values_only=True))
        assert a == b, name


def test_seed_dates_are_real_dates(seed):
    for task in seed["tasks"]:
        if "completed_on" in task:
            assert isinstance(task["completed_on"], date)


def test_decision_number_and_date_are_named_cells_the_office_fills_in(wb):
    for name, blank in ((DECISION_NUMBER_NAME, "…/QĐ-UBND"), (DECISION_DATE_NAME, "…/01/2026")):
        (sheet, coordinate), *_ = wb.defined_names[name].destinations
        cell = wb[sheet][coordinate.replace("$", "")]
        assert cell.value == blank
        assert cell.fill.fgColor.rgb.endswith("FFF9DB")  # yellow: for typing
    row = wb[TASKS.name]
    text = " ".join(str(c.value) for c in row[3] if c.value)
    assert text.startswith("(Ban hành kèm theo Quyết định số …/QĐ-UBND …/01/2026")


def test_units_carry_parent_body_and_signature_title(seed, wb):
    units = {u["code"]: u for u in records(wb[UNITS.name], UNITS)}
    assert units["VP"]["parent"] == "ỦY BAN NHÂN DÂN PHƯỜNG AN DƯƠNG"
    assert units["MTTQ"]["parent"] is None  # the Front is not under the UBND: nothing printed above its name
    assert units["CAP"]["parent"] != "ỦY BAN NHÂN DÂN PHƯỜNG AN DƯƠNG"
    assert all(u["signer"] for u in units.values())


def test_guide_rows_are_tall_enough_to_print_their_wrapped_text_without_overlap(wb):
    from sheetsync.excel.cells import wrapped_lines

    ws = wb[GUIDE_SHEET]
    spans = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
    covered = set().union(*(set(rng.cells) for rng in ws.merged_cells.ranges))
    checked = 0
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            span = spans.get((cell.row, cell.column))
            if not isinstance(cell.value, str) or ((cell.row, cell.column) in covered and span is None):
                continue
            if not cell.alignment.wrap_text:  # a section heading: one line, running into the empty cell beside it
                assert "\n" not in cell.value and ws.cell(cell.row, cell.column + 1).value is None, cell.coordinate
                continue
            size = float(cell.font.sz)
            columns = range(span.min_col, span.max_col + 1) if span else [cell.column]
            width = sum(ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in columns)
            lines = wrapped_lines(cell.value, width, size, bold=bool(cell.font.b))
            assert ws.row_dimensions[cell.row].height >= lines * size * 1.3, cell.coordinate
            checked += 1
    assert checked > 40


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_decision_line_reads_as_a_sentence_once_the_office_types_number_and_date(built, tmp_path):
    wb = openpyxl.load_workbook(built)
    for name, value in ((DECISION_NUMBER_NAME, "05/QĐ-UBND"), (DECISION_DATE_NAME, datetime(2026, 1, 5))):
        (sheet, coordinate), *_ = wb.defined_names[name].destinations
        wb[sheet][coordinate.replace("$", "")].value = value  # as the office types them in Excel
    wb.save(typed := tmp_path / "typed.xlsx")
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,true,false,false,1"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--norestore",
         "--convert-to", csv_filter, "--outdir", str(tmp_path), str(typed)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    (shown,) = tmp_path.glob("typed*.csv")  # formatted text, as the sheet shows and prints it
    rows = list(csv.reader(shown.read_text(encoding="utf-8").splitlines()))
    line = next(row for row in rows if row and row[0].startswith("(Ban hành"))
    assert " ".join(v for v in line if v) == "(Ban hành kèm theo Quyết định số 05/QĐ-UBND ngày 05/01/2026)"
