"""The write guard end to end: a write that would lose the office's work is refused, and --cho-phep-mat."""

import datetime as dt
import zipfile

import openpyxl
import openpyxl.reader.drawings
import pytest
from click.testing import CliRunner

from sheetsync.cli import cli
from sheetsync.excel.inventory import Feature, inventory
from sheetsync.excel.master import open_master
from sheetsync.jobs.session import WriteRefused, begin
from sheetsync.jobs.write_guard import owned_columns
from sheetsync.problems import Code
from sheetsync.schema import KEY_FILE, LOCK_FILE
from tests.factories import make_master
from tests.planted import make_planted_master

NOW = dt.datetime(2026, 11, 26, 9, 30)
# planted feature -> how the refusal names it (the guard's Vietnamese, checked once per feature)
REFUSED = {
    "text_box": "1 hộp văn bản trên trang “Nhiệm vụ”",
    "sparkline": "1 nhóm biểu đồ thu nhỏ (sparkline) trên trang “Nhiệm vụ”",
    "data_bar": "1 định dạng có điều kiện dạng mở rộng (như thanh dữ liệu kiểu Excel 2010) trên trang “Nhiệm vụ”",
    "validation_x14": "1 quy tắc kiểm tra dữ liệu (data validation) dạng mở rộng trên trang “Nhiệm vụ”",
    "header_image": "ảnh ở đầu trang/chân trang khi in trên trang “Nhiệm vụ”",
    "background": "ảnh nền của trang trên trang “Nhiệm vụ”",
}
KEPT = ["image", "chart", "comment", "validation", "cell_format", "rich_text", "defined_name", "hyperlink", "merged"]


def master(tmp_path, *features, **kwargs):
    folder = tmp_path / "workbook"
    folder.mkdir()
    return make_planted_master(folder / "ChuongTrinh2026.xlsx", *features, **kwargs)


def write(path, *extra):
    return CliRunner().invoke(cli, ["validate", "--workbook", str(path), "--ghi-vao-tep", *extra])


def leftovers(path):
    """Anything a run left beside the master besides its lock and signing key: temporary files, backups."""
    return sorted(p.name for p in path.parent.iterdir() if p.name not in (path.name, LOCK_FILE, KEY_FILE))


def assert_refused(path, result, before, *named):
    assert result.exit_code == 2, result.output
    assert "Ghi lại sổ sẽ làm mất" in result.output and "--cho-phep-mat" in result.output
    for text in named:
        assert text in result.output
    assert path.read_bytes() == before, "the master is untouched"
    assert leftovers(path) == [], "no temporary file, and no backup of a write that did not happen"


@pytest.mark.parametrize("feature", sorted(REFUSED))
def test_a_write_that_would_lose_a_feature_is_refused_naming_it(tmp_path, feature):
    path = master(tmp_path, feature)
    before = path.read_bytes()
    assert_refused(path, write(path), before, REFUSED[feature])


@pytest.mark.parametrize("feature", ["text_box", "sparkline"])
def test_cho_phep_mat_writes_after_a_backup_and_says_what_went(tmp_path, feature):
    path = master(tmp_path, feature)
    before = path.read_bytes()
    result = write(path, "--cho-phep-mat")
    assert result.exit_code == 0, result.output
    assert "chấp nhận mất" in result.output and REFUSED[feature] in result.output
    assert "Kiểm tra" in openpyxl.load_workbook(path).sheetnames
    (backup,) = (path.parent / "sao-luu").iterdir()
    assert backup.read_bytes() == before, "the backup is the master as it was"
    assert str(backup) in result.output
    assert [p for p in path.parent.iterdir() if p.name.startswith(".sheetsync-")] == []


@pytest.mark.parametrize("feature", KEPT)
def test_features_openpyxl_keeps_write_without_a_word(tmp_path, feature):
    path = master(tmp_path, feature)
    before = inventory(path)
    result = write(path)
    assert result.exit_code == 0, result.output
    assert "cảnh báo" not in result.output
    after = inventory(path)
    for name, sheet in before.sheets.items():
        assert sheet.counts <= after.sheets[name].counts
        assert sheet.rich_cells <= after.sheets[name].rich_cells
    assert before.names <= after.names


def test_several_losses_are_listed_in_one_refusal(tmp_path):
    path = master(tmp_path, "text_box", "sparkline", "validation_x14", "formula")
    before = path.read_bytes()
    result = write(path)
    assert_refused(path, result, before, *(REFUSED[f] for f in ("text_box", "sparkline", "validation_x14")))
    assert "giá trị đã tính" not in result.output, "a note is not a reason to refuse"


