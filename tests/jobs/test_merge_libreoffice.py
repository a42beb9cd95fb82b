"""The same filled template re-saved by LibreOffice as .xlsx, .xls and .ods merges to the same master values."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from sheetsync.jobs.load import load
from sheetsync.jobs.merge import run_merge
from sheetsync.problems import ExitCode
from sheetsync.schema import Outcome
from tests.excel.test_submission_libreoffice import convert
from tests.template_factories import fill, issue, template_of

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]
ROWS = {"1.1.1": {"status": "Đang thực hiện", "progress": 62.5, "result": "Dòng một\nDòng hai"}}
KEYS = ("status", "progress", "result", "updated_on")


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    return tmp_path_factory.mktemp("lo-profile-merge")


def merged_values(tmp_path, submit) -> dict[str, object]:
    master, issued = issue(tmp_path)
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    filled = fill(template_of(issued, "VP"), tmp_path / "bao-cao-vp.xlsx", rows=ROWS)
    submit(filled, inbox)
    result = run_merge(master, inbox, as_of=dt.date(2026, 12, 10), now=dt.datetime(2026, 12, 10, 9), lock_wait=0)
    assert result.exit_code is ExitCode.OK, [p.render() for f in result.files for p in f.decision.problems]
    assert [f.decision.outcome for f in result.files] == [Outcome.ACCEPTED]
    program = load(master).program
    assert program is not None
    task = program.task("1.1.1")
    assert task is not None
    return {k: task.row.get(k) for k in KEYS}


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_libreoffice_resaved_report_merges_like_the_original(tmp_path, profile, fmt):
    original = merged_values(tmp_path / "goc", lambda f, inbox: shutil.copy(f, inbox / f.name))
    resaved = merged_values(tmp_path / fmt, lambda f, inbox: convert(f, fmt, inbox, profile))
    assert resaved == original
    assert original["progress"] == 62.5 and original["result"] == "Dòng một\nDòng hai"
