"""HTML from the help center → Markdown that renders back to the same HTML.

markdownify does the conversion, customised for what `render.py` reads back:
headings keep their ids (`## Title {#id}` where the renderer would not generate
that id), callout `<div class="note">` becomes a `::: note` container, code
blocks keep their language, inline tags Markdown has no word for (`<u>`,
`<span class>`, …) stay inline HTML.

Losslessness is checked, not hoped for: each top-level block is rendered back
and compared canonically with its HTML; a block that does not come back equal
is kept as raw HTML (tables with colspan, attributes, unusual nesting). Finally
the whole page is checked once more, so `exact` says whether rendering the
Markdown gives back the server's HTML.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from html import escape
from typing import Any, NamedTuple

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from markdownify import MarkdownConverter
from mdit_py_plugins.anchors.index import slugify as heading_slug

from hcsync.local.mdextensions import CALLOUT_KINDS as CONTAINERS
from hcsync.local.render import render
from hcsync.plan.canonical import canonical_html

UrlMap = Callable[[str], str | None]  # a server URL → the path to write instead (or None)
Render = Callable[[str], str]  # Markdown → HTML

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol pre blockquote table hr dl figure section".split()  # noqa: SIM905
)
_ID = re.compile(r"^[\w:-]+$")
_HEADING = re.compile(r"^h[1-6]$")
_TABLE_PARTS = re.compile(r"(?<!\n)(?=<(?:/?(?:thead|tbody|tfoot)|tr|/table)\b)")
_BLANK_LINE = re.compile(r"\n(?=[ \t]*(?:\n|$))")


class Converted(NamedTuple):
    markdown: str
    raw_blocks: int  # blocks kept as raw HTML
    exact: bool  # rendering `markdown` gives back the HTML (canonically)


def to_markdown(
    html: str, link: UrlMap | None = None, image: UrlMap | None = None, render_back: Render = render
) -> Converted:
    """The page body as Markdown; `link`/`image` turn server URLs into tree paths.

    The HTML is parsed once: the blocks are converted from that tree. `render_back`
    renders the Markdown to check it (a caller can make it share its parse with a
    later read of the file).
    """
    soup = BeautifulSoup(html, "html.parser")
    _rewrite_urls(soup, "a", "href", link)
    _rewrite_urls(soup, "img", "src", image)
    plain_ids = _plain_heading_ids(soup)
    readable = _Converter(plain_ids, escape_misc=False)
    groups = _top_level_groups(soup)
    parts = ["".join(str(node) for node in group) for group in groups]
    blocks = [readable.block(group, part) for group, part in zip(groups, parts, strict=True)]
    target = str(soup)
    goal = canonical_html(target)

    def whole(markdown: str) -> bool:
        return canonical_html(render_back(markdown)) == goal

    body = _join(blocks)
    if whole(body):  # the usual case: one check for the whole page
        return Converted(body, 0, True)
    return _block_by_block(parts, blocks, plain_ids, whole, target)


def _block_by_block(
    parts: list[str],
    blocks: list[str],
    plain_ids: frozenset[str],
    whole: Callable[[str], bool],
    target: str,
) -> Converted:
    """Escape what Markdown would misread (`1.`, `#`, `<`) in a block, or keep its HTML."""
    escaping = _Converter(plain_ids, escape_misc=True)
    raw = 0
    for index, part in enumerate(parts):
        if _same(blocks[index], part):
            continue
        escaped = escaping.convert(part).strip("\n")
        if _same(escaped, part):
            blocks[index] = escaped
        else:
            blocks[index], raw = raw_html(part), raw + 1
    body = _join(blocks)
    if whole(body):
        return Converted(body, raw, True)
    # Neighbours that Markdown would merge (two lists in a row): every block as raw HTML.
    each = _join([raw_html(part) for part in parts])
    if whole(each):
        return Converted(each, len(parts), True)
    kept = raw_html(target.strip()) + "\n"
    return Converted(kept, len(blocks), whole(kept))


def _join(blocks: list[str]) -> str:
    return "\n\n".join(blocks) + "\n" if blocks else ""


def raw_html(html: str) -> str:
    """HTML kept as a raw Markdown block: blank lines would end it, so they become `&#10;`.

    A table gets one row per line (whitespace between rows does not show), so that
    a change to one cell is a one-line diff.
    """
    html = html.strip("\n")
    if html.startswith("<table") and "<pre" not in html:
        html = _TABLE_PARTS.sub("\n", html)
    return _BLANK_LINE.sub("&#10;", html)


def _same(markdown: str, html: str) -> bool:
    return canonical_html(render(markdown)) == canonical_html(html)


def _rewrite_urls(soup: BeautifulSoup, tag: str, attribute: str, mapping: UrlMap | None) -> None:
    if mapping is None:
        return
    for element in soup.find_all(tag):
        value = element.get(attribute)
        if isinstance(value, str):
            new = mapping(value)
            if new is not None:  # encoded as the renderer writes a path with spaces
                element[attribute] = new.replace(" ", "%20")


def _top_level_groups(soup: BeautifulSoup) -> list[list[Any]]:
    """Top-level block elements one by one; runs of inline nodes and text together."""
    groups: list[list[Any]] = []
    inline: list[Any] = []
    for node in list(soup.children):
        if isinstance(node, Tag) and node.name in _BLOCKS:
            if any(str(n).strip() for n in inline):
                groups.append(inline)
            inline = []
            groups.append([node])
        elif isinstance(node, NavigableString | Tag):
            inline.append(node)
    if any(str(n).strip() for n in inline):
        groups.append(inline)
    return groups


def _plain_heading_ids(soup: BeautifulSoup) -> frozenset[str]:
    """Heading ids the renderer generates by itself: the slug of the text, used once."""
    headings = [
        (str(h.get("id") or ""), heading_slug(h.get_text())) for h in soup.find_all(_HEADING)
    ]
    slugs = Counter(slug for _, slug in headings)
    ids = Counter(identifier for identifier, _ in headings if identifier)
    return frozenset(
        identifier
        for identifier, slug in headings
        if identifier == slug and slugs[slug] == 1 and ids[identifier] == 1
    )


class _Converter(MarkdownConverter):
    def __init__(self, plain_ids: frozenset[str], escape_misc: bool) -> None:
        super().__init__(
            heading_style="ATX",
            bullets="-",
            escape_misc=escape_misc,
            escape_underscores=escape_misc,  # `snake_case` reads better unescaped
            code_language_callback=_code_language,
            keep_inline_images_in=["a", "td", "th", "li", "p", "h1", "h2", "h3", "h4", "h5", "h6"],
        )
        self.plain_ids = plain_ids

    def block(self, group: list[Any], html: str) -> str:
        """A top-level group's Markdown. A block element is converted where it is, as
        `convert(html)` would convert it alone (no parse again); inline runs, whose
        whitespace depends on their neighbours, from their HTML."""
        if len(group) == 1 and isinstance(group[0], Tag):
            converted = self.process_tag(group[0], {"[document]"})  # type: ignore[attr-defined]
            return str(converted).strip("\n")
        return str(self.convert(html)).strip("\n")

    def convert_hN(self, n: int, el: Tag, text: str, parent_tags: set[str]) -> str:
        heading = str(super().convert_hN(n, el, text, parent_tags))  # type: ignore[misc]
        identifier = el.get("id")
        if "_inline" in parent_tags or not isinstance(identifier, str):
            return heading
        if identifier in self.plain_ids or not _ID.match(identifier):
            return heading
        return heading.rstrip("\n") + f" {{#{identifier}}}\n\n"

    def convert_div(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        classes = list(el.get_attribute_list("class"))
        if len(classes) == 1 and classes[0] in CONTAINERS and len(el.attrs) == 1:
            return f"\n\n::: {classes[0]}\n{text.strip()}\n:::\n\n"
        return str(super().convert_div(el, text, parent_tags))  # type: ignore[misc]

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        item = str(super().convert_li(el, text, parent_tags))  # type: ignore[misc]
        # A loose list (items holding paragraphs) needs blank lines between its items.
        loose = isinstance(el.parent, Tag) and any(
            isinstance(li, Tag) and li.find("p", recursive=False) for li in el.parent.children
        )
        return item + "\n" if loose and item.strip() else item

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if not el.get("href") or set(el.attrs) - {"href", "title", "rel"}:
            return _inline_html(el, text)  # `<a id="x">`: Markdown links carry no attributes
        href = str(el.get("href"))
        if "%20" in href and ":" not in href and not set(href) & set("<> \n") and text:
            spaced = href.replace("%20", " ")  # a tree path with spaces, as authors write it
            return f"[{text}](<{spaced}>)" if not el.get("title") else _inline_html(el, text)
        return str(super().convert_a(el, text, parent_tags))  # type: ignore[misc]

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if el.find("thead") is None and "_inline" not in parent_tags:
            return f"\n\n{raw_html(str(el))}\n\n"  # a pipe table always has a header row
        return str(super().convert_table(el, text, parent_tags))  # type: ignore[misc]

    def convert_span(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return _inline_html(el, text)

    convert_u = convert_sub = convert_sup = convert_mark = convert_span
    convert_abbr = convert_small = convert_ins = convert_kbd = convert_span


def _inline_html(el: Tag, text: str) -> str:
    """An inline tag Markdown cannot say, kept as inline HTML around converted content."""
    attributes = "".join(
        f' {name}="{escape(" ".join(value) if isinstance(value, list) else str(value))}"'
        for name, value in sorted(el.attrs.items())  # as `str(el)` writes them
    )
    return f"<{el.name}{attributes}>{text}</{el.name}>"


def _code_language(el: Tag) -> str | None:
    code = el.find("code")
    classes = code.get_attribute_list("class") if isinstance(code, Tag) else []
    for name in classes:
        if name.startswith("language-"):
            return str(name.removeprefix("language-"))
    return None
