"""Write a fresh master workbook (Nhiệm vụ, Đơn vị, Nhật ký, Lịch sử, Hướng dẫn) that reads as an office document."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.core.deadlines import parse_deadline
from sheetsync.excel import styles
from sheetsync.excel.cells import fit_row_height, set_value, text_height
from sheetsync.excel.printing import fit_a4, page_number_footer
from sheetsync.schema import (
    BACKUP_DIR,
    CONFIG_FILE,
    DECISION_DATE_BLANK,
    DECISION_DATE_NAME,
    DECISION_NUMBER_BLANK,
    DECISION_NUMBER_NAME,
    DEFAULT_SIGNER,
    DEFAULT_WARN_DAYS,
    ERROR_SUFFIX,
    GUIDE_SHEET,
    HISTORY,
    JOURNAL,
    MERGE_STATE,
    PROCESSED_DIR,
    PROGRAM_NAME_FORMAT,
    PROGRAM_TITLE,
    PROGRAM_YEAR,
    REJECTED_DIR,
    SUMMARY_SHEET,
    TASKS,
    UNITS,
    WARD_AUTHORITY,
    Assessment,
    Kind,
    Sheet,
    Status,
    Writer,
)

__all__ = ["build_master"]

# Validation and formats reach this many rows below the last task, so a task staff add by hand
# still gets the status dropdown and the range checks.
SPARE_ROWS = 50
# columns the tool computes: written here only as empty cells, filled by `sheetsync summary`/`merge`
_COMPUTED_KEYS = ("due", "updated_on", "assessment")
# "Nhiệm vụ" row 4: the Decision's number spans H:I, its date J:K (columns of Tình trạng … Kết quả)
_DECISION_COLUMNS = (8, 10)
# Print widths for "Nhiệm vụ": narrower than schema.TASKS's screen widths so that all sixteen columns fit
# an A4 landscape page at a readable scale; date columns stay wide enough for dd/mm/yyyy in 12 pt.
TASK_WIDTHS: dict[str, float] = {
    "code": 6.5,
    "pillar": 10,
    "content": 36,
    "lead": 13.5,
    "coordinating": 15,
    "deadline": 10.5,
    "due": 11,
    "status": 9.5,
    "progress": 7,
    "completed_on": 11,
    "result": 25,
    "difficulties": 15,
    "proposals": 15,
    "coord_opinions": 19,
    "updated_on": 11,
    "assessment": 12,
}
UNIT_WIDTHS: dict[str, float] = {"name": 30, "aliases": 40, "email": 30, "parent": 30, "signer": 20}
# "Nhiệm vụ": the title block's rows; the table's header row sits under them
_TASK_HEADER_ROW = 5
_DECISION_ROW = 3
_CENTERED_KEYS = ("code", "deadline", "due", "status", "progress", "completed_on", "updated_on", "assessment")


def build_master(
    units: list[dict[str, Any]],
    tasks: list[dict[str, Any]],
    path: Path,
    *,
    title: str = PROGRAM_TITLE,
    year: int = PROGRAM_YEAR,
) -> None:
    """Write the master workbook to `path`.

    `units` are dicts keyed by `schema.UNITS` column keys (code, name, aliases, email, contact, phone);
    `tasks` by `schema.TASKS` keys (code, pillar, content, lead, coordinating, deadline and, optionally,
    the status keys status, progress, completed_on, result, difficulties, proposals, coord_opinions).
    Hạn chót is derived from Thời hạn; Ngày cập nhật and Đánh giá are left for the tool's runs.
    """
    _check_keys(units, UNITS, ())
    _check_keys(tasks, TASKS, _COMPUTED_KEYS)
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    _default_font(wb)
    wb.properties.title = f"Chương trình “{title}” năm {year}"
    wb.properties.creator = "sheetsync"
    wb.properties.language = "vi-VN"
    _write_tasks(wb.create_sheet(TASKS.name), tasks, title=title, year=year)
    _decision_names(wb)
    _write_units(wb.create_sheet(UNITS.name), units, year=year)
    for log in (JOURNAL, HISTORY):
        _write_log(wb.create_sheet(log.name), log)
    _write_guide(wb.create_sheet(GUIDE_SHEET), title=title, year=year)
    wb.active = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _default_font(wb: Workbook) -> None:
    """Make Times New Roman 12 the workbook's default (Normal) font.

    Cells staff type into later then match the document, and Excel sizes column width units by this
    font's digit (8 px), as LibreOffice does, so both wrap text alike. openpyxl has no public setter:
    font 0 of its style table is the Normal style's font.
    """
    wb._fonts = IndexedList([styles.BODY_FONT])  # type: ignore[attr-defined]  # the style table: no public form
    wb._named_styles["Normal"].font = styles.BODY_FONT  # type: ignore[attr-defined]  # nor for the Normal style


def _check_keys(records: Iterable[Mapping[str, Any]], sheet: Sheet, forbidden: tuple[str, ...]) -> None:
    allowed = set(sheet.keys) - set(forbidden)
    for number, record in enumerate(records, start=1):
        unknown = set(record) - allowed
        if unknown:
            raise ValueError(f"{sheet.name}: record {number} has unknown keys {sorted(unknown)}")


# --- Nhiệm vụ ----------------------------------------------------------------------------------------


def _write_tasks(ws: Worksheet, tasks: list[dict[str, Any]], *, title: str, year: int) -> None:
    columns = TASKS.columns
    last_letter = get_column_letter(len(columns))
    _title_block(
        ws,
        last_letter,
        [
            # one cell of two lines: the header row stays where staff and older masters have it (row 5)
            (f"SỔ THEO DÕI THỰC HIỆN\n{PROGRAM_NAME_FORMAT.format(year=year, title=title)}", styles.TITLE_FONT, 40),
            ("", styles.SUBTITLE_FONT, 20),  # the Decision's line, filled by _decision_fields
        ],
    )
    _decision_fields(ws)
    header = _TASK_HEADER_ROW
    _header_row(ws, TASKS, header, widths=TASK_WIDTHS)
    for offset, task in enumerate(tasks, start=1):
        row = header + offset
        values = dict(task)
        deadline = parse_deadline(values.get("deadline"), year=year)
        values["due"] = deadline.due if deadline is not None else None
        for index, column in enumerate(columns, start=1):
            cell = ws.cell(row=row, column=index)
            set_value(cell, _blank_to_none(values.get(column.key)))
            _body_style(cell, column.key, column.kind, column.writer)
        fit_row_height(ws, row)
    last = header + max(len(tasks), 1)
    _table_finish(ws, header, last, freeze_col=TASKS.keys.index("code") + 2)
    _task_validations(ws, header + 1, last + SPARE_ROWS, year=year)
    _print_setup(ws, header, landscape=True)


def _decision_fields(ws: Worksheet) -> None:
    """ "(Ban hành kèm theo Quyết định số …/QĐ-UBND ngày …/01/2026)": the number and the date are cells the office
    fills in once the Decision is signed (yellow, as every cell meant for typing); other outputs find them by
    their defined names (schema.DECISION_NUMBER_NAME, DECISION_DATE_NAME)."""
    row = _DECISION_ROW
    label = ws.cell(row=row, column=1, value="(Ban hành kèm theo Quyết định số")
    label.font = styles.SUBTITLE_FONT
    label.alignment = Alignment(horizontal="right", vertical="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=_DECISION_COLUMNS[0] - 1)
    number = ws.cell(row=row, column=_DECISION_COLUMNS[0], value=DECISION_NUMBER_BLANK)
    ws.merge_cells(start_row=row, start_column=_DECISION_COLUMNS[0], end_row=row, end_column=_DECISION_COLUMNS[1] - 1)
    day = ws.cell(row=row, column=_DECISION_COLUMNS[1], value=DECISION_DATE_BLANK)
    # shows "ngày 05/01/2026)" once a date is typed, "ngày …/01/2026)" before: the words stay with the value
    day.number_format = '"ngày "dd/mm/yyyy")";;;"ngày "@")"'
    ws.merge_cells(start_row=row, start_column=_DECISION_COLUMNS[1], end_row=row, end_column=_DECISION_COLUMNS[1] + 1)
    for cell, align in ((number, "center"), (day, "left")):
        cell.font = styles.SUBTITLE_FONT
        cell.fill = styles.INPUT_FILL
        cell.alignment = Alignment(horizontal=align, vertical="center")
    ws.row_dimensions[row].height = 20


def _decision_names(wb: Workbook) -> None:
    sheet = TASKS.name.replace("'", "''")
    for name, column in ((DECISION_NUMBER_NAME, _DECISION_COLUMNS[0]), (DECISION_DATE_NAME, _DECISION_COLUMNS[1])):
        ref = f"'{sheet}'!${get_column_letter(column)}${_DECISION_ROW}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _task_validations(ws: Worksheet, first: int, last: int, *, year: int) -> None:
    def span(key: str) -> str:
        letter = get_column_letter(TASKS.keys.index(key) + 1)
        return f"{letter}{first}:{letter}{last}"

    statuses = ",".join(s.value for s in Status)
    status = DataValidation(
        type="list",
        formula1=f'"{statuses}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tình trạng không hợp lệ",
        error=f"Chọn một trong: {', '.join(s.value for s in Status)}.",
    )
    progress = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tiến độ không hợp lệ",
        error="Nhập số nguyên từ 0 đến 100 (không gõ dấu %).",
    )
    low, high = date(year - 1, 1, 1), date(year + 5, 12, 31)
    completed = DataValidation(
        type="date",
        operator="between",
        formula1=str(int(to_excel(low))),
        formula2=str(int(to_excel(high))),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ngày không hợp lệ",
        error="Nhập ngày dạng dd/mm/yyyy, ví dụ 15/3/2026.",
    )
    for validation, key in ((status, "status"), (progress, "progress"), (completed, "completed_on")):
        validation.add(span(key))
        ws.add_data_validation(validation)


# --- Đơn vị ------------------------------------------------------------------------------------------


def _write_units(ws: Worksheet, units: list[dict[str, Any]], *, year: int) -> None:
    last_letter = get_column_letter(len(UNITS.columns))
    _title_block(
        ws,
        last_letter,
        [
            (f"DANH SÁCH ĐƠN VỊ THỰC HIỆN CHƯƠNG TRÌNH NĂM {year}", styles.TITLE_FONT, 24),
            (
                "Email, người đầu mối, điện thoại dưới đây là thông tin MẪU: Văn phòng thay bằng thông tin thật. "
                f"“{UNITS.label('parent')}” in phía trên tên đơn vị ở mẫu báo cáo (để trống: không in); "
                f"“{UNITS.label('signer')}” in ở chỗ ký (để trống: “{DEFAULT_SIGNER}”).",
                styles.ITALIC_FONT,
                36,
            ),
        ],
    )
    header = 5
    _header_row(ws, UNITS, header, widths=UNIT_WIDTHS)
    for offset, unit in enumerate(units, start=1):
        for index, column in enumerate(UNITS.columns, start=1):
            cell = ws.cell(row=header + offset, column=index)
            set_value(cell, _blank_to_none(unit.get(column.key)))
            _body_style(cell, column.key, column.kind, column.writer)
        fit_row_height(ws, header + offset)
    last = header + max(len(units), 1)
    _table_finish(ws, header, last, freeze_col=2)
    _print_setup(ws, header, landscape=True)


# --- Nhật ký, Lịch sử ----------------------------------------------------------------------------------


def _write_log(ws: Worksheet, sheet: Sheet) -> None:
    """Append-only logs: a header row the tool appends under; grey tab marks the sheet as the tool's."""
    _header_row(ws, sheet, 1)
    _table_finish(ws, 1, 1, freeze_col=1)
    ws.sheet_properties.tabColor = "A6A6A6"
    _print_setup(ws, 1, landscape=True)


