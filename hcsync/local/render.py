"""Markdown → HTML with markdown-it-py, and what a page refers to (links, images, anchors).

`parse()` gives the tokens once; `references()` reads links, images, anchors and
raw HTML from them (what `check` needs, without rendering); `render()` turns them
into HTML, first letting a `rewrite` hook replace link and image URLs (what the
planner needs: CDN URLs for images, public URLs for article links).
Rendering is deterministic: the same body gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache
from typing import NamedTuple
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from hcsync.local.mdextensions import CALLOUT_KINDS, callout_html, use_extensions
from hcsync.local.positions import Locator, Position, shifted
from hcsync.local.slugs import heading_id

_HEADING_ATTRS = re.compile(r"\s*\{((?:\s*[#.][\w:-]+)+)\s*\}\s*$")
_HTML_TAG = re.compile(r"<(img|a)\b[^>]*>", re.IGNORECASE)
_HTML_URL = re.compile(r"""\b(src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_HTML_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


class Ref(NamedTuple):
    """A link or image target as written in the page."""

    kind: str  # "link" or "image"
    target: str
    line: int  # line in the body, 1-based
    alt: str | None = None  # images only
    in_html: bool = False
    col: int = 1  # column of the target in its line, 1-based


class Fragment(NamedTuple):
    """Raw HTML as written, with where it starts in the body."""

    line: int
    col: int
    html: str


class References(NamedTuple):
    refs: tuple[Ref, ...]
    anchors: frozenset[str]
    html_fragments: tuple[Fragment, ...]  # for the sanitiser check


Rewrite = Callable[[Ref], str | None]


@cache
def markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(tasklists_plugin)
    md.use(attrs_plugin).use(attrs_block_plugin)
    # One rule for every admonition name: each registered container is tried on every line.
    md.use(container_plugin, name="admonition", validate=_is_admonition, render=_render_admonition)
    md.core.ruler.after("inline", "heading_attributes", _heading_attributes)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=heading_id)
    use_extensions(md)
    return md


def parse(body: str) -> list[Token]:
    return markdown().parse(body, {})


def render(body: str, rewrite: Rewrite | None = None) -> str:
    tokens = parse(body)
    if rewrite is not None:
        _apply_rewrite(tokens, rewrite)
    md = markdown()
    html: str = md.renderer.render(tokens, md.options, {})
    return html


@lru_cache(maxsize=65536)
def page_references(body: str) -> References:
    """The references of a Markdown body, parsed once however many stages ask."""
    return references(parse(body), body)


def references(tokens: Sequence[Token], body: str = "") -> References:
    refs: list[Ref] = []
    anchors: set[str] = set()
    fragments: list[Fragment] = []
    where = Locator(body)
    for token, block in _walk_blocks(tokens):
        where.enter(block)
        if token.type == "heading_open" and "id" in token.attrs:
            anchors.add(str(token.attrs["id"]))
        elif token.type == "link_open":
            target = str(token.attrs.get("href", ""))
            line, col = where.find(_written(target), lead="(")
            refs.append(Ref("link", target, line, None, False, col))
        elif token.type == "image":
            target = str(token.attrs.get("src", ""))
            line, col = where.find(_written(target), lead="(")
            refs.append(Ref("image", target, line, token.content, False, col))
        elif token.type in ("html_block", "html_inline"):
            html = token.content.lstrip()
            start = where.find([html.split("\n", 1)[0]])
            fragments.append(Fragment(*start, html))
            refs.extend(_html_refs(html, start))
            anchors.update(_HTML_ID.findall(html))
        elif "id" in token.attrs:
            anchors.add(str(token.attrs["id"]))
    return References(tuple(refs), frozenset(anchors), tuple(fragments))


def _written(target: str) -> list[str]:
    """How a target markdown-it normalised may have been written (`café.md`, `caf%C3%A9.md`)."""
    return [unquote(target), target]


