"""The "Hướng dẫn" sheet of a unit's template: how to fill it, what not to change, how to send it back."""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.core.submission import COORDINATING, LEAD
from sheetsync.core.templates import TemplatePlan
from sheetsync.excel import styles
from sheetsync.excel.cells import fit_row_height, set_text
from sheetsync.excel.printing import fit_a4
from sheetsync.schema import GUIDE_SHEET, OFFICE_NAME, REPORT_DATE_LABEL, TEMPLATE, WARD_NAME, Role

__all__ = ["write_guide"]

_NUMBER_WIDTH, _TEXT_WIDTH = 5, 110


def _sections(plan: TemplatePlan) -> list[tuple[str, list[str]]]:
    label = TEMPLATE.label
    leads = sum(1 for r in plan.rows if r.role == LEAD)
    coordinating = sum(1 for r in plan.rows if r.role == COORDINATING)
    status_columns = ", ".join(f"“{label(k)}”" for k in ("status", "progress", "completed_on"))
    text_columns = ", ".join(f"“{label(k)}”" for k in ("result", "difficulties", "proposals"))
    return [
        (
            "1. MẪU NÀY DÀNH CHO",
            [
                f"{plan.unit.name} (mã {plan.unit.code}), kỳ báo cáo “{plan.period}”: {leads} nhiệm vụ đơn vị chủ trì "
                f"và {coordinating} nhiệm vụ đơn vị phối hợp.",
                "Mẫu được lập riêng cho đơn vị và cho kỳ này, và mang mã xác thực của mẫu (ở trang ẩn) cho biết "
                "mẫu của đơn vị nào. Hãy báo cáo trên đúng mẫu này: số liệu điền vào mẫu của đơn vị khác được tính là "
                "báo cáo của đơn vị đó.",
            ],
        ),
        (
            "2. CÁCH ĐIỀN",
            [
                "Chỉ nhập vào các ô nền vàng. Các ô khác đã được khóa để tránh sửa nhầm.",
                f"Ghi “{REPORT_DATE_LABEL}” (ô vàng bên phải chữ “{REPORT_DATE_LABEL}” ở trang “{TEMPLATE.name}”) "
                "là ngày đơn vị gửi báo cáo, dạng ngày/tháng/năm, ví dụ 05/12/2026; dòng “…, ngày … tháng … năm …” "
                "ở đầu trang tự ghi theo ngày này. Ghi họ tên, chức vụ và số điện thoại của người báo cáo để Văn "
                "phòng liên hệ khi cần.",
                f"Dòng có “{label('role')}” là “{Role.LEAD.value}”: đơn vị báo cáo {status_columns} và {text_columns}. "
                f"“{label('status')}” chọn trong danh sách: Chưa thực hiện, Đang thực hiện, Đã hoàn thành. "
                f"“{label('progress')}” là số từ 0 đến 100, không gõ dấu %. “{label('completed_on')}” chỉ ghi khi "
                "nhiệm vụ đã hoàn thành.",
                f"Dòng có “{label('role')}” là “{Role.COORDINATING.value}”: {status_columns} (ô xám) là số liệu của "
                "đơn vị chủ trì, chỉ để tham khảo. Đơn vị ghi phần việc mình đã phối hợp thực hiện vào "
                f"“{label('result')}”, và nếu có thì vào “{label('difficulties')}”, “{label('proposals')}”.",
                "Các ô đã có sẵn nội dung là số liệu của lần báo cáo trước. Chỉ sửa những gì đã thay đổi; "
                "không cần xóa rồi gõ lại.",
                "Trong một ô có thể xuống dòng bằng Alt+Enter (LibreOffice: Ctrl+Enter). Không gõ công thức: "
                "nội dung bắt đầu bằng dấu = được lưu nguyên văn như chữ.",
            ],
        ),
        (
            "3. KHÔNG ĐƯỢC THAY ĐỔI",
            [
                f"Không sửa “{label('code')}”, “{label('role')}”, “{label('content')}”, “{label('deadline')}”. "
                "Nhiệm vụ cần điều chỉnh nội dung hoặc thời hạn: đề nghị ghi vào cột "
                f"“{label('proposals')}”.",
                "Không xóa, chèn hoặc đổi thứ tự dòng, cột; không đổi tên, xóa hoặc thêm trang tính.",
                "Trang được khóa không đặt mật khẩu, chỉ để tránh sửa nhầm; đề nghị không gỡ khóa. Không đặt "
                "mật khẩu cho tệp (tệp có mật khẩu không đọc được).",
                "Không chép số liệu sang một tệp mới: tệp mới không mang mã xác thực của mẫu và sẽ bị từ chối. "
                "Hãy điền và lưu ngay trên tệp này.",
            ],
        ),
        (
            "4. GỬI LẠI",
            [
                "Lưu tệp bằng Excel (.xlsx). Dùng LibreOffice hoặc WPS cũng được: lưu dạng .xlsx, .xls hoặc .ods.",
                f"Gửi tệp đính kèm thư điện tử về {OFFICE_NAME} {WARD_NAME}. Có thể đổi tên tệp; mỗi thư có thể "
                "đính kèm một hoặc nhiều tệp.",
                "Cần bổ sung sau khi đã gửi: sửa ngay trên tệp, ghi lại “Ngày báo cáo” mới rồi gửi lại. Báo cáo có "
                "ngày báo cáo mới hơn sẽ được cập nhật; báo cáo cũ hơn không ghi đè số liệu mới.",
                "Nếu báo cáo có lỗi, Văn phòng gửi lại thông báo ghi rõ trang, ô và nội dung cần sửa.",
            ],
        ),
    ]


def write_guide(ws: Worksheet, plan: TemplatePlan) -> None:
    ws.title = GUIDE_SHEET
    ws.column_dimensions["A"].width = _NUMBER_WIDTH
    ws.column_dimensions["B"].width = _TEXT_WIDTH
    title = ws["A1"]
    set_text(title, "HƯỚNG DẪN ĐIỀN MẪU BÁO CÁO")
    title.font = styles.TITLE_FONT
    title.alignment = styles.TITLE_ALIGNMENT
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 26
    row = 3
    for heading, items in _sections(plan):
        cell = ws.cell(row=row, column=1)
        set_text(cell, heading)
        cell.font = styles.SECTION_FONT
        ws.row_dimensions[row].height = 22
        row += 1
        for item in items:
            set_text(ws.cell(row=row, column=1), "–")
            ws.cell(row=row, column=1).alignment = Alignment(horizontal="right", vertical="top")
            text = ws.cell(row=row, column=2)
            set_text(text, item)
            text.alignment = styles.WRAP
            for column in (1, 2):
                ws.cell(row=row, column=column).font = styles.BODY_FONT
            fit_row_height(ws, row)
            row += 1
        row += 1
    ws.protection.sheet = True
    fit_a4(ws, landscape=False, centered=False)
    ws.page_margins.left, ws.page_margins.right = 1.2, 0.7
