"""Markdown constructs of real docs trees, rendered to HTML the server's sanitiser keeps.

- Callouts: `::: note`, GitHub alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
  `[!WARNING]`, `[!CAUTION]`) and Obsidian callouts (`> [!tip]- Custom title`) all
  become `<div class="KIND">`, KIND one of CALLOUT_KINDS, with an optional
  `<p><strong>title</strong></p>` first. The title is inline Markdown (code,
  emphasis, links: checked and rewritten like any other link). Fold markers (`+`, `-`) are accepted;
  the callout is shown open (the server keeps no attribute to fold it).
- Table alignment: `align="…"` on cells (kept) instead of `style` (stripped).
- Task lists: ☐ and ☑ before the item (the server drops `<input>` checkboxes).
- Attribute lines (`{.class #id}` alone on a line, before a block) only when the
  whole line is attributes: any other whole-line `{…}` (`{% if cloud %}`, a Djot
  comment, `{ braces }`) is text, never dropped.
- Footnotes: the note's id sits on an `<a>` (the server keeps ids on links and
  headings only), in `<div class="footnotes">`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attributes

CALLOUT_KINDS = ("note", "tip", "info", "warning", "danger")
# GitHub alert and Obsidian callout types → the five callout classes; others are notes.
_CALLOUT_CLASS = {
    **{kind: kind for kind in CALLOUT_KINDS},
    **dict.fromkeys(("abstract", "summary", "tldr", "todo", "question", "help", "faq"), "info"),
    **dict.fromkeys(("important", "example", "quote", "cite"), "info"),
    **dict.fromkeys(("hint", "success", "check", "done"), "tip"),
    **dict.fromkeys(("attention",), "warning"),
    **dict.fromkeys(("caution", "failure", "fail", "missing", "error", "bug"), "danger"),
}
_MARKER = re.compile(r"^\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*([^\n]*)(?:\n|$)")
_TASK_BOX = re.compile(r'^<input class="task-list-item-checkbox"[^>]*>$')


def use_extensions(md: MarkdownIt) -> None:
    md.block.ruler.at("attr", _attribute_line)  # in place of the attrs plugin's own rule
    md.core.ruler.after("block", "callouts", _callouts)
    md.core.ruler.push("sanitiser_safe", _sanitiser_safe)
    md.add_render_rule("callout_open", _render_callout)
    md.add_render_rule("callout_close", _render_callout)
    md.add_render_rule("callout_title_open", lambda *args: "<p><strong>")
    md.add_render_rule("callout_title_close", lambda *args: "</strong></p>\n")
    md.add_render_rule("footnote_block_open", _footnotes_open)
    md.add_render_rule("footnote_block_close", _footnotes_close)
    md.add_render_rule("footnote_open", _footnote_open)


def callout_class(kind: str) -> str:
    return _CALLOUT_CLASS.get(kind.lower(), "note")


def callout_html(kind: str) -> str:
    """The callout's opening; its title follows as tokens of its own (`_title_tokens`)."""
    return f'<div class="{callout_class(kind)}">\n'


def _callouts(state: StateCore) -> None:
    """Blockquotes whose first line is `[!KIND]` become callouts (before inline parsing),
    and each callout's title becomes inline tokens of its own."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "container_admonition_open":
            _title_tokens(state, index, token.info.strip().partition(" ")[2].strip())
        if token.type != "blockquote_open" or index + 2 >= len(tokens):
            continue
        inline = tokens[index + 2]
        if tokens[index + 1].type != "paragraph_open" or inline.type != "inline":
            continue
        marker = _MARKER.match(inline.content)
        if marker is None:
            continue
        _to_callout(tokens, index, marker.group(1))
        inline.content = inline.content[marker.end() :]
        if inline.content.strip():
            for paragraph in (tokens[index + 1], inline):
                if paragraph.map:
                    paragraph.map = [paragraph.map[0] + 1, paragraph.map[1]]
        else:
            del tokens[index + 1 : index + 4]
        _title_tokens(state, index, marker.group(3).strip())


def _title_tokens(state: StateCore, index: int, title: str) -> None:
    """`<p><strong>title</strong></p>` after the callout's opening, the title parsed inline."""
    if not title:
        return
    opening = state.tokens[index]
    line = opening.map[0] if opening.map else 0
    inline = Token("inline", "", 0, content=title, map=[line, line + 1], children=[])
    close = Token("callout_title_close", "strong", -1)
    state.tokens[index + 1 : index + 1] = [Token("callout_title_open", "strong", 1), inline, close]


def _to_callout(tokens: list[Token], index: int, kind: str) -> None:
    opening = tokens[index]
    for closing in tokens[index + 1 :]:
        if closing.type == "blockquote_close" and closing.level == opening.level:
            break
    for token in (opening, closing):
        token.type = token.type.replace("blockquote", "callout")
        token.tag = "div"
    opening.info = kind


def _render_callout(self: Any, tokens: Sequence[Token], idx: int, *args: Any) -> str:
    token = tokens[idx]
    if token.nesting == -1:
        return "</div>\n"
    return callout_html(token.info)


def _attribute_line(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line that is exactly one `{…}` of attributes (at least one) sets the next block's.

    The attrs plugin's rule takes any line from `{` to `}` that starts like attributes,
    so `{% if cloud %}` (a Djot comment to it) vanished from the page.
    """
    if state.sCount[start] - state.blkIndent >= 4:
        return False  # an indented code block
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]].rstrip(" \t")
    if not line.startswith("{") or not line.endswith("}"):
        return False
    try:
        last, attributes = parse_attributes(line)
    except ParseError:
        return False
    if last != len(line) - 1 or not attributes:
        return False
    if not silent:
        token = state.push("attrs_block", "", 0)
        token.attrs = attributes  # type: ignore[assignment]
        token.map = [start, start + 1]
        state.line = start + 1
    return True


def _sanitiser_safe(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("th_open", "td_open"):
            _align_attribute(token)
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "html_inline" and _TASK_BOX.match(child.content):
                    checked = 'checked="checked"' in child.content
                    child.type, child.content = "text", "☑" if checked else "☐"


def _align_attribute(cell: Token) -> None:
    style = str(cell.attrs.pop("style", ""))
    if style.startswith("text-align:"):
        cell.attrSet("align", style.removeprefix("text-align:"))


def _footnotes_open(self: Any, tokens: Sequence[Token], idx: int, *args: Any) -> str:
    return '<hr />\n<div class="footnotes">\n<ol>\n'


def _footnotes_close(self: Any, tokens: Sequence[Token], idx: int, *args: Any) -> str:
    return "</ol>\n</div>\n"


def _footnote_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    name = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    sub = tokens[idx].meta.get("subId", -1)
    suffix = f":{sub}" if sub > 0 else ""
    return f'<li><a id="fn{name}{suffix}"></a>'
