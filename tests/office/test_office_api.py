"""The public names of the office modules exist: `__all__` kept honest."""

from __future__ import annotations

import importlib

import pytest

MODULES = [
    "sheetsync.core.settings",
    "sheetsync.office.config",
    "sheetsync.office.scheduler",
    "sheetsync.office.excel_setup",
    "sheetsync.office.excel_button",
    "sheetsync.excelui.button",
    "sheetsync.excelui.xlbook",
    "sheetsync.excelui.xl_apply",
    "sheetsync.excelui.xl_refresh",
    "sheetsync.jobs.cycle",
]


@pytest.mark.parametrize("name", MODULES)
def test_every_exported_name_exists(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__ and set(module.__all__) <= set(dir(module))
    assert module.__doc__ and "\n" not in module.__doc__.strip()  # one line saying the module's job
