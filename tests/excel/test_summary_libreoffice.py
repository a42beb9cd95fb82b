"""LibreOffice recalculates TODAY() in our conditional formatting: colours agree with Đánh giá and stay true later.

LO stands in for Excel here (EXCEL_NOTES §7): it evaluates the rule formulas and renders their fills.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.formula.translate import Translator

from sheetsync.core.dates import format_date
from sheetsync.excel import styles
from sheetsync.excel.highlight import MARKER
from sheetsync.jobs.summary import run_summary
from sheetsync.schema import TASKS, Assessment
from tests.factories import UNITS, make_master
from tests.sheets import task_cells, task_header

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice) on PATH"),
]
A = Assessment
TODAY = date.today()
DONE, DOING = "Đã hoàn thành", "Đang thực hiện"


def day(offset: int) -> str:
    return format_date(TODAY + timedelta(days=offset))


def task(number: int, deadline: str, status: str | None = DOING, **more: Any) -> dict[str, Any]:
    row = {
        "code": f"1.1.{number}",
        "pillar": "Chủ động thực thi",
        "content": f"Nhiệm vụ {number}",
        "lead": "VP",
        "coordinating": "",
        "deadline": deadline,
        "status": status,
    }
    return row | more


# (task, Ngày cập nhật, the Đánh giá as of TODAY)
CASES: list[tuple[dict[str, Any], date | None, Assessment | None]] = [
    (task(1, day(-1)), None, A.OVERDUE),
    (task(2, day(0)), None, A.DUE_SOON),
    (task(3, day(7)), None, A.DUE_SOON),
    (task(4, day(8), None), None, A.ON_TRACK),
    (task(5, "Thường xuyên"), None, A.ONGOING),
    (
        task(6, day(-5), DONE, completed_on=datetime.combine(TODAY - timedelta(days=5), datetime.min.time())),
        None,
        A.DONE_ON_TIME,
    ),
    (
        task(7, day(-5), DONE, completed_on=datetime.combine(TODAY - timedelta(days=2), datetime.min.time())),
        None,
        A.DONE_LATE,
    ),
    (task(8, day(-5), DONE), TODAY - timedelta(days=9), A.DONE_ON_TIME),  # report date stands in
    (task(9, day(-5), DONE, completed_on=day(-1)), None, A.DONE_LATE),  # a date typed as text
    (task(10, "Hằng quý", DONE), None, A.DONE_ON_TIME),
    (task(11, "Theo kế hoạch của Thành phố"), None, None),
]
# distinct fills (the on-track blue is also the office's header tint, so it cannot tell)
TELLING = (A.OVERDUE, A.DUE_SOON, A.DONE_ON_TIME, A.DONE_LATE, A.ONGOING)


def build(folder: Path, cases: list[tuple[dict[str, Any], date | None, Assessment | None]]) -> Path:
    path = make_master(folder, units=UNITS, tasks=[c[0] for c in cases])
    wb = openpyxl.load_workbook(path)
    ws = wb[TASKS.name]
    header, labels = task_header(ws)
    for offset, (_, updated, _) in enumerate(cases, start=1):
        ws.cell(header + offset, labels[TASKS.label("updated_on")]).value = updated
    wb.save(path)
    return path


def soffice(tmp_path: Path, target: str, source: Path) -> Path:
    out = tmp_path / f"lo-{target}"
    profile = (tmp_path / "lo-profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target]
    subprocess.run([*command, "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    produced = out / f"{source.stem}.{target}"
    assert produced.exists(), f"LibreOffice did not convert {source.name}"
    return produced


def rule_truths(tmp_path: Path, path: Path) -> dict[str, set[Assessment]]:
    """Each of our rules written as a cell formula beside its task rows, evaluated by LibreOffice."""
    probe = tmp_path / "probe.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb[TASKS.name]
    header, labels = task_header(ws)
    rules = [(cf, rule) for cf in ws.conditional_formatting for rule in cf.rules if MARKER in rule.formula[0]]
    order = list(Assessment)
    first_column = ws.max_column + 2
    rows = range(header + 1, header + 1 + len(task_cells(ws, "code")))
    for index, (cf, rule) in enumerate(rules):
        origin = f"A{min(r.min_row for r in cf.sqref.ranges)}"
        for r in rows:
            formula = Translator("=" + rule.formula[0], origin=origin).translate_formula(f"A{r}")
            ws.cell(r, first_column + index).value = formula
    wb.save(probe)
    computed = openpyxl.load_workbook(soffice(tmp_path, "xlsx", probe), data_only=True)[TASKS.name]
    code = labels[TASKS.label("code")]
    return {
        computed.cell(r, code).value: {order[i] for i in range(len(rules)) if computed.cell(r, first_column + i).value}
        for r in rows
    }


def test_rules_agree_with_the_assessment_written_on_the_run_date(tmp_path: Path) -> None:
    path = build(tmp_path, CASES)
    run_summary(path, as_of=TODAY)
    shown = task_cells(openpyxl.load_workbook(path)[TASKS.name], "assessment")
    assert shown == {c[0]["code"]: (c[2].value if c[2] else None) for c in CASES}
    truths = rule_truths(tmp_path, path)
    assert truths == {c[0]["code"]: ({c[2]} if c[2] else set()) for c in CASES}


def test_rules_follow_today_when_the_workbook_is_opened_days_after_the_run(tmp_path: Path) -> None:
    path = build(tmp_path, CASES)
    run_summary(path, as_of=TODAY - timedelta(days=3))
    shown = task_cells(openpyxl.load_workbook(path)[TASKS.name], "assessment")
    assert shown["1.1.1"] == A.DUE_SOON.value and shown["1.1.4"] == A.ON_TRACK.value  # the run date's snapshot
    truths = rule_truths(tmp_path, path)
    assert truths["1.1.1"] == {A.OVERDUE} and truths["1.1.4"] == {A.ON_TRACK}  # 8 days left today
    assert truths["1.1.3"] == {A.DUE_SOON}  # 10 days left at the run, 7 today


# a filled row covers thousands of pixels at 40 dpi; a light grey also appears at text and border edges
MIN_AREA = 300


def _colours(ppm: bytes) -> set[str]:
    """The RGB colours (hex) covering at least MIN_AREA pixels of a binary PPM (P6) image."""
    parts = ppm.split(maxsplit=4)
    assert parts[0] == b"P6" and parts[3] == b"255"
    pixels = parts[4]
    counts = Counter(pixels[i : i + 3] for i in range(0, len(pixels) - 2, 3))
    return {rgb.hex().upper() for rgb, n in counts.items() if n >= MIN_AREA}


def rendered_colours(tmp_path: Path, path: Path) -> set[str]:
    pdf = soffice(tmp_path, "pdf", path)
    image = subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", str(pdf)], check=True, capture_output=True, timeout=60
    )
    return _colours(image.stdout)


def fill(assessment: Assessment) -> str:
    return styles.ASSESSMENT_LOOKS[assessment].fill.start_color.rgb[-6:].upper()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")
def test_rendered_task_sheet_shows_each_colour_only_where_due(tmp_path: Path) -> None:
    path = build(tmp_path / "all", CASES)
    run_summary(path, as_of=TODAY)
    colours = rendered_colours(tmp_path / "all", path)
    assert {a for a in TELLING if fill(a) in colours} == set(TELLING)

    calm = [c for c in CASES if c[2] in (A.ON_TRACK, A.DONE_ON_TIME)]
    path = build(tmp_path / "calm", calm)
    run_summary(path, as_of=TODAY)
    colours = rendered_colours(tmp_path / "calm", path)
    assert {a for a in TELLING if fill(a) in colours} == {A.DONE_ON_TIME}
