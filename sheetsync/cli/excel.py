"""`sheetsync excel-setup`: make the xlwings add-in's Run main button run the weekly cycle in the open master."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli import render
from sheetsync.cli.options import common, resolve
from sheetsync.office.excel_setup import install_addin, setup_excel
from sheetsync.problems import ExitCode


@click.command("excel-setup")
@common
@click.option(
    "--cai-addin/--khong-cai-addin",
    "addin",
    default=True,
    show_default=True,
    help="Cài add-in xlwings vào Excel của máy này (chạy `xlwings addin install`; cần Excel trên Windows/macOS).",
)
@click.pass_context
def command(ctx: click.Context, workbook: Path | None, as_of: dt.date | None, addin: bool) -> None:
    """Chuẩn bị nút bấm trong Excel: ghi tệp Python cùng tên với sổ và xlwings.conf cạnh sổ, cài add-in xlwings.

    Sau đó, với sổ đang mở trong Excel, bấm “Run main” ở thẻ xlwings để chạy vòng cập nhật ngay trong sổ.
    """
    path, _ = resolve(ctx, workbook, None)
    result = setup_excel(path, installer=install_addin if addin else None)
    if result.problems:
        render.fatal(result.problems)
        ctx.exit(ExitCode.CANNOT_RUN)
        return
    render.line(f"Đã ghi {result.entry} (nút Run main gọi hàm main() trong tệp này).")
    render.line(f"Đã ghi {result.conf} (đường dẫn tới Python và tới sheetsync cho xlwings).")
    if result.addin:
        render.line(result.addin)
    for warning in result.warnings:
        render.line(f"[cảnh báo] {warning}")
    render.line("")
    render.line("Còn lại, làm bằng tay một lần trên mỗi máy dùng nút bấm:")
    steps = [
        "Cài add-in xlwings (nếu dòng trên chưa báo cài xong): mở cửa sổ lệnh trong thư mục sheetsync và chạy "
        "`.venv\\Scripts\\xlwings addin install` (macOS: `.venv/bin/xlwings addin install`), rồi khởi động lại Excel.",
        "Mở Excel, kiểm tra trên thanh ribbon có thẻ “xlwings”. Nếu không có: File › Options › Add-ins › "
        "Manage: Excel Add-ins › Go…, đánh dấu “xlwings”.",
        f"Mở sổ {path.name} từ ổ đĩa của máy hoặc thư mục dùng chung (không mở từ tệp đính kèm thư hay bản "
        "SharePoint trực tuyến), chọn thẻ xlwings, bấm nút “Run main”.",
        "Chờ hộp thông báo kết quả; sổ được cập nhật và lưu ngay trong Excel. Báo cáo đã xử lý được chuyển vào "
        "hop-thu/da-xu-ly, tệp bị từ chối vào hop-thu/loi kèm tệp .loi.txt.",
        "Nếu sổ không mở trong Excel khi bấm (hoặc máy không có Excel), hãy dùng tệp "
        "scripts\\chay-hang-tuan.cmd (bấm đúp) — kết quả như nhau.",
    ]
    for number, step in enumerate(steps, start=1):
        render.line(f"  {number}. {step}")
    ctx.exit(ExitCode.OK)
