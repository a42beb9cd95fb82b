"""The package inventory: each planted feature is seen on its sheet, and what a save through openpyxl keeps."""

import shutil
import subprocess
import zipfile

import openpyxl
import openpyxl.reader.drawings
import pytest

from sheetsync.excel.inventory import Feature, PackageError, inventory
from sheetsync.excel.losses import compare
from sheetsync.excel.master import open_master
from sheetsync.schema import TOOL_SHEETS
from tests.factories import make_master
from tests.planted import make_planted_master

TASKS, UNITS = "Nhiệm vụ", "Đơn vị"

# feature planted -> (sheet, what the inventory counts there)
SEEN = {
    "text_box": (TASKS, Feature.TEXT_BOX),
    "sparkline": (TASKS, Feature.SPARKLINE_GROUP),
    "image": (TASKS, Feature.PICTURE),
    "chart": (TASKS, Feature.CHART),
    "comment": (TASKS, Feature.COMMENT),
    "validation": (TASKS, Feature.VALIDATION),
    "validation_x14": (TASKS, Feature.X14_VALIDATION),
    "data_bar": (TASKS, Feature.X14_FORMAT),
    "cell_format": (TASKS, Feature.FORMAT_RULE),
    "hyperlink": (UNITS, Feature.HYPERLINK),
    "merged": (UNITS, Feature.MERGED),
    "table": ("Theo dõi riêng", Feature.TABLE),
    "header_image": (TASKS, Feature.HEADER_IMAGE),
    "background": (TASKS, Feature.BACKGROUND),
}
# What a write through the session's loading (open_master) loses, measured: the guard's table.
LOST = {"text_box", "sparkline", "data_bar", "validation_x14", "header_image", "background"}
KEPT = set(SEEN) - LOST | {"rich_text", "defined_name", "formula"}


def _saved(source, target, **load):
    book, problems = open_master(source, **load)
    assert book is not None, problems
    book.wb.save(target)
    return target


def _losses(before, after):
    return compare(inventory(before), inventory(after), owned_sheets=TOOL_SHEETS)


@pytest.mark.parametrize("feature", sorted(SEEN))
def test_each_planted_feature_is_counted_on_its_sheet(tmp_path, feature):
    sheet, counted = SEEN[feature]
    found = inventory(make_planted_master(tmp_path / "m.xlsx", feature))
    assert found.sheets[sheet].counts[counted] == 1
    plain = inventory(make_planted_master(tmp_path / "plain.xlsx"))
    assert all(counted not in s.counts for s in plain.sheets.values())


def test_cells_names_and_workbook_parts_are_counted(tmp_path):
    found = inventory(make_planted_master(tmp_path / "m.xlsx", "rich_text", "formula", "defined_name"))
    assert found.sheets[TASKS].rich_cells == {"C3"}
    assert found.sheets[UNITS].formula_cells == {"H2"}
    assert "DanhSachDonVi" in found.names
    macro = inventory(make_planted_master(tmp_path / "m.xlsm", "vba", "button"))
    assert macro.counts[Feature.VBA] == 1
    assert macro.sheets[TASKS].counts[Feature.FORM_CONTROL] == 1


@pytest.mark.parametrize("feature", sorted(LOST))
def test_openpyxl_loses_these_and_the_comparison_says_so(tmp_path, feature):
    source = make_planted_master(tmp_path / "m.xlsx", feature)
    losses = _losses(source, _saved(source, tmp_path / "out.xlsx"))
    assert [(loss.feature, loss.sheet, loss.blocking) for loss in losses] == [(SEEN[feature][1], TASKS, True)]


@pytest.mark.parametrize("feature", sorted(KEPT))
def test_the_session_loading_keeps_these(tmp_path, feature):
    source = make_planted_master(tmp_path / "m.xlsx", feature)
    losses = _losses(source, _saved(source, tmp_path / "out.xlsx"))
    assert [loss for loss in losses if loss.blocking] == []


