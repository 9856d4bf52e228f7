"""Front matter edited line by line: only the lines of the keys pull owns that changed.

Pull owns `id`, `title`, `slug`, `subtitle`, `seo` (`title`, `description`),
`status` and `unpublished_changes`. Every other line (keys of other tools,
comments, blank lines, the order, the quoting of untouched values) stays as
written. A key the file does not have is added only when the help center's
value differs from what its absence already means (`implied`): a file without
`id:` or `slug:` keeps that absence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import yaml


class Unknown:
    """A field the server did not show (the documented API leaves it out): kept as written."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()
OWNED = ("id", "title", "slug", "subtitle", "seo", "status", "unpublished_changes")
SEO_FIELDS = ("title", "description")
_CLOSING = re.compile(r"^-{3,}[ \t]*$")
_KEY = re.compile(r"^([ \t]*)([A-Za-z_][\w.-]*)[ \t]*:(.*)$")


def split_lines(text: str) -> tuple[list[str] | None, str]:
    """The front matter's lines (None without front matter) and the body, of `\\n` text."""
    if not text.startswith("---\n"):
        return None, text
    lines = text.splitlines(keepends=True)
    for number in range(1, len(lines)):
        if _CLOSING.match(lines[number].rstrip("\n")):
            return lines[1:number], "".join(lines[number + 1 :])
    return None, text


def edit_front_matter(
    lines: list[str], meta: Mapping[str, Any], implied: Mapping[str, Any]
) -> list[str]:
    """`lines` with each owned key set to its value in `meta` (absent there: removed)."""
    old = _load(lines)
    edited = list(lines)
    for key in OWNED:
        if meta.get(key) is UNKNOWN:
            continue
        if key == "seo" and isinstance(old.get(key), Mapping) and _block_style(edited, key):
            edited = _edit_seo(edited, old[key], meta.get(key) or {}, implied)
        else:
            edited = _edit_key(edited, "", key, old, meta, implied)
    return edited


def edit_yaml_file(text: str, data: Mapping[str, Any], owned: tuple[str, ...]) -> str | None:
    """A YAML file (a `_category.yml`) with each `owned` key set to its value in `data`
    (absent there: removed), nested mappings key by key; comments, order, other keys and
    line endings as written. None when the edit would not load as `data` (write it whole)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    plain = text.replace("\r\n", "\n")
    lines = plain.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    old = _load(lines)
    for key in owned:
        lines = _edit_nested(lines, "", key, old, data)
    edited = "".join(lines)
    if not plain.endswith("\n"):
        edited = edited.removesuffix("\n")
    loaded = _load(edited.splitlines(keepends=True))
    if any(loaded.get(key) != data.get(key) for key in owned):
        return None
    return edited.replace("\n", newline)


def _edit_nested(
    lines: list[str], indent: str, key: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[str]:
    was, now = old.get(key), new.get(key)
    start, end = _span(lines, indent, key)
    if (
        not isinstance(was, Mapping)
        or not isinstance(now, Mapping)
        or start is None
        or lines[start].split(":", 1)[1].strip() not in ("", "#")  # a block, not `{…}`
    ):
        return _edit_key(lines, indent, key, old, new, {})
    inner = lines[start + 1 : end]
    inner_indent = _indent(inner) or indent + "  "
    for sub in (*was, *(k for k in now if k not in was)):
        inner = _edit_nested(inner, inner_indent, sub, was, now)
    return lines[: start + 1] + inner + lines[end:]


def _load(lines: list[str]) -> Mapping[str, Any]:
    try:
        data = yaml.safe_load("".join(lines))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, Mapping) else {}


def _edit_key(
    lines: list[str],
    indent: str,
    key: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    implied: Mapping[str, Any],
) -> list[str]:
    value, present = new.get(key), key in new
    if key not in old:
        if not present or key == "id" or value == implied.get(key):
            return lines
        return _insert(lines, indent, _dumped(indent, key, value, None))
    if present and old[key] == value:
        return lines
    start, end = _span(lines, indent, key)
    if start is None:
        return lines
    if not present:  # gone on the help center (a subtitle, SEO, unpublished changes)
        return lines[:start] + lines[end:]
    return lines[:start] + _dumped(indent, key, value, lines[start]) + lines[end:]


def _edit_seo(
    lines: list[str], old: Mapping[str, Any], new: Mapping[str, Any], implied: Mapping[str, Any]
) -> list[str]:
    start, end = _span(lines, "", "seo")
    if start is None:
        return lines
    inner = lines[start + 1 : end]
    indent = _indent(inner) or "  "
    for field in SEO_FIELDS:
        inner = _edit_key(inner, indent, field, old, new, {})
    return lines[: start + 1] + inner + lines[end:]


def _block_style(lines: list[str], key: str) -> bool:
    start, _ = _span(lines, "", key)
    return start is not None and lines[start].split(":", 1)[1].strip() in ("", "#")


def _span(lines: list[str], indent: str, key: str) -> tuple[int | None, int]:
    """The lines of `key` at `indent`: its own and the deeper ones that follow it."""
    for number, line in enumerate(lines):
        found = _KEY.match(line.rstrip("\n"))
        if found and found.group(1) == indent and found.group(2) == key:
            end = number + 1
            while end < len(lines) and _continues(lines[end], indent):
                end += 1
            return number, end
    return None, len(lines)


def _continues(line: str, indent: str) -> bool:
    text = line.rstrip("\n")
    if not text.strip():
        return False
    depth = len(text) - len(text.lstrip(" \t"))
    return depth > len(indent) and not text.lstrip().startswith("#")


def _indent(lines: list[str]) -> str:
    for line in lines:
        found = _KEY.match(line.rstrip("\n"))
        if found:
            return found.group(1)
    return ""


def _insert(lines: list[str], indent: str, new: list[str]) -> list[str]:
    """After the last line of the same indent's keys (the end of the block)."""
    at = len(lines)
    while at > 0 and not lines[at - 1].strip():
        at -= 1
    return lines[:at] + new + lines[at:]


def _dumped(indent: str, key: str, value: Any, old_line: str | None) -> list[str]:
    """`key: value` in YAML; a string in the quotes the old line used."""
    quote = old_line.split(":", 1)[1].strip()[:1] if old_line else ""
    if isinstance(value, str) and quote == '"':
        return [f"{indent}{key}: {json.dumps(value, ensure_ascii=False)}\n"]
    if isinstance(value, str) and quote == "'":
        return [f"{indent}{key}: '{value.replace(chr(39), chr(39) * 2)}'\n"]
    text = yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=1000)
    return [indent + line + "\n" for line in text.splitlines()]
