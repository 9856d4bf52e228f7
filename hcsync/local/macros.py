"""Snippets and variables: `{% include "name.md" %}` and `{{ var }}`, as mkdocs-macros writes them.

A page's body is expanded before it is parsed, so links, anchors, images and the
rendered HTML all see the expanded text. Fenced code blocks and inline code are
left exactly as written. Snippets live in `_snippets/` at the content root (never
a category); variables come from `hcsync.yml` (`variables:`, overridden per
language by `variables_by_language:`).

Template syntax is opt-in (`hcsync.config.templates_on`): a tree that defines no variables and
has no `_snippets/` folder publishes `{{ … }}` and `{% … %}` as written (real
pages write `{{accountName}}` and Hugo shortcodes in prose), unless hcsync.yml
says `templates: true`. In a tree that opted in, `{% raw %}…{% endraw %}` (inline,
or on lines of their own around a block) publishes what it holds as written, and
any other `{{ … }}`, `{% … %}` or `{# … #}` (filters, comments, control tags,
shortcodes) is an error (HC092) rather than text published by surprise.

Expanding keeps line numbers meaningful: every line of the result remembers the
line of the page it came from (a snippet's lines come from its include line), so
a problem inside an included snippet is reported on the include.

A snippet is read only when its real path (every link followed) lies inside the real
`_snippets/`, which itself must lie inside the content root: a link to `../.git/config`
is refused with the reason (HC091), never read. A snippet, like a page, is at most
`MAX_PAGE_BYTES`; so is a page with its snippets expanded, and one page includes at
most `MAX_INCLUDES` snippets — an include bomb stops there, in bounded time and memory.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from hcsync.config import SNIPPETS as SNIPPETS  # the folder name, kept importable from here
from hcsync.local.limits import MAX_INCLUDES, MAX_PAGE_BYTES
from hcsync.local.problem import Problem

if TYPE_CHECKING:
    from hcsync.config import SiteConfig

MAX_DEPTH = 8
_NAME = r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*"
_VARIABLE = re.compile(r"\{\{\s*(" + _NAME + r")\s*\}\}")
_INCLUDE = re.compile(r"""\{%-?\s*include\s+["']([^"'\n]+)["']\s*-?%\}""")
_MACRO = re.compile(_VARIABLE.pattern + "|" + _INCLUDE.pattern)
# Every construct of Jinja-like syntax, supported or not: `{{ … }}`, `{% … %}`, `{# … #}`.
_CONSTRUCT = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}")
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
SUPPORTED = '{{ name }}, {% include "x.md" %} and {% raw %}…{% endraw %}'
_WHOLE_LINE_INCLUDE = re.compile(r"^(\s*)" + _INCLUDE.pattern + r"\s*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")  # indented too: fences nest in list items
_CODE_SPAN = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)")


@dataclass(frozen=True)
class Source:
    """Where the lines of an expanded body came from, and the snippets it includes."""

    lines: tuple[int, ...] = ()  # expanded body line - 1 → page body line; () when unchanged
    includes: tuple[tuple[str, str], ...] = ()  # (snippet path, its expanded text)

    def line(self, expanded_line: int) -> int:
        if not self.lines:
            return expanded_line
        return self.lines[min(max(expanded_line, 1), len(self.lines)) - 1]


NO_MACROS = Source()


class MacroProblem(NamedTuple):
    line: int  # body line of the page
    col: int
    code: str
    message: str


@dataclass(frozen=True)
class Expanded:
    body: str
    source: Source = NO_MACROS
    problems: tuple[MacroProblem, ...] = ()


ReadSnippet = Callable[[str], str | None]  # a path below the root → its text, None if missing


class SnippetRefused(Exception):
    """A snippet that exists but is not read (a link leaving `_snippets/`, too big, …)."""


class _TooMuch(Exception):
    """The page's expansion passed a limit: it stops at once (`line`: the page line)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


