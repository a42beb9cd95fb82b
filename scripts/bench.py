"""How fast is the weekly merge? sheetsync side by side with naive scripts and the floor, on synthetic data.

    .venv/bin/python scripts/bench.py            # small, ward-year and city cases, 3 runs each (~8 min)
    .venv/bin/python scripts/bench.py --quick    # a few-second smoke run
    .venv/bin/python scripts/bench.py --cases ward-year --weekly-only   # the weekly cycle alone (~1 min)

Two commands people run are timed: the merge (`sheetsync merge`, method "sheetsync") and the weekly cycle
(`sheetsync chay-tuan`, method "chay_tuan": what the launchers, `lich` and the Excel button's file path run),
the latter on a week's reports (one per unit) against the master of a year.

Every measurement runs in a fresh child process on a fresh copy of the master and inbox: its wall time is
taken inside the child (imports included, interpreter start-up not) and its peak memory is the child's own
peak RSS from wait4(), so no measurement inherits another's caches or heap. Figures are medians over runs,
with the runs of the methods interleaved so that a busy moment on the machine hits all of them alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench_data import Case, make_case, run_copy  # noqa: E402
from scripts.bench_methods import HAVE_PANDAS, METHODS  # noqa: E402

__all__ = ["CASES", "QUICK_CASES", "CaseSpec", "main"]


@dataclass(frozen=True)
class CaseSpec:
    name: str
    tasks: int
    units: int
    files: int
    history: int
    runs: int
    marginal_from: int | None = None  # also run with this many files, for the cost of one more submission
    weekly: int | None = None  # also run with one week's reports (one per unit) on the same master


CASES = (
    CaseSpec("small", tasks=30, units=10, files=10, history=0, runs=5),
    # a year of a ward: the weekly run of its ten units on a master that holds a year of history (F=10),
    # and the whole year's 500 reports at once (F=500), which gives the cost of one more report
    CaseSpec("ward-year", tasks=30, units=10, files=500, history=20_000, runs=3, marginal_from=100, weekly=10),
    CaseSpec("city", tasks=5_000, units=120, files=500, history=50_000, runs=3, marginal_from=100),
)
# enough history for the merge to take its lazy-log path (excel/lazy_log.MIN_LAZY_ROWS), so the smoke
# test runs the code the large cases measure
QUICK_CASES = (CaseSpec("quick", tasks=12, units=4, files=6, history=1_100, runs=1, marginal_from=2, weekly=3),)
# the methods also measured at `marginal_from` files: enough to see what one more submission costs
MARGINAL_METHODS = ("sheetsync", "floor")
# the methods measured on one week's reports (`weekly` files): the commands people run weekly, and the floor
WEEKLY_METHODS = ("chay_tuan", "sheetsync", "floor")
# measured only on the weekly reports (the whole cycle at F=500 would say nothing the merge does not)
ONLY_WEEKLY = ("chay_tuan",)
TARGET_RATIO_FLOOR = 1.3
TARGET_MARGINAL_MS = 3.0
TARGET_PEAK_MB = 600.0
TARGET_WEEKLY_SECONDS = 1.5  # `chay-tuan` on the ward-year master with a week's reports, end to end


@dataclass(frozen=True)
class Measurement:
    method: str
    files: int
    seconds: float
    peak_mb: float
    facts: dict[str, object]


def measure(method: str, case: Case, work: Path, files: int) -> Measurement:
    """One run of `method` in a child process on a fresh copy of the case."""
    run = work / f"{method}-{files}"
    master, inbox = run_copy(case, run, files=files)
    command = [sys.executable, __file__, "--child", method, str(master), str(inbox)]
    out_path, err_path = run / "stdout.txt", run / "stderr.txt"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        # reaped with wait4() rather than Popen.wait(): it returns this child's own peak RSS (KiB on Linux)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{method} failed on {case.name}:\n{err_path.read_text(errors='replace')}")
    report = json.loads(out_path.read_text().strip().splitlines()[-1])
    return Measurement(method, files, report.pop("seconds"), usage.ru_maxrss / 1024, report)


def child(method: str, master: Path, inbox: Path) -> None:
    """In the child: time the method (its imports included) and print its facts as one JSON line."""
    start = time.perf_counter()
    facts = METHODS[method](master, inbox)
    facts["seconds"] = time.perf_counter() - start
    print(json.dumps(facts, default=str))


def run_case(
    spec: CaseSpec,
    work: Path,
    runs: int | None = None,
    methods: tuple[str, ...] = tuple(METHODS),
    log: bool = True,
    weekly_only: bool = False,
) -> dict[str, list[Measurement]]:
    started = time.perf_counter()
    case = _data(spec, work / spec.name / "data")
    if log:
        print(f"  {spec.name}: data built in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    plan: list[tuple[str, int]] = []
    if not weekly_only:
        plan += [(m, spec.files) for m in methods if m not in ONLY_WEEKLY]
        if spec.marginal_from:
            plan += [(m, spec.marginal_from) for m in MARGINAL_METHODS if m in methods]
    if spec.weekly:
        plan += [(m, spec.weekly) for m in WEEKLY_METHODS if m in methods]
    results: dict[str, list[Measurement]] = {}
    for run in range(runs or spec.runs):
        for method, files in plan:
            m = measure(method, case, work / spec.name / "runs", files)
            results.setdefault(f"{method}@{files}", []).append(m)
            if log:
                print(
                    f"  {spec.name} run {run + 1}: {method:<15} F={files:<4} {m.seconds:7.2f} s "
                    f"{m.peak_mb:6.0f} MB {m.facts}",
                    file=sys.stderr,
                    flush=True,
                )
    return results


def _data(spec: CaseSpec, folder: Path) -> Case:
    """The case's data, reused from an earlier run in the same --workdir when it was made from the same spec."""
    sizes = {"tasks": spec.tasks, "units": spec.units, "files": spec.files, "history": spec.history}
    stamp = folder / "spec.json"
    case = Case(spec.name, spec.tasks, spec.units, spec.files, spec.history, folder)
    if stamp.exists() and json.loads(stamp.read_text()) == sizes:
        return case
    case = make_case(spec.name, folder, **sizes)
    stamp.write_text(json.dumps(sizes))
    return case


