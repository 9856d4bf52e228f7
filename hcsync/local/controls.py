"""Control characters (NUL, BEL, ESC, …): never in names or titles, never printed raw."""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc, all of it


def first_control(text: str, allowed: str = "") -> str | None:
    """The first control character of `text` not in `allowed`, if any."""
    return next((m.group() for m in _CONTROL.finditer(text) if m.group() not in allowed), None)


def escape_controls(text: str, allowed: str = "") -> str:
    """`text` with each control character (but `allowed`) written as `\\xNN`."""
    if first_control(text, allowed) is None:
        return text
    return _CONTROL.sub(
        lambda m: m.group() if m.group() in allowed else f"\\x{ord(m.group()):02x}", text
    )
