"""Fixtures: a throwaway certificate, a real Dovecot and real SMTP servers, and a master whose units have e-mail."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import UNITS, make_master
from tests.mail.servers import PASSWORD, USER, Dovecot, Smtp, make_certificate, running_dovecot, running_smtp

EMAILS = {
    "VP": "vanphong.anduong@example.vn",
    "KTHTDT": "kthtdt.anduong@example.vn; truongphong.kt@example.vn",
    "VHXH": "vhxh.anduong@example.vn",
    "CAP": "",  # the police post never gave one: a problem, the others still go
}

needs_dovecot = pytest.mark.skipif(shutil.which("dovecot") is None, reason="Dovecot (dovecot-imapd) not installed")


def mail_units(**emails: str) -> list[dict[str, Any]]:
    units = copy.deepcopy(UNITS)
    for unit in units:
        unit["email"] = emails.get(unit["code"], EMAILS[unit["code"]])
    return units


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("cert")
    folder.chmod(0o755)
    return make_certificate(folder)


@pytest.fixture
def dovecot(certificate: tuple[Path, Path]) -> Iterator[Dovecot]:
    if shutil.which("dovecot") is None:
        pytest.skip("Dovecot not installed (apt-get install dovecot-imapd)")
    # Dovecot's unprivileged processes read the certificate: a world-readable copy beside its own folder
    with running_dovecot(*certificate) as server:
        yield server


@pytest.fixture
def smtp_starttls(certificate: tuple[Path, Path]) -> Iterator[Smtp]:
    with running_smtp("starttls", *certificate) as server:
        yield server


@pytest.fixture
def master(tmp_path: Path) -> Path:
    return make_master(tmp_path / "workbook", units=mail_units())


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SHEETSYNC_MAT_KHAU", PASSWORD)
    return PASSWORD


def write_settings(
    master: Path,
    cert: Path,
    *,
    imap: Dovecot | None = None,
    smtp: Smtp | None = None,
    imap_security: str = "ssl",
    extra: str = "",
    nhan_extra: str = "",
) -> Path:
    """The office's sheetsync.toml for these servers (the CA file as thu_dien_tu.chung_chi)."""
    imap_port = 0 if imap is None else (imap.imaps_port if imap_security == "ssl" else imap.imap_port)
    smtp_port = 0 if smtp is None else smtp.port
    smtp_security = "starttls" if smtp is None else smtp.security
    path = master.parent / "sheetsync.toml"
    path.write_text(
        f"""
[thu_dien_tu]
bat = true
dia_chi = "{USER}"
chung_chi = '{cert}'
{extra}

[thu_dien_tu.gui]
may_chu = "127.0.0.1"
cong = {smtp_port or 1}
bao_mat = "{smtp_security}"

[thu_dien_tu.nhan]
may_chu = "127.0.0.1"
cong = {imap_port or 1}
bao_mat = "{imap_security}"
{nhan_extra}
""",
        encoding="utf-8",
    )
    return path


def read_sent(master: Path) -> list[dict[str, object]]:
    """The rows of "Thư đã gửi" as a person reading the workbook sees them."""
    import openpyxl

    from sheetsync.core.table import read_table
    from sheetsync.excel.master import sheet_grid
    from sheetsync.schema import SENT_MAIL

    wb = openpyxl.load_workbook(master, read_only=False)
    if SENT_MAIL.name not in wb.sheetnames:
        return []
    table, _ = read_table(sheet_grid(wb[SENT_MAIL.name]), SENT_MAIL)
    assert table is not None
    return [dict(row.values) for row in table.rows]