def test_rich_text_survives_only_when_loaded_as_rich_text(tmp_path):
    source = make_planted_master(tmp_path / "m.xlsx", "rich_text")
    assert _losses(source, _saved(source, tmp_path / "rich.xlsx")) == []
    flat = _losses(source, _saved(source, tmp_path / "flat.xlsx", rich_text=False))
    assert [(loss.feature, loss.detail) for loss in flat] == [(Feature.RICH_TEXT, "C3")]
    book, _ = open_master(source)
    assert book is not None and book.grid(TASKS)[2][2] == "Thu ngân sách đạt dự toán", "readers get plain text"


def test_cached_formula_values_are_a_note_not_a_block(tmp_path):
    source = make_planted_master(tmp_path / "m.xlsx", "formula")
    (loss,) = _losses(source, _saved(source, tmp_path / "out.xlsx"))
    assert (loss.feature, loss.sheet, loss.blocking) == (Feature.FORMULA_VALUE, UNITS, False)
    assert loss.describe() == "giá trị đã tính của 1 ô công thức (H2) trên trang “Đơn vị”"


def test_images_are_lost_without_pillow(tmp_path, monkeypatch):
    source = make_planted_master(tmp_path / "m.xlsx", "image")
    monkeypatch.setattr(openpyxl.reader.drawings, "PILImage", False)
    (loss,) = _losses(source, _saved(source, tmp_path / "out.xlsx"))
    assert (loss.feature, loss.blocking) == (Feature.PICTURE, True)
    assert loss.describe() == "1 hình ảnh trên trang “Nhiệm vụ”"


def test_macro_master_keeps_its_vba_and_button(tmp_path):
    source = make_planted_master(tmp_path / "m.xlsm", "vba", "button")
    kept = _saved(source, tmp_path / "out.xlsm")
    assert _losses(source, kept) == []
    with zipfile.ZipFile(kept) as package:
        assert "macroEnabled" in package.read("[Content_Types].xml").decode()
    openpyxl.load_workbook(source).save(tmp_path / "plain.xlsm")  # what keep_vba=False would write
    lost = {(loss.feature, loss.sheet) for loss in _losses(source, tmp_path / "plain.xlsm")}
    assert lost == {(Feature.VBA, None), (Feature.FORM_CONTROL, TASKS)}


def test_sheets_are_matched_by_name_when_openpyxl_renumbers_parts(tmp_path):
    source = make_planted_master(tmp_path / "m.xlsx", "comment", "hyperlink")
    book, _ = open_master(source)
    assert book is not None
    book.wb.create_sheet("Kiểm tra", 0)  # every sheet part moves up one number
    book.wb.save(tmp_path / "out.xlsx")
    assert _losses(source, tmp_path / "out.xlsx") == []


def test_the_tool_built_master_round_trips_without_loss(tmp_path):
    source = make_master(tmp_path)
    assert _losses(source, _saved(source, tmp_path / "out.xlsx")) == []


def test_not_a_workbook_package_is_a_package_error(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(PackageError):
        inventory(path)
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            "[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>"
        )
    with pytest.raises(PackageError):
        inventory(path)


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.libreoffice
def test_features_in_a_master_saved_by_libreoffice_are_seen_and_their_loss_caught(tmp_path):
    source = make_planted_master(tmp_path / "m.xlsx", "text_box", "sparkline", "data_bar")
    out = tmp_path / "lo"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    saved_by_lo = out / "m.xlsx"
    counts = inventory(saved_by_lo).sheets[TASKS].counts
    # LibreOffice writes the text box as a shape with text (no txBox flag): still a text box to staff
    assert (counts[Feature.TEXT_BOX], counts[Feature.SPARKLINE_GROUP], counts[Feature.X14_FORMAT]) == (1, 1, 1)
    lost = {loss.feature for loss in _losses(saved_by_lo, _saved(saved_by_lo, tmp_path / "out.xlsx"))}
    assert {Feature.TEXT_BOX, Feature.SPARKLINE_GROUP, Feature.X14_FORMAT} <= lost