@dataclass
class _Budget:
    """What one page's expansion has used so far, shared by nested and inline includes."""

    includes: int = 0
    size: int = 0


@dataclass
class _Expansion:
    variables: Mapping[str, Any]
    read: ReadSnippet
    budget: _Budget = field(default_factory=_Budget)
    lines: list[str] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)
    includes: dict[str, str] = field(default_factory=dict)
    problems: list[MacroProblem] = field(default_factory=list)

    def problem(self, here: int, col: int, code: str, message: str) -> None:
        self.problems.append(MacroProblem(here, col, code, message))


def uses_macros(body: str) -> bool:
    return "{{" in body or "{%" in body or "{#" in body


def expand(body: str, variables: Mapping[str, Any], read: ReadSnippet) -> Expanded:
    """The body with includes and variables replaced; unchanged (and cheap) without macros."""
    if not uses_macros(body):
        return Expanded(body)
    state = _Expansion(variables, read)
    try:
        _expand_text(state, body, origin=None, stack=())
    except _TooMuch as exc:  # the page stays as written; the problem stops the sync
        return Expanded(body, problems=(MacroProblem(exc.line, 1, "HC091", exc.message),))
    source = Source(tuple(state.origins), tuple(sorted(state.includes.items())))
    return Expanded("\n".join(state.lines), source, tuple(state.problems))


class PageMacros:
    """Expands the pages of one tree, reading each snippet once."""

    def __init__(self, root: Path, config: SiteConfig) -> None:
        self.root, self.config = root, config
        self._snippets: dict[str, str | SnippetRefused | None] = {}

    def expand(self, language: str, body: str) -> Expanded:
        if not self.config.templates or not uses_macros(body):
            return Expanded(body)
        variables = {**self.config.variables, **self.config.variables_by_language.get(language, {})}
        return expand(body, variables, self.read)

    def read(self, path: str) -> str | None:
        """The snippet's text, None when there is none; SnippetRefused when it may not be read."""
        if path not in self._snippets:
            try:
                self._snippets[path] = read_snippet(self.root, path)
            except SnippetRefused as exc:
                self._snippets[path] = exc
        found = self._snippets[path]
        if isinstance(found, SnippetRefused):
            raise found
        return found

    def snippet(self, path: str) -> str | None:
        """The snippet's text, or None: missing or refused (a scan's view)."""
        try:
            return self.read(path)
        except SnippetRefused:
            return None


def snippets_home(root: Path) -> Path | None:
    """The real `_snippets/` folder; None when it is a link leading out of the content root."""
    try:
        home = (root / SNIPPETS).resolve()
        return home if home.is_relative_to(root.resolve()) else None
    except (OSError, RuntimeError):
        return None


def read_snippet(root: Path, path: str) -> str | None:
    """The text of `path` (below `_snippets/`), None if there is no such file."""
    file, home = root / path, snippets_home(root)
    if home is None:
        raise SnippetRefused(f"{SNIPPETS}/ is a link leading out of the content root")
    try:
        real = file.resolve()
    except (OSError, RuntimeError):
        raise SnippetRefused("is a link that loops") from None
    if not real.is_relative_to(home):
        raise SnippetRefused(f"is a link leading out of {SNIPPETS}/; replace it with the file")
    if file.is_symlink() and not real.exists():
        raise SnippetRefused("is a broken link; replace it with the file")
    if not real.is_file():  # missing, a folder, a FIFO or a device: never opened
        return None
    return _snippet_text(real)


