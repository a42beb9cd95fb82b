"""`templates`: one protected, signed file per unit with the right rows; the period recorded in the master."""

import datetime as dt
import os
import stat

import openpyxl
import pytest

from sheetsync.core.opinions import format_opinion
from sheetsync.excel.period import read_current_period
from sheetsync.excel.template_writer import HEADER_ROW
from sheetsync.jobs.templates import make_templates
from sheetsync.problems import Code, ExitCode
from sheetsync.schema import GUIDE_SHEET, KEY_FILE, SIGNATURE_SHEET, TEMPLATE
from tests.factories import make_master, tasks
from tests.template_factories import NOW, PERIOD, issue, template_of

COLUMN = {key: index for index, key in enumerate(TEMPLATE.keys, start=1)}


def task_rows(path):
    ws = openpyxl.load_workbook(path)[TEMPLATE.name]
    rows = {}
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        code = ws.cell(row=row, column=1).value
        if code:
            rows[code] = {key: ws.cell(row=row, column=COLUMN[key]) for key in TEMPLATE.keys}
    return ws, rows


def test_one_file_per_unit_with_tasks_named_by_unit_and_period(tmp_path):
    _master, result = issue(tmp_path)
    assert result.exit_code is ExitCode.OK
    names = sorted(p.name for p in (tmp_path / "mau").iterdir())
    assert names == [f"BaoCao_{code}_Thang-12-2026.xlsx" for code in sorted(["VP", "KTHTDT", "VHXH", "CAP"])]
    assert all(name.isascii() for name in names)


def test_unit_without_tasks_gets_no_template(tmp_path):
    only_vp = [dict(t, lead="VP", coordinating="") for t in tasks()]
    _master, result = issue(tmp_path, tasks=only_vp)
    assert [w.unit_code for w in result.written] == ["VP"]
    assert set(result.units_without_tasks) == {"KTHTDT", "VHXH", "CAP"}


def test_rows_are_the_tasks_the_unit_leads_then_coordinates(tmp_path):
    _master, result = issue(tmp_path)
    _ws, rows = task_rows(template_of(result, "CAP"))
    assert {code: row["role"].value for code, row in rows.items()} == {
        "2.2.1": "Chủ trì",
        "1.1.1": "Phối hợp",
        "1.1.7": "Phối hợp",
    }
    assert list(rows) == ["2.2.1", "1.1.1", "1.1.7"]


def test_rows_are_prefilled_with_the_masters_current_values(tmp_path):
    _master, result = issue(tmp_path)
    _ws, rows = task_rows(template_of(result, "VP"))
    done = rows["1.1.7"]
    assert done["status"].value == "Đã hoàn thành"
    assert done["progress"].value == 100
    assert done["completed_on"].value.date() == dt.date(2026, 3, 15)
    assert done["result"].value == "Tổ chức bầu cử thành công"
    assert done["content"].value.startswith("Tổ chức bầu cử")
    assert rows["1.1.2"]["status"].value == "Đang thực hiện"  # the lead's value, shown to the coordinator


def test_coordinating_rows_prefill_the_units_own_paragraph(tmp_path):
    paragraph = format_opinion("Công an phường", dt.date(2026, 11, 2), "Đã bố trí lực lượng", "Thiếu xe", "")
    other = format_opinion("Phòng Văn hóa - Xã hội", dt.date(2026, 11, 3), "Tuyên truyền", "", "")
    _master, result = issue(tmp_path, tasks=tasks(**{"1.1.7": {"coord_opinions": paragraph + "\n" + other}}))
    _ws, rows = task_rows(template_of(result, "CAP"))
    assert rows["1.1.7"]["result"].value == "Đã bố trí lực lượng"
    assert rows["1.1.7"]["difficulties"].value == "Thiếu xe"
    assert rows["1.1.7"]["result"].value != "Tổ chức bầu cử thành công"  # never the lead's result
    assert rows["1.1.1"]["result"].value is None


def test_only_status_cells_are_editable_and_the_sheet_is_protected(tmp_path):
    _master, result = issue(tmp_path)
    ws, rows = task_rows(template_of(result, "VP"))
    assert ws.protection.sheet
    lead, coordinating = rows["1.1.1"], rows["1.1.2"]
    for key in ("code", "role", "content", "deadline"):
        assert lead[key].protection.locked and coordinating[key].protection.locked
    for key in ("status", "progress", "completed_on", "result", "difficulties", "proposals"):
        assert not lead[key].protection.locked, key
    for key in ("status", "progress", "completed_on"):
        assert coordinating[key].protection.locked, key
    for key in ("result", "difficulties", "proposals"):
        assert not coordinating[key].protection.locked, key


