"""Problems as data: a stable code, a severity, where it is, and one Vietnamese message table."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Level(StrEnum):
    """How much a problem rejects: a file, a row, or nothing (a warning)."""

    FILE = "file"
    ROW = "row"
    NOTE = "note"


class Code(StrEnum):
    # the master and its structure
    workbook_missing = "workbook_missing"
    workbook_unreadable = "workbook_unreadable"
    master_not_xlsx = "master_not_xlsx"
    missing_sheet = "missing_sheet"
    missing_header_row = "missing_header_row"
    missing_column = "missing_column"
    near_miss_column = "near_miss_column"
    duplicate_column = "duplicate_column"
    formula_not_computed = "formula_not_computed"
    # tasks
    empty_code = "empty_code"
    section_heading = "section_heading"
    duplicate_code = "duplicate_code"
    bad_code_format = "bad_code_format"
    unknown_pillar = "unknown_pillar"
    missing_lead = "missing_lead"
    several_leads = "several_leads"
    unknown_unit = "unknown_unit"
    ambiguous_unit = "ambiguous_unit"
    lead_also_coordinating = "lead_also_coordinating"
    bad_deadline = "bad_deadline"
    bad_status = "bad_status"
    bad_progress = "bad_progress"
    bad_date = "bad_date"
    done_without_date = "done_without_date"
    done_below_100 = "done_below_100"
    date_without_done = "date_without_done"
    text_too_long = "text_too_long"
    # units
    empty_unit_code = "empty_unit_code"
    duplicate_unit = "duplicate_unit"
    empty_unit_name = "empty_unit_name"
    alias_conflict = "alias_conflict"
    # submissions: the whole file
    file_unreadable = "file_unreadable"
    file_empty = "file_empty"
    file_encrypted = "file_encrypted"
    file_too_large = "file_too_large"
    zip_bomb = "zip_bomb"
    hostile_xml = "hostile_xml"
    unsupported_file = "unsupported_file"
    not_a_template = "not_a_template"
    bad_signature = "bad_signature"
    unknown_submission_unit = "unknown_submission_unit"
    structure_broken = "structure_broken"
    duplicate_file = "duplicate_file"
    no_attachment = "no_attachment"
    unsafe_path = "unsafe_path"
    companion_document = "companion_document"
    reports_in_subfolder = "reports_in_subfolder"
    # submissions: one row
    unknown_task = "unknown_task"
    task_not_assigned = "task_not_assigned"
    not_in_signed_list = "not_in_signed_list"
    completed_after_report = "completed_after_report"
    coordinating_status_changed = "coordinating_status_changed"
    locked_cell_changed = "locked_cell_changed"
    error_value = "error_value"
    # submissions: warnings
    formula_as_text = "formula_as_text"
    formula_cell = "formula_cell"
    report_date_missing = "report_date_missing"
    report_date_in_future = "report_date_in_future"
    report_date_outside_period = "report_date_outside_period"
    older_report = "older_report"
    legacy_encoding = "legacy_encoding"
    value_normalized = "value_normalized"
    macro_ignored = "macro_ignored"
    # the run
    master_open = "master_open"
    master_busy = "master_busy"
    features_would_be_lost = "features_would_be_lost"
    features_lost = "features_lost"
    formula_values_dropped = "formula_values_dropped"
    printer_settings_dropped = "printer_settings_dropped"
    threads_kept_as_notes = "threads_kept_as_notes"
    # templates and their signing key
    key_missing = "key_missing"
    key_unusable = "key_unusable"
    bad_period = "bad_period"
    output_unwritable = "output_unwritable"
    # the merge (issue 3, part B)
    no_report_date = "no_report_date"
    role_changed = "role_changed"
    inbox_missing = "inbox_missing"
    configured_inbox_missing = "configured_inbox_missing"
    inbox_is_master_folder = "inbox_is_master_folder"
    move_failed = "move_failed"
    # the configuration file beside the master (sheetsync.toml)
    config_unreadable = "config_unreadable"
    bad_config_value = "bad_config_value"
    unknown_config_key = "unknown_config_key"
    password_in_config = "password_in_config"
    # a weekly cycle that stopped on an unexpected error (the schedule and the button report it, then go on)
    cycle_failed = "cycle_failed"
    # excel-setup: the add-in's Run main button imports a module named after the workbook
    workbook_name_not_module = "workbook_name_not_module"
    entry_file_exists = "entry_file_exists"
    # hardening (issue 6)
    sheet_too_large = "sheet_too_large"
    sheets_too_large = "sheets_too_large"
    too_much_text = "too_much_text"
    too_many_merged = "too_many_merged"
    # e-mail (issue 13): the mail servers, sending and fetching
    mail_off = "mail_off"
    mail_password_missing = "mail_password_missing"
    mail_login_failed = "mail_login_failed"
    mail_host_unreachable = "mail_host_unreachable"
    mail_certificate_refused = "mail_certificate_refused"
    mail_server_error = "mail_server_error"
    mail_plaintext = "mail_plaintext"
    unit_without_email = "unit_without_email"
    mail_send_failed = "mail_send_failed"
    mail_too_large = "mail_too_large"
    mail_move_failed = "mail_move_failed"
    mail_unreadable = "mail_unreadable"


class Reason(StrEnum):
    """Why a file could not be read or used: the stable detail a `{reason}` placeholder shows (REASONS)."""

    not_a_file = "not_a_file"
    not_found = "not_found"
    no_permission = "no_permission"
    disk_error = "disk_error"
    zip_truncated = "zip_truncated"
    zip_damaged = "zip_damaged"
    too_many_parts = "too_many_parts"
    duplicate_part = "duplicate_part"
    odd_compression = "odd_compression"
    ods_without_content = "ods_without_content"
    xlsx_without_types = "xlsx_without_types"
    xls_damaged = "xls_damaged"
    unknown_format = "unknown_format"
    xml_2003 = "xml_2003"
    html_renamed = "html_renamed"
    text_renamed = "text_renamed"
    master_damaged = "master_damaged"
    key_damaged = "key_damaged"
    config_not_utf8 = "config_not_utf8"
    master_parts_damaged = "master_parts_damaged"


# reason -> Vietnamese text, filled from the same parameters as the message it goes into
REASONS: dict[Reason, str] = {
    Reason.not_a_file: "đây là thư mục, không phải tệp",
    Reason.not_found: "không tìm thấy tệp",
    Reason.no_permission: "không có quyền đọc tệp",
    Reason.disk_error: "lỗi đọc đĩa: {error}",
    Reason.zip_truncated: "tệp nén bị cắt cụt hoặc hỏng (thiếu mục lục), có thể chưa tải về hết",
    Reason.zip_damaged: "tệp nén bị hỏng",
    Reason.too_many_parts: "tệp nén có {count} phần, bất thường với một bảng tính",
    Reason.duplicate_part: "tệp nén có hai phần cùng tên “{part}”",
    Reason.odd_compression: "tệp nén dùng kiểu nén mà Excel không dùng",
    Reason.ods_without_content: "tệp .ods thiếu phần content.xml",
    Reason.xlsx_without_types: "tệp Excel thiếu phần [Content_Types].xml",
    Reason.xls_damaged: "tệp Office cũ (.xls) bị cắt cụt hoặc hỏng",
    Reason.unknown_format: "không nhận ra định dạng bảng tính, có thể tệp đã hỏng",
    Reason.xml_2003: "tệp là bảng tính XML 2003 đặt đuôi Excel, không phải tệp Excel thật",
    Reason.html_renamed: "tệp là trang web (HTML) đặt đuôi Excel, không phải tệp Excel thật",
    Reason.text_renamed: "tệp là văn bản thuần (CSV/TXT) đặt đuôi Excel, không phải bảng tính",
    Reason.key_damaged: "tệp không chứa một khóa hợp lệ, có thể đã bị sửa hoặc ghi đè",
    Reason.config_not_utf8: "tệp không lưu bằng bảng mã UTF-8; hãy mở tệp bằng Notepad, chọn Lưu thành (Save As) "
    "với Encoding là UTF-8",
    Reason.master_damaged: "tệp bị hỏng, bị cắt cụt hoặc không phải tệp Excel .xlsx thật; hãy lấy lại bản sao gần "
    "nhất trong thư mục sao-luu/",
    Reason.master_parts_damaged: "một phần bên trong tệp Excel bị hỏng; hãy mở bằng Excel, lưu lại, rồi chạy lại, "
    "hoặc lấy lại bản sao gần nhất trong thư mục sao-luu/",
}


# code -> (severity, level, Vietnamese template). Placeholders are filled from Problem.make(**params);
# {value} is the offending value as the user typed it.
MESSAGES: dict[Code, tuple[Severity, Level, str]] = {
    Code.workbook_missing: (Severity.ERROR, Level.FILE, "Không tìm thấy tệp sổ theo dõi: {path}."),
    Code.workbook_unreadable: (
        Severity.ERROR,
        Level.FILE,
        "Không mở được tệp sổ theo dõi ({reason}).",
    ),
    Code.master_not_xlsx: (
        Severity.ERROR,
        Level.FILE,
        "Sổ theo dõi {path} là tệp {kind}, không phải Excel .xlsx, nên không mở để ghi được. Hãy mở tệp bằng Excel "
        "hoặc LibreOffice, chọn Lưu thành (Save As) kiểu “Excel Workbook (.xlsx)”, rồi chạy lại với tệp .xlsx.",
    ),
    Code.missing_sheet: (Severity.ERROR, Level.FILE, "Thiếu trang tính “{sheet_name}”."),
    Code.missing_header_row: (
        Severity.ERROR,
        Level.FILE,
        "Không tìm thấy dòng tiêu đề của trang “{sheet_name}” (cần có các cột: {labels}).",
    ),
    Code.missing_column: (
        Severity.ERROR,
        Level.FILE,
        "Thiếu cột “{label}” trong dòng tiêu đề; hãy thêm cột này hoặc sửa lại tiêu đề cho đúng tên “{label}”.",
    ),
    Code.near_miss_column: (
        Severity.ERROR,
        Level.FILE,
        "Thiếu cột “{label}”: ô này ghi “{value}”, gần giống nhưng không đúng tên cột. Hãy sửa tiêu đề ô này "
        "thành “{label}” rồi chạy lại.",
    ),
    Code.duplicate_column: (
        Severity.ERROR,
        Level.FILE,
        "Cột “{label}” xuất hiện hai lần trong dòng tiêu đề (cột {other}); hãy xóa hoặc đổi tên một cột.",
    ),
    Code.formula_not_computed: (
        Severity.ERROR,
        Level.ROW,
        "Ô có công thức “{value}” nhưng tệp chưa lưu kết quả tính (sổ được ghi lại bởi chương trình không tự "
        "tính công thức), nên chưa đọc được giá trị. Hãy mở sổ bằng Excel, lưu lại rồi chạy lại; hoặc thay "
        "công thức bằng giá trị.",
    ),
    Code.empty_code: (Severity.ERROR, Level.ROW, "Dòng có nội dung nhưng chưa có Mã NV."),
    Code.section_heading: (
        Severity.WARNING,
        Level.NOTE,
        "Dòng “{value}” là dòng tiêu đề mục, không phải nhiệm vụ (không có Mã NV dạng 1.1.7, đơn vị chủ trì "
        "hay thời hạn) nên không được tính vào danh sách nhiệm vụ.",
    ),
    Code.duplicate_code: (Severity.ERROR, Level.ROW, "Mã NV “{value}” bị trùng với ô {other}."),
    Code.bad_code_format: (
        Severity.ERROR,
        Level.ROW,
        "Mã NV “{value}” không đúng dạng trụ cột.phần.số thứ tự (ví dụ 1.1.7: trụ cột 1, phần 1 là nhiệm vụ, "
        "phần 2 là giải pháp trọng tâm, số thứ tự 7).",
    ),
    Code.unknown_pillar: (
        Severity.ERROR,
        Level.ROW,
        "Trụ cột “{value}” không thuộc ba trụ cột của Chương trình ({choices}).",
    ),
    Code.missing_lead: (Severity.ERROR, Level.ROW, "Chưa có đơn vị chủ trì."),
    Code.several_leads: (
        Severity.ERROR,
        Level.ROW,
        "Mỗi nhiệm vụ chỉ có một đơn vị chủ trì, ở đây có {count}: “{value}”.",
    ),
    Code.unknown_unit: (
        Severity.ERROR,
        Level.ROW,
        "Không có đơn vị “{unit}” trong trang “Đơn vị” (ghi theo mã, tên hoặc tên gọi khác).",
    ),
    Code.ambiguous_unit: (
        Severity.ERROR,
        Level.ROW,
        "“{unit}” khớp với nhiều đơn vị ({choices}); hãy ghi mã đơn vị.",
    ),
    Code.lead_also_coordinating: (
        Severity.WARNING,
        Level.NOTE,
        "Đơn vị chủ trì “{unit}” cũng có tên trong cột đơn vị phối hợp; sẽ chỉ tính là chủ trì.",
    ),
    Code.bad_deadline: (
        Severity.ERROR,
        Level.ROW,
        "Không hiểu thời hạn “{value}”; hãy ghi ngày (30/6/2026), tháng (Tháng 6/2026), "
        "quý (Quý II/2026), năm (Năm 2026) hoặc “Thường xuyên”.",
    ),
    Code.bad_status: (
        Severity.ERROR,
        Level.ROW,
        "Tình trạng “{value}” không hợp lệ; chọn một trong: {choices}.",
    ),
    Code.bad_progress: (
        Severity.ERROR,
        Level.ROW,
        "Tiến độ “{value}” không hợp lệ; cần một số từ 0 đến 100{hint}.",
    ),
    Code.bad_date: (
        Severity.ERROR,
        Level.ROW,
        "Ngày “{value}” không hợp lệ; hãy ghi theo dạng ngày/tháng/năm, ví dụ 30/6/2026.",
    ),
    Code.done_without_date: (
        Severity.ERROR,
        Level.ROW,
        "Nhiệm vụ “Đã hoàn thành” nhưng chưa ghi Ngày hoàn thành.",
    ),
    Code.done_below_100: (
        Severity.ERROR,
        Level.ROW,
        "Nhiệm vụ “Đã hoàn thành” nhưng Tiến độ chỉ là {value}%.",
    ),
    Code.date_without_done: (
        Severity.WARNING,
        Level.NOTE,
        "Có Ngày hoàn thành nhưng Tình trạng chưa là “Đã hoàn thành”.",
    ),
    Code.text_too_long: (
        Severity.ERROR,
        Level.ROW,
        "Nội dung dài {length} ký tự, vượt giới hạn {limit} ký tự của một ô Excel.",
    ),
    Code.empty_unit_code: (Severity.ERROR, Level.ROW, "Đơn vị “{value}” chưa có Mã ĐV."),
    Code.duplicate_unit: (Severity.ERROR, Level.ROW, "Mã ĐV “{value}” bị trùng với ô {other}."),
    Code.empty_unit_name: (Severity.ERROR, Level.ROW, "Đơn vị “{value}” chưa có tên."),
    Code.alias_conflict: (
        Severity.ERROR,
        Level.ROW,
        "Tên gọi “{value}” được dùng cho hai đơn vị ({choices}).",
    ),
    Code.file_unreadable: (
        Severity.ERROR,
        Level.FILE,
        "Không đọc được tệp ({reason}). Đề nghị đơn vị lưu lại bằng Excel (.xlsx) và gửi lại.",
    ),
    Code.file_empty: (Severity.ERROR, Level.FILE, "Tệp rỗng (0 byte). Đề nghị đơn vị gửi lại."),
    Code.file_encrypted: (
        Severity.ERROR,
        Level.FILE,
        "Tệp được đặt mật khẩu nên không đọc được. Đề nghị đơn vị bỏ mật khẩu rồi gửi lại.",
    ),
    Code.file_too_large: (
        Severity.ERROR,
        Level.FILE,
        "Tệp quá lớn ({size}, giới hạn {limit}); mẫu báo cáo chỉ cần vài chục KB.",
    ),
    Code.zip_bomb: (
        Severity.ERROR,
        Level.FILE,
        "Tệp có cấu trúc bất thường (phần “{part}” nén {ratio} lần, tổng giải nén {size}); đã từ chối để bảo vệ máy.",
    ),
    Code.hostile_xml: (
        Severity.ERROR,
        Level.FILE,
        "Tệp chứa khai báo XML không an toàn (thực thể XML, ở phần “{part}”); đã từ chối để bảo vệ máy.",
    ),
    Code.unsupported_file: (
        Severity.ERROR,
        Level.FILE,
        "Loại tệp “{value}” không được hỗ trợ; chỉ nhận .xlsx, .xlsm, .xls, .ods và thư .eml.",
    ),
    Code.not_a_template: (
        Severity.ERROR,
        Level.FILE,
        "Tệp không phải mẫu báo cáo do Văn phòng phát hành ({reason}). Đề nghị đơn vị dùng đúng mẫu đã được gửi.",
    ),
    Code.bad_signature: (
        Severity.ERROR,
        Level.FILE,
        "Mã xác thực của mẫu không khớp (mẫu đã bị sửa thông tin đơn vị/kỳ, hoặc mẫu của nơi khác). "
        "Đề nghị đơn vị dùng đúng mẫu đã được gửi.",
    ),
    Code.unknown_submission_unit: (
        Severity.ERROR,
        Level.FILE,
        "Mẫu ghi mã đơn vị “{value}” không có trong trang “Đơn vị”.",
    ),
    Code.structure_broken: (
        Severity.ERROR,
        Level.FILE,
        "Cấu trúc mẫu bị thay đổi ({reason}). Đề nghị đơn vị dùng lại mẫu gốc.",
    ),
    Code.duplicate_file: (
        Severity.WARNING,
        Level.NOTE,
        "Tệp này đã được xử lý ngày {when} (tên tệp khi đó: {other}); không cập nhật lại.",
    ),
    Code.no_attachment: (
        Severity.ERROR,
        Level.FILE,
        "Thư không có tệp bảng tính đính kèm (.xlsx, .xlsm, .xls, .ods).",
    ),
    Code.unsafe_path: (
        Severity.ERROR,
        Level.FILE,
        "Tên tệp “{value}” trỏ ra ngoài thư mục nhận báo cáo; đã bỏ qua.",
    ),
    Code.companion_document: (
        Severity.WARNING,
        Level.NOTE,
        "Tệp “{value}” không phải bảng tính báo cáo (bản chụp, văn bản gửi kèm…) nên không tổng hợp và không "
        "gửi thư báo lỗi; {where}.",
    ),
    Code.reports_in_subfolder: (
        Severity.WARNING,
        Level.NOTE,
        "Thư mục con “{value}” có {count} tệp báo cáo chưa được xử lý: lệnh chỉ đọc các tệp nằm ngay trong thư "
        "mục nhận. Hãy chuyển các tệp đó ra thư mục nhận rồi chạy lại.",
    ),
    Code.unknown_task: (Severity.ERROR, Level.ROW, "Mã NV “{value}” không có trong sổ theo dõi."),
    Code.task_not_assigned: (
        Severity.ERROR,
        Level.ROW,
        "Nhiệm vụ {value} không do đơn vị {unit} chủ trì hoặc phối hợp; không cập nhật.",
    ),
    Code.not_in_signed_list: (
        Severity.ERROR,
        Level.ROW,
        "Nhiệm vụ {value} không có trong mẫu đã phát hành cho đơn vị; dòng này bị bỏ qua.",
    ),
    Code.completed_after_report: (
        Severity.ERROR,
        Level.ROW,
        "Ngày hoàn thành ({value}) không được sau ngày báo cáo ({report_date}).",
    ),
    Code.coordinating_status_changed: (
        Severity.ERROR,
        Level.ROW,
        "Cột “{label}” của nhiệm vụ phối hợp {task} do đơn vị chủ trì báo cáo; giá trị “{value}” không được áp dụng.",
    ),
    Code.locked_cell_changed: (
        Severity.WARNING,
        Level.NOTE,
        "Cột “{label}” do Văn phòng quản lý; nội dung sửa “{value}” không được áp dụng.",
    ),
    Code.error_value: (
        Severity.ERROR,
        Level.ROW,
        "Ô “{label}” hiển thị lỗi “{value}” (công thức lỗi), không phải nội dung báo cáo; dòng này không được "
        "cập nhật để không xóa số liệu đang có. Đề nghị đơn vị ghi lại nội dung ô này rồi gửi lại.",
    ),
    Code.formula_as_text: (
        Severity.WARNING,
        Level.NOTE,
        "Nội dung bắt đầu bằng “{prefix}” được lưu nguyên văn dưới dạng chữ, không phải công thức.",
    ),
    Code.formula_cell: (
        Severity.WARNING,
        Level.NOTE,
        "Ô chứa công thức; chỉ lấy giá trị hiển thị “{value}”, công thức không được chép vào sổ.",
    ),
    Code.report_date_missing: (
        Severity.WARNING,
        Level.NOTE,
        "Chưa ghi Ngày báo cáo; tạm lấy ngày {value} ({source}).",
    ),
    Code.report_date_in_future: (
        Severity.ERROR,
        Level.FILE,
        "Ngày báo cáo {value} sau ngày xử lý {as_of}.",
    ),
    Code.report_date_outside_period: (
        Severity.WARNING,
        Level.NOTE,
        "Ngày báo cáo {value} nằm ngoài kỳ “{period}”.",
    ),
    Code.older_report: (
        Severity.WARNING,
        Level.NOTE,
        "Báo cáo ngày {value} cũ hơn báo cáo ngày {newer} đã cập nhật; giữ số liệu mới hơn.",
    ),
    Code.legacy_encoding: (
        Severity.WARNING,
        Level.NOTE,
        "Chữ gõ bằng bảng mã cũ ({encoding}) đã được chuyển sang Unicode: “{value}”. Đề nghị kiểm tra lại.",
    ),
    Code.value_normalized: (
        Severity.WARNING,
        Level.NOTE,
        "“{value}” được ghi nhận là “{normalized}”.",
    ),
    Code.macro_ignored: (
        Severity.WARNING,
        Level.NOTE,
        "Tệp có macro; macro không được chạy, chỉ đọc số liệu.",
    ),
    Code.master_open: (
        Severity.ERROR,
        Level.FILE,
        "Sổ theo dõi đang được mở trong {program} (bởi {owner}, từ {since}). Hãy đóng tệp rồi chạy lại; chưa ghi gì.",
    ),
    Code.master_busy: (
        Severity.ERROR,
        Level.FILE,
        "Một lần chạy khác đang cập nhật sổ theo dõi; chưa ghi gì. Hãy chờ rồi chạy lại.",
    ),
    Code.features_would_be_lost: (
        Severity.ERROR,
        Level.FILE,
        "Ghi lại sổ sẽ làm mất: {what}. Chưa ghi gì, sổ vẫn nguyên như cũ. Nếu chấp nhận mất những thứ này, "
        "chạy lại với --cho-phep-mat (sổ hiện tại được sao lưu nguyên vẹn vào sao-luu/ trước khi ghi); "
        "hoặc trong Excel chuyển những nội dung đó sang ô hay ghi chú (comment), lưu sổ rồi chạy lại.",
    ),
    Code.features_lost: (
        Severity.WARNING,
        Level.NOTE,
        "Đã ghi sổ và chấp nhận mất (--cho-phep-mat): {what}. Bản trước khi ghi còn nguyên ở {backup}.",
    ),
    Code.formula_values_dropped: (
        Severity.WARNING,
        Level.NOTE,
        "Sổ ghi lại không giữ {what}: Excel sẽ tự tính lại khi mở sổ; chương trình chỉ đọc tệp "
        "(như pandas) sẽ thấy các ô này trống cho đến khi sổ được mở và lưu lại bằng Excel.",
    ),
    Code.printer_settings_dropped: (
        Severity.WARNING,
        Level.NOTE,
        "Sổ ghi lại không giữ {what}; nếu bản in khác trước, hãy chọn lại máy in trong Excel.",
    ),
    Code.threads_kept_as_notes: (
        Severity.WARNING,
        Level.NOTE,
        "Sổ ghi lại giữ nội dung của {what} dưới dạng ghi chú (note) ở đúng ô đó; chỉ mất cách hiển thị "
        "dạng hội thoại, không mất chữ nào. Có thể trả lời tiếp bằng ghi chú hoặc bình luận mới.",
    ),
    Code.key_missing: (
        Severity.ERROR,
        Level.FILE,
        "Chưa có khóa ký mẫu ({path}) bên cạnh sổ theo dõi nên không kiểm tra được mã xác thực của mẫu. "
        "Khóa được tạo khi chạy “sheetsync templates”; nếu đã chạy ở máy khác, chép tệp khóa sang.",
    ),
    Code.key_unusable: (
        Severity.ERROR,
        Level.FILE,
        "Tệp khóa ký mẫu {path} bị hỏng hoặc không đọc được ({reason}). Không tự tạo khóa mới vì các mẫu "
        "đã gửi sẽ không còn kiểm tra được; hãy khôi phục tệp khóa từ bản sao.",
    ),
    Code.bad_period: (
        Severity.ERROR,
        Level.FILE,
        "Tên kỳ báo cáo “{value}” không dùng được ({reason}); ví dụ: “Tháng 12/2026”, “Quý IV/2026”.",
    ),
    Code.output_unwritable: (
        Severity.ERROR,
        Level.FILE,
        "Không ghi được vào thư mục {path} ({reason}).",
    ),
    Code.no_report_date: (
        Severity.ERROR,
        Level.FILE,
        "Không xác định được Ngày báo cáo (ô bên phải “Ngày báo cáo” để trống, thư không ghi ngày gửi). "
        "Đề nghị đơn vị ghi Ngày báo cáo rồi gửi lại.",
    ),
    Code.role_changed: (
        Severity.ERROR,
        Level.ROW,
        "Vai trò của đơn vị ở nhiệm vụ {value} đã đổi từ “{issued}” sang “{now}” sau khi phát mẫu; "
        "dòng này không được cập nhật. Đề nghị đơn vị dùng mẫu mới.",
    ),
    Code.inbox_missing: (Severity.ERROR, Level.FILE, "Không tìm thấy thư mục nhận báo cáo: {path}."),
    Code.configured_inbox_missing: (
        Severity.ERROR,
        Level.FILE,
        "Không tìm thấy thư mục nhận báo cáo {path} ghi ở “{setting}” trong sheetsync.toml; chưa xử lý gì. "
        "Hãy sửa lại đường dẫn cho đúng thư mục đang lưu báo cáo (hoặc tạo thư mục đó) rồi chạy lại.",
    ),
    Code.inbox_is_master_folder: (
        Severity.ERROR,
        Level.FILE,
        "Thư mục nhận báo cáo {path} là thư mục chứa sổ theo dõi; hãy dùng một thư mục riêng "
        "(ví dụ hop-thu/) để sổ và các tệp khác không bị xử lý như báo cáo.",
    ),
    Code.move_failed: (
        Severity.WARNING,
        Level.NOTE,
        "Đã cập nhật sổ nhưng chưa chuyển được tệp vào {folder} ({reason}); tệp vẫn nằm trong thư mục nhận "
        "báo cáo và sẽ được chuyển ở lần chạy sau (không cập nhật lại).",
    ),
    Code.config_unreadable: (
        Severity.ERROR,
        Level.FILE,
        "Không đọc được tệp cấu hình {path} ({reason}).",
    ),
    Code.bad_config_value: (
        Severity.ERROR,
        Level.FILE,
        "Tệp cấu hình {path}: giá trị “{value}” của “{key}” không hợp lệ; {reason}.",
    ),
    Code.unknown_config_key: (
        Severity.ERROR,
        Level.FILE,
        "Tệp cấu hình {path}: không có thiết lập “{key}”. Các thiết lập hợp lệ: {choices}.",
    ),
    Code.password_in_config: (
        Severity.ERROR,
        Level.FILE,
        "Tệp {path}: không ghi mật khẩu vào tệp cấu hình (khóa “{key}”). Hãy xóa dòng đó; mật khẩu thư được lưu "
        "trong kho mật khẩu của máy bằng lệnh “sheetsync cau-hinh --mat-khau”, hoặc đặt trong biến môi trường "
        "SHEETSYNC_MAT_KHAU.",
    ),
    Code.cycle_failed: (
        Severity.ERROR,
        Level.FILE,
        "Vòng cập nhật bị dừng vì lỗi ngoài dự kiến ({reason}); sổ theo dõi giữ nguyên bản trước hoặc sau khi ghi.",
    ),
    Code.workbook_name_not_module: (
        Severity.ERROR,
        Level.FILE,
        "Tên sổ “{value}” không dùng được với nút Run main của xlwings: phần tên trước .xlsx chỉ được gồm chữ "
        "không dấu, chữ số và dấu gạch dưới, không bắt đầu bằng chữ số (ví dụ ChuongTrinh2026.xlsx). "
        "Hãy đổi tên sổ rồi chạy lại.",
    ),
    Code.entry_file_exists: (
        Severity.ERROR,
        Level.FILE,
        "Đã có tệp {path} không do sheetsync tạo nên không ghi đè; hãy đổi tên hoặc chuyển tệp đó đi rồi chạy lại.",
    ),
    Code.sheet_too_large: (
        Severity.ERROR,
        Level.FILE,
        "Dữ liệu trải trên {rows} dòng × {columns} cột, quá lớn với một mẫu báo cáo (tối đa {max_rows} dòng "
        "và {max_cells} ô); có thể đã dán nhầm dữ liệu. Đề nghị đơn vị xóa phần thừa hoặc dùng lại mẫu gốc.",
    ),
    Code.sheets_too_large: (
        Severity.ERROR,
        Level.FILE,
        "{sheets} trang tính của tệp cộng lại trải trên {cells} ô, quá lớn với một mẫu báo cáo (tối đa {max_cells} "
        "ô); có thể tệp bị làm hỏng hoặc đã dán nhầm dữ liệu. Đề nghị đơn vị dùng lại mẫu gốc.",
    ),
    Code.too_much_text: (
        Severity.ERROR,
        Level.FILE,
        "Mở ra, các ô của tệp sẽ chứa tới {size} chữ (một đoạn chữ được chép vào rất nhiều ô), quá lớn với một "
        "mẫu báo cáo (tối đa {limit}); đã từ chối để bảo vệ máy. Đề nghị đơn vị dùng lại mẫu gốc.",
    ),
    Code.too_many_merged: (
        Severity.ERROR,
        Level.FILE,
        "Tệp có {count} vùng ô gộp (merge), bất thường với một mẫu báo cáo (tối đa {limit}); đã từ chối để "
        "bảo vệ máy. Đề nghị đơn vị dùng lại mẫu gốc.",
    ),
    Code.mail_off: (
        Severity.ERROR,
        Level.FILE,
        "Thư điện tử chưa bật: trong tệp {path}, bảng [thu_dien_tu], đặt bat = true và điền dia_chi, "
        "[thu_dien_tu.gui], [thu_dien_tu.nhan].",
    ),
    Code.mail_password_missing: (
        Severity.ERROR,
        Level.FILE,
        "Chưa có mật khẩu thư của tài khoản {login}: chạy “sheetsync cau-hinh --mat-khau” để lưu vào kho mật khẩu "
        "của máy, hoặc đặt biến môi trường SHEETSYNC_MAT_KHAU.",
    ),
    Code.mail_login_failed: (
        Severity.ERROR,
        Level.FILE,
        "Máy chủ {host} từ chối đăng nhập tài khoản {login}: kiểm tra thiết lập {setting}.tai_khoan (để trống là "
        "dùng thu_dien_tu.dia_chi) và mật khẩu đã lưu (“sheetsync cau-hinh --mat-khau”).",
    ),
    Code.mail_host_unreachable: (
        Severity.ERROR,
        Level.FILE,
        "Không kết nối được máy chủ thư {host} cổng {port} ({reason}): kiểm tra thiết lập {setting}.may_chu "
        "và {setting}.cong, và mạng của máy.",
    ),
    Code.mail_certificate_refused: (
        Severity.ERROR,
        Level.FILE,
        "Chứng chỉ bảo mật của máy chủ {host} không được tin cậy ({reason}): nếu cơ quan tự cấp chứng chỉ, ghi "
        "tệp chứng chỉ vào thiết lập thu_dien_tu.chung_chi; kiểm tra cả {setting}.may_chu và {setting}.bao_mat.",
    ),
    Code.mail_server_error: (
        Severity.ERROR,
        Level.FILE,
        "Máy chủ thư {host} báo lỗi hoặc ngắt kết nối ({reason}); phần chưa xong sẽ được làm tiếp ở lần chạy sau.",
    ),
    Code.mail_plaintext: (
        Severity.WARNING,
        Level.NOTE,
        'Thiết lập {setting}.bao_mat = "khong": mật khẩu và thư đi qua mạng không mã hóa; nên dùng "ssl" '
        'hoặc "starttls".',
    ),
    Code.unit_without_email: (
        Severity.ERROR,
        Level.FILE,
        "Đơn vị {unit} chưa có địa chỉ thư ở cột “Email” của trang “Đơn vị”; chưa gửi được thư cho đơn vị này.",
    ),
    Code.mail_send_failed: (
        Severity.ERROR,
        Level.FILE,
        "Chưa gửi được thư cho {unit} ({to}): {reason}. Chạy lại lệnh để gửi phần còn lại.",
    ),
    Code.mail_too_large: (
        Severity.ERROR,
        Level.FILE,
        "Thư “{subject}” của {sender} nặng {size} MB, quá giới hạn {limit} MB (thiết lập thu_dien_tu.nhan.toi_da_mb): "
        "đã để nguyên trên máy chủ; hãy mở thư, lưu tệp báo cáo vào hộp thư nhận báo cáo hoặc nâng giới hạn.",
    ),
    Code.mail_move_failed: (
        Severity.WARNING,
        Level.NOTE,
        "Đã lưu thư “{subject}” nhưng chưa chuyển được sang thư mục {folder} trên máy chủ ({reason}); lần chạy sau "
        "sẽ chuyển, thư không bị lưu hai lần.",
    ),
    Code.mail_unreadable: (
        Severity.WARNING,
        Level.NOTE,
        "Thư số {uid} trong {folder} không đọc được cấu trúc ({reason}); đã để nguyên trên máy chủ.",
    ),
}


class _Blank(dict[str, object]):
    """Leaves unknown placeholders visible instead of raising: a missing parameter is a bug, not a crash."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Problem:
    code: Code
    severity: Severity
    level: Level
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    value: str | None = None

    @classmethod
    def make(
        cls,
        code: Code,
        /,  # positional-only: "{code}" is also a message placeholder (the task's Mã NV)
        *,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        value: object = None,
        severity: Severity | None = None,
        level: Level | None = None,
        **params: Any,
    ) -> Problem:
        default_severity, default_level, template = MESSAGES[code]
        shown = "" if value is None else _show(value)
        for name, given in params.items():
            if isinstance(given, Reason):  # a reason's text is filled from the same parameters
                params[name] = REASONS[given].format_map(_Blank(value=shown, **params))
        if not shown.strip() and "“{value}”" in template:
            template = template.replace("“{value}”", "(để trống)")  # never “”: the cell was left empty
        message = template.format_map(_Blank(value=shown, **params))
        return cls(
            code=code,
            severity=severity or default_severity,
            level=level or default_level,
            message=message,
            file=file,
            sheet=sheet,
            cell=cell,
            value=None if value is None else shown,
        )

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def where(self) -> str:
        """`sheet!cell` (or as much of it as is known), the form SPEC.md prescribes."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def render(self, *, with_file: bool = False) -> str:
        parts = []
        if with_file and self.file:
            parts.append(self.file)
        if self.where:
            parts.append(self.where)
        prefix = ": ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message

    def key(self) -> tuple[str, str | None, str | None]:
        """What tests compare: structure, not prose."""
        return (self.code.value, self.sheet, self.cell)


def _show(value: object) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    def keys(self) -> set[tuple[str, str | None, str | None]]:
        return {p.key() for p in self.problems}


class ExitCode(IntEnum):
    """SPEC.md exit codes."""

    OK = 0
    PROBLEMS = 1  # done, but some files or rows were rejected or the master has problems
    CANNOT_RUN = 2  # bad arguments, master missing or structurally broken
    LOCKED = 3  # master open in another program or locked by another run; nothing written

    @classmethod
    def of(cls, problems: Iterable[Problem], *, locked: bool = False, fatal: bool = False) -> ExitCode:
        """The SPEC rule for a job that writes the master: locked beats could-not-run beats problems."""
        if locked:
            return cls.LOCKED
        if fatal:
            return cls.CANNOT_RUN
        return cls.PROBLEMS if any(p.is_error for p in problems) else cls.OK
