"""The container gate: every hostile or broken file is refused with a Problem, quickly, without inflating it."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import time
import tracemalloc
import unicodedata
import warnings
import zipfile
from pathlib import Path

import msoffcrypto
import olefile
import openpyxl
import pytest
import python_calamine
import xlsxwriter

from sheetsync.excel import gate
from sheetsync.excel.gate import Format, check_container, ensure_defusedxml, inspect_container
from sheetsync.problems import Code
from tests.hostile import builders
from tests.hostile.builders import BILLION_LAUGHS, body_of

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

# --- fixtures built in code --------------------------------------------------------------------------


def make_xlsx(path: Path) -> Path:
    """A small report as Excel writes it: XML declarations, shared strings (xlsxwriter does both; openpyxl
    writes inline strings and no declarations)."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Báo cáo")
    for row, values in enumerate([["Mã NV", "Tình trạng", "Tiến độ"], ["1.1.7", "Đang thực hiện", 60]]):
        sheet.write_row(row, 0, values)
    workbook.close()
    return path


def edited_xlsx(tmp_path: Path, name: str, part: str, edit) -> Path:
    members = builders.members(make_xlsx(tmp_path / "base.xlsx"))
    members[part] = edit(members[part])
    return builders.write_members(tmp_path / name, members)


def make_ods(path: Path) -> Path:
    """A minimal OpenDocument spreadsheet, written by hand as ODF 1.2 §3 prescribes (mimetype first, stored)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Báo cáo"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>Mã NV</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def soffice_convert(source: Path, target_format: str, outdir: Path) -> Path:
    outdir.mkdir(exist_ok=True)
    profile = f"file://{outdir.parent / 'lo-profile'}"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target_format,
         "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    converted = outdir / f"{source.stem}.{target_format}"
    assert converted.exists(), "soffice exits 0 even when it fails: the output file is the proof"
    return converted


def encrypt_xlsx(source: Path, target: Path) -> Path:
    with source.open("rb") as plain, target.open("wb") as encrypted:
        msoffcrypto.OfficeFile(plain).encrypt("mat-khau", encrypted)
    return target


def mark_xls_encrypted(xls: Path) -> Path:
    """Plant a FILEPASS record (XOR obfuscation, MS-XLS 2.4.117) where a LibreOffice .xls has WRITEACCESS.

    olefile can only rewrite a stream at its own size, so the 116-byte WRITEACCESS record becomes a
    10-byte FILEPASS followed by a shorter WRITEACCESS filling the same space.
    """
    with olefile.OleFileIO(str(xls), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        offset = 0
        while True:
            kind, size = struct.unpack_from("<HH", stream, offset)
            if kind == 0x005C:  # WRITEACCESS
                break
            offset += 4 + size
        filepass = struct.pack("<HHHHH", 0x002F, 6, 0x0000, 0x1234, 0x5678)
        filler = struct.pack("<HH", 0x005C, size - len(filepass)) + b" " * (size - len(filepass))
        stream[offset : offset + 4 + size] = filepass + filler
        ole.write_stream("Workbook", bytes(stream))
    return xls


def make_zip_bomb(path: Path, inflated_mib: int = 2047) -> Path:
    """An xlsx whose sheet1.xml inflates to ~2 GB of zeros, written in well under a second, ~2 MB on disk
    (one full-flushed deflate block repeated: tests/hostile/builders.py)."""
    return builders.zip_bomb(make_xlsx(path.with_name("bomb-base.xlsx")), path, inflated_mib=inflated_mib)


def declared(xml: bytes, prolog: bytes, encoding: bytes = b"UTF-8") -> bytes:
    """`xml` with an XML declaration and then `prolog` (a DTD, comments…) before its root element."""
    return b'<?xml version="1.0" encoding="' + encoding + b'" standalone="yes"?>\n' + prolog + body_of(xml)


def with_billion_laughs(shared_strings: bytes) -> bytes:
    return BILLION_LAUGHS + body_of(shared_strings).replace("Đang thực hiện".encode(), b"&lol9;", 1)


def with_xxe(workbook_xml: bytes) -> bytes:
    doctype = b'<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n'
    return declared(workbook_xml, doctype).replace("Báo cáo".encode(), b"&xxe;", 1)


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory) -> Path:
    return make_zip_bomb(tmp_path_factory.mktemp("bomb") / "bom.xlsx")


def refused(path: Path, **limits) -> tuple[str, str | None]:
    problem = check_container(path, **limits)
    assert problem is not None, f"{path.name} was let through"
    assert problem.file == path.name
    assert problem.is_error
    return problem.code.value, problem.message


# --- files that pass -------------------------------------------------------------------------------


def test_valid_xlsx_passes(tmp_path):
    verdict = inspect_container(make_xlsx(tmp_path / "bao-cao.xlsx"))
    assert verdict.ok and verdict.format is Format.XLSX


def test_xlsm_is_recognized_by_its_content_not_its_name(tmp_path):
    members = builders.members(make_xlsx(tmp_path / "base.xlsx"))
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not parsed by the gate"
    verdict = inspect_container(builders.write_members(tmp_path / "macro.xlsx", members))
    assert verdict.ok and verdict.format is Format.XLSM


def test_hand_written_ods_passes_and_calamine_reads_it(tmp_path):
    ods = make_ods(tmp_path / "bao-cao.ods")
    assert python_calamine.CalamineWorkbook.from_path(str(ods)).get_sheet_by_index(0).to_python() == [["Mã NV"]]
    verdict = inspect_container(ods)
    assert verdict.ok and verdict.format is Format.ODS


def test_ods_renamed_xlsx_passes_as_ods(tmp_path):
    renamed = make_ods(tmp_path / "bao-cao.xlsx")
    assert inspect_container(renamed).format is Format.ODS


@needs_soffice
@pytest.mark.libreoffice
def test_files_saved_by_libreoffice_pass(tmp_path):
    xlsx = make_xlsx(tmp_path / "bao-cao.xlsx")
    xls = soffice_convert(xlsx, "xls", tmp_path / "lo")
    ods = soffice_convert(xlsx, "ods", tmp_path / "lo")
    assert inspect_container(xls) == gate.Verdict(Format.XLS)
    assert inspect_container(ods) == gate.Verdict(Format.ODS)
    renamed = tmp_path / "xls-that-says-xlsx.xlsx"
    shutil.copy(xls, renamed)
    assert inspect_container(renamed) == gate.Verdict(Format.XLS)


# --- size ------------------------------------------------------------------------------------------


def test_empty_file_is_refused(tmp_path):
    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    assert refused(empty)[0] == Code.file_empty


def test_oversized_file_is_refused_before_it_is_read(tmp_path):
    code, message = refused(make_xlsx(tmp_path / "lon.xlsx"), max_bytes=1000)
    assert code == Code.file_too_large
    assert "1000 byte" in message


def test_missing_file_and_directory_are_unreadable(tmp_path):
    assert refused(tmp_path / "khong-co.xlsx")[0] == Code.file_unreadable
    folder = tmp_path / "thu-muc.xlsx"
    folder.mkdir()
    assert refused(folder)[0] == Code.file_unreadable


# --- not a spreadsheet ------------------------------------------------------------------------------


def test_random_bytes_named_xlsx_are_unreadable(tmp_path):
    junk = tmp_path / "rac.xlsx"
    junk.write_bytes(bytes(range(256)) * 40)
    code, message = refused(junk)
    assert code == Code.file_unreadable
    assert "không nhận ra định dạng" in message


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        ("Mã NV;Tình trạng\n1.1.7;Đang thực hiện\n".encode(), "CSV"),
        (unicodedata.normalize("NFD", "Mã NV,Tình trạng\n").encode("cp1258"), "CSV"),
        ("Mã NV\tTiến độ\n".encode("utf-16"), "CSV"),
        (b"<html><body><table><tr><td>1.1.7</td></tr></table></body></html>", "HTML"),
        (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "XML 2003"),
    ],
)
def test_text_renamed_as_excel_is_unreadable_and_says_what_it_is(tmp_path, content, hint):
    renamed = tmp_path / "bao-cao.xls"
    renamed.write_bytes(content)
    code, message = refused(renamed)
    assert code == Code.file_unreadable
    assert hint in message


@pytest.mark.parametrize(
    ("content", "kind"),
    [(b"%PDF-1.7\n...", "PDF"), (b"\x89PNG\r\n\x1a\n....", "PNG"), (b"Rar!\x1a\x07\x00", "RAR")],
)
def test_other_known_formats_are_unsupported(tmp_path, content, kind):
    path = tmp_path / "bao-cao.xlsx"
    path.write_bytes(content)
    code, message = refused(path)
    assert code == Code.unsupported_file
    assert kind in message


def test_word_document_zip_is_unsupported(tmp_path):
    docx = builders.write_members(
        tmp_path / "bao-cao.xlsx",
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types><Override ContentType="application/'
            b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "word/document.xml": b"<w:document/>",
        },
    )
    code, message = refused(docx)
    assert code == Code.unsupported_file
    assert "Word" in message


def test_plain_zip_is_unsupported(tmp_path):
    assert refused(builders.write_members(tmp_path / "nen.xlsx", {"a.txt": b"hello"}))[0] == Code.unsupported_file


def test_xlsx_without_content_types_is_unreadable(tmp_path):
    members = builders.members(make_xlsx(tmp_path / "base.xlsx"))
    del members["[Content_Types].xml"]
    code, message = refused(builders.write_members(tmp_path / "thieu.xlsx", members))
    assert code == Code.file_unreadable
    assert "[Content_Types].xml" in message


def test_ods_without_content_is_unreadable(tmp_path):
    members = builders.members(make_ods(tmp_path / "base.ods"))
    del members["content.xml"]
    assert refused(builders.write_members(tmp_path / "thieu.ods", members))[0] == Code.file_unreadable


# --- broken containers ------------------------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.5, 0.95])
def test_truncated_zip_is_unreadable_with_a_vietnamese_reason(tmp_path, keep):
    data = make_xlsx(tmp_path / "base.xlsx").read_bytes()
    cut = tmp_path / "tai-chua-het.xlsx"
    cut.write_bytes(data[: int(len(data) * keep)])
    code, message = refused(cut)
    assert code == Code.file_unreadable
    assert "cắt cụt" in message


def test_truncated_cfb_is_unreadable(tmp_path):
    cfb = tmp_path / "cut.xls"
    cfb.write_bytes(gate.CFB_MAGIC + b"\x00" * 100)
    code, message = refused(cfb)
    assert code == Code.file_unreadable
    assert "cắt cụt" in message


def test_corrupt_compressed_data_is_unreadable(tmp_path):
    path = make_xlsx(tmp_path / "hong.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename)
    data[start : start + info.compress_size] = b"\xff" * info.compress_size
    path.write_bytes(bytes(data))
    code, message = refused(path)
    assert code == Code.file_unreadable
    assert "hỏng" in message


def test_duplicate_part_names_are_refused(tmp_path):
    members = builders.members(make_xlsx(tmp_path / "base.xlsx"))
    path = builders.write_members(tmp_path / "trung.xlsx", members)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate we are making on purpose
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("xl/workbook.xml", b"<workbook/>")
    code, message = refused(path)
    assert code == Code.file_unreadable
    assert "cùng tên" in message


# --- passwords ------------------------------------------------------------------------------------


def test_encrypted_xlsx_is_refused(tmp_path):
    encrypted = encrypt_xlsx(make_xlsx(tmp_path / "plain.xlsx"), tmp_path / "mat-khau.xlsx")
    assert encrypted.read_bytes().startswith(gate.CFB_MAGIC)
    assert refused(encrypted)[0] == Code.file_encrypted


def test_cfb_with_encryption_info_stream_is_encrypted_even_without_msoffcrypto(tmp_path, monkeypatch):
    encrypted = encrypt_xlsx(make_xlsx(tmp_path / "plain.xlsx"), tmp_path / "mat-khau.xlsx")
    monkeypatch.setattr(gate, "_xls_encrypted", lambda path: pytest.fail("not an .xls"))
    assert refused(encrypted)[0] == Code.file_encrypted


@needs_soffice
@pytest.mark.libreoffice
def test_encrypted_xls_is_refused(tmp_path):
    xls = soffice_convert(make_xlsx(tmp_path / "plain.xlsx"), "xls", tmp_path / "lo")
    assert check_container(xls) is None
    mark_xls_encrypted(xls)
    with xls.open("rb") as stream:
        assert msoffcrypto.OfficeFile(stream).is_encrypted()
    assert refused(xls)[0] == Code.file_encrypted


# --- XML entities -----------------------------------------------------------------------------------


def test_billion_laughs_in_shared_strings_is_refused_quickly(tmp_path):
    bomb = edited_xlsx(tmp_path, "cuoi.xlsx", "xl/sharedStrings.xml", with_billion_laughs)
    assert b"&lol9;" in builders.members(bomb)["xl/sharedStrings.xml"]
    with pytest.raises(Exception, match="Unable to read workbook"):
        openpyxl.load_workbook(bomb)  # the fixture is a real bomb: defusedxml stops openpyxl too
    tracemalloc.start()
    started = time.perf_counter()
    code, _ = refused(bomb)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert code == Code.hostile_xml
    assert elapsed < 0.2
    assert peak < 2 * 1024 * 1024


def test_xxe_in_workbook_is_refused(tmp_path):
    xxe = edited_xlsx(tmp_path, "xxe.xlsx", "xl/workbook.xml", with_xxe)
    assert b"&xxe;" in builders.members(xxe)["xl/workbook.xml"]
    assert refused(xxe)[0] == Code.hostile_xml


def test_harmless_internal_dtd_is_refused_too(tmp_path):
    # defusedxml refuses every entity declaration; the gate refuses every DTD, so both agree.
    def add_dtd(xml: bytes) -> bytes:
        return declared(xml, b'<!DOCTYPE sst [<!ENTITY ok "ok">]>')

    assert refused(edited_xlsx(tmp_path, "dtd.xlsx", "xl/sharedStrings.xml", add_dtd))[0] == Code.hostile_xml


def test_doctype_hidden_after_a_long_comment_is_refused(tmp_path):
    def pad(xml: bytes) -> bytes:
        return declared(xml, b"<!--" + b"x" * 20_000 + b'--><!DOCTYPE sst [<!ENTITY a "a">]>')

    assert refused(edited_xlsx(tmp_path, "pad.xlsx", "xl/sharedStrings.xml", pad))[0] == Code.hostile_xml


def test_prolog_longer_than_the_cap_is_refused(tmp_path):
    def pad(xml: bytes) -> bytes:
        return declared(xml, b" " * (gate.PROLOG_CAP + 10))

    assert refused(edited_xlsx(tmp_path, "space.xlsx", "xl/styles.xml", pad))[0] == Code.hostile_xml


def test_doctype_in_utf16_is_refused(tmp_path):
    def to_utf16(xml: bytes) -> bytes:
        dtd = declared(xml, b'<!DOCTYPE workbook [<!ENTITY a "a">]>', b"UTF-16")
        return dtd.decode("utf-8").encode("utf-16")

    assert refused(edited_xlsx(tmp_path, "u16.xlsx", "xl/workbook.xml", to_utf16))[0] == Code.hostile_xml


def test_utf16_workbook_without_dtd_passes(tmp_path):
    def to_utf16(xml: bytes) -> bytes:
        return declared(xml, b"", b"UTF-16").decode("utf-8").encode("utf-16")

    assert check_container(edited_xlsx(tmp_path, "u16.xlsx", "xl/workbook.xml", to_utf16)) is None


def test_exotic_declared_encoding_is_refused(tmp_path):
    def declare(xml: bytes) -> bytes:
        return declared(xml, b"", b"UTF-7")

    assert refused(edited_xlsx(tmp_path, "utf7.xlsx", "xl/workbook.xml", declare))[0] == Code.hostile_xml


def test_doctype_in_ods_content_is_refused(tmp_path):
    members = builders.members(make_ods(tmp_path / "base.ods"))
    members["content.xml"] = BILLION_LAUGHS + body_of(members["content.xml"])
    assert refused(builders.write_members(tmp_path / "cuoi.ods", members))[0] == Code.hostile_xml


@pytest.mark.parametrize("cut", [5, 20, 4095, 4096, 4097])
def test_prolog_scan_does_not_depend_on_where_reads_end(cut):
    xml = b'<?xml version="1.0"?><!--' + b"c" * 5000 + b"--><root/>"
    hostile = b'<?xml version="1.0"?><!--' + b"c" * 5000 + b'--><!DOCTYPE r [<!ENTITY a "a">]><r/>'
    assert gate._prolog_verdict(xml[:cut]) in ("more", "clean")
    assert gate._prolog_verdict(xml) == "clean"
    assert gate._prolog_verdict(hostile[:cut]) in ("more", "hostile")
    assert gate._prolog_verdict(hostile) == "hostile"


# --- zip bombs --------------------------------------------------------------------------------------


def test_zip_bomb_fixture_is_real_and_small(zip_bomb):
    assert zip_bomb.stat().st_size < 3 * 1024 * 1024
    with zipfile.ZipFile(zip_bomb) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size == 2047 << 20
        with archive.open(info) as stream:
            assert stream.read(10 << 20) == bytes(10 << 20)


def test_zip_bomb_is_refused_in_bounded_time_and_memory(zip_bomb):
    tracemalloc.start()
    started = time.perf_counter()
    code, message = refused(zip_bomb)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert code == Code.zip_bomb
    assert "xl/worksheets/sheet1.xml" in message and "2,0 GB" in message
    assert elapsed < 0.5
    assert peak < 2 * 1024 * 1024


def test_dense_part_under_the_total_limit_is_a_bomb(tmp_path):
    members = builders.members(make_xlsx(tmp_path / "base.xlsx"))
    members["xl/worksheets/sheet1.xml"] = b"<worksheet>" + b" " * (5 << 20) + b"</worksheet>"
    code, message = refused(builders.write_members(tmp_path / "dac.xlsx", members))
    assert code == Code.zip_bomb
    assert "sheet1.xml" in message


def test_small_dense_part_is_harmless(tmp_path):
    members = builders.members(make_xlsx(tmp_path / "base.xlsx"))
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"] + b" " * (512 << 10)
    assert check_container(builders.write_members(tmp_path / "nho.xlsx", members)) is None


def test_total_uncompressed_size_is_limited(tmp_path):
    assert refused(make_xlsx(tmp_path / "tong.xlsx"), max_total_uncompressed=1000)[0] == Code.zip_bomb


def test_ratio_limit_is_a_parameter(tmp_path):
    members = builders.members(make_xlsx(tmp_path / "base.xlsx"))
    members["xl/media/big.txt"] = bytes(range(256)) * 8192  # 2 MB that deflate shrinks several hundred times
    path = builders.write_members(tmp_path / "ratio.xlsx", members)
    assert check_container(path, max_ratio=10_000) is None
    assert refused(path, max_ratio=2)[0] == Code.zip_bomb


def test_too_many_parts_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(gate, "MAX_MEMBERS", 5)
    assert refused(make_xlsx(tmp_path / "nhieu.xlsx"))[0] == Code.file_unreadable


def test_the_refusal_reads_as_a_sentence_with_its_commas(tmp_path):
    # a real number of parts, past the limit: only the number takes the Vietnamese thousands dot
    path = tmp_path / "nhieu-phan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(gate.MAX_MEMBERS + 1):
            archive.writestr(f"xl/media/image{n}.png", b"")
    assert gate.MAX_MEMBERS + 1 == 5001
    problem = inspect_container(path).problem
    assert problem is not None and problem.code is Code.file_unreadable
    assert "tệp nén có 5.001 phần, bất thường với một bảng tính" in problem.message
    assert "Không đọc được tệp (tệp nén có" in problem.message and ". bất thường" not in problem.message


# --- start-up -------------------------------------------------------------------------------------


def test_defusedxml_is_active():
    ensure_defusedxml()
    assert openpyxl.xml.DEFUSEDXML


def test_missing_defusedxml_stops_the_program(monkeypatch):
    monkeypatch.setitem(sys.modules, "defusedxml", None)
    with pytest.raises(RuntimeError, match="defusedxml"):
        ensure_defusedxml()


def test_openpyxl_without_defusedxml_stops_the_program(monkeypatch):
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="OPENPYXL_DEFUSEDXML"):
        ensure_defusedxml()


def test_public_api_is_explicit():
    assert set(gate.__all__) <= set(dir(gate))
    assert {"check_container", "inspect_container", "ensure_defusedxml", "Format", "Verdict"} <= set(gate.__all__)