# --- Hướng dẫn -------------------------------------------------------------------------------------------

_WRITER_TEXT: dict[Writer, str] = {
    Writer.OFFICE: "Văn phòng ghi",
    Writer.LEAD: "Đơn vị chủ trì báo cáo (qua mẫu báo cáo)",
    Writer.COORDINATING: "Đơn vị phối hợp báo cáo (qua mẫu báo cáo)",
    Writer.TOOL: "Công cụ tự ghi: không sửa tay",
}
_WRITER_NOTE: dict[Writer, str] = {
    Writer.OFFICE: "Dữ liệu gốc của Chương trình và Phụ lục phân công.",
    Writer.LEAD: "Đơn vị không mở sổ này: đơn vị điền mẫu báo cáo gửi qua email, công cụ đưa vào sổ.",
    Writer.COORDINATING: "Mỗi đơn vị phối hợp một đoạn, mở đầu bằng tên đơn vị và ngày báo cáo.",
    Writer.TOOL: "Lần chạy sau ghi đè những gì gõ tay vào các cột này.",
}


def _guide_sections(title: str, year: int) -> list[tuple[str, list[tuple[str, str]]]]:
    tasks, units = TASKS.name, UNITS.name
    period = f"Tháng 12/{year}"
    inbox = "hop-thu"
    return [
        (
            "1. CÁC TRANG TRONG SỔ",
            [
                (
                    tasks,
                    f"Mỗi dòng một nhiệm vụ hoặc giải pháp của Chương trình. {TASKS.label('code')} dạng "
                    "Trụ cột.Mục.Số: trụ cột (1-3), mục (1 = Nội dung, 2 = Giải pháp trọng tâm), số thứ tự; "
                    "ví dụ 1.1.7 là nhiệm vụ bầu cử, 2.2.1 là giải pháp trọng tâm thứ nhất của trụ cột 2. "
                    "Đây là dữ liệu gốc.",
                ),
                (
                    "Lời văn nhiệm vụ",
                    f"“{TASKS.label('content')}” là nguyên văn Chương trình, chỉ chuẩn hóa khoảng trắng. Nhiệm vụ "
                    "1.2.2 viết “gắn tiền độ và chất lượng thực hiện nhiệm vụ…”: chữ “tiền độ” là nguyên văn của "
                    "Chương trình, sổ giữ đúng như văn bản, không phải lỗi nhập.",
                ),
                (
                    "Số, ngày Quyết định",
                    f"Dòng “(Ban hành kèm theo Quyết định số … ngày …)” ở đầu trang “{tasks}” có hai ô nền vàng: "
                    "khi Quyết định được ký, Văn phòng ghi số (ví dụ 05/QĐ-UBND) và ngày ban hành (ví dụ 05/01/"
                    f"{year}) vào hai ô đó.",
                ),
                (
                    units,
                    f"Danh sách đơn vị: mã, tên, {UNITS.label('aliases').lower()} (viết tắt, cách nhau bằng "
                    "dấu “;”), email, người đầu mối, điện thoại; ở mọi chỗ có thể ghi đơn vị bằng mã, tên hoặc tên "
                    f"gọi khác. “{UNITS.label('parent')}” và “{UNITS.label('signer')}” là những gì in ở đầu và ở "
                    "chỗ ký của mẫu báo cáo gửi đơn vị đó (ví dụ Công an phường in “CÔNG AN THÀNH PHỐ HẢI PHÒNG”, "
                    "Ủy ban MTTQ để trống).",
                ),
                (
                    SUMMARY_SHEET,
                    "Công cụ tạo lại sau mỗi lần chạy: số liệu theo trụ cột và theo đơn vị, nhiệm vụ "
                    "quá hạn, sắp đến hạn, đơn vị chưa báo cáo kỳ này. Không sửa tay.",
                ),
                (
                    JOURNAL.name,
                    "Mỗi tệp báo cáo đã xử lý một dòng: thời gian, tên tệp, mã SHA-256, đơn vị, kỳ, "
                    "ngày báo cáo, kết quả, số dòng thay đổi, vấn đề. Công cụ chỉ ghi thêm.",
                ),
                (
                    HISTORY.name,
                    "Mỗi ô bị thay đổi một dòng: giá trị cũ, giá trị mới, đơn vị, tệp nguồn, nên "
                    "không giá trị nào bị mất. Công cụ chỉ ghi thêm.",
                ),
                (
                    f"{MERGE_STATE.name} (ẩn)",
                    "Công cụ ghi ngày báo cáo gần nhất đã áp dụng của từng đơn vị cho từng nhiệm vụ, để báo "
                    "cáo cũ hơn không ghi đè báo cáo mới hơn. Không xóa, không sửa.",
                ),
                (GUIDE_SHEET, "Trang này."),
            ],
        ),
        (
            f"2. AI GHI CỘT NÀO Ở TRANG “{tasks.upper()}” (màu ô tiêu đề)",
            [
                (_WRITER_TEXT[w], ", ".join(c.label for c in TASKS.columns if c.writer is w) + ". " + _WRITER_NOTE[w])
                for w in Writer
            ]
            + [
                (
                    "Thêm cột, đổi thứ tự",
                    "Văn phòng được thêm cột riêng (ví dụ “Ghi chú”) và đổi thứ tự cột: công "
                    "cụ tìm cột theo tên tiêu đề và giữ nguyên cột thêm. Không đổi tên tiêu đề cột.",
                ),
            ],
        ),
        (
            "3. ĐẦU MỖI KỲ BÁO CÁO: LẬP VÀ GỬI MẪU",
            [
                (
                    "Bước 1. Lập mẫu báo cáo",
                    f'sheetsync templates --period "{period}" --out mau-gui-don-vi\n'
                    "Mỗi đơn vị có nhiệm vụ nhận một tệp Excel trong thư mục mau-gui-don-vi, điền sẵn số liệu "
                    "hiện có; kỳ báo cáo và hạn nộp được ghi vào sổ để biết đơn vị nào chưa nộp. Thêm "
                    "--han-nop ngày/tháng/năm để đặt hạn nộp của kỳ (không ghi thì theo quy tắc trong "
                    f"{CONFIG_FILE}).",
                ),
                (
                    "Mã xác thực của mẫu",
                    "Mỗi mẫu mang một mã xác thực của mẫu, tính bằng tệp khóa .sheetsync-key để cạnh sổ, nên "
                    "không ai sửa được mẫu để báo cáo thay đơn vị khác. Giữ tệp khóa cạnh sổ, không gửi cho ai.",
                ),
                (
                    "Bước 2. Gửi mẫu",
                    f"Gửi mỗi đơn vị tệp của mình (địa chỉ ở trang “{units}”). Đơn vị điền Tình trạng, Tiến độ, "
                    "Ngày hoàn thành, Kết quả, Khó khăn, Đề xuất, ghi Ngày báo cáo rồi gửi lại; không đổi tên "
                    "trang, không xóa dòng.",
                ),
                (
                    "Phân công thay đổi giữa kỳ",
                    "Đổi đơn vị chủ trì, phối hợp hay thời hạn của nhiệm vụ sau khi đã gửi mẫu: lập lại mẫu "
                    "cho các đơn vị liên quan để mẫu khớp với sổ.",
                ),
            ],
        ),
        (
            "4. HẰNG TUẦN: ĐƯA BÁO CÁO VÀO SỔ",
            [
                (
                    "Bước 1. Lưu tệp nhận về",
                    f"Lưu các tệp đơn vị gửi lại (.xlsx, .xls, .ods, hoặc cả thư .eml) vào thư mục {inbox}.",
                ),
                (
                    "Bước 2. Tổng hợp",
                    f"Đóng sổ này trong Excel, rồi chạy:\nsheetsync merge --inbox {inbox}\n"
                    f"Tệp đã xử lý chuyển vào {inbox}/{PROCESSED_DIR}/<ngày>; tệp bị từ chối vào "
                    f"{inbox}/{REJECTED_DIR}/<ngày> kèm tệp {ERROR_SUFFIX} nêu lỗi ở ô nào, để chuyển lại cho đơn vị. "
                    f"Sổ được sao lưu vào thư mục {BACKUP_DIR} trước khi ghi.",
                ),
                (
                    "Kết quả từng tệp",
                    f"Mỗi tệp có một dòng ở trang “{JOURNAL.name}” (đã cập nhật, cập nhật một phần, bị từ chối, "
                    "trùng); tệp nộp trên mẫu của kỳ khác cũng được ghi ở đó cùng kết quả xử lý.",
                ),
                (
                    "Bước 3. Đọc “Tổng hợp”",
                    f"Mở sổ, xem trang “{SUMMARY_SHEET}”: nhiệm vụ quá hạn, sắp đến hạn, "
                    "đơn vị chưa báo cáo để đôn đốc; in báo cáo cho lãnh đạo.",
                ),
                (
                    "Lệnh khác",
                    "sheetsync validate: kiểm tra sổ sau khi sửa tay, báo lỗi theo từng ô.\n"
                    "sheetsync summary: tính lại Đánh giá và Tổng hợp mà không cần hộp thư.\n"
                    f"Thêm --as-of {year}-11-26 để tính tại một ngày khác hôm nay.",
                ),
            ],
        ),
        (
            f"5. CÁCH GHI CỘT “{TASKS.label('deadline').upper()}”",
            [
                ("30/6/2026; 30/06/2026; 30-6-2026; 30.6.2026; ngày 30 tháng 6 năm 2026", "Đúng ngày đó."),
                ("trước ngày 30/6/2026; chậm nhất ngày 30/6; trước 30/6", "Đến hết ngày 30/6 (tính cả ngày đó)."),
                ("Tháng 6/2026; tháng 06 năm 2026", "Ngày cuối tháng: 30/6/2026."),
                ("Quý II/2026; Quý 2/2026; quý II năm 2026; Q2/2026", "Ngày cuối quý: 30/6/2026."),
                ("Quý II-III/2026", "Ngày cuối quý sau cùng: 30/9/2026."),
                ("6 tháng đầu năm 2026; 9 tháng đầu năm; 6 tháng cuối năm", "30/6; 30/9; 31/12."),
                ("Năm 2026; Trong năm 2026; Cả năm", "31/12/2026."),
                ("Giai đoạn 2026-2030", "31/12/2030."),
                (
                    "Thường xuyên; Liên tục; Hằng tháng; Hằng quý; Hằng năm",
                    "Không có hạn chót: đánh giá “Thực hiện thường xuyên”, không bao giờ quá hạn.",
                ),
                (
                    "Lưu ý",
                    f"Không ghi năm thì hiểu là năm {year}. Cách ghi khác (ví dụ “Theo kế hoạch của Thành "
                    "phố”) không được đoán: sheetsync validate báo ô đó để Văn phòng ghi lại.",
                ),
            ],
        ),
    ]


