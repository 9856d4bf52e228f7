"""How big is the Action's pull-request comment, next to the whole plan?

    python benchmarks/comment_size.py [--synthetic 1000]

Plans content-example/ into an empty emulator (its first apply), then applies a
synthetic tree and plans an edit of every one of its articles, and prints per
case: operations, the size of the whole Markdown plan (what the job summary
gets), the size of the comment (`--max-chars 60000`, what the Action posts)
against GitHub's 65,536-character limit, and how many rows and details it kept.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import PARAGRAPH, build

from hcsync.cli import main as hcsync
from hcsync.emulator.config import DEMO, RateLimit
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer

REPO = Path(__file__).resolve().parent.parent
GITHUB_LIMIT = 65_536


def run(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = hcsync(list(argv))
    if code not in (0, 2):
        raise SystemExit(f"hcsync {' '.join(argv)} exited {code}")
    return out.getvalue()


def measure(name: str, root: Path, show: str | None = None) -> list[str]:
    full = run("plan", str(root), "--format", "markdown")
    comment = run("plan", str(root), "--format", "markdown", "--max-chars", "60000")
    operations = sum(int(n) for n in re.findall(r"(\d+) to ", full.split("\n")[2]))
    left = re.search(r"_(.*) left out", comment)
    kept = left.group(1) if left else "nothing"
    if show:
        Path(show).write_text(comment, encoding="utf-8")
    return [name, str(operations), f"{len(full):,}", f"{len(comment):,}", kept]


def edit_every_article(root: Path) -> int:
    count = 0
    for path in root.rglob("a*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(PARAGRAPH, PARAGRAPH.replace("a minute", "two minutes"), 1))
        count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=1000)
    parser.add_argument("--show", help="write content-example's comment to this file")
    args = parser.parse_args()
    config = DEMO.__class__(DEMO.centers, DEMO.keys, RateLimit(enabled=False))
    rows = []
    with BackgroundServer(config) as url, tempfile.TemporaryDirectory() as scratch:
        os.environ.update(HC_API_URL=url, HC_CENTER_ID="demo", HC_API_KEY="demo-key")
        control = EmulatorControl(url)
        example = Path(scratch) / "example"
        shutil.copytree(REPO / "content-example", example)
        rows.append(measure("content-example, first apply", example, args.show))
        control.reset()
        synthetic = build(Path(scratch) / "synthetic", args.synthetic)
        run("apply", str(synthetic), "--yes")
        edited = edit_every_article(synthetic)
        rows.append(measure(f"synthetic: {edited} pages edited", synthetic))
        control.close()
    header = [
        "case",
        "operations",
        "whole plan (chars)",
        "comment (chars)",
        "left out of the comment",
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    print(f"GitHub's comment limit: {GITHUB_LIMIT:,} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
