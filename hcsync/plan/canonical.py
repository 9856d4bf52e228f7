"""HTML reduced to what a reader gets, so that two spellings of one page compare equal.

A sanitising server rewrites what it stores (`<hr>` → `<hr />`, entities, attribute
order, stripped comments, scripts, styles and handlers, added `rel`), and a page
written compactly in the dashboard differs in whitespace from markdown-it's one
tag per line. Sanitisers also drop `id`s (a heading's is an anchor and counts), a
link or image whose scheme they do not allow, and a `class` (but a code block's
language). None of that is a change of content.

Both sides are first parsed as browsers and sanitisers parse HTML (the HTML5
algorithm, Lexbor via selectolax): a `<tbody>` the HTML left implicit is added, and
an unclosed `<td>`, a stray end tag or a `<p>` in a `<p>` is mended the way the
server mended it, where Python's lenient `html.parser` would nest differently.
Written back well-formed, the tree is then edited with BeautifulSoup.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment
from bs4.element import NavigableString, Tag
from selectolax.lexbor import LexborHTMLParser

_DROPPED_TAGS = ("script", "style", "iframe")
_SERVER_ATTRIBUTES = re.compile(r"^(on[a-z]+|style|rel|target)$")
_ANCHORED = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])  # whose `id` a link may point at
_CLASSED = frozenset(["code", "pre"])  # `language-python`: what the reader's highlighting uses
_URL_ATTRIBUTES = ("href", "src")
# What a sanitiser keeps in a link: these schemes, or no scheme (relative, #fragment).
_SAFE_SCHEME = re.compile(r"^\s*(https?:|mailto:|tel:|[^:/?#]*([/?#]|$))", re.IGNORECASE)
# Whitespace beside these tags does not show: `<ul>\n<li>` reads as `<ul><li>`.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)


def canonical_html(html: str) -> str:
    """Comments, scripts, styles, handlers, `rel`/`target`, attribute order, entity
    spelling, void-tag spelling and whitespace between blocks do not count; whitespace
    within inline content counts as one space."""
    soup = parse_html5(html)
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for tag in soup.find_all(_DROPPED_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        tag.attrs = {
            k: " ".join(v) if isinstance(v, list) else v
            for k, v in sorted(tag.attrs.items())
            if _counts(tag.name, k, v)
        }
    preformatted = {id(s) for pre in soup.find_all("pre") for s in pre.find_all(string=True)}
    for text in soup.find_all(string=True):
        if type(text) is NavigableString and id(text) not in preformatted:
            _trim_at_blocks(text)
    return " ".join(str(soup).split())


def parse_html5(html: str) -> BeautifulSoup:
    """The tree an HTML5 parser builds of a fragment (a `<tbody>` where it is implied,
    unclosed elements closed where the algorithm closes them), as BeautifulSoup."""
    repaired = LexborHTMLParser(html, is_fragment=True).html or ""
    return BeautifulSoup(repaired, "html.parser")


def _counts(tag: str, name: str, value: object) -> bool:
    """Whether an attribute is content rather than something a sanitiser adds or drops."""
    if _SERVER_ATTRIBUTES.match(name):
        return False
    if name == "id":
        return tag in _ANCHORED
    if name == "class":
        return tag in _CLASSED
    if name in _URL_ATTRIBUTES:
        return isinstance(value, str) and bool(_SAFE_SCHEME.match(value))
    return True


def _is_block(node: object) -> bool:
    return isinstance(node, Tag) and node.name in _BLOCK_TAGS


def _trim_at_blocks(text: NavigableString) -> None:
    value = str(text)
    parent_is_block = text.parent is None or text.parent.name in ("[document]", *_BLOCK_TAGS)
    before, after = text.previous_sibling, text.next_sibling
    if _is_block(before) or (before is None and parent_is_block):
        value = value.lstrip()
    if _is_block(after) or (after is None and parent_is_block):
        value = value.rstrip()
    if value != str(text):
        text.replace_with(NavigableString(value)) if value else text.extract()