def test_report_date_input_is_right_of_its_label_and_unlocked(tmp_path):
    _master, result = issue(tmp_path)
    ws = openpyxl.load_workbook(template_of(result, "VP"))[TEMPLATE.name]
    label = next(c for row in ws.iter_rows(max_row=HEADER_ROW) for c in row if c.value == "Ngày báo cáo")
    target = ws.cell(row=label.row, column=label.column + 1)
    assert not target.protection.locked
    assert target.value is None


def test_validations_dropdown_progress_and_dates(tmp_path):
    _master, result = issue(tmp_path)
    ws, rows = task_rows(template_of(result, "VP"))
    by_type = {}
    for dv in ws.data_validations.dataValidation:
        by_type.setdefault(dv.type, []).append(dv)
    (status,) = by_type["list"]
    assert status.formula1 == '"Chưa thực hiện,Đang thực hiện,Đã hoàn thành"'
    assert rows["1.1.1"]["status"].coordinate in status.sqref
    (progress,) = by_type["decimal"]
    assert (progress.formula1, progress.formula2) == ("0", "100")
    assert len(by_type["date"]) == 2  # Ngày hoàn thành and Ngày báo cáo
    assert all(dv.prompt and dv.showInputMessage for dvs in by_type.values() for dv in dvs)


def test_print_ready_and_guide_sheet(tmp_path):
    _master, result = issue(tmp_path)
    wb = openpyxl.load_workbook(template_of(result, "VP"))
    ws = wb[TEMPLATE.name]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.replace("$", "") == f"{HEADER_ROW}:{HEADER_ROW}"
    assert ws["A15"].font.name == "Times New Roman"
    guide = "\n".join(str(c.value) for row in wb[GUIDE_SHEET].iter_rows() for c in row if c.value)
    assert "Không sửa “Mã NV”" in guide and "Gửi tệp đính kèm" in guide
    # the HMAC is the template's "mã xác thực": "chữ ký" is a person's signature, which the head gives below
    assert "mã xác thực của mẫu" in guide and "chữ ký" not in guide.lower()
    assert wb[SIGNATURE_SHEET].sheet_state == "veryHidden"


def test_period_is_recorded_in_the_master_with_a_backup(tmp_path):
    master, result = issue(tmp_path)
    assert read_current_period(openpyxl.load_workbook(master)) == PERIOD
    assert result.backup is not None and result.backup.exists()
    assert read_current_period(openpyxl.load_workbook(result.backup)) is None


def test_key_file_is_created_once_owner_only_and_not_in_any_workbook(tmp_path):
    master, result = issue(tmp_path)
    key_file = master.parent / KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key_text = key_file.read_text().strip()
    again = make_templates(master, period="Tháng 1/2027", out=tmp_path / "mau2", now=NOW, wait=0)
    assert key_file.read_text().strip() == key_text and again.exit_code is ExitCode.OK
    for path in [master, *(w.path for w in result.written)]:
        assert key_text.encode() not in path.read_bytes()


@pytest.mark.parametrize("owner", ["~$ChuongTrinh2026.xlsx", ".~lock.ChuongTrinh2026.xlsx#"])
def test_master_open_elsewhere_writes_nothing(tmp_path, owner):
    master = make_master(tmp_path / "so")
    (master.parent / owner).write_text(",Nguyen Van A,may-1,01.12.2026 08:00,;")
    before = master.read_bytes()
    result = make_templates(master, period=PERIOD, out=tmp_path / "mau", now=NOW, wait=0)
    assert result.exit_code is ExitCode.LOCKED
    assert [p.code for p in result.problems] == [Code.master_open]
    assert master.read_bytes() == before
    assert not (tmp_path / "mau").exists() or not any((tmp_path / "mau").iterdir())
    assert not (master.parent / KEY_FILE).exists()


def test_empty_period_cannot_run(tmp_path):
    master = make_master(tmp_path / "so")
    result = make_templates(master, period="  ", out=tmp_path / "mau", now=NOW, wait=0)
    assert result.exit_code is ExitCode.CANNOT_RUN
    assert [p.code for p in result.problems] == [Code.bad_period]


def test_missing_master_cannot_run(tmp_path):
    result = make_templates(tmp_path / "khong-co.xlsx", period=PERIOD, out=tmp_path / "mau", now=NOW, wait=0)
    assert result.exit_code is ExitCode.CANNOT_RUN
    assert not (tmp_path / "mau").exists()


def test_staging_folder_is_cleaned_up(tmp_path):
    _master, _result = issue(tmp_path)
    assert not [p for p in (tmp_path / "mau").iterdir() if p.name.startswith(".")]
    assert os.listdir(tmp_path / "mau")


