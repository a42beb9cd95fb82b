"""Connections to the office's mail servers (SMTP to send, IMAP to fetch), with every failure as a Problem that
names the setting to check. TLS is verified; "khong" (plain) works but is warned about."""

from __future__ import annotations

import imaplib
import smtplib
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from sheetsync.core.settings import EmailSettings, MailServer
from sheetsync.office.credentials import read_password
from sheetsync.problems import Code, Problem

__all__ = ["MailError", "Mailbox", "open_imap", "open_smtp", "plaintext_warning", "server_error", "tls_context"]

TIMEOUT_SECONDS = 60
SEND_SETTING = "thu_dien_tu.gui"
FETCH_SETTING = "thu_dien_tu.nhan"


class MailError(Exception):
    """A mail server could not be used; `problem` says why in Vietnamese, naming the setting."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class Mailbox:
    """What a job needs to reach the servers: the settings, the CA file resolved, and the password."""

    settings: EmailSettings
    ca_file: Path | None
    config_file: str

    def login(self, server: MailServer) -> str:
        return self.settings.login_for(server)

    def password(self, server: MailServer) -> str:
        login = self.login(server)
        password = read_password(login)
        if not password:
            raise MailError(Problem.make(Code.mail_password_missing, file=self.config_file, login=login))
        return password


def tls_context(ca_file: Path | None) -> ssl.SSLContext:
    """The system's trusted authorities, plus the office's own CA when thu_dien_tu.chung_chi names one."""
    context = ssl.create_default_context()
    if ca_file is not None:
        context.load_verify_locations(cafile=str(ca_file))
    return context


def plaintext_warning(server: MailServer, setting: str, file: str) -> Problem | None:
    return Problem.make(Code.mail_plaintext, file=file, setting=setting) if server.security == "khong" else None


def _scrub(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


def _connect_problem(exc: BaseException, server: MailServer, setting: str, file: str) -> Problem:
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason = exc.verify_message or str(exc)
        return Problem.make(Code.mail_certificate_refused, file=file, host=server.host, setting=setting, reason=reason)
    if isinstance(exc, ssl.SSLError):
        reason = f"lỗi bắt tay TLS: {exc.reason or exc}"
        return Problem.make(Code.mail_certificate_refused, file=file, host=server.host, setting=setting, reason=reason)
    if isinstance(exc, socket.gaierror):
        reason = "không tìm thấy tên máy chủ"
    elif isinstance(exc, ConnectionRefusedError):
        reason = "máy chủ từ chối kết nối ở cổng này"
    elif isinstance(exc, TimeoutError | socket.timeout):
        reason = "quá thời gian chờ"
    else:
        reason = f"{type(exc).__name__}: {exc}"
    return Problem.make(
        Code.mail_host_unreachable, file=file, host=server.host, port=server.port, setting=setting, reason=reason
    )


def server_error(exc: BaseException, server: MailServer, secret: str | None = None) -> Problem:
    reason = _scrub(f"{type(exc).__name__}: {exc}", secret)
    return Problem.make(Code.mail_server_error, host=server.host, reason=reason)


def open_smtp(box: Mailbox) -> smtplib.SMTP:
    """A logged-in SMTP connection; MailError naming the setting when it cannot be had."""
    server, file = box.settings.send, box.config_file
    password = box.password(server)
    context = tls_context(box.ca_file)
    try:
        if server.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_SECONDS)
            if server.security == "starttls":
                smtp.starttls(context=context)
    except (OSError, smtplib.SMTPException) as exc:
        if isinstance(exc, smtplib.SMTPException) and not isinstance(exc, smtplib.SMTPServerDisconnected):
            raise MailError(server_error(exc, server, password)) from None
        raise MailError(_connect_problem(exc, server, SEND_SETTING, file)) from None
    try:
        smtp.login(box.login(server), password)
    except smtplib.SMTPAuthenticationError:
        _quietly_close(smtp)
        login = box.login(server)
        raise MailError(
            Problem.make(Code.mail_login_failed, file=file, host=server.host, login=login, setting=SEND_SETTING)
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        _quietly_close(smtp)
        raise MailError(server_error(exc, server, password)) from None
    return smtp


def open_imap(box: Mailbox) -> imaplib.IMAP4:
    """A logged-in IMAP connection; MailError naming the setting when it cannot be had."""
    server, file = box.settings.fetch, box.config_file
    password = box.password(server)
    context = tls_context(box.ca_file)
    try:
        if server.security == "ssl":
            imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                server.host, server.port, ssl_context=context, timeout=TIMEOUT_SECONDS
            )
        else:
            imap = imaplib.IMAP4(server.host, server.port, timeout=TIMEOUT_SECONDS)
            if server.security == "starttls":
                imap.starttls(ssl_context=context)
    except (OSError, imaplib.IMAP4.error) as exc:
        if isinstance(exc, imaplib.IMAP4.error):
            raise MailError(server_error(exc, server, password)) from None
        raise MailError(_connect_problem(exc, server, FETCH_SETTING, file)) from None
    try:
        imap.login(box.login(server), password)
    except imaplib.IMAP4.error:
        _quietly_close(imap)
        login = box.login(server)
        raise MailError(
            Problem.make(Code.mail_login_failed, file=file, host=server.host, login=login, setting=FETCH_SETTING)
        ) from None
    except OSError as exc:
        raise MailError(server_error(exc, server, password)) from None
    try:  # servers announce MOVE and the like only once logged in; imaplib keeps the list from before
        status, data = imap.capability()
        if status == "OK" and data and isinstance(data[-1], bytes):
            imap.capabilities = tuple(data[-1].decode("ascii", "replace").upper().split())
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailError(server_error(exc, server, password)) from None
    return imap


def _quietly_close(connection: smtplib.SMTP | imaplib.IMAP4) -> None:
    try:
        if isinstance(connection, smtplib.SMTP):
            connection.close()
        else:
            connection.shutdown()
    except OSError:
        pass
