from sheetsync.core.table import column_letter, read_table
from sheetsync.problems import Code
from sheetsync.schema import UNITS

HEADER = ["Mã ĐV", "Tên đơn vị", "Tên gọi khác", "Email", "Người đầu mối", "Điện thoại"]


def test_column_letters():
    assert [column_letter(i) for i in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def test_header_found_under_title_rows_and_reordered_with_staff_columns():
    grid = [
        ("ỦY BAN NHÂN DÂN PHƯỜNG AN DƯƠNG",),
        (),
        ("Ghi chú của VP", *reversed(HEADER)),
        ("x", "0225", "Ng A", "a@b", "", "Công an phường", "CAP"),
        (None,) * 7,
        ("", "", "", "", "VP HĐND-UBND", "Văn phòng HĐND và UBND", "VP"),
    ]
    table, problems = read_table(grid, UNITS)
    assert problems == []
    assert table.header_row == 3
    assert table.letter("code") == "G"
    assert [r.number for r in table.rows] == [4, 6]
    assert table.rows[0].get("name") == "Công an phường"
    assert table.rows[1].cell("aliases") == "E6"
    assert table.extra_columns == ("Ghi chú của VP",)


def test_header_matching_ignores_case_spaces_and_nfd():
    import unicodedata

    header = [unicodedata.normalize("NFD", f"  {h.upper()} ") for h in HEADER]
    table, problems = read_table([header, ["VP", "Văn phòng"]], UNITS)
    assert problems == [] and table.rows[0].get("code") == "VP"


def test_missing_column_is_named_with_its_header_row():
    table, problems = read_table([HEADER[:-1], ["VP", "Văn phòng"]], UNITS, sheet_name="Đơn vị")
    assert table is None
    assert [(p.code, p.sheet, p.cell) for p in problems] == [(Code.missing_column, "Đơn vị", "1:1")]
    assert "Điện thoại" in problems[0].message


def test_no_header_row_at_all():
    table, problems = read_table([["a", "b"], [1, 2]], UNITS)
    assert table is None and problems[0].code is Code.missing_header_row


def test_duplicate_header_is_reported():
    _, problems = read_table([[*HEADER, "Email"]], UNITS)
    assert [(p.code, p.cell) for p in problems] == [(Code.duplicate_column, "G1")]


def test_a_slightly_renamed_header_is_named_at_its_cell_with_the_fix():
    from sheetsync.schema import TASKS

    header = [("Tiến độ(%)" if label == "Tiến độ (%)" else label) for label in TASKS.labels]
    table, problems = read_table([("Tiêu đề",), header], TASKS, sheet_name="Nhiệm vụ")
    at = column_letter(TASKS.keys.index("progress") + 1)
    assert table is None
    assert [(p.code, p.cell) for p in problems] == [(Code.near_miss_column, f"{at}2")]
    assert "“Tiến độ(%)”" in problems[0].message and "thành “Tiến độ (%)”" in problems[0].message


def test_an_unrelated_extra_column_is_no_near_miss():
    _table, problems = read_table([[*HEADER[:-1], "Ghi chú"], ["VP", "Văn phòng"]], UNITS)
    assert [p.code for p in problems] == [Code.missing_column]
