"""Every case of the corpus through the real merge, next to a good report: the promised outcome, a Vietnamese
message naming the file (and sheet and cell), the master valid and changed only by what was applied, the
input kept on disk, all in seconds."""

from __future__ import annotations

import os
import time
import unicodedata

import openpyxl
import pytest

from sheetsync.problems import Code
from sheetsync.schema import ERROR_SUFFIX, JOURNAL, PROCESSED_DIR, REJECTED_DIR, STATUS_KEYS, TEMPLATE, Outcome
from tests.hostile import builders
from tests.hostile.corpus import CASES, Case
from tests.hostile.kit import GOOD, TODAY, merge, sha256, sheet_rows, task_values

_VIETNAMESE = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_through_the_real_merge(kit, case: Case, tmp_path):
    master, inbox = kit.ward(tmp_path)
    case.build(kit, inbox / case.file)
    digest = sha256(inbox / case.file)
    started = time.perf_counter()
    result = merge(master, inbox)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, f"{case.name}: {elapsed:.1f} s"
    assert result.problems == [], [p.message for p in result.problems]

    files = {f.decision.file: f for f in result.files}
    assert set(files) == {GOOD, case.file}
    assert files[GOOD].decision.outcome is Outcome.ACCEPTED  # the rest of the week goes through
    found = files[case.file]
    decision = found.decision
    problems = decision.problems
    shown = [(p.code.value, p.cell, p.message) for p in problems]
    assert decision.outcome is case.expect.outcome, shown
    assert {p.code for p in problems if p.is_error} == set(case.expect.errors), shown
    assert set(case.expect.warnings) <= {p.code for p in problems if not p.is_error}, shown
    assert set(case.expect.cells) <= {p.cell for p in problems}, shown

    for problem in problems:  # every message names the file, is Vietnamese and NFC
        assert problem.file == case.file
        assert unicodedata.is_normalized("NFC", problem.message) and _VIETNAMESE & set(problem.message)
        if problem.cell and problem.code is not Code.sheet_too_large:
            assert problem.sheet in (TEMPLATE.name, "Sheet1"), shown

    _input_kept(found, inbox, digest, case)
    _master_valid_and_changed_only_as_promised(kit, master, case)
    journal = [r for r in sheet_rows(master, JOURNAL.name) if r[1] == case.file]
    assert len(journal) == 1 and journal[0][2] == decision.sha256 == digest
    assert journal[0][6] == decision.outcome.value


def _input_kept(found, inbox, digest, case):
    folder = REJECTED_DIR if case.expect.outcome is Outcome.REJECTED else PROCESSED_DIR
    assert found.moved_to == inbox / folder / TODAY / case.file
    assert sha256(found.moved_to) == digest and not (inbox / case.file).exists()
    decision = found.decision
    if decision.rejected or decision.skipped_rows:
        letter = found.moved_to.with_name(case.file + ERROR_SUFFIX).read_text(encoding="utf-8-sig")
        assert f"“{case.file}”" in letter
        for problem in (p for p in decision.problems if p.is_error):
            assert problem.message in letter
            if problem.cell:
                # "ô F15 (nhiệm vụ 1.1.1): …": the cell, its task when the row has one, then the message
                lines = letter.splitlines()
                assert any(f"ô {problem.cell}" in line and line.endswith(problem.message) for line in lines)
    else:
        assert found.letter is None


def _master_valid_and_changed_only_as_promised(kit, master, case):
    openpyxl.load_workbook(master)  # opens
    after = task_values(master)
    expected = {code: dict(values) for code, values in kit.reference.items()}
    touched = {code for code, _ in case.expect.changes}
    for (code, key), value in case.expect.changes.items():
        expected[code][key] = value
    for code, values in after.items():
        keys = (*STATUS_KEYS, "coord_opinions") if code in touched else values.keys()
        assert {k: values[k] for k in keys} == {k: expected[code][k] for k in keys}, code


ODD_ENTRIES = {
    "symlink loop": ("vong.xlsx", lambda path: path.symlink_to(path.name)),
    "named pipe (reading would wait forever)": ("ong-dan.xlsx", lambda path: os.mkfifo(path)),
    "e-mail nested 5,000 parts deep": ("long-nhau.eml", lambda path: path.write_bytes(builders.nested_email())),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", list(ODD_ENTRIES))
def test_inbox_entries_no_reader_can_open_are_refused_not_fatal(kit, kind, tmp_path):
    name, make = ODD_ENTRIES[kind]
    master, inbox = kit.ward(tmp_path)
    make(inbox / name)
    result = merge(master, inbox)
    files = {f.decision.file: f for f in result.files}
    assert files[GOOD].decision.outcome is Outcome.ACCEPTED
    found = files[name]
    assert found.decision.outcome is Outcome.REJECTED
    assert [p.code for p in found.decision.problems] == [Code.file_unreadable]
    assert found.moved_to == inbox / REJECTED_DIR / TODAY / name and os.path.lexists(found.moved_to)
    assert task_values(master) == kit.reference
