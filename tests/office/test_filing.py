"""Filing inputs away after a run: never over an existing file, a letter the unit can act on."""

from __future__ import annotations

import datetime as dt

from sheetsync.core.plan import Decision
from sheetsync.office.filing import file_away, folder_for, letter, needs_letter
from sheetsync.problems import Code, Problem
from sheetsync.schema import Outcome

DAY = dt.date(2026, 12, 10)


def test_files_move_into_a_dated_folder_and_never_overwrite(tmp_path):
    first = tmp_path / "bao-cao.xlsx"
    first.write_bytes(b"1")
    assert file_away(first, tmp_path, "da-xu-ly", DAY) == tmp_path / "da-xu-ly" / "2026-12-10" / "bao-cao.xlsx"
    second = tmp_path / "bao-cao.xlsx"
    second.write_bytes(b"2")
    moved = file_away(second, tmp_path, "da-xu-ly", DAY)
    assert moved.name == "bao-cao (2).xlsx" and moved.read_bytes() == b"2"
    assert (tmp_path / "da-xu-ly" / "2026-12-10" / "bao-cao.xlsx").read_bytes() == b"1"
    assert not first.exists()


def test_the_letter_lands_beside_the_file_under_the_same_free_name(tmp_path):
    target = tmp_path / "loi" / "2026-12-10"
    target.mkdir(parents=True)
    (target / "x.xlsx.loi.txt").write_text("cũ", encoding="utf-8")  # an old letter without its file
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"x")
    moved = file_away(path, tmp_path, "loi", DAY, "Kính gửi")
    assert moved.name == "x (2).xlsx"
    assert (target / "x (2).xlsx.loi.txt").read_text(encoding="utf-8-sig") == "Kính gửi"
    assert (target / "x.xlsx.loi.txt").read_text(encoding="utf-8") == "cũ"


def test_a_symlink_is_moved_as_the_link_and_its_target_stays(tmp_path):
    outside = tmp_path / "ngoai.xlsx"
    outside.write_bytes(b"secret")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "link.xlsx").symlink_to(outside)
    moved = file_away(inbox / "link.xlsx", inbox, "loi", DAY, "x")
    assert moved.is_symlink() and outside.read_bytes() == b"secret"


def test_folder_and_letter_follow_the_outcomes():
    rejected = Decision("a.xlsx", "0" * 64, Outcome.REJECTED)
    partial = Decision("b.xlsx", "1" * 64, Outcome.PARTIAL, skipped_rows=[9])
    accepted = Decision("c.xlsx", "2" * 64, Outcome.ACCEPTED)
    assert folder_for([rejected]) == "loi"
    assert folder_for([rejected, accepted]) == "da-xu-ly"  # an e-mail with one good attachment
    assert (needs_letter([accepted]), needs_letter([partial]), needs_letter([rejected])) == (False, True, True)


def test_letter_says_what_is_wrong_and_where_in_vietnamese():
    bad = Problem.make(
        Code.bad_status, file="bao-cao.xlsx", sheet="Báo cáo", cell="E12", value="xongg", choices="Đã hoàn thành"
    )
    note = Problem.make(Code.report_date_missing, file="bao-cao.xlsx", value="05/12/2026", source="ngày gửi thư")
    decision = Decision(
        "thu.eml › bao-cao.xlsx",
        "0" * 64,
        Outcome.PARTIAL,
        unit_name="Phòng Văn hóa - Xã hội",
        problems=[bad, note],
        skipped_rows=[12],
    )
    text = letter("thu.eml", [decision], day=DAY)
    assert text.startswith("Kính gửi: Phòng Văn hóa - Xã hội.\n")
    assert "“thu.eml › bao-cao.xlsx”" in text
    assert "; dòng 12 CHƯA được cập nhật" in text
    assert "1. Trang “Báo cáo”, ô E12: Tình trạng “xongg” không hợp lệ" in text
    assert "Lưu ý thêm" in text and "ngày gửi thư" in text


def test_the_letter_names_each_row_s_task_the_period_and_whom_to_call():
    from sheetsync.core.units import Unit

    late = Problem.make(
        Code.completed_after_report,
        file="bao-cao.xlsx",
        sheet="Báo cáo",
        cell="G15",
        value="13/12/2026",
        report_date="03/12/2026",
    )
    decision = Decision(
        "bao-cao.xlsx",
        "0" * 64,
        Outcome.PARTIAL,
        unit_name="Phòng Kinh tế, Hạ tầng và Đô thị",
        period="Tháng 12/2026",
        report_date=dt.date(2026, 12, 3),
        problems=[late],
        skipped_rows=[15],
        row_tasks={14: "1.2.1", 15: "1.2.2"},
    )
    office = Unit("VP", "Văn phòng HĐND và UBND", contact="Nguyễn Thị Lan", phone="0225 3871 234", email="vp@an.vn")
    text = letter("bao-cao.xlsx", [decision], day=DAY, contact=office)
    assert text.startswith("Kính gửi: Phòng Kinh tế, Hạ tầng và Đô thị.\n")
    assert "Báo cáo kỳ “Tháng 12/2026”, ngày báo cáo 03/12/2026." in text
    # nothing of the file changed the master: say so, and name the refused row by its task
    assert "Các dòng còn lại không có thay đổi so với sổ theo dõi; dòng 15 (nhiệm vụ 1.2.2) CHƯA được cập nhật" in text
    assert "ô G15 (nhiệm vụ 1.2.2): Ngày hoàn thành (13/12/2026) không được sau ngày báo cáo (03/12/2026)." in text
    assert "Nguyễn Thị Lan, điện thoại 0225 3871 234, thư điện tử vp@an.vn." in text


def test_several_units_are_set_apart_so_names_with_commas_stay_whole():
    decisions = [
        Decision("a.xlsx", "1" * 64, Outcome.REJECTED, unit_name="Phòng Kinh tế, Hạ tầng và Đô thị"),
        Decision("b.xlsx", "2" * 64, Outcome.REJECTED, unit_name="Công an phường"),
    ]
    text = letter("thu.eml", decisions, day=DAY)
    assert text.startswith("Kính gửi: Công an phường; Phòng Kinh tế, Hạ tầng và Đô thị.\n")