def _write_guide(ws: Worksheet, *, title: str, year: int) -> None:
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 92
    ws["A1"] = f"HƯỚNG DẪN SỬ DỤNG SỔ THEO DÕI CHƯƠNG TRÌNH NĂM {year}"
    ws["A1"].font = styles.TITLE_FONT
    ws["A1"].alignment = styles.TITLE_ALIGNMENT
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 24
    ws["A2"] = PROGRAM_NAME_FORMAT.format(year=year, title=title)
    ws["A2"].font = styles.SUBTITLE_FONT
    ws["A2"].alignment = styles.TITLE_ALIGNMENT
    ws.merge_cells("A2:B2")
    ws.row_dimensions[2].height = 22
    row = 4
    warnings = [
        "Phân công đơn vị chủ trì, đơn vị phối hợp và thời hạn của các nhiệm vụ là MẪU MINH HỌA, không phải "
        "Phụ lục chính thức (Phụ lục không được công bố kèm Chương trình). Văn phòng thay bằng Phụ lục thật "
        "trước khi gửi mẫu báo cáo cho các đơn vị.",
        "Mẫu được chọn theo nội dung từng nhiệm vụ: Văn phòng HĐND và UBND chủ trì các việc tham mưu, tổng hợp, "
        "báo cáo, tiếp công dân; Phòng Kinh tế, Hạ tầng và Đô thị các việc kinh tế, ngân sách, xây dựng, đất "
        "đai; Phòng Văn hóa - Xã hội các việc văn hóa, xã hội, y tế, giáo dục, nội vụ (phối hợp với Trạm Y tế); "
        "Công an phường nhiệm vụ quốc phòng - an ninh (phối hợp với Ban Chỉ huy quân sự về giao quân); "
        "Trung tâm Phục vụ hành chính công các việc phục vụ người dân; Ủy ban MTTQ Việt Nam phường phối hợp ở "
        "các việc giám sát, dân chủ. Thời hạn theo Chương trình: phần lớn “Năm 2026” hoặc “Thường xuyên”; "
        "nhiệm vụ bầu cử 1.1.7 trước ngày bầu cử 15/3/2026.",
        f"Email, người đầu mối, điện thoại, cơ quan cấp trên, chức danh ký ở trang “{UNITS.name}” và tình "
        "trạng, tiến độ, kết quả điền sẵn ở một số nhiệm vụ là số liệu minh họa: xóa hoặc thay trước khi "
        "dùng thật.",
    ]
    for index, text in enumerate(warnings):
        label = ws.cell(row=row, column=1, value="LƯU Ý: DỮ LIỆU MẪU" if index == 0 else None)
        body = ws.cell(row=row, column=2, value=text)
        for cell in (label, body):
            cell.font = styles.WARNING_FONT if cell is label else styles.BOLD_FONT
            cell.fill = styles.WARNING_FILL
            cell.alignment = styles.WRAP
            cell.border = styles.WARNING_BORDER
        fit_row_height(ws, row)
        row += 1
    for heading, items in _guide_sections(title, year):
        row += 1
        ws.cell(row=row, column=1, value=heading).font = styles.SECTION_FONT
        row += 1
        for term, text in items:
            writer = next((w for w, label in _WRITER_TEXT.items() if label == term), None)
            _guide_item(ws, row, term, text, fill=styles.HEADER_FILLS[writer] if writer else None)
            fit_row_height(ws, row)
            row += 1
        if heading.startswith("5."):
            row = _assessment_legend(ws, row + 1)
    _print_setup(ws, None, landscape=False)


