"""A customer's question out of an email: no HTML, no quoted mail, no signature."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# The line that introduces quoted mail, in the languages mail clients write it.
_QUOTE_HEADERS = re.compile(
    r"^\s*(?:On .{4,200}wrote:?|Le .{4,200}a écrit\s*:?|Am .{4,200}schrieb.{0,80}:?"
    r"|El .{4,200}escribió:?|-{2,}\s*(?:Original Message|Ursprüngliche Nachricht"
    r"|Message d'origine|Mensaje original)\s*-{2,}|From: .+|Von: .+|De : .+|De: .+)\s*$",
    re.IGNORECASE,
)
# Where a signature starts: the "-- " delimiter, a closing formula, a phone's footer.
_SIGNATURE = re.compile(
    r"^\s*(?:--\s*|—\s*|Sent from my .+|Envoyé de mon .+|Von meinem .+ gesendet"
    r"|Gesendet von .+|(?:best|kind|warm)?\s*regards,?|best,?|cheers,?|thanks( a lot)?,?"
    r"|thank you,?|many thanks,?|mit freundlichen grüßen,?|viele grüße,?|beste grüße,?"
    r"|liebe grüße,?|lg,?|danke,?|cordialement,?|bien cordialement,?|merci,?"
    r"|bonne journée,?|saludos,?|un saludo,?|gracias,?)\s*$",
    re.IGNORECASE,
)
_BLANKS = re.compile(r"\n{3,}")
_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})


class _Text(HTMLParser):
    """The text of HTML, a line per block, without <blockquote> (quoted mail)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.quoted = 0
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote":
            self.quoted += 1
        elif tag in ("style", "script", "head"):
            self.hidden += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self.quoted = max(0, self.quoted - 1)
        elif tag in ("style", "script", "head"):
            self.hidden = max(0, self.hidden - 1)
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not (self.quoted or self.hidden):
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def clean_question(html: str, text: str = "") -> str:
    """The customer's own words: the message's text cut at quoted mail and signature."""
    raw = html_text(html) if html.strip() else text
    kept: list[str] = []
    for line in raw.replace("\r\n", "\n").split("\n"):
        if line.lstrip().startswith(">") or _QUOTE_HEADERS.match(line):
            break
        if _SIGNATURE.match(line) and kept:
            break
        kept.append(line.strip())
    return _BLANKS.sub("\n\n", "\n".join(kept)).strip()


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def one_line(text: str, limit: int = 160) -> str:
    """The text on one line without control characters (a terminal's escapes), cut at
    `limit` characters with an ellipsis."""
    flat = " ".join(_CONTROLS.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
