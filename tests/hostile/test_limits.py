"""The bombs and huge sheets of the corpus merged in a fresh interpreter: seconds, and well under 1 GB of memory
(peak RSS of the whole child process: interpreter, imports, reading, saving the master)."""

from __future__ import annotations

import pytest

from tests.hostile.corpus import CASES, Case
from tests.hostile.kit import GOOD
from tests.hostile.measure import measure

HEAVY = [c for c in CASES if c.heavy]
MAX_SECONDS = 20
MAX_PEAK_MB = 700


@pytest.mark.slow
@pytest.mark.parametrize("case", HEAVY, ids=[c.name for c in HEAVY])
def test_bombs_and_huge_sheets_cost_seconds_and_little_memory(kit, case: Case, tmp_path):
    master, inbox = kit.ward(tmp_path)
    case.build(kit, inbox / case.file)
    found = measure(master, inbox)
    assert found["files"][case.file]["outcome"] == case.expect.outcome.name
    assert found["files"][GOOD]["outcome"] == "ACCEPTED"
    assert found["seconds"] < MAX_SECONDS and found["peak_mb"] < MAX_PEAK_MB, found


def test_the_corpus_covers_every_kind_of_input_the_issue_names():
    names = " ".join(c.name for c in CASES).casefold()
    kinds = (
        "empty, random bytes, csv, truncated, encrypted, entity bomb, xxe, zip bomb, huge sheet, renamed, "
        "header row deleted, reordered, partly deleted, merged, second copy, another period, another ward, "
        "tcvn3, vni, nfd, xong, hoàn thành, 'ht', đang làm, '50%', percent, '50', năm mươi, date, 40,000, dde, .xlsm"
    )
    for kind in kinds.split(", "):
        assert kind in names, kind
