"""Slugs, heading ids and category names: one rule each, for every script.

- An article's slug, when front matter gives none, is its title transliterated to
  ASCII by python-slugify (text-unidecode): `Привет мир` → `privet-mir`,
  `Straße` → `strasse`, `Łódź` → `lodz`, `如何重置密码` → `ru-he-zhong-zhi-mi-ma`;
  `®`, `™` and `©` are dropped (`Acme® Notes™` → `acme-notes`, not `acme-r-notes-tm`);
  at most 80 characters, cut at a word. A title with nothing to transliterate
  (only emoji or punctuation) gives no slug, and `check` asks for one (HC014).
- A heading's id keeps every script (GitHub's rule, after Unicode NFC): lower
  case, letters, marks, digits, `_` and `-` kept, spaces become `-`, everything
  else dropped: `## Café au lait!` → `#café-au-lait`.
- A category folder without `_category.yml` is named by its folder: `-` and `_`
  become spaces and the first letter is upper case: `ios-and-android` →
  "Ios and android", `account` → "Account".
"""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import unquote

from slugify import slugify as _transliterate

MAX_SLUG = 80


# Marks that transliterate to letters (`®` → `(r)`, `™` → `tm`) and belong in no slug.
_DROPPED = [[mark, " "] for mark in "®™©℠℗"]


def title_slug(title: str) -> str:
    """The slug a title gives, or "" when nothing in it can be transliterated."""
    return str(
        _transliterate(title, max_length=MAX_SLUG, word_boundary=True, replacements=_DROPPED)
    )


def slug_or_fallback(title: str) -> str:
    """A slug for any title: `title_slug`, or a stable hash when the title gives none.

    `check` reports titles that give none (HC014), so the fallback only guards the engine.
    """
    return title_slug(title) or "t-" + hashlib.sha256(title.encode()).hexdigest()[:10]


def heading_id(text: str) -> str:
    kept = []
    for char in unicodedata.normalize("NFC", text.strip().lower()):
        if char == " ":
            kept.append("-")
        elif char in "-_" or unicodedata.category(char)[0] in "LMN":
            kept.append(char)
    return "".join(kept)


def same_anchor(anchor: str) -> str:
    """An anchor as compared: percent-decoded, Unicode NFC (`#caf%C3%A9` is `#café`)."""
    return unicodedata.normalize("NFC", unquote(anchor))


def folder_name(folder: str) -> str:
    """The category name of a folder without `_category.yml`."""
    name = " ".join(folder.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").split())
    return name[:1].upper() + name[1:]
