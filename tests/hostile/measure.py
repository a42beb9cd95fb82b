"""Run one merge in a child process and report its time and peak memory, for the bombs and huge sheets.

`python -m tests.hostile.measure MASTER INBOX` prints one JSON line: seconds, peak RSS in MB (the child's
whole life: interpreter, imports, reading, saving) and each file's outcome and problem codes.
`python -m tests.hostile.measure --table` builds the corpus and prints the table of the closing note.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def measure(master: Path, inbox: Path, timeout: float = 120) -> dict:
    """Merge in a fresh interpreter; what it printed, plus its exit status."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "tests.hostile.measure", str(master), str(inbox)],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the process's own address space; ru_maxrss
    would not do: Linux carries it over from the parent through fork and exec."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: the best there is


def _child(master: Path, inbox: Path) -> None:
    from tests.hostile.kit import merge

    started = time.perf_counter()
    result = merge(master, inbox)
    seconds = time.perf_counter() - started
    peak_mb = peak_rss_mb()
    files = {
        f.decision.file: {
            "outcome": f.decision.outcome.name,
            "codes": sorted({p.code.value for p in f.decision.problems}),
            "first": next((p.render() for p in f.decision.problems if p.is_error), ""),
        }
        for f in result.files
    }
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "files": files}, ensure_ascii=False))


def _table() -> None:
    from tests.hostile.corpus import CASES
    from tests.hostile.kit import build_kit

    with tempfile.TemporaryDirectory() as temp:
        kit = build_kit(Path(temp) / "phuong")
        print("| input | outcome | problem codes | time (s) | peak RSS (MB) |")
        print("|---|---|---|---|---|")
        for n, case in enumerate(CASES):
            master, inbox = kit.ward(Path(temp) / f"ca-{n}")
            case.build(kit, inbox / case.file)
            found = measure(master, inbox)
            row = found["files"][case.file]
            codes = ", ".join(row["codes"])
            print(f"| {case.name} | {row['outcome']} | {codes} | {found['seconds']:.2f} | {found['peak_mb']:.0f} |")


if __name__ == "__main__":
    if sys.argv[1:] == ["--table"]:
        _table()
    else:
        _child(Path(sys.argv[1]), Path(sys.argv[2]))
