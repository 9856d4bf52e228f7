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
from collections.abc import Callable, Mapping
from functools import cached_property
from html import escape
from typing import Any, NamedTuple

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from markdown_it.common.normalize_url import normalizeLink
from markdownify import MarkdownConverter
from mdit_py_plugins.anchors.index import slugify as heading_slug

from hcsync.local.mdextensions import CALLOUT_KINDS as CONTAINERS
from hcsync.local.render import render
from hcsync.plan.canonical import canonical_html

UrlMap = Callable[[str], str | None]  # a server URL → the path to write instead (or None)
Render = Callable[[str, Mapping[str, str]], str]  # Markdown, path → URL: its HTML

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol pre blockquote table hr dl figure section".split()  # noqa: SIM905
)
_ID = re.compile(r"^[\w:-]+$")
_HEADING = re.compile(r"^h[1-6]$")
_TABLE_PARTS = re.compile(r"(?<!\n)(?=<(?:/?(?:thead|tbody|tfoot)|tr|/table)\b)")
# What a sanitising server changes in a page hcsync sent, and `canonical_html` ignores:
# the `rel` it adds to links, the spelling of void tags (`<img …>` for `<img … />`).
_ADDED_REL = re.compile(r'(<a\b[^<>]*?)\s+rel="[^"<>]*"')
_VOID_CLOSE = re.compile(r"(<(?:img|br|hr)\b[^<>]*?)\s*/>")
_BLANK_LINE = re.compile(r"\n(?=[ \t]*(?:\n|$))")


class Converted(NamedTuple):
    markdown: str
    raw_blocks: int  # blocks kept as raw HTML
    exact: bool  # rendering `markdown` gives back the HTML (canonically)
    # The HTML the check rendered (the server's URLs put back) and its canonical form.
    checked: tuple[str, str] | None = None


def _render_back(markdown: str, urls: Mapping[str, str]) -> str:
    return render(markdown, lambda ref: urls.get(ref.target))


def to_markdown(
    html: str,
    link: UrlMap | None = None,
    image: UrlMap | None = None,
    render_back: Render = _render_back,
) -> Converted:
    """The page body as Markdown; `link`/`image` turn server URLs into tree paths.

    The HTML is parsed once: the blocks are converted from that tree. The check
    renders the Markdown with `render_back`, the server's URLs put back where the
    Markdown has tree paths, so it renders what the tree will send (a caller can
    reuse that rendering's canonical form, and share its parse with a later read of
    the file).
    """
    soup = BeautifulSoup(html, "html.parser")
    urls = _rewrite_urls(soup, "a", "href", link) | _rewrite_urls(soup, "img", "src", image)
    page = _Page(html, soup, urls, render_back, _plain_heading_ids(soup))
    readable = _Converter(page.plain_ids, escape_misc=False)
    blocks = [readable.block(group) for group in page.groups]
    body = _join(blocks)
    rendered = render_back(body, urls)
    if _spelled(rendered) == _spelled(html):  # the same HTML: no parse needed to say so
        return Converted(body, 0, True)
    canonical = canonical_html(rendered)
    if canonical == page.goal:  # the usual case: one check for the whole page
        return Converted(body, 0, True, (rendered, canonical))
    if urls and _same(body, page.target):
        return Converted(body, 0, True)
    return _block_by_block(page, blocks)


class _Page:
    """The page being converted: its HTML, parsed once, and what the checks compare with."""

    def __init__(
        self,
        html: str,
        soup: BeautifulSoup,
        urls: Mapping[str, str],
        render_back: Render,
        plain_ids: frozenset[str],
    ) -> None:
        self.html, self.soup, self.urls, self.render_back = html, soup, urls, render_back
        self.plain_ids = plain_ids
        self.groups = _top_level_groups(soup)

    @cached_property
    def goal(self) -> str:
        return canonical_html(self.html)

    @cached_property
    def target(self) -> str:
        """The HTML with tree paths for server URLs, as the blocks were converted from it."""
        return str(self.soup)

    def whole(self, markdown: str) -> bool:
        if canonical_html(self.render_back(markdown, self.urls)) == self.goal:
            return True
        # Two server URLs for one tree path (one image, two addresses): compare as paths.
        return bool(self.urls) and _same(markdown, self.target)


def _block_by_block(page: _Page, blocks: list[str]) -> Converted:
    """Escape what Markdown would misread (`1.`, `#`, `<`) in a block, or keep its HTML."""
    escaping = _Converter(page.plain_ids, escape_misc=True)
    parts = [_html_of(group) for group in page.groups]
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
    if page.whole(body):
        return Converted(body, raw, True)
    # Neighbours that Markdown would merge (two lists in a row): every block as raw HTML.
    each = _join([raw_html(part) for part in parts])
    if page.whole(each):
        return Converted(each, len(parts), True)
    kept = raw_html(page.target.strip()) + "\n"
    return Converted(kept, len(blocks), page.whole(kept))


def _html_of(group: list[Any]) -> str:
    return "".join(str(node) for node in group)


def _spelled(html: str) -> str:
    """`html` without the differences of spelling a server makes (two pages equal so are
    equal canonically: a cheap test before the parse)."""
    return _VOID_CLOSE.sub(r"\1>", _ADDED_REL.sub(r"\1", html))


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


def _rewrite_urls(
    soup: BeautifulSoup, tag: str, attribute: str, mapping: UrlMap | None
) -> dict[str, str]:
    """Server URLs replaced by tree paths; path (as the renderer writes it) → server URL."""
    back: dict[str, str] = {}
    if mapping is None:
        return back
    for element in soup.find_all(tag):
        value = element.get(attribute)
        if isinstance(value, str):
            new = mapping(value)
            if new is not None:  # encoded as the renderer writes a path with spaces
                written = new.replace(" ", "%20")
                element[attribute] = written
                back.setdefault(normalizeLink(written), value)
    return back


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

    def block(self, group: list[Any]) -> str:
        """A top-level group's Markdown. A block element is converted where it is, as
        `convert(html)` would convert it alone (no parse again); inline runs, whose
        whitespace depends on their neighbours, from their HTML."""
        if len(group) == 1 and isinstance(group[0], Tag):
            converted = self.process_tag(group[0], {"[document]"})  # type: ignore[attr-defined]
            return str(converted).strip("\n")
        return str(self.convert(_html_of(group))).strip("\n")

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
