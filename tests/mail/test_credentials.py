"""The password: never in the TOML; from SHEETSYNC_MAT_KHAU or the OS store, stored there by `cau-hinh --mat-khau`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from click.testing import CliRunner
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring

from sheetsync.cli import cli
from sheetsync.office.credentials import PASSWORD_ENV, SERVICE, read_password


class MemoryKeyring(KeyringBackend):
    """The OS store as far as keyring's API goes, kept in memory for the test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        yield memory
    finally:
        keyring.set_keyring(previous)


def settings(master: Path) -> Path:
    path = master.parent / "sheetsync.toml"
    path.write_text(
        '[thu_dien_tu]\nbat = true\ndia_chi = "vanphong@anduong.gov.vn"\n'
        '[thu_dien_tu.gui]\nmay_chu = "smtp.anduong.gov.vn"\n'
        '[thu_dien_tu.nhan]\nmay_chu = "imap.anduong.gov.vn"\ntai_khoan = "vanphong"\n',
        encoding="utf-8",
    )
    return path


def test_cau_hinh_mat_khau_stores_it_for_each_login_without_echo_or_file(master: Path, store: MemoryKeyring) -> None:
    toml = settings(master)
    before = toml.read_bytes()
    result = CliRunner().invoke(
        cli, ["--workbook", str(master), "cau-hinh", "--mat-khau"], input="Bí-mật 2026\nBí-mật 2026\n"
    )
    assert result.exit_code == 0, result.output
    assert store.items == {
        (SERVICE, "vanphong@anduong.gov.vn"): "Bí-mật 2026",
        (SERVICE, "vanphong"): "Bí-mật 2026",
    }
    assert "Bí-mật 2026" not in result.output  # click's hidden prompt: not echoed
    assert toml.read_bytes() == before
    assert not any("Bí-mật" in p.read_text(errors="ignore") for p in master.parent.rglob("*") if p.is_file()
                   and p.suffix in (".toml", ".log", ".jsonl"))  # fmt: skip
    assert read_password("vanphong") == "Bí-mật 2026"


def test_the_environment_variable_wins_over_the_store(store: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    store.set_password(SERVICE, "vp", "tu-kho")
    assert read_password("vp") == "tu-kho"
    monkeypatch.setenv(PASSWORD_ENV, "tu-bien")
    assert read_password("vp") == "tu-bien"


def test_no_usable_store_says_to_use_the_environment_variable(master: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings(master)
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        result = CliRunner().invoke(cli, ["--workbook", str(master), "cau-hinh", "--mat-khau"], input="x\nx\n")
        assert read_password("vanphong") is None
    finally:
        keyring.set_keyring(previous)
    assert result.exit_code == 2
    assert PASSWORD_ENV in result.output and "kho mật khẩu" in result.output
