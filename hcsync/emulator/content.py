"""What the server does to content it stores: derive text, make slugs (sanitising: hcsync.sanitize)."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li tr br pre blockquote table ul ol dl dt dd hr".split()  # noqa: SIM905
)


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