def _median(ms: list[Measurement], attr: str) -> float:
    return statistics.median(getattr(m, attr) for m in ms)


def summarize(spec: CaseSpec, results: dict[str, list[Measurement]]) -> list[str]:
    """Markdown lines: one table row per method, then the ratios and the marginal cost."""
    lines = [
        f"### {spec.name}: N={spec.tasks:,} tasks, U={spec.units} units, F={spec.files} submissions, "
        f"H={spec.history:,} history rows ({len(next(iter(results.values())))} runs, medians)",
        "",
        "| method | wall time (s) | min–max | peak RSS (MB) | ms per extra submission |",
        "|---|---|---|---|---|",
    ]
    if not any(f"{method}@{spec.files}" in results for method in METHODS):
        lines = lines[:1]  # --weekly-only: no measurement at F=files, no table
    for method in METHODS:
        ms = results.get(f"{method}@{spec.files}", [])
        if not ms:
            continue
        seconds = [m.seconds for m in ms]
        marginal = _marginal(spec, results, method)
        shown = f"{marginal:.1f}" if marginal is not None else "–"
        lines.append(
            f"| {method} | {statistics.median(seconds):.2f} | {min(seconds):.2f}–{max(seconds):.2f} "
            f"| {_median(ms, 'peak_mb'):.0f} | {shown} |"
        )
    if spec.weekly and (week := _weekly(spec, results)):
        lines += ["", f"Weekly on this master (F={spec.weekly}, one report per unit): {week}."]
    if f"sheetsync@{spec.files}" not in results:
        return lines
    own = _median(results[f"sheetsync@{spec.files}"], "seconds")
    ratios = []
    for other in ("floor", "naive_openpyxl", "naive_pandas"):
        ms = results.get(f"{other}@{spec.files}")
        if ms:
            ratios.append(f"sheetsync/{other} = {own / _median(ms, 'seconds'):.2f}")
    lines += ["", "Ratios: " + ", ".join(ratios) + "."]
    return lines


def _weekly(spec: CaseSpec, results: dict[str, list[Measurement]]) -> str:
    """Each weekly measurement with its peak memory and its ratio to the floor on the same reports."""
    floor = results.get(f"floor@{spec.weekly}")
    shown = []
    for method in WEEKLY_METHODS:
        ms = results.get(f"{method}@{spec.weekly}")
        if not ms:
            continue
        seconds = _median(ms, "seconds")
        ratio = f", {seconds / _median(floor, 'seconds'):.2f}× floor" if floor and method != "floor" else ""
        shown.append(f"{method} {seconds:.2f} s ({_median(ms, 'peak_mb'):.0f} MB{ratio})")
    return ", ".join(shown)


def _marginal(spec: CaseSpec, results: dict[str, list[Measurement]], method: str) -> float | None:
    """Milliseconds one more submission costs: the slope of the medians between the two file counts."""
    if not spec.marginal_from or f"{method}@{spec.marginal_from}" not in results:
        return None
    high = _median(results[f"{method}@{spec.files}"], "seconds")
    low = _median(results[f"{method}@{spec.marginal_from}"], "seconds")
    return 1000 * (high - low) / (spec.files - spec.marginal_from)


