"""`sheetsync cau-hinh`: write the commented settings file beside the workbook, or check the one there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli import render
from sheetsync.cli.options import common, resolve
from sheetsync.office.config import config_path, load_config, write_sample
from sheetsync.problems import ExitCode


@click.command("cau-hinh")
@common
@click.option("--ghi-lai", "overwrite", is_flag=True, help="Ghi đè tệp cấu hình đang có bằng tệp mẫu mặc định.")
@click.option(
    "--mat-khau",
    "store",
    is_flag=True,
    help="Nhập mật khẩu thư điện tử (không hiện khi gõ) và lưu vào kho mật khẩu của máy, không ghi vào tệp.",
)
@click.pass_context
def command(ctx: click.Context, workbook: Path | None, as_of: dt.date | None, overwrite: bool, store: bool) -> None:
    """Tạo tệp cấu hình mẫu sheetsync.toml cạnh sổ (nếu chưa có), hoặc kiểm tra tệp đang có và in các giá trị."""
    path, _ = resolve(ctx, workbook, None)
    if store:
        ctx.exit(_store_password(path))
        return
    written = write_sample(path, overwrite=overwrite) if overwrite or not config_path(path).exists() else None
    if written is not None:
        render.line(f"Đã ghi tệp cấu hình mẫu {written}; mọi thiết lập đều có ghi chú, sửa bằng Notepad.")
    config, problems = load_config(path)
    if config is None:
        render.fatal(problems)
        ctx.exit(ExitCode.CANNOT_RUN)
        return
    render.line(f"Tệp cấu hình {config_path(path)} hợp lệ. Các giá trị đang dùng:")
    render.line(f"  Hộp thư nhận báo cáo: {config.inbox}")
    render.line(f"  Số ngày cảnh báo “Sắp đến hạn”: {config.warn_days}")
    render.line(f"  Chờ lần chạy khác tối đa: {config.lock_wait:g} giây")
    render.line(f"  Lịch chạy (sheetsync lich): {config.schedule.label}")
    render.line(f"  Nhật ký chạy: {config.log_file}")
    email = config.settings.email
    if email.enabled:
        render.line(
            f"  Thư điện tử: {email.address}; gửi qua {email.send.host}:{email.send.port} ({email.send.security}),"
            f" nhận từ {email.fetch.host}:{email.fetch.port} ({email.fetch.security}), thư mục {email.folder}"
        )
    else:
        render.line("  Thư điện tử: chưa bật (thu_dien_tu.bat = false)")
    ctx.exit(ExitCode.OK)


def _store_password(workbook: Path) -> ExitCode:
    """The password goes to the OS credential store under each login the settings use; never echoed, never
    written to the TOML or the log."""
    from sheetsync.office.credentials import store_password

    config, problems = load_config(workbook)
    if config is None:
        render.fatal(problems)
        return ExitCode.CANNOT_RUN
    email = config.settings.email
    logins = sorted({email.login_for(email.send), email.login_for(email.fetch)} - {""})
    if not logins:
        render.line("Chưa có địa chỉ thư: điền thu_dien_tu.dia_chi trong sheetsync.toml trước.")
        return ExitCode.CANNOT_RUN
    password = click.prompt(
        f"Mật khẩu thư của {', '.join(logins)}", hide_input=True, confirmation_prompt="Nhập lại mật khẩu"
    )
    for login in logins:
        reason = store_password(login, password)
        if reason is not None:
            click.echo(f"Chưa lưu được mật khẩu: {reason}.", err=True)
            return ExitCode.CANNOT_RUN
    render.line(f"Đã lưu mật khẩu của {', '.join(logins)} vào kho mật khẩu của máy (không ghi vào tệp nào).")
    return ExitCode.OK
