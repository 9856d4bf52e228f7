"""What the benchmarks share: printing results (one right-aligned column per measure)
and running hcsync in process with its output thrown away."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from hcsync.cli import main as hcsync


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    for row in (header, *rows):
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)))


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """The same results as a Markdown table (for the docs)."""
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def quietly(*argv: str) -> int:
    """`hcsync ARGV` in this process, its output thrown away; its exit code."""
    with open(os.devnull, "w") as quiet:
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = quiet
        try:
            return hcsync(list(argv))
        finally:
            sys.stdout, sys.stderr = stdout, stderr
