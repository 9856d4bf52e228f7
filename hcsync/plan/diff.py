"""A readable unified diff of two HTML bodies: one block element per line."""

from __future__ import annotations

import difflib
import re

_BLOCK_END = re.compile(
    r"(</(?:p|h[1-6]|li|tr|table|ul|ol|pre|blockquote|div|section)>|<br ?/?>|<hr ?/?>)"
)


# Attributes the server adds on its own (rel on links) are not a change of ours.
_SERVER_ADDED = re.compile(r'\s+rel="[^"]*"')


def _lines(html: str) -> list[str]:
    html = _SERVER_ADDED.sub("", html)
    return [line.strip() for line in _BLOCK_END.sub(r"\1\n", html).splitlines() if line.strip()]


def html_diff(old: str, new: str, path: str, context: int = 1) -> str:
    diff = difflib.unified_diff(
        _lines(old), _lines(new), "help center", path, n=context, lineterm=""
    )
    return "\n".join(diff)