def targets(all_results: dict[str, tuple[CaseSpec, dict[str, list[Measurement]]]]) -> list[str]:
    """The issue's targets, each with the figure it is judged on."""
    lines = ["", "### Targets", ""]

    def med(case: str, key: str, attr: str = "seconds") -> float | None:
        item = all_results.get(case)
        return _median(item[1][key], attr) if item and key in item[1] else None

    city = all_results.get("city")
    if city:
        spec, res = city
        own = med("city", f"sheetsync@{spec.files}")
        fl, no, np_ = (med("city", f"{m}@{spec.files}") for m in ("floor", "naive_openpyxl", "naive_pandas"))
        if own and fl and no and np_:
            lines.append(
                _check(f"city ≤ {TARGET_RATIO_FLOOR}× floor", own / fl <= TARGET_RATIO_FLOOR, f"{own / fl:.2f}×")
            )
            lines.append(
                _check(
                    "city faster than both naive scripts", own < min(no, np_), f"{own:.1f} s vs {no:.1f} s, {np_:.1f} s"
                )
            )
    for name, (spec, res) in all_results.items():
        marginal = _marginal(spec, res, "sheetsync")
        if marginal is not None and name != "quick":
            lines.append(
                _check(
                    f"{name}: ≤ {TARGET_MARGINAL_MS:.0f} ms per submission",
                    marginal <= TARGET_MARGINAL_MS,
                    f"{marginal:.1f} ms",
                )
            )
    peak = max(
        (
            m.peak_mb
            for _, res in all_results.values()
            for key, ms in res.items()
            if key.startswith(("sheetsync@", "chay_tuan@"))
            for m in ms
        ),
        default=0.0,
    )
    if peak:
        lines.append(
            _check(f"sheetsync peak memory ≤ {TARGET_PEAK_MB:.0f} MB", peak <= TARGET_PEAK_MB, f"{peak:.0f} MB")
        )
    ward = all_results.get("ward-year")
    if ward and ward[0].weekly:
        cycle = med("ward-year", f"chay_tuan@{ward[0].weekly}")
        floor = med("ward-year", f"floor@{ward[0].weekly}")
        if cycle is not None:
            ratio = f", {cycle / floor:.2f}× the floor's {floor:.2f} s" if floor else ""
            lines.append(
                _check(
                    f"ward-year weekly cycle, chay-tuan end to end (F={ward[0].weekly}) < {TARGET_WEEKLY_SECONDS} s",
                    cycle < TARGET_WEEKLY_SECONDS,
                    f"{cycle:.2f} s{ratio}",
                )
            )
    return lines


def _check(label: str, ok: bool, value: str) -> str:
    return f"- {'met' if ok else 'NOT met'}: {label} ({value})"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; load average at start {load:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tiny case, one run: a smoke test")
    parser.add_argument("--runs", type=int, help="runs per case (default: the case's own)")
    parser.add_argument("--cases", help="comma-separated case names (default: all)")
    parser.add_argument("--methods", help=f"comma-separated methods (default: all of {', '.join(METHODS)})")
    parser.add_argument("--workdir", type=Path, help="keep the generated data here (default: a temp folder)")
    parser.add_argument("--weekly-only", action="store_true", help="only the weekly measurements of each case")
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    parser.add_argument("--child", nargs=3, metavar=("METHOD", "MASTER", "INBOX"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    specs = QUICK_CASES if args.quick else CASES
    if args.cases:
        wanted = set(args.cases.split(","))
        specs = tuple(s for s in specs if s.name in wanted)
    started = time.perf_counter()
    print(f"Machine: {machine()}", flush=True)
    if not HAVE_PANDAS:
        print("pandas is not installed: no 'naive pandas' column (pip install -e '.[bench]' adds it)", flush=True)
    with tempfile.TemporaryDirectory(prefix="sheetsync-bench-") as temp:
        work = args.workdir or Path(temp)
        all_results = {}
        for spec in specs:
            methods = tuple(args.methods.split(",")) if args.methods else tuple(METHODS)
            all_results[spec.name] = (spec, run_case(spec, work, args.runs, methods, weekly_only=args.weekly_only))
            print("\n".join(["", *summarize(spec, all_results[spec.name][1])]), flush=True)
        print("\n".join(targets(all_results)))
    print(f"\nTotal {time.perf_counter() - started:.0f} s", flush=True)
    if args.json:
        dump = {name: {key: [vars(m) for m in ms] for key, ms in res.items()} for name, (_, res) in all_results.items()}
        args.json.write_text(json.dumps(dump, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