def _assessment_legend(ws: Worksheet, row: int) -> int:
    warn = DEFAULT_WARN_DAYS
    meaning = {
        Assessment.DONE_ON_TIME: "Đã hoàn thành, ngày hoàn thành không muộn hơn hạn chót (hoặc nhiệm vụ thường xuyên).",
        Assessment.DONE_LATE: "Đã hoàn thành nhưng sau hạn chót.",
        Assessment.OVERDUE: "Chưa hoàn thành, đã qua hạn chót: cần đôn đốc.",
        Assessment.DUE_SOON: f"Chưa hoàn thành, còn không quá {warn} ngày đến hạn chót (số liệu chính thức "
        "vẫn tính là trong hạn).",
        Assessment.ON_TRACK: f"Chưa hoàn thành, còn hơn {warn} ngày đến hạn chót.",
        Assessment.ONGOING: "Nhiệm vụ thường xuyên, không có hạn chót.",
    }
    heading = "6. Ý NGHĨA MÀU CỦA DÒNG NHIỆM VỤ"
    ws.cell(row=row, column=1, value=heading).font = styles.SECTION_FONT
    row += 1
    note = ws.cell(row=row, column=1)
    set_value(
        note,
        "Màu của mỗi dòng tự cập nhật theo ngày hôm nay mỗi khi mở sổ (Excel tự tính lại); chữ ở cột "
        f"“{TASKS.label('assessment')}” là kết quả đánh giá tại ngày chạy công cụ gần nhất.",
    )
    note.font = styles.BODY_FONT
    note.alignment = styles.WRAP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    width = sum(ws.column_dimensions[letter].width for letter in ("A", "B"))
    ws.row_dimensions[row].height = max(18, text_height(str(note.value), width))
    for assessment, text in meaning.items():
        row += 1
        look = styles.ASSESSMENT_LOOKS[assessment]
        _guide_item(ws, row, assessment.value, text, fill=look.fill, font=look.font)
        fit_row_height(ws, row)
    return row + 1