def _header_texts(ws, rows: range) -> list[str]:
    return [str(c.value) for row in ws.iter_rows(min_row=rows.start, max_row=rows.stop - 1) for c in row if c.value]


def test_header_prints_the_parent_body_above_the_unit_and_the_unit_signs_under_its_own_title(tmp_path):
    from tests.factories import UNITS

    units = [dict(u) for u in UNITS]
    units[0].update(parent="Ủy ban nhân dân phường An Dương", signer="CHÁNH VĂN PHÒNG")  # VP
    master = make_master(tmp_path / "so", units=units)
    result = make_templates(master, period=PERIOD, out=tmp_path / "mau", now=NOW, wait=0)

    vp = openpyxl.load_workbook(template_of(result, "VP"))[TEMPLATE.name]
    assert (vp["A1"].value, vp["A1"].font.b) == ("ỦY BAN NHÂN DÂN PHƯỜNG AN DƯƠNG", False)
    assert (vp["A2"].value, vp["A2"].font.b) == ("VĂN PHÒNG HĐND VÀ UBND", True)
    assert set(vp["A3"].value) == {"─"}  # NĐ 30: the short rule under the issuing body
    assert [vp["E1"].value, vp["E2"].value] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert set(vp["E3"].value) == {"─"} and len(vp["E3"].value) > len(vp["A3"].value)
    footer = _header_texts(vp, range(HEADER_ROW + 1, vp.max_row + 1))
    assert "CHÁNH VĂN PHÒNG" in footer and "THỦ TRƯỞNG ĐƠN VỊ" not in footer

    # no parent body: the police do not sit under the UBND, so nothing of it is printed; the default title signs
    cap = openpyxl.load_workbook(template_of(result, "CAP"))[TEMPLATE.name]
    assert (cap["A1"].value, cap["A1"].font.b) == ("CÔNG AN PHƯỜNG", True)
    assert set(cap["A2"].value) == {"─"}
    assert not any("ỦY BAN NHÂN DÂN" in text for text in _header_texts(cap, range(1, HEADER_ROW)))
    assert "THỦ TRƯỞNG ĐƠN VỊ" in _header_texts(cap, range(HEADER_ROW + 1, cap.max_row + 1))


def test_place_and_date_line_is_computed_from_the_report_date_cell(tmp_path):
    from sheetsync.excel.template_writer import PLACE_DATE_ROW, place_date_formula

    _master, result = issue(tmp_path)
    ws = openpyxl.load_workbook(template_of(result, "VP"))[TEMPLATE.name]
    label = next(c for row in ws.iter_rows(max_row=HEADER_ROW) for c in row if c.value == "Ngày báo cáo")
    date_cell = ws.cell(row=label.row, column=label.column + 1).coordinate
    line = ws.cell(row=PLACE_DATE_ROW, column=5)
    assert line.value == place_date_formula(date_cell)
    assert line.value.startswith("=IF(ISNUMBER(" + date_cell) and "An Dương, ngày … tháng … năm …" in line.value
    assert line.font.i


def test_a_master_without_the_parent_and_signer_columns_still_issues_templates(tmp_path):
    from sheetsync.schema import UNITS

    master = make_master(tmp_path / "so")
    wb = openpyxl.load_workbook(master)
    ws = wb[UNITS.name]
    header = next(r for r in ws.iter_rows(max_row=10) if r[0].value == UNITS.label("code"))
    first = next(c.column for c in header if c.value == UNITS.label("parent"))
    ws.delete_cols(first, 2)  # a master made before these columns
    wb.save(master)
    result = make_templates(master, period=PERIOD, out=tmp_path / "mau", now=NOW, wait=0)
    assert result.exit_code is ExitCode.OK, result.problems
    vp = openpyxl.load_workbook(template_of(result, "VP"))[TEMPLATE.name]
    assert vp["A1"].value == "VĂN PHÒNG HĐND VÀ UBND"
    assert "THỦ TRƯỞNG ĐƠN VỊ" in _header_texts(vp, range(HEADER_ROW + 1, vp.max_row + 1))


def test_title_is_a_report_on_the_program_named_as_its_decision_names_it(tmp_path):
    from sheetsync.schema import PROGRAM_NAME

    _master, result = issue(tmp_path)
    ws = openpyxl.load_workbook(template_of(result, "VP"))[TEMPLATE.name]
    texts = _header_texts(ws, range(1, HEADER_ROW))
    assert "BÁO CÁO" in texts
    assert f"Kết quả thực hiện {PROGRAM_NAME}" in texts
