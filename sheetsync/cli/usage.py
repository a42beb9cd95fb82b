"""Click's own usage errors ("No such option", "Missing option") said in Vietnamese, with the way to help."""

from __future__ import annotations

import re

import click

__all__ = ["usage_error"]

# click's English sentences (8.x) and what the office reads instead; the names in quotes are kept
_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"No such option: (?P<a>\S+)", "Không có tùy chọn “{a}”."),
        (r"No such option '(?P<a>[^']+)'\.?", "Không có tùy chọn “{a}”."),
        (r"No such command '(?P<a>[^']+)'\.?", "Không có lệnh “{a}”."),
        (r"Missing option '(?P<a>[^']+)'\.?", "Thiếu tùy chọn bắt buộc “{a}”."),
        (r"Missing argument '(?P<a>[^']+)'\.?", "Thiếu “{a}”."),
        (r"Missing parameter: (?P<a>\S+)", "Thiếu “{a}”."),
        (r"Option '(?P<a>[^']+)' requires an argument\.?", "Tùy chọn “{a}” cần một giá trị đi kèm."),
        (r"Option '(?P<a>[^']+)' does not take a value\.?", "Tùy chọn “{a}” không nhận giá trị."),
        (r"Got unexpected extra arguments? \((?P<a>.*)\)", "Thừa phần “{a}” không thuộc lệnh."),
        (r"Invalid value for '(?P<a>[^']+)': (?P<b>.*)", "Giá trị của “{a}” không hợp lệ: {b}"),
    )
)
_DID_YOU_MEAN = re.compile(r"\s*\(?\s*Possible options: (?P<a>.*?)\)?$|\s*Did you mean (?P<b>.*?)\?$")
_RANGE = re.compile(r"(?P<v>\S+) is not in the range (?P<r>.*)\.")


def usage_error(error: click.UsageError) -> str:
    """The error, its suggestion and where to read the command's help, in Vietnamese."""
    message = error.format_message().strip()
    hint = ""
    if found := _DID_YOU_MEAN.search(message):
        names = found["a"] or found["b"] or ""
        hint = " Có phải là " + " hoặc ".join(f"“{n.strip(chr(39))}”" for n in names.split(", ")) + "?"
        message = message[: found.start()].strip()
    text = next(
        (template.format(**m.groupdict()) for pattern, template in _SENTENCES if (m := pattern.fullmatch(message))),
        f"Lệnh gõ chưa đúng: {message}",
    )
    if found := _RANGE.search(text):
        text = text.replace(found[0], f"{found['v']} nằm ngoài khoảng cho phép ({found['r']}).")
    command = error.ctx.command_path if error.ctx is not None else "sheetsync"
    return f"Lỗi: {text}{hint}\nGõ “{command} -h” để xem hướng dẫn của lệnh."