def _guide_item(ws: Worksheet, row: int, term: str, text: str, *, fill: Any = None, font: Any = None) -> None:
    a = ws.cell(row=row, column=1, value=term)
    b = ws.cell(row=row, column=2)
    set_value(b, text)
    a.font = font or styles.BOLD_FONT
    b.font = styles.BODY_FONT
    for cell in (a, b):
        cell.alignment = styles.WRAP
        cell.border = styles.THIN_BORDER
    if fill is not None:
        a.fill = fill


# --- shared pieces -------------------------------------------------------------------------------------


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _title_block(ws: Worksheet, last_letter: str, lines: list[tuple[str, Any, float]]) -> None:
    """Row 1: the issuing authority (top left, as on an administrative document); rows 2-3: title lines ("" = a
    row left to the caller)."""
    ws["A1"] = WARD_AUTHORITY
    ws["A1"].font = styles.AUTHORITY_FONT
    ws["A1"].alignment = styles.TITLE_ALIGNMENT
    ws.merge_cells("A1:C1")
    ws.row_dimensions[1].height = 22
    for row, (text, font, height) in enumerate(lines, start=2):
        if not text:
            continue
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = styles.TITLE_ALIGNMENT
        ws.merge_cells(f"A{row}:{last_letter}{row}")
        ws.row_dimensions[row].height = height
    ws.row_dimensions[len(lines) + 2].height = 8


