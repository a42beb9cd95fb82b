"""Build the shipped master workbook from scripts/data/chuong_trinh_2026.toml (readable seed data).

.venv/bin/python scripts/build_workbook.py [--out workbook/ChuongTrinh2026.xlsx] [--force]
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sheetsync.excel.build_master import build_master  # noqa: E402
from sheetsync.schema import DEFAULT_WORKBOOK, PROGRAM_TITLE, PROGRAM_YEAR  # noqa: E402

DATA = ROOT / "scripts" / "data" / "chuong_trinh_2026.toml"


def load_seed(path: Path = DATA) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def build(out: Path, data: Path = DATA) -> None:
    seed = load_seed(data)
    program = seed.get("program", {})
    build_master(
        seed["units"],
        seed["tasks"],
        out,
        title=program.get("title", PROGRAM_TITLE),
        year=program.get("year", PROGRAM_YEAR),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / DEFAULT_WORKBOOK, help="where to write the workbook")
    parser.add_argument("--data", type=Path, default=DATA, help="the TOML seed data")
    parser.add_argument("--force", action="store_true", help="overwrite an existing workbook")
    args = parser.parse_args(argv)
    if args.out.exists() and not args.force:
        # the master is the office's source of truth: never overwrite it by accident
        print(f"{args.out} đã có; thêm --force để ghi đè (mọi số liệu trong sổ cũ sẽ mất).", file=sys.stderr)
        return 2
    build(args.out, args.data)
    print(f"Đã tạo {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
