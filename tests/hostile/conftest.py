"""The ward the hostile cases are merged into, built once per session (a master, its key, issued templates)."""

from __future__ import annotations

import pytest

from tests.hostile.kit import Kit, build_kit


@pytest.fixture(scope="session")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return build_kit(tmp_path_factory.mktemp("phuong"))
