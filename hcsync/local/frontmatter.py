"""Splitting a Markdown file into its YAML front matter and its body."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

import yaml
from frontmatter.default_handlers import YAMLHandler

from hcsync.local.parsecache import ParseCache

_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, line: int) -> None:
        super().__init__(f"'{key}' is given twice: keep one")
        self.line = line  # 0-based, in the front matter's text


class _UniqueKeyLoader(_FAST_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a key given twice in one mapping (YAML forbids it; a
    loader would silently keep the last `title:`)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str | int | float | bool) and key in seen:
                raise _DuplicateKey(key, key_node.start_mark.line)
            seen.add(key)
        return dict(super().construct_mapping(node, deep=deep))


_LOADER = _UniqueKeyLoader


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


class Split(NamedTuple):
    meta: Mapping[str, Any]
    body: str
    body_line: int
    key_lines: Mapping[str, int] = {}


_TOP_KEY = re.compile(r"^([A-Za-z_][\w.-]*)\s*:")
_INNER_KEY = re.compile(r"^\s+([A-Za-z_][\w.-]*)\s*:")
_BOUNDARY = re.compile(r"^-{3,}[ \t]*\r?$", re.MULTILINE)


def key_lines(raw: str, first_line: int) -> dict[str, int]:
    """The file line of each top-level key, and of `parent.key` for indented ones
    (`seo.title`), `raw` starting on `first_line`."""
    found: dict[str, int] = {}
    parent = ""
    for number, line in enumerate(raw.split("\n"), start=first_line):
        match = _TOP_KEY.match(line)
        if match:
            parent = match.group(1)
            found.setdefault(parent, number)
        elif parent and (inner := _INNER_KEY.match(line)):
            found.setdefault(f"{parent}.{inner.group(1)}", number)
    return found


def split_front_matter(text: str, parses: ParseCache | None = None) -> Split:
    """The front matter (a mapping), the body and the body's first line number; with
    `parses`, the YAML is kept there (see `ParseCache.front_matter`)."""
    handler = YAMLHandler()
    if not handler.detect(text):
        return Split({}, text, 1)
    try:
        if not _closed(text):
            raise ValueError("no closing ---")
        raw, body = handler.split(text)
    except ValueError:
        raise FrontMatterError(
            "front matter opened by `---` on line 1 is never closed: end it with a `---` line "
            "(a page cannot start with a `---` rule: put front matter first)",
            1,
        ) from None
    body_line = text[: len(text) - len(body)].count("\n") + 1 if body else text.count("\n") + 1
    try:
        meta = _load_yaml(raw, parses) if raw.strip() else {}
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = raw[: exc.position].count("\n") + 1  # raw starts with the --- line's newline
        problem = f"the character U+{exc.character:04X} is not allowed; remove it"
        raise FrontMatterError(f"invalid YAML front matter: {problem}", line) from None
    except _DuplicateKey as exc:
        line = exc.line + 1  # raw starts with the --- line's newline
        raise FrontMatterError(f"front matter: {exc}", line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the opening ---
        problem = getattr(exc, "problem", None) or "cannot parse"
        raise FrontMatterError(f"invalid YAML front matter: {problem}", line) from None
    if not isinstance(meta, Mapping):
        raise FrontMatterError("front matter must be a mapping of keys (title: …)", 2)
    first_line = text[: text.find(raw)].count("\n") + 1 if raw else 2
    return Split(meta, body, body_line, key_lines(raw, first_line))


def _closed(text: str) -> bool:
    """Whether a second `---` line follows the first (searched for, not counted: a body
    can be long)."""
    first = _BOUNDARY.search(text)
    return first is not None and _BOUNDARY.search(text, first.end()) is not None


def _load_yaml(raw: str, parses: ParseCache | None) -> Any:
    def load() -> Any:
        return yaml.load(raw, Loader=_LOADER)  # noqa: S506 (a safe loader)

    return load() if parses is None else parses.front_matter(raw, load)
