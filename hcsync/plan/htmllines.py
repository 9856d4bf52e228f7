"""HTML as a reader sees it, one block per line: the canonical form `diff.py` compares
(see its docstring). Walks BeautifulSoup's tree; imported only when a diff is shown."""

from __future__ import annotations

from collections.abc import Iterator

from bs4 import Comment, Tag
from bs4.element import NavigableString

from hcsync.plan.canonical import parse_html5

_KEPT = {"href", "src", "alt", "colspan", "rowspan", "start"}
# Never shown: what sanitisers remove (and task-list checkboxes, which some keep and some drop).
_DROPPED = {"script", "style", "iframe", "object", "embed", "template", "head", "input", "link"}
_VOID = {"br", "hr", "img", "wbr", "col", "source", "track", "area", "meta", "base"}
_BLOCKS = {
    "address article aside blockquote dd details div dl dt figcaption figure footer h1 h2 h3 h4"
    " h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul"
}
_BLOCK = frozenset(" ".join(_BLOCKS).split())
_ROW_PARTS = frozenset({"td", "th"})  # cells stay on their row's line


def block_lines(html: str) -> list[str]:
    soup = parse_html5(html)  # as the canonical comparison parses it: like with like
    return [line for line in _block_lines(soup) if line]


def _block_lines(node: Tag) -> Iterator[str]:
    inline: list[str] = []
    for child in node.children:
        if isinstance(child, Tag) and child.name in _BLOCK and child.name not in _ROW_PARTS:
            yield _squash("".join(inline))
            inline.clear()
            yield from _block(child)
        else:
            inline.append(_inline(child))
    yield _squash("".join(inline))


def _block(tag: Tag) -> Iterator[str]:
    if tag.name in _DROPPED:
        return
    opening, closing = _open(tag), f"</{tag.name}>"
    if tag.name == "pre":
        yield opening
        yield from (line.rstrip() for line in tag.get_text().strip("\n").splitlines())
        yield closing
    elif tag.name in _VOID:
        yield opening
    elif any(isinstance(c, Tag) and c.name in _BLOCK - _ROW_PARTS for c in tag.children):
        yield opening
        yield from _block_lines(tag)
        yield closing
    else:
        yield f"{opening}{_squash(''.join(_inline(c) for c in tag.children))}{closing}"


def _inline(node: object) -> str:
    if isinstance(node, Comment) or not isinstance(node, NavigableString | Tag):
        return ""
    if isinstance(node, NavigableString):
        return _escape(str(node))
    if node.name in _DROPPED:
        return ""
    if node.name in _VOID:
        return _open(node)
    inner = "".join(_inline(c) for c in node.children)
    return f"{_open(node)}{inner}</{node.name}>"


def _open(tag: Tag) -> str:
    kept = {
        k: v for k, v in tag.attrs.items() if k in _KEPT or (k == "class" and tag.name == "div")
    }
    attrs = "".join(f' {k}="{_value(v)}"' for k, v in sorted(kept.items()))
    return f"<{tag.name}{attrs}>"


def _value(value: object) -> str:
    text = " ".join(value) if isinstance(value, list) else str(value)
    return _escape(text).replace('"', "&quot;")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _squash(text: str) -> str:
    return " ".join(text.split())
