"""The signed identity of a template: canonical JSON of unit, period, tasks and issued values, and its HMAC."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from sheetsync.core.submission import COORDINATING, LEAD, Signed
from sheetsync.core.text import fold
from sheetsync.schema import STATUS_KEYS

__all__ = ["FORMAT", "decode", "encode", "fixed_digest", "sign", "verify"]

# bumped when the payload layout changes; a reader refuses formats it does not know
FORMAT = 1
_DATE_KEYS = frozenset({"completed_on"})


def fixed_digest(role: object, content: object, deadline: object) -> str:
    """A short fingerprint of a row's locked cells, tolerant of case, spacing and Unicode form."""
    text = "\x1f".join(fold(v) for v in (role, content, deadline))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or isinstance(value, int | float | str):
        return value if not isinstance(value, str) else str(value)
    return str(value)


def encode(signed: Signed) -> str:
    """Canonical JSON: sorted keys, no spaces, ASCII only (\\u escapes), so no program re-saving the file
    can change a byte of it by re-normalizing Unicode."""
    tasks = []
    for code in sorted(signed.tasks):
        values = signed.issued.get(code, {})
        tasks.append(
            {
                "code": code,
                "role": signed.tasks[code],
                "values": {k: _plain(values.get(k)) for k in STATUS_KEYS},
                "fixed": signed.fixed.get(code, ""),
            }
        )
    payload = {
        "format": FORMAT,
        "unit": signed.unit_code,
        "period": signed.period,
        "version": signed.version,
        "issued_on": signed.issued_on.isoformat() if signed.issued_on else None,
        "tasks": tasks,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def decode(payload: str) -> Signed | None:
    """The Signed back from its JSON; None when it is not a payload this version understands."""
    try:
        data = json.loads(payload)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        tasks: dict[str, str] = {}
        issued: dict[str, Mapping[str, object]] = {}
        fixed: dict[str, str] = {}
        for item in data["tasks"]:
            code, role = str(item["code"]), str(item["role"])
            if role not in (LEAD, COORDINATING):
                return None
            tasks[code] = role
            issued[code] = {k: _value(k, item["values"].get(k)) for k in STATUS_KEYS}
            fixed[code] = str(item.get("fixed", ""))
        issued_on = dt.date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None
        return Signed(
            unit_code=str(data["unit"]),
            period=str(data["period"]),
            version=int(data["version"]),
            tasks=tasks,
            issued=issued,
            issued_on=issued_on,
            fixed=fixed,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _value(key: str, value: Any) -> object:
    if key in _DATE_KEYS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def sign(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode("ascii"), hashlib.sha256).hexdigest()


def verify(key: bytes, payload: str, signature: str) -> bool:
    try:
        expected = sign(key, payload)
    except UnicodeEncodeError:  # a canonical payload is ASCII; anything else was edited
        return False
    return hmac.compare_digest(expected, signature.strip().lower())
