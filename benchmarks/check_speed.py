"""How fast is `hcsync check` next to a bare markdown-it-py render of the same files?

    python benchmarks/check_speed.py [--articles 10000]

Builds a synthetic tree (articles, a third translated into two languages, an image
in every fourth, two links each), then in one run times:
- a bare render: read every .md file and render it with MarkdownIt("commonmark");
- `check_site()` on the whole tree (load, parse, every rule), in process;
- `hcsync check --hook <one file>` as pre-commit runs it: a new process, one named
  file, with the facts cache of an earlier run (warm) and without (cold: a fresh
  clone in CI, no `.hcsync/`). Wall time, and the process's CPU time beside it
  (the wall time of a loaded machine says little).
Targets: check ≤ 1.5× the bare render; one file in a pre-commit hook < 0.3 s warm
and < 1.5 s cold.
"""

from __future__ import annotations

import argparse
import resource
import shutil
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


def one_file_hook(root: Path, cold: bool) -> tuple[float, float]:
    """(wall, CPU) seconds of one hook run on a just-edited file."""
    changed = root / "category-0" / "sub-0" / "a1.md"
    changed.write_text(changed.read_text() + "\nOne more line.\n")
    if cold:
        shutil.rmtree(root / ".hcsync", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "hcsync.cli", "check", "--hook", str(changed)],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def median_hook(root: Path, cold: bool) -> tuple[float, float]:
    runs = sorted(one_file_hook(root, cold) for _ in range(5))
    return runs[2][0], sorted(cpu for _, cpu in runs)[2]


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
        one_file_hook(root, cold=False)  # the cache an earlier commit left
        warm, warm_cpu = median_hook(root, cold=False)
        cold, cold_cpu = median_hook(root, cold=True)
    print(f"synthetic tree: {args.articles} articles, {files} Markdown files")
    print(f"{'measure':<38} {'seconds':>8} {'target':>12}")
    print(f"{'bare markdown-it-py render (all files)':<38} {bare:>8.2f} {'':>12}")
    print(
        f"{'hcsync check (whole tree, in process)':<38} {check:>8.2f} {f'≤ {1.5 * bare:.2f}':>12}"
    )
    print(f"{'ratio check / bare render':<38} {check / bare:>8.2f} {'≤ 1.50':>12}")
    for name, wall, cpu, target in (
        ("pre-commit, one file, warm cache", warm, warm_cpu, "< 0.30"),
        ("pre-commit, one file, cold (no cache)", cold, cold_cpu, "< 1.50"),
    ):
        print(f"{name:<38} {wall:>8.2f} {target:>12}   (CPU {cpu:.2f} s)")


if __name__ == "__main__":
    main()
