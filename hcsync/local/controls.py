"""Control characters (NUL, BEL, ESC, …): never in names or titles, never printed raw."""

from __future__ import annotations

import unicodedata


def first_control(text: str, allowed: str = "") -> str | None:
    """The first control character of `text` not in `allowed`, if any."""
    return next((c for c in text if c not in allowed and unicodedata.category(c) == "Cc"), None)


def escape_controls(text: str, allowed: str = "") -> str:
    """`text` with each control character (but `allowed`) written as `\\xNN`."""
    if first_control(text, allowed) is None:
        return text
    return "".join(
        f"\\x{ord(c):02x}" if c not in allowed and unicodedata.category(c) == "Cc" else c
        for c in text
    )