def _header_row(ws: Worksheet, sheet: Sheet, row: int, *, widths: Mapping[str, float] | None = None) -> None:
    widths = widths or {}
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=row, column=index, value=column.label)
        cell.font = styles.HEADER_FONT
        cell.fill = styles.HEADER_FILLS[column.writer]
        cell.alignment = styles.HEADER_ALIGNMENT
        cell.border = styles.HEADER_BORDER
        ws.column_dimensions[get_column_letter(index)].width = widths.get(column.key, column.width)
    fit_row_height(ws, row, minimum=40)


def _body_style(cell: Any, key: str, kind: Kind, writer: Writer) -> None:
    cell.font = styles.BODY_FONT
    cell.border = styles.THIN_BORDER
    cell.alignment = styles.WRAP_CENTER if key in _CENTERED_KEYS else styles.WRAP
    if kind is Kind.DATE:
        cell.number_format = styles.DATE_FORMAT
    elif kind is Kind.DATETIME:
        cell.number_format = styles.DATETIME_FORMAT
    if writer is Writer.TOOL:
        cell.fill = styles.TOOL_CELL_FILL


def _table_finish(ws: Worksheet, header: int, last: int, *, freeze_col: int) -> None:
    last_letter = get_column_letter(ws.max_column)
    ws.auto_filter.ref = f"A{header}:{last_letter}{last}"
    ws.freeze_panes = ws.cell(row=header + 1, column=freeze_col).coordinate


def _print_setup(ws: Worksheet, header: int | None, *, landscape: bool) -> None:
    fit_a4(ws, landscape=landscape, margins=(0.4, 0.4, 0.5, 0.6), title_row=header)
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
    page_number_footer(ws, sheet_name=True)
