"""Comparing two inventories: what counts as lost, what is ignored, and how it is said (no files needed)."""

from collections import Counter

from sheetsync.excel.inventory import Feature, Inventory, SheetInventory
from sheetsync.excel.losses import Loss, compare, describe
from sheetsync.schema import TOOL_SHEETS

TASKS = "Nhiệm vụ"


def book(*sheets: SheetInventory, names=(), parts=None, **counts: int) -> Inventory:
    return Inventory(
        sheets={s.name: s for s in sheets},
        counts=Counter({Feature(k): v for k, v in counts.items()}),
        names=frozenset(names),
        parts=Counter(parts or {}),
    )


def sheet(name: str = TASKS, rich=(), formulas=(), **counts: int) -> SheetInventory:
    found = Counter({Feature.SHEET: 1, **{Feature(k): v for k, v in counts.items()}})
    return SheetInventory(name, found, frozenset(rich), frozenset(formulas))


def keys(losses: list[Loss]) -> set[tuple[Feature, str | None, int]]:
    return {(loss.feature, loss.sheet, loss.count) for loss in losses}


def test_fewer_of_anything_on_a_staff_sheet_is_a_blocking_loss():
    before = book(sheet(text_box=2, sparkline_group=1, comment=3))
    after = book(sheet(comment=3))
    losses = compare(before, after, owned_sheets=TOOL_SHEETS)
    assert keys(losses) == {(Feature.TEXT_BOX, TASKS, 2), (Feature.SPARKLINE_GROUP, TASKS, 1)}
    assert all(loss.blocking for loss in losses)
    assert "2 hộp văn bản trên trang “Nhiệm vụ”" in describe(losses)


def test_more_of_something_is_never_a_loss():
    assert compare(book(sheet(comment=1)), book(sheet(comment=4, picture=1)), owned_sheets=()) == []


def test_the_tool_sheets_are_ignored_even_typed_without_diacritics():
    before = book(sheet(), sheet("Tổng hợp", chart=1, text_box=1), sheet("Kiem tra", hyperlink=9))
    after = book(sheet())
    assert compare(before, after, owned_sheets=TOOL_SHEETS) == []


def test_a_staff_sheet_gone_is_a_loss_of_the_whole_sheet():
    (loss,) = compare(book(sheet(), sheet("Ghi chú")), book(sheet()), owned_sheets=TOOL_SHEETS)
    assert (loss.feature, loss.sheet, loss.blocking) == (Feature.SHEET, "Ghi chú", True)
    assert loss.describe() == "cả trang tính trên trang “Ghi chú”"


def test_rich_text_replaced_in_the_tools_columns_is_its_write_not_a_loss():
    before = book(sheet(rich={"C3", "K3", "K4", "AA10"}))
    after = book(sheet())
    (loss,) = compare(before, after, owned_sheets=TOOL_SHEETS, owned_columns={TASKS: {"K", "P"}})
    assert (loss.feature, loss.count, loss.detail) == (Feature.RICH_TEXT, 2, "C3, AA10")


def test_many_cells_are_shown_as_the_first_few():
    before = book(sheet(formulas={f"B{n}" for n in range(1, 13)}))
    (loss,) = compare(before, book(sheet()), owned_sheets=())
    assert not loss.blocking
    assert loss.describe() == "giá trị đã tính của 12 ô công thức (B1, B2, B3, B4, B5, …) trên trang “Nhiệm vụ”"


def test_workbook_level_losses_name_what_went():
    before = book(
        sheet(),
        names={"DanhSach", "KyBaoCao (trang “Nhiệm vụ”)"},
        parts={"application/vnd.ms-excel.sheetMetadata+xml": 1, "application/x-la": 2},
        vba=1,
        defined_name=2,
        external_link=1,
    )
    after = book(sheet(), names={"DanhSach"}, defined_name=1)
    text = describe(compare(before, after, owned_sheets=TOOL_SHEETS))
    assert "macro VBA" in text
    assert "1 tên vùng (defined name): KyBaoCao (trang “Nhiệm vụ”)" in text
    assert "1 liên kết tới sổ khác (external link)" in text
    assert "công thức mảng động (dynamic array)" in text
    assert "2 phần “application/x-la” của tệp" in text


def test_printer_settings_are_a_note():
    (loss,) = compare(book(sheet(printer_settings=1)), book(sheet()), owned_sheets=())
    assert not loss.blocking
