"""Every sheet, header, status, assessment and pillar name of the contract (SPEC.md): the only place they live."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

PROGRAM_YEAR = 2026
PROGRAM_TITLE = "Chủ động thực thi - Kỷ cương hiệu quả - Chính quyền thân thiện"
# the program's own name, as its Decision's title line gives it (seed text; tests/core/test_seed_program.py)
PROGRAM_NAME_FORMAT = "Chương trình hành động thực hiện Chủ đề năm {year} của phường về “{title}”"
PROGRAM_NAME = PROGRAM_NAME_FORMAT.format(year=PROGRAM_YEAR, title=PROGRAM_TITLE)
WARD_NAME = "phường An Dương"
WARD_AUTHORITY = "ỦY BAN NHÂN DÂN PHƯỜNG AN DƯƠNG"
WARD_PLACE = "An Dương"  # the place in "An Dương, ngày … tháng … năm …" (NĐ 30/2020: the ward's own name)
OFFICE_NAME = "Văn phòng HĐND và UBND"
DEFAULT_WARN_DAYS = 7
DEFAULT_WORKBOOK = "workbook/ChuongTrinh2026.xlsx"


class Writer(Enum):
    """Who may write a column: decides what a submission may change."""

    OFFICE = "office"
    LEAD = "lead"
    COORDINATING = "coordinating"
    TOOL = "tool"


class Kind(Enum):
    TEXT = "text"
    DATE = "date"
    PERCENT = "percent"
    UNITS = "units"
    DATETIME = "datetime"
    INT = "int"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = Kind.TEXT
    writer: Writer = Writer.OFFICE
    width: float = 14
    required: bool = True
    former: tuple[str, ...] = ()  # labels older masters carry for this column: still recognised


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def label(self, key: str) -> str:
        return self.column(key).label

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.columns)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)


class Status(StrEnum):
    NOT_STARTED = "Chưa thực hiện"
    IN_PROGRESS = "Đang thực hiện"
    DONE = "Đã hoàn thành"


class Assessment(StrEnum):
    DONE_ON_TIME = "Đã hoàn thành đúng hạn"
    DONE_LATE = "Đã hoàn thành quá hạn"
    OVERDUE = "Quá hạn chưa hoàn thành"
    DUE_SOON = "Sắp đến hạn"
    ON_TRACK = "Trong hạn"
    ONGOING = "Thực hiện thường xuyên"


class Role(StrEnum):
    LEAD = "Chủ trì"
    COORDINATING = "Phối hợp"


PILLARS: tuple[str, ...] = (
    "Chủ động thực thi",
    "Kỷ cương hiệu quả",
    "Chính quyền thân thiện",
)
SECTIONS: dict[int, str] = {1: "Nội dung", 2: "Giải pháp trọng tâm"}

# --- the master workbook -------------------------------------------------------------------------

TASKS = Sheet(
    "Nhiệm vụ",
    (
        Column("code", "Mã NV", width=9),
        Column("pillar", "Trụ cột", width=16),
        Column("content", "Nội dung nhiệm vụ", width=50),
        Column("lead", "Đơn vị chủ trì", Kind.UNITS, width=22),
        Column("coordinating", "Đơn vị phối hợp", Kind.UNITS, width=24, required=True),
        Column("deadline", "Thời hạn", width=16),
        Column("due", "Hạn chót", Kind.DATE, Writer.TOOL, width=12),
        Column("status", "Tình trạng", writer=Writer.LEAD, width=16),
        Column("progress", "Tiến độ (%)", Kind.PERCENT, Writer.LEAD, width=10),
        Column("completed_on", "Ngày hoàn thành", Kind.DATE, Writer.LEAD, width=13),
        Column("result", "Kết quả thực hiện", writer=Writer.LEAD, width=40),
        Column("difficulties", "Khó khăn, vướng mắc", writer=Writer.LEAD, width=28),
        Column("proposals", "Đề xuất, kiến nghị", writer=Writer.LEAD, width=28),
        Column("coord_opinions", "Ý kiến đơn vị phối hợp", writer=Writer.COORDINATING, width=40),
        Column("updated_on", "Ngày cập nhật", Kind.DATE, Writer.TOOL, width=13),
        Column("assessment", "Đánh giá", writer=Writer.TOOL, width=20),
    ),
)
# the columns a lead unit reports through its template (and the merge may change)
STATUS_KEYS: tuple[str, ...] = (
    "status",
    "progress",
    "completed_on",
    "result",
    "difficulties",
    "proposals",
)
# what a coordinating unit writes: its paragraph is built from these template columns
COORDINATION_KEYS: tuple[str, ...] = ("result", "difficulties", "proposals")

UNITS = Sheet(
    "Đơn vị",
    (
        Column("code", "Mã ĐV", width=10),
        Column("name", "Tên đơn vị", width=40),
        Column("aliases", "Tên gọi khác", width=40),
        Column("email", "Email", width=30),
        Column("contact", "Người đầu mối", width=24),
        Column("phone", "Điện thoại", width=14),
        # the unit's parent body, printed above its name on its template (blank: none, e.g. the MTTQ);
        # optional so that masters made before these columns still read
        Column("parent", "Cơ quan cấp trên", width=30, required=False),
        # the title its head signs under on the template (blank: DEFAULT_SIGNER)
        Column("signer", "Chức danh ký", width=22, required=False),
    ),
)
DEFAULT_SIGNER = "THỦ TRƯỞNG ĐƠN VỊ"

JOURNAL = Sheet(
    "Nhật ký",
    (
        Column("time", "Thời gian", Kind.DATETIME, Writer.TOOL, width=18),
        Column("file", "Tệp", writer=Writer.TOOL, width=36),
        Column("sha256", "SHA-256", writer=Writer.TOOL, width=66),
        Column("unit", "Đơn vị", writer=Writer.TOOL, width=24),
        Column("period", "Kỳ báo cáo", writer=Writer.TOOL, width=14),
        Column("report_date", "Ngày báo cáo", Kind.DATE, Writer.TOOL, width=13),
        Column("result", "Kết quả", writer=Writer.TOOL, width=18),
        Column("rows_changed", "Số dòng thay đổi", Kind.INT, Writer.TOOL, width=10),
        Column("problems", "Vấn đề", writer=Writer.TOOL, width=60),
    ),
)

HISTORY = Sheet(
    "Lịch sử",
    (
        Column("time", "Thời gian", Kind.DATETIME, Writer.TOOL, width=18),
        Column("code", "Mã NV", writer=Writer.TOOL, width=9),
        Column("field", "Nội dung thay đổi", writer=Writer.TOOL, width=22, former=("Trường",)),
        Column("old", "Giá trị cũ", writer=Writer.TOOL, width=40),
        Column("new", "Giá trị mới", writer=Writer.TOOL, width=40),
        Column("unit", "Đơn vị", writer=Writer.TOOL, width=24),
        Column("source", "Tệp nguồn", writer=Writer.TOOL, width=36),
    ),
)

# Tool-owned, hidden: the latest report of each unit applied to each task, so that an older report never
# overwrites a newer one even when the newer one changed nothing (SPEC "The weekly merge"). One row per
# (Mã NV, Mã ĐV); the merge updates it in place. Deleting it only loosens that guard (see core/merge.py).
MERGE_STATE = Sheet(
    "Mốc báo cáo",
    (
        Column("code", "Mã NV", writer=Writer.TOOL, width=9),
        Column("unit", "Mã ĐV", writer=Writer.TOOL, width=10),
        Column("role", "Vai trò", writer=Writer.TOOL, width=10),
        Column("report_date", "Ngày báo cáo", Kind.DATE, Writer.TOOL, width=13),
        Column("source", "Tệp nguồn", writer=Writer.TOOL, width=36),
        Column("time", "Thời gian", Kind.DATETIME, Writer.TOOL, width=18),
    ),
)

# Tool-owned, append-only: every e-mail the tool sent (SPEC "E-mail": when, to whom, what), so nothing is sent
# twice. The journal beside the master (office/outbox.py) bridges a crash between the server and this sheet.
SENT_MAIL = Sheet(
    "Thư đã gửi",
    (
        Column("time", "Thời gian", Kind.DATETIME, Writer.TOOL, width=18),
        Column("kind", "Loại thư", writer=Writer.TOOL, width=16),
        Column("unit", "Đơn vị", writer=Writer.TOOL, width=12),
        Column("to", "Gửi tới", writer=Writer.TOOL, width=32),
        Column("subject", "Tiêu đề", writer=Writer.TOOL, width=48),
        Column("attachments", "Tệp đính kèm", writer=Writer.TOOL, width=32),
        Column("message_id", "Message-ID", writer=Writer.TOOL, width=40),
        Column("key", "Khóa", writer=Writer.TOOL, width=30),
    ),
)

SUMMARY_SHEET = "Tổng hợp"
GUIDE_SHEET = "Hướng dẫn"
CHECK_SHEET = "Kiểm tra"
SUMMARY_STAMP = "Số liệu tính đến ngày {date}"
# sheets the tool rebuilds or appends to: what it writes there is its own, so a write that changes
# anything on them is never a loss of the office's work (excel/losses.py)
TOOL_SHEETS: tuple[str, ...] = (
    SUMMARY_SHEET,
    CHECK_SHEET,
    JOURNAL.name,
    HISTORY.name,
    MERGE_STATE.name,
    SENT_MAIL.name,
)
# the always-true term in the tool's own conditional-format formulas (N("sheetsync")=0): a rule carrying
# it is the tool's to replace, and is not counted among the office's rules
TOOL_RULE_MARKER = '"sheetsync"'


# journal results (Nhật ký › Kết quả)
class Outcome(StrEnum):
    ACCEPTED = "Đã cập nhật"
    PARTIAL = "Cập nhật một phần"
    REJECTED = "Bị từ chối"
    DUPLICATE = "Trùng, bỏ qua"
    NO_CHANGE = "Không có thay đổi"


# --- the per-unit template -------------------------------------------------------------------------

REPORT_SHEET = "Báo cáo"
REPORT_DATE_LABEL = "Ngày báo cáo"
TEMPLATE = Sheet(
    REPORT_SHEET,
    (
        Column("code", "Mã NV", width=9),
        Column("role", "Vai trò", width=10),
        Column("content", "Nội dung nhiệm vụ", width=48),
        Column("deadline", "Thời hạn", width=16),
        Column("status", "Tình trạng", writer=Writer.LEAD, width=17),
        Column("progress", "Tiến độ (%)", Kind.PERCENT, Writer.LEAD, width=10),
        Column("completed_on", "Ngày hoàn thành", Kind.DATE, Writer.LEAD, width=13),
        Column("result", "Kết quả thực hiện", writer=Writer.LEAD, width=40),
        Column("difficulties", "Khó khăn, vướng mắc", writer=Writer.LEAD, width=28),
        Column("proposals", "Đề xuất, kiến nghị", writer=Writer.LEAD, width=28),
    ),
)

# folders and files beside the master / in the inbox (SPEC.md "The weekly merge")
PROCESSED_DIR = "da-xu-ly"
REJECTED_DIR = "loi"
BACKUP_DIR = "sao-luu"
ERROR_SUFFIX = ".loi.txt"
KEY_FILE = ".sheetsync-key"
LOCK_FILE = ".sheetsync.lock"
EXCEL_OWNER_PREFIX = "~$"
LIBREOFFICE_LOCK = ".~lock.{name}#"

# defined name in the master that records the period of the latest `templates` run
CURRENT_PERIOD_NAME = "sheetsync_ky_hien_tai"
# the program's Decision (số, ngày ban hành): cells on "Nhiệm vụ" the office fills in, found by these names
DECISION_NUMBER_NAME = "sheetsync_qd_so"
DECISION_DATE_NAME = "sheetsync_qd_ngay"
DECISION_NUMBER_BLANK = "…/QĐ-UBND"
DECISION_DATE_BLANK = f"…/01/{PROGRAM_YEAR}"
# beside it: the period's due date (Hạn nộp) and the days it covers, as `templates` fixed them
CURRENT_DUE_NAME = "sheetsync_han_nop"
CURRENT_RANGE_NAME = "sheetsync_pham_vi_ky"


# a unit's report for the current period ("Tổng hợp", đôn đốc): exactly one of these (SPEC.md)
class ReportState(StrEnum):
    NOT_DUE = "Chưa đến hạn"
    ON_TIME = "Đã nộp đúng hạn"
    LATE = "Nộp muộn"
    MISSING = "Quá hạn chưa nộp"
    REJECTED = "Bị trả lại"


# a cell's text may not exceed Excel's limit
EXCEL_CELL_LIMIT = 32_767

# --- the per-unit template: header block, signature sheet, version ---------------------------------
# bumped when the layout of "Báo cáo" or the signed payload changes; the signed data carries it
TEMPLATE_VERSION = 1
# the hidden sheet that carries the signed identity (ASCII name: survives every format and program)
SIGNATURE_SHEET = "sheetsync"
SIGNATURE_MARKER = "sheetsync-mau-bao-cao"
TEMPLATE_TITLE = "BÁO CÁO KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG NĂM {year}"
REPORT_UNIT_LABEL = "Đơn vị báo cáo"
REPORT_PERIOD_LABEL = "Kỳ báo cáo"
REPORTER_LABEL = "Người báo cáo (họ tên, chức vụ)"
REPORTER_PHONE_LABEL = "Điện thoại liên hệ"
# "Ý kiến đơn vị phối hợp": the section labels inside one unit's paragraph
OPINION_DIFFICULTIES = "Khó khăn, vướng mắc"
OPINION_PROPOSALS = "Đề xuất, kiến nghị"

# --- running it the office's way (issue 5): files beside the master --------------------------------
CONFIG_FILE = "sheetsync.toml"  # settings: inbox, warn window, schedule
INBOX_DIR = "hop-thu"  # default inbox folder, beside the settings file
RUN_LOG = "sheetsync.log"  # rotating log of scheduled and launched cycles
CYCLE_LOCK_FILE = ".sheetsync-vong.lock"  # one weekly cycle at a time, whoever starts it

# --- e-mail (issue 13) -----------------------------------------------------------------------------
DRAFTS_DIR = "thu-gui"  # drafts (.eml, X-Unsent) when mail is off: inside --out, or beside the master by day
