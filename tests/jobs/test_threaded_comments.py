"""Excel 365's default comments (threaded) on the master no longer stop the weekly run: Excel keeps each one's
text as a note on the same cell too, the write keeps the notes, and the office is told only the thread's look
is gone."""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment

from sheetsync.excel.sheet_scan import sheet_parts
from sheetsync.jobs.merge import run_merge
from sheetsync.problems import Code, ExitCode
from sheetsync.schema import TASKS
from tests.factories import make_master

TEXT = "Đề nghị Văn phòng kiểm tra lại số liệu giải ngân"
_THREADS = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
_REL_THREAD = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
_REL_PERSON = "http://schemas.microsoft.com/office/2017/10/relationships/person"
_PERSON = "{54EE7950-7262-4200-9D7E-0A0B0C0D0E0F}"


def _with_thread(master: Path, cell: str) -> None:
    """What Excel 365 saves for a comment typed with "New Comment": the thread, its author, and a legacy note
    carrying the same text for older programs."""
    wb = openpyxl.load_workbook(master)
    ws = wb[TASKS.name]
    legacy = (
        f"[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment.\n\nComment:\n    {TEXT}"
    )
    ws[cell].comment = Comment(legacy, "tc=" + _PERSON)
    wb.save(master)
    with zipfile.ZipFile(master) as source:
        parts = {name: source.read(name) for name in source.namelist()}
        sheet = sheet_parts(source)[TASKS.name]
    rels = posixpath.join(posixpath.dirname(sheet), "_rels", posixpath.basename(sheet) + ".rels")
    thread = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ThreadedComments xmlns="{_THREADS}">'
        f'<threadedComment ref="{cell}" dT="2026-12-01T09:00:00.00" personId="{_PERSON}" '
        f'id="{{11111111-2222-3333-4444-555555555555}}"><text>{TEXT}</text></threadedComment></ThreadedComments>'
    )
    person = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><personList xmlns="{_THREADS}">'
        f'<person displayName="Nguyễn Thị Lan" id="{_PERSON}" userId="lan" providerId="None"/></personList>'
    )
    parts["xl/threadedComments/threadedComment1.xml"] = thread.encode()
    parts["xl/persons/person.xml"] = person.encode()
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdT1" Type="{_REL_THREAD}" Target="../threadedComments/threadedComment1.xml"/>'
        "</Relationships>".encode(),
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdP1" Type="{_REL_PERSON}" Target="persons/person.xml"/></Relationships>'.encode(),
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/threadedComments/threadedComment1.xml" '
        b'ContentType="application/vnd.ms-excel.threadedcomments+xml"/>'
        b'<Override PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"/></Types>',
    )
    with zipfile.ZipFile(master, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_threaded_comments_on_the_master_no_longer_stop_the_weekly_run_and_their_text_stays(tmp_path):
    master = make_master(tmp_path / "so")
    _with_thread(master, "K5")
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    result = run_merge(master, inbox, as_of=dt.date(2026, 12, 10), now=dt.datetime(2026, 12, 10, 9), lock_wait=0)
    assert result.exit_code is ExitCode.OK, [p.render() for p in result.problems]
    notes = [p for p in result.problems if p.code is Code.threads_kept_as_notes]
    assert len(notes) == 1 and "1 bình luận dạng hội thoại" in notes[0].message
    comment = openpyxl.load_workbook(master)[TASKS.name]["K5"].comment
    assert comment is not None and TEXT in comment.text


def test_a_thread_whose_note_would_go_too_is_still_a_blocking_loss():
    from collections import Counter

    from sheetsync.excel.inventory import Feature, Inventory, SheetInventory
    from sheetsync.excel.losses import compare

    def book(threads: int, notes: int) -> Inventory:
        counts = Counter({Feature.THREADED_COMMENT: threads, Feature.COMMENT: notes})
        return Inventory(sheets={TASKS.name: SheetInventory(TASKS.name, counts)})

    (kept,) = compare(book(1, 1), book(0, 1), owned_sheets=())
    assert kept.feature is Feature.THREADED_COMMENT and not kept.blocking
    lost = compare(book(1, 1), book(0, 0), owned_sheets=())
    assert {loss.feature for loss in lost} == {Feature.THREADED_COMMENT, Feature.COMMENT}
    assert all(loss.blocking for loss in lost)
