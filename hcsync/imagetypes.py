"""Recognising the image formats Help.Center accepts, by content rather than by name."""

from __future__ import annotations

import re

MAX_IMAGE_BYTES = 10 * 1024 * 1024
POLYGLOT_SCAN = 64 * 1024  # bytes of a raster image looked at for markup (browsers sniff less)

# Markup that makes a raster image also an HTML page or a script (a polyglot).
_MARKUP = re.compile(
    rb"<(script|html|body|iframe|svg|object|embed)\b|<\?php|<!doctype\s+html", re.I
)
# What runs in an SVG opened on its own: scripts, event handlers, javascript: URLs.
_ACTIVE_SVG = re.compile(
    rb"<script\b|\son[a-z]+\s*=|javascript\s*:|<foreignobject\b", re.IGNORECASE
)


def sniff_image(data: bytes) -> str | None:
    """The image's MIME type judged by its bytes, or None if not JPEG/PNG/GIF/WebP/SVG."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in head:
        return "image/svg+xml"
    return None


def polyglot_markup(data: bytes) -> str | None:
    """The markup a JPEG/PNG/GIF/WebP also holds (`<script`, `<html`…), if any: such a file
    is also a web page to a browser that sniffs it."""
    found = _MARKUP.search(data[:POLYGLOT_SCAN])
    return found.group().decode("ascii", "replace") if found else None


def active_svg_content(data: bytes) -> str | None:
    """The first script, event handler or `javascript:` URL in an SVG, if any."""
    found = _ACTIVE_SVG.search(data)
    return " ".join(found.group().decode("utf-8", "replace").split()) if found else None
