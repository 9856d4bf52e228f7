"""HC060: raw HTML the server's sanitiser changes, and exactly what a reader loses.

The server keeps common formatting tags; of attributes it keeps links' `href`,
`id` and `name`, images' `src`, `alt`, `width` and `height`, heading ids, table
`align`/`colspan`/`rowspan`, and classes on `div`, `span`, `code` and `pre`.
Everything below is what it removes, each with its effect on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from hcsync.local.positions import Position, shifted

_TAG = re.compile(
    r"<([a-zA-Z][\w-]*)((?:\s+[^\s/>=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>"
)
_ATTR = re.compile(r"([^\s/>=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_HIDING = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_ID_KEPT_ON = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6"})
_REMOVED_TAGS = {
    **dict.fromkeys(("script", "style"), "removes it with everything inside; it has no effect"),
    **dict.fromkeys(
        ("iframe", "embed", "object", "video", "audio", "canvas", "svg"),
        "removes it; the embedded content does not appear",
    ),
    **dict.fromkeys(
        ("form", "input", "button", "select", "textarea"),
        "removes it; the form control does not appear (text inside stays)",
    ),
}


class Finding(NamedTuple):
    line: int
    col: int
    message: str


def sanitiser_findings(html: str, start: Position) -> Iterator[Finding]:
    """What the sanitiser does to each construct of a raw HTML fragment beginning at `start`."""
    for tag in _TAG.finditer(html):
        name = tag.group(1).lower()
        if name in _REMOVED_TAGS:
            yield Finding(
                *shifted(start, html, tag.start()), f"<{name}>: the server {_REMOVED_TAGS[name]}"
            )
            continue
        for attr in _ATTR.finditer(tag.group(2)):
            effect = _attribute_effect(name, attr)
            if effect:
                offset = tag.start(2) + attr.start()
                yield Finding(*shifted(start, html, offset), f"<{name} {attr.group(1)}>: {effect}")


def _attribute_effect(tag: str, attr: re.Match[str]) -> str | None:
    name = attr.group(1).lower()
    value = next((v for v in attr.groups()[1:] if v is not None), "")
    if name == "style":
        if _HIDING.search(value):
            return "the server removes the style, so this hidden text becomes visible"
        if tag == "img":
            return "the server removes the style; the image shows unstyled (width and height stay)"
        return "the server removes the style; the text stays visible, unstyled"
    if name == "hidden":
        return "the server removes `hidden`, so this hidden content becomes visible"
    if name.startswith("on"):
        return f"the server removes the {name} handler; it does nothing on the help center"
    if name == "id" and tag not in _ID_KEPT_ON:
        return f"the server removes this id; links to #{value} will not land here (put the id on a heading or an <a>)"
    return None
