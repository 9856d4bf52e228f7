"""How fast is `hcsync check` next to a bare markdown-it-py render of the same files?

    python benchmarks/check_speed.py [--articles 10000]

Builds a synthetic tree (articles, a third translated into two languages, an image
in every fourth, two links each), then in one run times:
- a bare render: read every .md file and render it with MarkdownIt("commonmark");
- `check_site()` on the whole tree (load, parse, every rule), in process;
- `hcsync check <one file>` as pre-commit runs it: a new process, one named file.
Target: check ≤ 1.5× the bare render; one file in a pre-commit hook under 1 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import build

from hcsync.local.check import check_site
from hcsync.local.loader import load_site


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def bare_render(root: Path) -> None:
    md = MarkdownIt("commonmark")
    for path in sorted(root.rglob("*.md")):
        md.render(path.read_text(encoding="utf-8"))


def full_check(root: Path) -> None:
    problems = check_site(load_site(root))
    errors = [p for p in problems if p.is_error]
    if errors:
        raise SystemExit(f"the synthetic tree should be clean, got {errors[:3]}")


def one_file_hook(root: Path) -> None:
    changed = root / "category-0" / "sub-0" / "a1.md"
    changed.write_text(changed.read_text() + "\nOne more line.\n")
    subprocess.run(
        [sys.executable, "-m", "hcsync.cli", "check", str(changed)], check=True, capture_output=True
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = build(Path(tmp) / "content", args.articles)
        files = len(list(root.rglob("*.md")))
        bare_render(root)  # warm the file cache for both
        bare = min(timed(lambda: bare_render(root)) for _ in range(2))
        check = min(timed(lambda: full_check(root)) for _ in range(2))
        hook = min(timed(lambda: one_file_hook(root)) for _ in range(3))
    print(f"synthetic tree: {args.articles} articles, {files} Markdown files")
    print(f"{'measure':<38} {'seconds':>8} {'target':>12}")
    print(f"{'bare markdown-it-py render (all files)':<38} {bare:>8.2f} {'':>12}")
    print(
        f"{'hcsync check (whole tree, in process)':<38} {check:>8.2f} {f'≤ {1.5 * bare:.2f}':>12}"
    )
    print(f"{'ratio check / bare render':<38} {check / bare:>8.2f} {'≤ 1.50':>12}")
    print(f"{'pre-commit: hcsync check one file':<38} {hook:>8.2f} {'< 1.00':>12}")


if __name__ == "__main__":
    main()
