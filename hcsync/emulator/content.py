"""What the server does to content it stores: sanitise HTML, derive text, make slugs."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import nh3

# nh3's defaults plus the attributes a help center needs to keep: heading ids
# (anchor links) and classes on code (syntax highlighting). Scripts, styles,
# iframes and on* handlers are removed.
_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    **{f"h{n}": {"id"} for n in range(1, 7)},
    "code": {"class"},
    "pre": {"class"},
    "span": {"class"},
    "div": {"class"},
    "a": {"href", "hreflang", "title", "id", "name"},
}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li tr br pre blockquote table ul ol dl dt dd hr".split()  # noqa: SIM905
)


def sanitize(html: str) -> str:
    return nh3.clean(html, attributes=_ATTRIBUTES)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def slugify(text: str, fallback: str = "article") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or fallback


def is_valid_slug(slug: str) -> bool:
    return bool(_SLUG.match(slug)) and len(slug) <= 200
