"""The signed payload: canonical, ASCII, round-trips exactly, and any edit breaks the HMAC."""

import datetime as dt
import json
import secrets

from hypothesis import given
from hypothesis import strategies as st

from sheetsync.core.signature import decode, encode, fixed_digest, sign, verify
from sheetsync.core.submission import COORDINATING, LEAD, Signed
from sheetsync.schema import STATUS_KEYS

KEY = secrets.token_bytes(32)


def signed(**changes):
    values = {
        "1.1.1": {
            **dict.fromkeys(STATUS_KEYS),
            "status": "Đã hoàn thành",
            "progress": 100,
            "completed_on": dt.date(2026, 3, 15),
            "result": "Tổ chức “bầu cử” thành công\nxong",
        },
        "2.2.1": {**dict.fromkeys(STATUS_KEYS), "progress": 12.5},
    }
    base = {
        "unit_code": "CAP",
        "period": "Tháng 12/2026",
        "version": 1,
        "tasks": {"2.2.1": COORDINATING, "1.1.1": LEAD},
        "issued": values,
        "issued_on": dt.date(2026, 12, 1),
        "fixed": {"1.1.1": "abc", "2.2.1": "def"},
    }
    base.update(changes)
    return Signed(**base)


def test_round_trip_is_exact_and_canonical():
    payload = encode(signed())
    assert payload.isascii()  # no program re-saving the file can re-normalize it
    assert decode(payload) == signed()
    assert json.loads(payload)["unit"] == "CAP"
    # key order of the inputs does not matter
    reordered = signed(tasks={"1.1.1": LEAD, "2.2.1": COORDINATING})
    assert encode(reordered) == payload


def test_any_edit_of_the_payload_breaks_the_signature():
    payload = encode(signed())
    signature = sign(KEY, payload)
    assert verify(KEY, payload, signature)
    assert verify(KEY, payload, signature.upper())  # a program that upper-cases hex is harmless
    assert not verify(KEY, payload.replace('"CAP"', '"VP"'), signature)
    assert not verify(secrets.token_bytes(32), payload, signature)
    assert not verify(KEY, payload + "Đ", signature)  # non-ASCII can never be canonical


def test_unknown_format_or_garbage_does_not_decode():
    assert decode("not json") is None
    assert decode(json.dumps({"format": 99})) is None
    assert decode(encode(signed()).replace('"lead"', '"boss"')) is None


def test_fixed_digest_ignores_case_spacing_and_unicode_form():
    import unicodedata

    a = fixed_digest("Chủ trì", "Rà soát  thủ tục", "30/6/2026")
    assert a == fixed_digest("CHỦ TRÌ", unicodedata.normalize("NFD", "Rà soát thủ tục "), "30/6/2026")
    assert a != fixed_digest("Chủ trì", "Rà soát thủ tục khác", "30/6/2026")


@given(st.text(max_size=200), st.text(max_size=40))
def test_any_text_round_trips(result, period):
    values = signed(
        period=period,
        issued={"1.1.1": {**dict.fromkeys(STATUS_KEYS), "result": result}},
        tasks={"1.1.1": LEAD},
        fixed={"1.1.1": ""},
    )
    assert decode(encode(values)) == values
