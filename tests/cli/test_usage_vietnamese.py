"""A mistyped command line is answered in Vietnamese, with click's suggestion and where to read the help."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sheetsync.cli import cli


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["merge", "--inbxo", "hop-thu"], "Không có tùy chọn “--inbxo”. Có phải là “--inbox”?"),
        (["mrege"], "Không có lệnh “mrege”. Có phải là “merge”?"),
        (["merge"], "Thiếu tùy chọn bắt buộc “--inbox”."),
        (["summary", "--warn-days"], "Tùy chọn “--warn-days” cần một giá trị đi kèm."),
        (["summary", "--warn-days", "999"], "999 nằm ngoài khoảng cho phép"),
        (["validate", "--as-of", "13/12/2026"], "ghi theo dạng YYYY-MM-DD"),
    ],
)
def test_a_mistyped_command_line_is_answered_in_vietnamese(args, said):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert said in result.output and "-h” để xem hướng dẫn" in result.output
    for english in ("Error:", "Usage:", "No such", "Missing", "Try '", "Did you mean"):
        assert english not in result.output, result.output


def test_the_help_headings_are_vietnamese():
    result = CliRunner().invoke(cli, ["merge", "-h"])
    assert result.exit_code == 0
    assert result.output.startswith("Cách dùng: ") and "Tùy chọn:" in result.output
    assert "Usage:" not in result.output and "Options:" not in result.output
