"""The inbox: what is read, what is skipped, e-mail attachments, and names that try to leave the folder."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest

from sheetsync.office.inbox import inbox_notes, list_inbox, open_items
from sheetsync.problems import Code
from tests.merge_support import eml


def items(folder: Path, temp: Path):
    return list(open_items(list_inbox(folder), temp))


def test_lock_owner_hidden_and_own_files_and_subfolders_are_skipped(tmp_path):
    for name in (
        "~$bao-cao.xlsx",
        ".~lock.bao-cao.xlsx#",
        ".an.xlsx",
        "bao-cao.xlsx.loi.txt",
        "Thumbs.db",
        "bao-cao.xlsx",
    ):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "da-xu-ly").mkdir()
    (tmp_path / "da-xu-ly" / "cu.xlsx").write_bytes(b"x")
    assert [s.name for s in list_inbox(tmp_path)] == ["bao-cao.xlsx"]


def test_a_spreadsheet_is_one_item_with_its_digest_and_modification_day(tmp_path):
    path = tmp_path / "bao-cao.ods"
    path.write_bytes(b"ods bytes")
    os.utime(path, (0, dt.datetime(2026, 12, 4, 10, 0).timestamp()))
    (item,) = items(tmp_path, tmp_path / "t")
    assert (item.display, item.path, item.problems) == ("bao-cao.ods", path.resolve(), ())
    assert item.sha256 == hashlib.sha256(b"ods bytes").hexdigest()
    assert (item.fallback_date, item.fallback_source) == (dt.date(2026, 12, 4), "file")


def test_other_file_types_are_rejected_not_ignored(tmp_path):
    (tmp_path / "bao-cao.csv").write_bytes(b"x")
    (item,) = items(tmp_path, tmp_path / "t")
    assert [p.code for p in item.problems] == [Code.unsupported_file]


def test_companion_documents_are_no_report_to_read_and_the_office_is_told(tmp_path):
    for name in ("BaoCao_VP_ban_ky.pdf", "cong-van.docx", "anh.JPG"):
        (tmp_path / name).write_bytes(b"x")
    sources = list_inbox(tmp_path)
    assert len(sources) == 3 and items(tmp_path, tmp_path / "t") == []
    notes = inbox_notes(tmp_path, sources, filed_to="da-xu-ly/2026-12-10")
    assert [n.code for n in notes] == [Code.companion_document] * 3
    assert all(not n.is_error and "đã chuyển vào da-xu-ly/2026-12-10/" in n.message for n in notes)


def test_each_spreadsheet_attachment_of_an_email_is_a_submission(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    eml(inbox / "thu.eml", {"bao-cao.xlsx": b"one", "phu-luc.pdf": b"%PDF", "Báo cáo VH.xls": b"two"})
    found = items(inbox, tmp_path / "t")
    assert [i.display for i in found] == ["thu.eml › bao-cao.xlsx", "thu.eml › Báo cáo VH.xls"]
    assert [i.path.read_bytes() for i in found] == [b"one", b"two"]
    assert all(i.path.is_relative_to(tmp_path / "t") for i in found)
    assert [i.sha256 for i in found] == [hashlib.sha256(b).hexdigest() for b in (b"one", b"two")]
    # the message's own day (UTC+7), standing in for an empty Ngày báo cáo
    assert {(i.fallback_date, i.fallback_source) for i in found} == {(dt.date(2026, 12, 8), "email")}
    assert all(i.source.path == inbox / "thu.eml" for i in found)


@pytest.mark.parametrize(
    "name", ["../../bao-cao.xlsx", "..\\..\\bao-cao.xlsx", "/etc/bao-cao.xlsx", "C:\\Temp\\bao-cao.xlsx", "a/b.xlsx"]
)
def test_attachment_names_that_are_paths_are_unsafe_and_never_written(tmp_path, name):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    eml(inbox / "thu.eml", {name: b"evil", "tot.xlsx": b"good"})
    found = items(inbox, tmp_path / "t")
    assert [(i.path is None, [p.code for p in i.problems]) for i in found] == [
        (True, [Code.unsafe_path]),
        (False, []),
    ]
    written = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["tep-001.xlsx", "thu.eml"]


def test_email_without_a_spreadsheet_is_rejected(tmp_path):
    eml(tmp_path / "thu.eml", {"phu-luc.pdf": b"%PDF"}, date=None)
    (item,) = items(tmp_path, tmp_path / "t")
    assert [p.code for p in item.problems] == [Code.no_attachment]
    assert item.fallback_source == "file"


def test_symlink_out_of_the_inbox_is_unsafe_and_inside_is_followed(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "kho").mkdir(parents=True)
    secret = tmp_path / "bi-mat.xlsx"
    secret.write_bytes(b"secret")
    (inbox / "kho" / "that.xlsx").write_bytes(b"inside")
    (inbox / "ra-ngoai.xlsx").symlink_to(secret)
    (inbox / "ben-trong.xlsx").symlink_to(inbox / "kho" / "that.xlsx")
    (inbox / "thu-muc").symlink_to(inbox / "kho", target_is_directory=True)
    found = {i.display: i for i in items(inbox, tmp_path / "t")}
    assert set(found) == {"ra-ngoai.xlsx", "ben-trong.xlsx"}
    assert [p.code for p in found["ra-ngoai.xlsx"].problems] == [Code.unsafe_path]
    assert found["ra-ngoai.xlsx"].path is None
    assert found["ben-trong.xlsx"].path.read_bytes() == b"inside"


def test_a_file_that_cannot_be_read_is_one_rejected_item_and_the_rest_are_read(tmp_path, monkeypatch):
    import sheetsync.office.inbox as inbox

    (tmp_path / "a.xlsx").write_bytes(b"a")
    (tmp_path / "b.xlsx").write_bytes(b"b")
    real = inbox._sha_of_file

    def held(path):  # Windows: another program holds the file
        if path.name == "a.xlsx":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(inbox, "_sha_of_file", held)
    first, second = items(tmp_path, tmp_path / "t")
    assert first.path is None and [p.code for p in first.problems] == [Code.file_unreadable]
    assert "Permission denied" in first.problems[0].message
    assert second.display == "b.xlsx" and second.problems == ()
