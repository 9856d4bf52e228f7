"""Where in the Markdown source a link, image or raw-HTML construct was written.

markdown-it gives only the lines of a block; the line and column of a link's
target are found by looking for its text in the block, in order, so the second
of two equal links gets the second position. A target defined elsewhere (a
reference-style link) is found at its definition; failing all, the block's
first line and column 1.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

Position = tuple[int, int]  # (line, column), both 1-based, in the body


class Locator:
    def __init__(self, body: str) -> None:
        self.body = body
        self._starts = [0] + [i + 1 for i, char in enumerate(body) if char == "\n"]
        self._cursor = 0
        self._block: tuple[int, int] = (0, len(body))

    def enter(self, block_lines: tuple[int, int] | None) -> None:
        """Look in this block (0-based [first, end) lines) from now on."""
        if block_lines is None:
            return
        first, end = block_lines
        start = self._offset_of_line(first)
        self._block = (start, self._offset_of_line(end))
        self._cursor = max(start, min(self._cursor, self._block[1]))

    def find(self, candidates: Iterable[str], lead: str = "") -> Position:
        """The position of the first candidate found, moving past it.

        Written right after `lead` is looked for first (`](b.md` before `b.md`, so
        `[b.md](b.md)` points at the target, not the text).
        """
        texts = [c for c in dict.fromkeys(candidates) if c]
        variants = [(lead + t, len(lead)) for t in texts if lead] + [(t, 0) for t in texts]
        start, end = self._block
        for text, skip in variants:
            found = self.body.find(text, self._cursor, end)
            if found >= 0:
                self._cursor = found + len(text)
                return self.position(found + skip)
        for text, skip in variants:
            found = self.body.find(text)
            if found >= 0:
                return self.position(found + skip)
        return self.position(start)

    def position(self, offset: int) -> Position:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def _offset_of_line(self, line: int) -> int:
        return self._starts[line] if line < len(self._starts) else len(self.body)


def shifted(start: Position, text: str, offset: int) -> Position:
    """The position of `text[offset]` when `text` begins at `start`."""
    before = text[:offset]
    newlines = before.count("\n")
    if newlines == 0:
        return start[0], start[1] + offset
    return start[0] + newlines, offset - before.rfind("\n")
