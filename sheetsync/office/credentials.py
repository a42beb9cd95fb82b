"""The mail password: from SHEETSYNC_MAT_KHAU or the operating system's credential store, never from a file."""

from __future__ import annotations

import os

__all__ = ["PASSWORD_ENV", "SERVICE", "read_password", "store_password"]

PASSWORD_ENV = "SHEETSYNC_MAT_KHAU"
# the entry's name in Windows Credential Manager / the macOS keychain / the Secret Service
SERVICE = "sheetsync"


def read_password(login: str) -> str | None:
    """The environment variable wins (scheduled tasks, CI); then the OS store; None when neither has one."""
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - keyring is a dependency; a broken install falls back to the variable
        return None
    try:
        return keyring.get_password(SERVICE, login)
    except (KeyringError, RuntimeError, OSError):  # no usable store on this machine
        return None


def store_password(login: str, password: str) -> str | None:
    """Save it in the OS store; the reason in Vietnamese when there is no usable store (None when saved)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, login, password)
    except (KeyringError, RuntimeError, OSError) as exc:
        return (
            f"máy này không có kho mật khẩu dùng được ({type(exc).__name__}); hãy đặt mật khẩu trong biến môi "
            f"trường {PASSWORD_ENV}"
        )
    return None
