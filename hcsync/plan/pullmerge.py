"""A remote page written into the author's file as the smallest edit that renders to it.

Pure: texts in, text out. The body is compared block by block (paragraph,
heading, list, table, code block, raw HTML), each block rendered on its own and
compared canonically with the blocks of the Markdown pull would write afresh:
blocks that render the same keep their source bytes, a changed block is
replaced in place, new blocks are inserted where the help center has them.
A block written with a snippet or a variable is never replaced by its text:
its change is a conflict, the block stays. The front matter is edited line by
line (`frontedit.py`); line endings and the final newline stay the author's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher, unified_diff
from html import unescape
from typing import Any
from urllib.parse import unquote

from markdown_it.common.normalize_url import normalizeLink

from hcsync.local.macros import ReadSnippet, expand, uses_macros
from hcsync.local.render import parse, render
from hcsync.plan.canonical import canonical_html
from hcsync.plan.frontedit import edit_front_matter, split_lines

_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S.*$", re.MULTILINE)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_CODE_SPAN = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_URL = re.compile(r'\s(href|src)="([^"]*)"')
# A written link target: inline `](target` / `](<target>`, or a definition line's.
_TARGET = re.compile(
    r"(?P<lead>\]\(|^ {0,3}\[[^\]]+\]:[ \t]*)(?P<target><[^>\n]*>|[^\s()<>]+)", re.MULTILINE
)


@dataclass(frozen=True)
class Macros:
    """What the tree's `{{ name }}` and `{% include %}` expand to (see `local/macros.py`)."""

    variables: Mapping[str, Any]
    read: ReadSnippet
    templates: bool  # the tree opted into template syntax: literal `{{` is written raw


NO_MACROS = Macros({}, lambda _path: None, templates=False)


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: tuple[str, ...] = ()  # blocks written with snippets/variables that changed remotely


@dataclass(frozen=True)
class _Block:
    source: str  # its lines as written, up to the next block (blank lines included)
    html: str  # canonical rendering; "" for what renders to nothing (comments)
    macros: bool  # written with a snippet or a variable


def fresh_body(body: str, macros: Macros) -> str:
    """A body pull writes afresh: template-like text kept literal in a tree with templates."""
    if not macros.templates:
        return body
    return "\n\n".join(_literal(block.source.strip("\n")) for block in _blocks(body, NO_MACROS)) + (
        "\n" if body.endswith("\n") else ""
    )


def merge_page(
    old_text: str,
    meta: Mapping[str, Any],
    body: str,
    implied: Mapping[str, Any],
    macros: Macros = NO_MACROS,
) -> Merged:
    """`old_text` edited to carry `meta` (the keys pull owns) and `body` (fresh Markdown)."""
    newline = "\r\n" if "\r\n" in old_text else "\n"
    text = old_text.replace("\r\n", "\n")
    front, old_body = split_lines(text)
    edited_front = edit_front_matter(front, meta, implied) if front is not None else None
    merged = merge_body(old_body, body, macros)
    head = "---\n" + "".join(edited_front) + "---\n" if edited_front is not None else ""
    return Merged((head + merged.text).replace("\n", newline), merged.conflicts)


def merge_body(old: str, new: str, macros: Macros = NO_MACROS) -> Merged:
    """`old` with the blocks that differ from `new` replaced, the others kept byte for byte."""
    if _same_page(old, new, macros):
        return Merged(old)
    ending = old[len(old.rstrip("\n")) :] or ("\n" if not old else "")
    definitions = "\n".join(m.group(0) for m in _REFERENCE.finditer(old))
    olds = _blocks(old, macros, definitions)
    news = _blocks(new, NO_MACROS)
    relinked = _relinked(olds, news, old)
    if relinked is not None and _same_page(relinked, new, macros):
        return Merged(relinked)
    text, conflicts = _aligned(olds, news, macros)
    return Merged(text.rstrip("\n") + ending if text.strip() else "", tuple(conflicts))


def _relinked(olds: list[_Block], news: list[_Block], old: str) -> str | None:
    """`old` with only link and image targets changed, when that is all that changed:
    each in place (an inline link's target, or a reference-style link's definition line).
    None when anything else changed too, or a target cannot be found as written."""
    visible = [b for b in olds if b.html]
    if len(visible) != len(news):
        return None
    changes: dict[str, str] = {}
    for before, after in zip(visible, news, strict=True):
        found = _url_changes(before.html, after.html)
        if found is None or (found and before.macros):  # a snippet's links are the snippet's
            return None
        changes |= found
    text = old
    for was, now in changes.items():
        edited = _retargeted(text, was, now)
        if edited is None:
            return None
        text = edited
    return text if changes else None


def _url_changes(before: str, after: str) -> dict[str, str] | None:
    """Old URL → new URL when two renderings differ in link and image targets only."""
    if _URL.sub(r" \1", before) != _URL.sub(r" \1", after):
        return None
    pairs = zip(_URL.findall(before), _URL.findall(after), strict=True)
    changes = {unescape(a[1]): unescape(b[1]) for a, b in pairs if a != b}
    return changes if len({*changes} & {*changes.values()}) == 0 else None