def _walk_blocks(
    tokens: Sequence[Token], block: tuple[int, int] | None = None
) -> Iterator[tuple[Token, tuple[int, int] | None]]:
    for token in tokens:
        here = (token.map[0], token.map[1]) if token.map else block
        yield token, here
        if token.children:
            yield from _walk_blocks(token.children, here)


def _walk(tokens: Sequence[Token], line: int = 1) -> Iterator[tuple[Token, int]]:
    for token in tokens:
        here = token.map[0] + 1 if token.map else line
        yield token, here
        if token.children:
            yield from _walk(token.children, here)
        line = here


def _html_refs(html: str, start: Position) -> Iterator[Ref]:
    for tag in _HTML_TAG.finditer(html):
        url = _HTML_URL.search(tag.group(0))
        if url is None:
            continue
        group = next(i for i in (2, 3, 4) if url.group(i) is not None)
        line, col = shifted(start, html, tag.start() + url.start(group))
        target = url.group(group)
        if tag.group(1).lower() == "img":
            alt = _HTML_ALT.search(tag.group(0))
            alt_text = next((g for g in alt.groups() if g is not None), "") if alt else None
            yield Ref("image", target, line, alt_text, True, col)
        else:
            yield Ref("link", target, line, None, True, col)


def _apply_rewrite(tokens: Sequence[Token], rewrite: Rewrite) -> None:
    for token, line in _walk(tokens):
        if token.type == "link_open":
            _rewrite_attr(
                token, "href", Ref("link", str(token.attrs.get("href", "")), line), rewrite
            )
        elif token.type == "image":
            ref = Ref("image", str(token.attrs.get("src", "")), line, token.content)
            _rewrite_attr(token, "src", ref, rewrite)
        elif token.type in ("html_block", "html_inline"):
            token.content = _rewrite_html(token.content, line, rewrite)


def _rewrite_attr(token: Token, name: str, ref: Ref, rewrite: Rewrite) -> None:
    new = rewrite(ref)
    if new is not None:
        token.attrSet(name, new)


def _rewrite_html(html: str, line: int, rewrite: Rewrite) -> str:
    def one_tag(tag: re.Match[str]) -> str:
        kind = "image" if tag.group(1).lower() == "img" else "link"

        def one_url(url: re.Match[str]) -> str:
            target = next(g for g in url.groups()[1:] if g is not None)
            new = rewrite(Ref(kind, target, line, in_html=True))
            return url.group(0) if new is None else f'{url.group(1)}="{new}"'

        return _HTML_URL.sub(one_url, tag.group(0), count=1)

    return _HTML_TAG.sub(one_tag, html)


def _is_admonition(params: str, *args: object) -> bool:
    return params.strip().split(" ", 1)[0] in CALLOUT_KINDS


def _render_admonition(self: object, tokens: Sequence[Token], idx: int, *args: object) -> str:
    """`::: tip Optional title`: the same HTML as `> [!TIP]` and `> [!tip] Optional title`."""
    token = tokens[idx]
    if token.nesting != 1:
        return "</div>\n"
    kind, _, title = token.info.strip().partition(" ")
    return callout_html(kind, title.strip())


def _heading_attributes(state: StateCore) -> None:
    """`## Title {#id .class}`: kramdown/pandoc heading attributes, common in real trees."""
    tokens = state.tokens
    for index, token in enumerate(tokens[:-1]):
        inline = tokens[index + 1]
        if token.type != "heading_open" or not inline.children:
            continue
        last = inline.children[-1]
        match = _HEADING_ATTRS.search(last.content) if last.type == "text" else None
        if match is None:
            continue
        last.content = last.content[: match.start()]
        inline.content = _HEADING_ATTRS.sub("", inline.content)
        for item in match.group(1).split():
            if item.startswith("#"):
                token.attrSet("id", item[1:])
            else:
                token.attrJoin("class", item[1:])
