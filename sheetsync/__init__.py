"""sheetsync: keeps phường An Dương's 2026 action-program workbook true.

The public API is what a script, the Excel button or a scheduler calls — the same functions the CLI calls:

    from sheetsync import run_merge
    result = run_merge(Path("workbook/ChuongTrinh2026.xlsx"), Path("workbook/hop-thu"), as_of=date.today())
    print(result.exit_code, [f.decision.outcome for f in result.files])
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# name -> module: imported on first use, so `import sheetsync` stays cheap (no openpyxl until needed)
_EXPORTS = {
    "validate_workbook": "sheetsync.jobs.validate",
    "make_templates": "sheetsync.jobs.templates",
    "run_merge": "sheetsync.jobs.merge",
    "run_summary": "sheetsync.jobs.summary",
    "run_cycle": "sheetsync.jobs.cycle",
    "run_demo": "sheetsync.jobs.demo",
    "load_config": "sheetsync.office.config",
    "Problem": "sheetsync.problems",
    "Code": "sheetsync.problems",
    "Severity": "sheetsync.problems",
    "ExitCode": "sheetsync.problems",
    "Assessment": "sheetsync.schema",
    "Status": "sheetsync.schema",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sheetsync' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