def _retargeted(text: str, was: str, now: str) -> str | None:
    """Every written target that renders to `was` rewritten to `now`, in the author's style
    (`<…>` with spaces, or percent-encoded); None if there is none."""
    found = False

    def swap(match: re.Match[str]) -> str:
        nonlocal found
        target = match.group("target")
        if normalizeLink(target.strip("<>")) != was:
            return match.group(0)
        found = True
        spaced = unquote(now) if target.startswith("<") else now
        written = f"<{spaced}>" if target.startswith("<") else now
        return match.group("lead") + written

    edited = _TARGET.sub(swap, text)
    return edited if found else None


def _same_page(old: str, new: str, macros: Macros) -> bool:
    written = macros.templates and uses_macros(old)
    expanded = expand(old, macros.variables, macros.read).body if written else old
    return canonical_html(render(expanded)) == canonical_html(render(new))


def _aligned(olds: list[_Block], news: list[_Block], macros: Macros) -> tuple[str, list[str]]:
    """The body: kept old blocks, and new ones where the remote differs; the conflicts."""
    visible = [i for i, block in enumerate(olds) if block.html]
    matcher = SequenceMatcher(
        None, [olds[i].html for i in visible], [b.html for b in news], autojunk=False
    )
    dropped: set[int] = set()
    inserts: dict[int, list[str]] = {}
    conflicts: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        replaced = visible[i1:i2]
        if any(olds[i].macros for i in replaced):  # a snippet's or variable's text: never inline
            conflicts.append(_block_diff([olds[i] for i in replaced], news[j1:j2]))
            continue
        dropped.update(replaced)
        at = visible[i1] if i1 < len(visible) else len(olds)
        written = [_written(b.source, macros) for b in news[j1:j2]]
        inserts.setdefault(at, []).extend(written)
    text, after_new = "", False
    for index in range(len(olds) + 1):
        for chunk in inserts.get(index, []):
            visible_before = index == 0 or olds[index - 1].html or index - 1 in dropped
            text = (_separated(text) if visible_before or after_new else text) + chunk + "\n"
            after_new = True
        if index < len(olds) and index not in dropped:
            text = (_separated(text) if after_new else text) + olds[index].source
            after_new = False
    return text, conflicts


def _block_diff(olds: list[_Block], news: list[_Block]) -> str:
    """What the help center changed in blocks written with snippets or variables."""
    before = "".join(b.source.strip("\n") + "\n" for b in olds).splitlines(keepends=True)
    after = "".join(b.source.strip("\n") + "\n" for b in news).splitlines(keepends=True)
    return "".join(unified_diff(before, after, "as written", "on the help center", n=0))


def _written(source: str, macros: Macros) -> str:
    text = source.strip("\n")
    return _literal(text) if macros.templates else text


def _separated(text: str) -> str:
    """`text` ready for a new block after it: a blank line, unless it is only blank lines."""
    if not text.strip() or text.endswith("\n\n"):
        return text
    return text + ("\n" if text.endswith("\n") else "\n\n")


def _blocks(body: str, macros: Macros, definitions: str = "") -> list[_Block]:
    """The top-level blocks of `body`, each with its source lines and its own rendering."""
    lines = body.splitlines(keepends=True)
    # `{% include %}` on its own line would read as a block attribute line: hide the braces.
    tokens = parse(body.replace("{%", "(%").replace("{{", "(("))
    starts = [t.map[0] for t in tokens if t.level == 0 and t.map and t.nesting != -1]
    starts = sorted({0, *starts}) if lines else []  # line 0: what comes before (blank lines)
    blocks = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        source = "".join(lines[start:end])
        blocks.append(_block(source, macros, definitions))
    return blocks


def _block(source: str, macros: Macros, definitions: str) -> _Block:
    written = macros.templates and uses_macros(source) and not _is_fence(source)
    text = expand(source, macros.variables, macros.read).body if written else source
    if definitions:  # reference-style links resolve as in the whole page
        text = f"{text.rstrip()}\n\n{definitions}\n"
    return _Block(source, canonical_html(render(text)).strip(), written)


def _is_fence(source: str) -> bool:
    return _FENCE.match(source) is not None


def _literal(block: str) -> str:
    """Template-like text wrapped in `{% raw %}…{% endraw %}`, code left as written."""
    if _is_fence(block) or not uses_macros(block):
        return block
    return _outside_code(block, lambda text: _TEMPLATE.sub(_raw, text))


def _raw(found: re.Match[str]) -> str:
    return "{% raw %}" + found.group(0) + "{% endraw %}"


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts.append(change(text[last : span.start()]))
        parts.append(span.group(0))
        last = span.end()
    parts.append(change(text[last:]))
    return "".join(parts)