def test_pictures_are_guarded_when_pillow_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(openpyxl.reader.drawings, "PILImage", False)
    path = master(tmp_path, "image")
    before = path.read_bytes()
    assert_refused(path, write(path), before, "1 hình ảnh trên trang “Nhiệm vụ”")


def test_cached_formula_values_are_a_note_and_excel_recalculates(tmp_path):
    path = master(tmp_path, "formula")
    result = write(path)
    assert result.exit_code == 0, result.output
    assert "[cảnh báo]" in result.output and "giá trị đã tính của 1 ô công thức (H2)" in result.output
    with zipfile.ZipFile(path) as package:
        assert 'fullCalcOnLoad="1"' in package.read("xl/workbook.xml").decode()


def test_a_plain_master_writes_again_and_again_without_any_loss(tmp_path):
    path = make_master(tmp_path)
    for _ in range(3):
        result = write(path)
        assert result.exit_code == 0, result.output
        assert "mất" not in result.output and "cảnh báo" not in result.output, result.output
    assert len(list((tmp_path / "sao-luu").iterdir())) == 3


def test_features_on_the_tools_own_sheets_are_the_tools_to_drop(tmp_path):
    def plant(wb, summary, units):
        summary.insert_textbox("C3", "hộp văn bản trên trang của công cụ")
        summary.write_formula("A2", "=1+1", None, 2)

    path = master(tmp_path, tool_sheet=plant)
    for _ in range(2):
        result = write(path)
        assert result.exit_code == 0, result.output
        assert "mất" not in result.output and "cảnh báo" not in result.output, result.output


def test_a_macro_master_keeps_its_macros_and_buttons(tmp_path):
    folder = tmp_path / "workbook"
    folder.mkdir()
    path = make_planted_master(folder / "ChuongTrinh2026.xlsm", "vba", "button")
    result = write(path)
    assert result.exit_code == 0, result.output
    found = inventory(path)
    assert found.counts[Feature.VBA] == 1 and found.sheets["Nhiệm vụ"].counts[Feature.FORM_CONTROL] == 1


def test_session_save_raises_for_callers_and_leaves_everything_as_it_was(tmp_path):
    path = master(tmp_path, "text_box")
    before = path.read_bytes()
    session, problems, locked = begin(path, now=NOW, wait=0)
    assert session is not None and not problems and not locked
    with session, pytest.raises(WriteRefused) as refusal:
        session.save()
    assert [p.code for p in refusal.value.problems] == [Code.features_would_be_lost]
    assert path.read_bytes() == before and leftovers(path) == []
    session, _, _ = begin(path, now=NOW, wait=0, allow_loss=True)
    assert session is not None
    with session:
        backup = session.save()
    assert backup.read_bytes() == before
    assert [p.code for p in session.notes] == [Code.features_lost]


def test_the_tools_columns_are_found_by_header_text(tmp_path):
    path = master(tmp_path)
    book, _ = open_master(path)
    assert book is not None
    assert owned_columns(book) == {"Nhiệm vụ": set("GHIJKLMNOP")}  # Hạn chót … Đánh giá; A–F are the office's


def test_summary_is_guarded_too(tmp_path):
    path = master(tmp_path, "sparkline")
    before = path.read_bytes()
    refused = CliRunner().invoke(cli, ["summary", "--workbook", str(path), "--as-of", "2026-11-26"])
    assert_refused(path, refused, before, REFUSED["sparkline"])
    allowed = CliRunner().invoke(cli, ["summary", "--workbook", str(path), "--as-of", "2026-11-26", "--cho-phep-mat"])
    assert allowed.exit_code in (0, 1), allowed.output
    assert "chấp nhận mất" in allowed.output and "Tổng hợp" in openpyxl.load_workbook(path).sheetnames


def test_templates_are_not_published_when_the_master_write_is_refused(tmp_path):
    path = master(tmp_path, "text_box")
    before = path.read_bytes()
    out = tmp_path / "mau"
    args = ["templates", "--workbook", str(path), "--period", "Tháng 12/2026", "--out", str(out)]
    assert_refused(path, CliRunner().invoke(cli, args), before, REFUSED["text_box"])
    assert not out.exists() or list(out.iterdir()) == []
    allowed = CliRunner().invoke(cli, [*args, "--cho-phep-mat"])
    assert allowed.exit_code in (0, 1), allowed.output
    assert "chấp nhận mất" in allowed.output and list(out.glob("*.xlsx"))
