"""Real mail servers for the tests: Dovecot (IMAP) and aiosmtpd (SMTP), on 127.0.0.1, free ports, throwaway TLS.

Nothing here mocks imaplib or smtplib: the code under test talks to these servers over real sockets.
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "vanphong@anduong.gov.vn"
PASSWORD = "Mat-khau thu 2026"  # a space and a hyphen: quoting must be right


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway self-signed CA-style certificate for 127.0.0.1/localhost (the office's own server)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _mail_owner() -> tuple[int, int, str]:
    """Dovecot refuses mail access as root (uid 0): the mailbox then belongs to an unprivileged system user."""
    if os.geteuid() != 0:
        entry = pwd.getpwuid(os.geteuid())
    else:
        for name in ("dovenull", "dovecot", "nobody"):
            try:
                entry = pwd.getpwnam(name)
                break
            except KeyError:
                continue
    return entry.pw_uid, entry.pw_gid, entry.pw_name


@dataclass
class Dovecot:
    root: Path
    cert: Path
    key: Path
    imap_port: int = 0
    imaps_port: int = 0
    process: subprocess.Popen[bytes] | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def config(self) -> Path:
        return self.root / "dovecot.conf"

    def write_config(self) -> None:
        uid, gid, name = _mail_owner()
        run_as_root = os.geteuid() == 0
        home = self.root / "home"
        for folder in (home, self.root / "run", self.root / "state"):
            folder.mkdir(parents=True, exist_ok=True)
        os.chown(home, uid, gid)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n", encoding="utf-8")
        me = pwd.getpwuid(os.geteuid()).pw_name
        self.config.write_text(
            f"""
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.root}/dovecot.log
info_log_path = {self.root}/dovecot.log
protocols = imap
listen = 127.0.0.1
default_internal_user = {"dovecot" if run_as_root else me}
default_login_user = {"dovenull" if run_as_root else me}
default_internal_group = {"dovecot" if run_as_root else pwd.getpwuid(os.geteuid()).pw_name}
first_valid_uid = 1
ssl = yes
ssl_cert = <{self.cert}
ssl_key = <{self.key}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{home}/%u/Maildir
mail_uid = {uid}
mail_gid = {gid}
mail_max_userip_connections = 100
mail_fsync = never
imap_max_line_length = 1M
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}/%u
}}
""",
            encoding="utf-8",
        )
        del name

    def start(self) -> None:
        if not self.imap_port:
            self.imap_port, self.imaps_port = free_port(), free_port()
        self.write_config()
        # its own process group: kill() takes the master and every imap/login child at once, by group id
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)], stderr=subprocess.PIPE, start_new_session=True
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log_file = self.root / "dovecot.log"
                log = log_file.read_text(errors="replace") if log_file.exists() else ""
                raise RuntimeError(f"dovecot stopped: {self.process.stderr.read()!r} {log}")  # type: ignore[union-attr]
            try:
                with (
                    socket.create_connection(("127.0.0.1", self.imaps_port), timeout=1),
                    socket.create_connection(("127.0.0.1", self.imap_port), timeout=1),
                ):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("dovecot did not start listening")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master stops its children itself
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None

    def kill(self) -> None:
        """The server dies at once (power cut, crash): no goodbye to the clients."""
        if self.process is not None and self.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.stop()

    # --- the test's own view of the mailbox (a person with Thunderbird) -----------------------------
    @contextmanager
    def client(self) -> Iterator[imaplib.IMAP4_SSL]:
        context = ssl.create_default_context(cafile=str(self.cert))
        imap = imaplib.IMAP4_SSL("127.0.0.1", self.imaps_port, ssl_context=context, timeout=30)
        imap.login(USER, PASSWORD)
        try:
            yield imap
        finally:
            with suppress(OSError, imaplib.IMAP4.error):
                imap.logout()

    def append(self, message: bytes | EmailMessage, folder: str = "INBOX") -> None:
        raw = message if isinstance(message, bytes) else message.as_bytes(policy=policy.SMTP)
        with self.client() as imap:
            imap.create(f'"{folder}"')  # harmless when it exists
            status, _ = imap.append(f'"{folder}"', None, None, raw)
            assert status == "OK"

    def append_many(self, messages: list[bytes], folder: str = "INBOX") -> None:
        with self.client() as imap:
            for raw in messages:
                status, _ = imap.append(f'"{folder}"', None, None, raw)
                assert status == "OK"

    def messages(self, folder: str = "INBOX") -> list[EmailMessage]:
        with self.client() as imap:
            status, _ = imap.select(f'"{folder}"', readonly=True)
            if status != "OK":
                return []
            _, data = imap.uid("SEARCH", None, "ALL")
            uids = data[0].split()
            found = []
            for uid in uids:
                _, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
                raw = next(p[1] for p in parts if isinstance(p, tuple))
                found.append(message_from_bytes(raw, policy=policy.default))
            return found  # type: ignore[return-value]

    def count(self, folder: str = "INBOX") -> int:
        with self.client() as imap:
            status, data = imap.status(f'"{folder}"', "(MESSAGES)")
            if status != "OK":
                return 0
            return int(data[0].split(b"MESSAGES")[1].strip(b" ()"))


@contextmanager
def running_dovecot(cert: Path, key: Path) -> Iterator[Dovecot]:
    """In its own folder directly under /tmp: Dovecot's unprivileged processes must reach their files, which
    pytest's private (0700) temporary folders would not let them when the tests run as root."""
    root = Path(tempfile.mkdtemp(prefix="sheetsync-dovecot-"))
    root.chmod(0o711)
    server = Dovecot(root, cert, key)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


# --- SMTP ---------------------------------------------------------------------------------------
@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)  # type: ignore[return-value]


class _Handler:
    def __init__(self, server: Smtp) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        owner = self.server
        if owner.drop_after is not None and len(owner.received) >= owner.drop_after:
            # the connection drops without an answer: the client cannot know whether this one went out
            server.transport.abort()
            return "421 closing"
        owner.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"


class _Authenticator:
    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
        )
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself


@dataclass
class Smtp:
    """aiosmtpd on a free port: "ssl" (implicit TLS), "starttls" or "khong" (plain)."""

    security: str
    cert: Path
    key: Path
    port: int = 0
    received: list[Received] = field(default_factory=list)
    drop_after: int | None = None  # abort the connection when this many messages were accepted
    _controller: Any = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.port = self.port or free_port()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.cert), str(self.key))
        kwargs: dict[str, Any] = {
            "authenticator": _Authenticator(),
            "auth_required": True,
            # smtplib falls back to LOGIN after a refused PLAIN; aiosmtpd's LOGIN then waits for a line smtplib
            # never sends (a minute's timeout): offer PLAIN only, as most office servers do over TLS
            "auth_exclude_mechanism": ["LOGIN"],
            # implicit TLS ("ssl") is not seen as TLS by aiosmtpd's AUTH check; the socket is encrypted anyway
            "auth_require_tls": self.security == "starttls",
        }
        if self.security == "ssl":
            kwargs["ssl_context"] = context
        elif self.security == "starttls":
            kwargs["tls_context"] = context
            kwargs["require_starttls"] = True
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port, **kwargs)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@contextmanager
def running_smtp(security: str, cert: Path, key: Path) -> Iterator[Smtp]:
    server = Smtp(security, cert, key)
    server.start()
    try:
        yield server
    finally:
        server.stop()
