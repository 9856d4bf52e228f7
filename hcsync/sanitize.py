"""What Help.Center keeps of an article's HTML: one policy for the emulator and the preview.

A shared leaf (it imports nothing of hcsync), so the emulator, which may import
only such leaves, and `hcsync preview`, which must show what readers will get,
cannot drift apart.
"""

from __future__ import annotations

import nh3

# nh3's defaults plus the attributes a help center needs to keep: heading ids
# (anchor links) and classes on code (syntax highlighting). Scripts, styles,
# iframes and on* handlers are removed.
_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    **{f"h{n}": {"id"} for n in range(1, 7)},
    "code": {"class"},
    "pre": {"class"},
    "span": {"class"},
    "div": {"class"},
    "a": {"href", "hreflang", "title", "id", "name"},
}


def sanitize(html: str) -> str:
    """The HTML as the help center stores it."""
    return nh3.clean(html, attributes=_ATTRIBUTES)
