"""What a write would lose: two inventories compared, each loss said in Vietnamese, blocking or a mere note."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from sheetsync.core.text import fold
from sheetsync.excel.inventory import Feature, Inventory, SheetInventory

__all__ = ["NOTE_ONLY", "Loss", "compare", "describe"]

# Vietnamese wording of each feature: "{n}" the count lost, "{detail}" the cells, names or part. Said to
# office staff, so Excel's own Vietnamese terms first, the English one in brackets for a web search.
LABELS: dict[Feature, str] = {
    Feature.SHEET: "cả trang tính",
    Feature.PICTURE: "{n} hình ảnh",
    Feature.CHART: "{n} biểu đồ",
    Feature.TEXT_BOX: "{n} hộp văn bản",
    Feature.SHAPE: "{n} hình vẽ (shape)",
    Feature.GROUP: "{n} nhóm hình vẽ",
    Feature.CONNECTOR: "{n} đường nối",
    Feature.OTHER_DRAWING: "{n} đối tượng vẽ khác (SmartArt, biểu đồ kiểu mới, slicer…)",
    Feature.FORM_CONTROL: "{n} nút bấm/điều khiển biểu mẫu (form control)",
    Feature.CONTROL: "{n} điều khiển ActiveX/biểu mẫu",
    Feature.OLE_OBJECT: "{n} đối tượng nhúng (OLE)",
    Feature.BACKGROUND: "ảnh nền của trang",
    Feature.HEADER_IMAGE: "ảnh ở đầu trang/chân trang khi in",
    Feature.SPARKLINE_GROUP: "{n} nhóm biểu đồ thu nhỏ (sparkline)",
    Feature.X14_VALIDATION: "{n} quy tắc kiểm tra dữ liệu (data validation) dạng mở rộng",
    Feature.X14_FORMAT: "{n} định dạng có điều kiện dạng mở rộng (như thanh dữ liệu kiểu Excel 2010)",
    Feature.EXTENSION: "{n} phần mở rộng khác của Excel (extLst)",
    Feature.VALIDATION: "{n} quy tắc kiểm tra dữ liệu (data validation)",
    Feature.FORMAT_RULE: "{n} quy tắc định dạng có điều kiện",
    Feature.COMMENT: "{n} ghi chú (comment)",
    Feature.THREADED_COMMENT: "{n} bình luận dạng hội thoại (threaded comment)",
    Feature.TABLE: "{n} bảng (Table)",
    Feature.PIVOT_TABLE: "{n} bảng tổng hợp (PivotTable)",
    Feature.SLICER: "{n} bộ lọc slicer",
    Feature.TIMELINE: "{n} bộ lọc dòng thời gian (timeline)",
    Feature.HYPERLINK: "{n} liên kết (hyperlink)",
    Feature.MERGED: "{n} vùng ô gộp",
    Feature.AUTOFILTER: "bộ lọc (AutoFilter)",
    Feature.PRINTER_SETTINGS: "thiết lập riêng của máy in (khổ giấy, hướng giấy, lề vẫn giữ)",
    Feature.RICH_TEXT: "định dạng nhiều kiểu chữ trong ô (rich text) của {n} ô ({detail})",
    Feature.FORMULA_VALUE: "giá trị đã tính của {n} ô công thức ({detail})",
    Feature.DEFINED_NAME: "{n} tên vùng (defined name): {detail}",
    Feature.VBA: "macro VBA",
    Feature.CUSTOM_XML: "{n} phần dữ liệu XML tùy chỉnh (custom XML)",
    Feature.PIVOT_CACHE: "{n} bộ đệm dữ liệu của PivotTable",
    Feature.EXTERNAL_LINK: "{n} liên kết tới sổ khác (external link)",
    Feature.SLICER_CACHE: "{n} bộ đệm của slicer/timeline",
    Feature.CONNECTION: "kết nối dữ liệu ngoài (data connection)",
    Feature.CUSTOM_PROPERTY: "{n} thuộc tính tùy chỉnh của tệp",
    Feature.CUSTOM_UI: "tùy biến thanh công cụ (ribbon)",
    Feature.PART: "{n} phần “{detail}” của tệp",
}
# content types whose loss can be said more plainly than by their name
PART_LABELS: dict[str, str] = {
    "sheetMetadata+xml": "thông tin công thức mảng động (dynamic array): Excel sẽ hiện công thức dạng @",
    "rdrichvalue": "ảnh hoặc kiểu dữ liệu đặt trong ô (Place in Cell)",
    "queryTable+xml": "truy vấn dữ liệu ngoài (query table)",
    "webextension": "phần bổ trợ Office (add-in)",
}
# Lost but harmless to the office's work: reported, never a reason to refuse. Excel recomputes every
# formula on open (the tool sets fullCalcOnLoad); printer driver data only tunes one printer.
NOTE_ONLY: frozenset[Feature] = frozenset({Feature.FORMULA_VALUE, Feature.PRINTER_SETTINGS})
_SHOWN_CELLS = 5


@dataclass(frozen=True)
class Loss:
    feature: Feature
    count: int
    sheet: str | None = None
    detail: str = ""  # cells, names or the part's content type
    # threaded comments whose text Excel also keeps as a note (comment) on the same cell, which the write
    # keeps: only the thread's look is lost, never its words
    kept_as_notes: bool = False

    @property
    def blocking(self) -> bool:
        return self.feature not in NOTE_ONLY and not self.kept_as_notes

    def describe(self) -> str:
        """E.g. "2 hộp văn bản trên trang “Nhiệm vụ”"."""
        plain = next((text for key, text in PART_LABELS.items() if key in self.detail), None)
        if self.feature is not Feature.PART or plain is None:
            plain = LABELS[self.feature].format(n=self.count, detail=self.detail)
        return f"{plain} trên trang “{self.sheet}”" if self.sheet else plain


def describe(losses: Iterable[Loss]) -> str:
    return "; ".join(loss.describe() for loss in losses)


def compare(
    before: Inventory,
    after: Inventory,
    *,
    owned_sheets: Collection[str],
    owned_columns: Mapping[str, Collection[str]] | None = None,
) -> list[Loss]:
    """Everything `before` has that `after` lacks, outside the tool's own sheets and columns.

    `owned_columns` maps a sheet name to column letters whose cells the tool rewrites (a rich-text
    value replaced there by the tool's plain text is its write, not a loss).
    """
    owned = {fold(name) for name in owned_sheets}
    columns = {fold(sheet): {c.upper() for c in letters} for sheet, letters in (owned_columns or {}).items()}
    losses: list[Loss] = []
    for name, old in before.sheets.items():
        if fold(name) in owned:
            continue
        new = after.sheets.get(name)
        if new is None:
            losses.append(Loss(Feature.SHEET, 1, name))
            continue
        losses.extend(_sheet_losses(old, new, columns.get(fold(name), set())))
    for feature, count in before.counts.items():
        if feature is not Feature.DEFINED_NAME and after.counts[feature] < count:
            losses.append(Loss(feature, count - after.counts[feature]))
    if missing := sorted(before.names - after.names):
        losses.append(Loss(Feature.DEFINED_NAME, len(missing), detail=", ".join(missing)))
    for key, count in sorted(before.parts.items()):
        if after.parts[key] < count:
            losses.append(Loss(Feature.PART, count - after.parts[key], detail=key))
    return losses


def _sheet_losses(old: SheetInventory, new: SheetInventory, owned_letters: Collection[str]) -> list[Loss]:
    losses = [
        Loss(feature, count - new.counts[feature], old.name, kept_as_notes=_in_notes(feature, old, new))
        for feature, count in old.counts.items()
        if new.counts[feature] < count
    ]
    for feature, cells_before, cells_after in (
        (Feature.RICH_TEXT, old.rich_cells, new.rich_cells),
        (Feature.FORMULA_VALUE, old.formula_cells, new.formula_cells),
    ):
        lost = sorted((c for c in cells_before - cells_after if _letters(c) not in owned_letters), key=_order)
        if lost:
            shown = ", ".join(lost[:_SHOWN_CELLS]) + (", …" if len(lost) > _SHOWN_CELLS else "")
            losses.append(Loss(feature, len(lost), old.name, detail=shown))
    return losses


def _in_notes(feature: Feature, old: SheetInventory, new: SheetInventory) -> bool:
    """Excel 365 writes each threaded comment twice: as the thread and as a plain note with its text. The
    notes survive a write; when none of them is lost, neither is any comment's text."""
    if feature is not Feature.THREADED_COMMENT:
        return False
    lost = old.counts[feature] - new.counts[feature]
    return new.counts[Feature.COMMENT] >= old.counts[Feature.COMMENT] >= lost


def _letters(cell: str) -> str:
    return cell.rstrip("0123456789")


def _order(cell: str) -> tuple[int, int, str]:
    letters = _letters(cell)
    digits = cell[len(letters) :]
    return (int(digits) if digits.isdigit() else 0, len(letters), letters)