def _snippet_text(real: Path) -> str:
    try:
        size = real.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise SnippetRefused(
                f"is {size // 1024} KB; a snippet, like a page, is at most "
                f"{MAX_PAGE_BYTES // 2**20} MB"
            )
        return real.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SnippetRefused(f"is not UTF-8 (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise SnippetRefused(f"cannot be read ({exc.strerror})") from None


def snippet_path(name: str) -> str | None:
    """The root-relative path of an included snippet; None if it would leave `_snippets/`."""
    path = posixpath.normpath(posixpath.join(SNIPPETS, name.strip()))
    return path if path.startswith(SNIPPETS + "/") and not name.startswith("/") else None


def _expand_text(
    state: _Expansion, text: str, origin: int | None, stack: tuple[str, ...], indent: str = ""
) -> None:
    """Append `text`'s expanded lines; `origin` is the page line of a snippet's include."""
    fence, raw_since = "", 0  # raw_since: the line of an open `{% raw %}`, else 0
    for number, line in enumerate(text.split("\n"), start=1):
        here = origin if origin is not None else number
        marker = None if raw_since else _FENCE.match(line)
        if fence or marker:
            fence = _next_fence(fence, marker.group(1) if marker else "")
            _emit(state, indent + line if line else line, here)
            continue
        whole = None if raw_since else _WHOLE_LINE_INCLUDE.match(line)
        if whole:
            col = len(whole.group(1)) + 1 if origin is None else 1
            if not _include(state, whole.group(2), here, stack, indent + whole.group(1), col):
                _emit(state, line, here)
            continue
        pieces, still_raw = _raw_pieces(line, bool(raw_since))
        raw_since = (raw_since or here) if still_raw else 0
        if _only_raw_tags(line, pieces):
            continue  # `{% raw %}` / `{% endraw %}` on a line of its own: a fence, not text
        expanded = "".join(
            piece if literal else _expand_line(state, piece, here, stack, origin is None, start)
            for piece, literal, start in pieces
        )
        for part in expanded.split("\n"):
            _emit(state, indent + part if part else part, here)
    if raw_since:
        where = f" (in {stack[-1]})" if stack else ""
        state.problem(
            raw_since, 1, "HC092", f"{{% raw %}}{where} is never closed: end it with {{% endraw %}}"
        )


Piece = tuple[str, bool, int]  # text, literal (inside raw), its column in the line - 1


def _raw_pieces(line: str, raw: bool) -> tuple[list[Piece], bool]:
    """The line cut at its `{% raw %}` and `{% endraw %}` tags (outside inline code), and
    whether a raw part is still open at its end."""
    pieces: list[Piece] = []
    code = [span.span() for span in _CODE_SPAN.finditer(line)]
    position = 0
    while True:
        tag = _next_tag(_ENDRAW if raw else _RAW, line, position, () if raw else code)
        if tag is None:
            pieces.append((line[position:], raw, position))
            return pieces, raw
        pieces.append((line[position : tag.start()], raw, position))
        position, raw = tag.end(), not raw


def _next_tag(
    pattern: re.Pattern[str], line: str, position: int, code: list[tuple[int, int]] | tuple[()]
) -> re.Match[str] | None:
    for tag in pattern.finditer(line, position):
        if not any(start <= tag.start() < end for start, end in code):
            return tag
    return None


def _only_raw_tags(line: str, pieces: list[Piece]) -> bool:
    return len(pieces) > 1 and not "".join(piece for piece, _, _ in pieces).strip()


def _next_fence(open_fence: str, marker: str) -> str:
    """The fence still open after a line: a fence closes with at least as many of its mark."""
    if not open_fence:
        return marker
    closes = marker[:1] == open_fence[0] and len(marker) >= len(open_fence)
    return "" if closes else open_fence


def _emit(state: _Expansion, line: str, origin: int) -> None:
    state.budget.size += len(line) + 1
    if state.budget.size > MAX_PAGE_BYTES:
        raise _TooMuch(
            origin,
            f"the page with its snippets expands to more than {MAX_PAGE_BYTES // 2**20} MB; "
            "include less",
        )
    state.lines.append(line)
    state.origins.append(origin)


def _expand_line(
    state: _Expansion,
    line: str,
    here: int,
    stack: tuple[str, ...],
    top_level: bool,
    shift: int = 0,
) -> str:
    """`line` (which starts at column `shift` + 1 of the page's line) with its macros expanded."""
    out, last = [], 0
    for start, end in _outside_code(line):
        out.append(line[last:start])
        segment = line[start:end]

        def replace(construct: re.Match[str], offset: int = start + shift) -> str:
            col = offset + construct.start() + 1 if top_level else 1
            match = _MACRO.fullmatch(construct.group(0))
            if match is None:
                return _unsupported(state, construct.group(0), here, col, stack)
            if match.group(1) is not None:
                return _variable(state, match, here, col, stack)
            inner = _Expansion(state.variables, state.read, state.budget, includes=state.includes)
            found = _include(inner, match.group(2), here, stack, "", col)
            state.problems.extend(inner.problems)
            return "\n".join(inner.lines) if found else match.group(0)

        out.append(_CONSTRUCT.sub(replace, segment))
        last = end
    out.append(line[last:])
    return "".join(out)


def _unsupported(state: _Expansion, text: str, here: int, col: int, stack: tuple[str, ...]) -> str:
    """An error for template syntax hcsync would otherwise publish as text; the text kept."""
    where = f" (in {stack[-1]})" if stack else ""
    shown = text if len(text) <= 40 else text[:37] + "…"
    state.problem(
        here,
        col,
        "HC092",
        f"'{shown}'{where} is template syntax hcsync does not support (only {SUPPORTED}): "
        "wrap it in {% raw %}…{% endraw %} to publish it as written",
    )
    return text


def _outside_code(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the parts of a line that are not inline code."""
    start = 0
    for span in _CODE_SPAN.finditer(line):
        yield start, span.start()
        start = span.end()
    yield start, len(line)


def _variable(
    state: _Expansion, match: re.Match[str], here: int, col: int, stack: tuple[str, ...]
) -> str:
    name = match.group(1)
    value: Any = state.variables
    for key in name.split("."):
        value = value.get(key) if isinstance(value, Mapping) else None
    if value is None or isinstance(value, Mapping | list):
        where = f" (in {stack[-1]})" if stack else ""
        state.problems.append(
            MacroProblem(
                here,
                col,
                "HC090",
                f"undefined variable '{name}'{where}: define it under variables: in hcsync.yml",
            )
        )
        return match.group(0)
    return str(value)


def _include(
    state: _Expansion, name: str, here: int, stack: tuple[str, ...], indent: str, col: int
) -> bool:
    """Expand the snippet into `state`; False (and a problem) when it cannot be included."""
    path = snippet_path(name)
    where = f" (in {stack[-1]})" if stack else ""
    try:
        text = None if path is None else state.read(path)
    except SnippetRefused as refused:
        state.problems.append(MacroProblem(here, col, "HC091", f"snippet {path}{where} {refused}"))
        return False
    if path is None:
        message = f"snippet '{name}'{where} is outside {SNIPPETS}/; keep snippets there"
    elif path in stack or len(stack) >= MAX_DEPTH:
        message = f"snippet {path}{where} includes itself: {' → '.join((*stack, path))}"
    elif text is None:
        message = f"snippet {path}{where} does not exist; create it or fix the name"
    else:
        _count_include(state, here)
        start = len(state.lines)
        _expand_text(state, text.removesuffix("\n"), here, (*stack, path), indent)
        state.includes.setdefault(path, "\n".join(state.lines[start:]))
        return True
    state.problems.append(MacroProblem(here, col, "HC091", message))
    return False


def _count_include(state: _Expansion, here: int) -> None:
    state.budget.includes += 1
    if state.budget.includes > MAX_INCLUDES:
        raise _TooMuch(
            here,
            f"the page includes more than {MAX_INCLUDES} snippets (nested ones counted); "
            "include less",
        )


def macro_problems(rel: str, body_line: int, expanded: Expanded) -> list[Problem]:
    """The expansion's problems as check problems, on the file's lines."""
    return [
        Problem(rel, body_line + p.line - 1, p.col, p.code, p.message) for p in expanded.problems
    ]
