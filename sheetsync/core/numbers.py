"""Numbers as Vietnamese official text writes them: `.` between thousands, `,` before decimals (`1.250`, `98,6%`)."""

from __future__ import annotations

__all__ = ["format_number", "format_percent", "share"]


def format_number(value: float, *, decimals: int = 0) -> str:
    """1250 → "1.250"; 1250.5 with one decimal → "1.250,5"; trailing zero decimals are dropped ("3,0" → "3")."""
    text = f"{value:,.{decimals}f}"  # "1,250.50" in Python's own convention
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by (a percentage of no tasks means nothing)."""
    return None if whole == 0 else part / whole


def format_percent(fraction: float | None, *, decimals: int = 1, empty: str = "-") -> str:
    """0.986 → "98,6%"; 1.0 → "100%"; 1/3 → "33,3%"; None → `empty`."""
    if fraction is None:
        return empty
    # round half up on the shown digit, as people do by hand (Python's round() is half-to-even)
    scaled = round(fraction * 100 * 10**decimals + 1e-9)
    return format_number(scaled / 10**decimals, decimals=decimals) + "%"
