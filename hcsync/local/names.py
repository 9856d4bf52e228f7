"""The one way a name from the server becomes a file or folder name.

Titles, slugs, category names and image file names come from the help center,
which anyone with dashboard access can fill in. Before one of them touches the
disk it goes through `safe_name`: Unicode NFC, no path separators, no `..`, no
control characters, no reserved Windows device names (`CON`, `NUL`, `COM1`, …),
no leading dots or trailing dots/spaces, bounded length. `Namer` then makes the
names of one folder unique, case-insensitively and deterministically: the same
inputs in the same order always give the same names.
"""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 80
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)
_UNSAFE = re.compile(r"[^a-z0-9]+")


def safe_name(text: str, fallback: str = "untitled", max_length: int = MAX_STEM) -> str:
    """A lowercase ASCII file stem made of letters, digits and single dashes.

    ASCII keeps names identical on every file system and needs no escaping in
    Markdown links; NFKD folds accents (`Über` → `uber`) before the rest goes.
    """
    normal = unicodedata.normalize("NFC", text)
    folded = unicodedata.normalize("NFKD", normal).encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("-", folded.lower()).strip("-")[:max_length].rstrip("-")
    if not stem:
        stem = fallback
    if stem in _RESERVED:  # CON, NUL, COM1…: Windows cannot create them, whatever follows
        stem = f"{stem}-x"
    return stem


def safe_file_name(name: str, fallback: str = "file") -> str:
    """A file name with its extension kept (lowercased, letters and digits only)."""
    base = name.rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    extension = _UNSAFE.sub("", extension.lower())[:10]
    stem_name = safe_name(stem, fallback)
    return f"{stem_name}.{extension}" if extension else stem_name


class Namer:
    """Unique names within one folder: `a`, then `a-2`, `a-3`, … compared case-insensitively."""

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self.taken = {name.casefold() for name in taken}

    def claim(self, stem: str, suffix: str = "") -> str:
        """`stem + suffix` if free, else the first free `stem-N + suffix` (N from 2)."""
        candidate, number = stem, 1
        while f"{candidate}{suffix}".casefold() in self.taken:
            number += 1
            candidate = f"{stem}-{number}"
        self.taken.add(f"{candidate}{suffix}".casefold())
        return candidate
