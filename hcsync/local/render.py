"""Markdown → HTML with markdown-it-py, and what a page refers to (links, images, anchors).

A page is parsed once (`parse_page`): the tokens give its references (links,
images, anchors and raw HTML: what `check` needs) and a `Template`, the rendered
HTML with a numbered slot where each relative-looking link or image URL stands.
`fill()` writes a URL into each slot (CDN URLs for images, public URLs for
article links: what the planner needs), so rendering again with other URLs
costs a string join, not a parse. `render()` is parse + fill in one.
Rendering is deterministic: the same body gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import NamedTuple
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
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
# A Markdown link markdown-it refuses to make (its scheme can run code or read files):
# the reader sees the text as written. Found so that `check` can say so.
_REFUSED_LINK = re.compile(r"\]\(\s*<?((?:javascript|vbscript|file|data):[^\s>]*)", re.IGNORECASE)
_HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


class Ref(NamedTuple):
    """A link or image target as written in the page."""

    kind: str  # "link", "image", or "refused": a Markdown link markdown-it left as text
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
    return fill(parse_page(body).template, rewrite)


class Slot(NamedTuple):
    """A URL in a rendered page that a rewrite may replace."""

    ref: Ref
    kept: str  # the HTML text when nothing replaces the URL
    attribute: str | None = None  # in raw HTML: written again around a new URL, unescaped


class Template(NamedTuple):
    html: str  # the rendered page, with `\0n\0` where slot n goes
    slots: tuple[Slot, ...]


class ParsedPage(NamedTuple):
    """What one parse of a Markdown body gives: see `hcsync.local.parsecache` for reuse."""

    references: References
    template: Template


# markdown-it turns every NUL of its input into U+FFFD: a NUL in its output is ours.
_SLOT = re.compile("\0([0-9]+)\0")


def parse_page(body: str) -> ParsedPage:
    tokens = parse(body)
    found = references(tokens, body)  # before the slots replace the URLs it reads
    slots = tuple(_make_slots(tokens))
    md = markdown()
    return ParsedPage(found, Template(md.renderer.render(tokens, md.options, {}), slots))


def fill(template: Template, rewrite: Rewrite | None = None) -> str:
    """The page's HTML with each URL as `rewrite` gives it (kept as written for `None`)."""
    if not template.slots:
        return template.html
    texts = [_slot_text(slot, rewrite) for slot in template.slots]  # every slot asked, in order
    return _SLOT.sub(lambda found: texts[int(found.group(1))], template.html)


def _slot_text(slot: Slot, rewrite: Rewrite | None) -> str:
    new = rewrite(slot.ref) if rewrite is not None else None
    if new is None:
        return slot.kept
    return escapeHtml(new) if slot.attribute is None else f'{slot.attribute}="{new}"'


def references(tokens: Sequence[Token], body: str = "") -> References:
    refs: list[Ref] = []
    anchors: set[str] = set()
    fragments: list[Fragment] = []
    where = Locator(body)
    entered = None
    for token, block in _walk_blocks(tokens):
        if block is not entered:  # inline tokens share their block's: entered once
            where.enter(block)
            entered = block
        if token.type == "heading_open" and "id" in token.attrs:
            anchors.add(str(token.attrs["id"]))
        elif token.type == "link_open":
            target = str(token.attrs.get("href", ""))
            written = _written(target) if target else ["(<>)", "()"]  # `[text]()`: at its `(`
            line, col = where.find(written, lead="(" if target else "]")
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
        elif token.type == "inline" and "](" in token.content and token.children:
            refs.extend(_refused_links(token.children, where))
        elif "id" in token.attrs:
            anchors.add(str(token.attrs["id"]))
    return References(tuple(refs), frozenset(anchors), tuple(fragments))


def _refused_links(children: Sequence[Token], where: Locator) -> Iterator[Ref]:
    text = "".join(child.content for child in children if child.type == "text")
    for found in _REFUSED_LINK.finditer(text):
        target = found.group(1)
        if target.endswith(")") and target.count(")") > target.count("("):
            target = target[:-1]  # the link's own closing parenthesis
        line, col = where.find([target], lead="(")
        yield Ref("refused", target, line, None, False, col)


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


def _make_slots(tokens: Sequence[Token]) -> Iterator[Slot]:
    """Replace each link and image URL by a numbered slot, yielding the slots in order."""
    count = 0

    def marker() -> str:
        nonlocal count
        count += 1
        return f"\0{count - 1}\0"

    for token, line in _walk(tokens):
        name = {"link_open": "href", "image": "src"}.get(token.type)
        if name is not None and name in token.attrs:
            target = str(token.attrs[name])
            alt = token.content if token.type == "image" else None
            yield Slot(
                Ref("link" if alt is None else "image", target, line, alt), escapeHtml(target)
            )
            token.attrSet(name, marker())
        elif token.type in ("html_block", "html_inline"):
            slots: list[Slot] = []
            token.content = _html_slots(token.content, line, slots, marker)
            yield from slots


def _html_slots(html: str, line: int, slots: list[Slot], marker: Callable[[], str]) -> str:
    """The first `src`/`href` of each `<img>` and `<a>` tag in raw HTML, as slots."""

    def one_tag(tag: re.Match[str]) -> str:
        kind = "image" if tag.group(1).lower() == "img" else "link"

        def one_url(url: re.Match[str]) -> str:
            target = next(g for g in url.groups()[1:] if g is not None)
            slots.append(Slot(Ref(kind, target, line, in_html=True), url.group(0), url.group(1)))
            return marker()

        return _HTML_URL.sub(one_url, tag.group(0), count=1)

    return _HTML_TAG.sub(one_tag, html)


def _is_admonition(params: str, *args: object) -> bool:
    return params.strip().split(" ", 1)[0] in CALLOUT_KINDS


def _render_admonition(self: object, tokens: Sequence[Token], idx: int, *args: object) -> str:
    """`::: tip Optional title`: the same HTML as `> [!TIP]` and `> [!tip] Optional title`
    (the title's tokens come after this one: see mdextensions)."""
    token = tokens[idx]
    if token.nesting != 1:
        return "</div>\n"
    return callout_html(token.info.strip().partition(" ")[0])


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
