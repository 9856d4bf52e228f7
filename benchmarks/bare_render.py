"""The least work any tool does with a tree: read every Markdown file, parse its front
matter, render its body with markdown-it-py. `engine_speed.py` runs it as a process.

    python benchmarks/bare_render.py DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from markdown_it import MarkdownIt


def main(root: Path) -> int:
    md = MarkdownIt("commonmark")
    pages = 0
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2) if text.startswith("---\n") else ("", "", text)
        yaml.safe_load(front)
        md.render(body)
        pages += 1
    return 0 if pages else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
