"""Regenerate docs/tham-chieu-lenh.md (CLI reference) and docs/danh-muc-loi.md (problem catalogue) from the code.

Run `python scripts/gen_docs.py`; tests/test_docs.py fails when the committed files drift from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sheetsync.cli import cli  # noqa: E402
from sheetsync.problems import MESSAGES, Level, Severity  # noqa: E402

CLI_DOC = ROOT / "docs" / "tham-chieu-lenh.md"
PROBLEMS_DOC = ROOT / "docs" / "danh-muc-loi.md"

_SEVERITY = {Severity.ERROR: "lỗi", Severity.WARNING: "cảnh báo"}
_LEVEL = {Level.FILE: "cả tệp", Level.ROW: "một dòng", Level.NOTE: "ghi chú"}


def cli_reference() -> str:
    lines = [
        "# Tham chiếu lệnh `sheetsync`",
        "",
        "<!-- Sinh tự động bởi scripts/gen_docs.py từ mã nguồn; đừng sửa tay. -->",
        "",
    ]
    ctx = click.Context(
        cli, info_name="sheetsync", max_content_width=100, terminal_width=100, help_option_names=["-h", "--help"]
    )
    lines += ["```text", cli.get_help(ctx), "```", ""]
    for name in sorted(cli.list_commands(ctx)):
        command = cli.get_command(ctx, name)
        assert command is not None
        sub = click.Context(command, info_name=name, parent=ctx, max_content_width=100, terminal_width=100)
        lines += [f"## `sheetsync {name}`", "", "```text", command.get_help(sub), "```", ""]
    return "\n".join(lines)


def problem_catalogue() -> str:
    lines = [
        "# Danh mục lỗi và cảnh báo",
        "",
        "<!-- Sinh tự động bởi scripts/gen_docs.py từ sheetsync/problems.py; đừng sửa tay. -->",
        "",
        "Mỗi thông báo có một mã cố định (cột đầu). “Phạm vi”: *cả tệp* — tệp bị từ chối; *một dòng* — dòng đó",
        "bị bỏ qua, các dòng khác vẫn được cập nhật; *ghi chú* — chỉ để biết. Chữ trong `{…}` được thay bằng",
        "giá trị cụ thể khi báo.",
        "",
        "| mã | mức | phạm vi | thông báo |",
        "|---|---|---|---|",
    ]
    for code, (severity, level, template) in MESSAGES.items():
        text = template.replace("|", "\\|")
        lines.append(f"| `{code.value}` | {_SEVERITY[severity]} | {_LEVEL[level]} | {text} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    CLI_DOC.parent.mkdir(exist_ok=True)
    CLI_DOC.write_text(cli_reference(), encoding="utf-8")
    PROBLEMS_DOC.write_text(problem_catalogue(), encoding="utf-8")
    print(f"Đã ghi {CLI_DOC.relative_to(ROOT)} và {PROBLEMS_DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
