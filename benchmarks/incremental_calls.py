"""What does a one-article change cost in a big center: plans that read what changed.

    python benchmarks/incremental_calls.py [--sizes 1000 10000] [--profile documented]

Per size: runs `hcsync emulator` (rate limit off) as its own process, applies a tree
of N published articles (500 per category) into it once, then, for one edited
article, one new article and one deleted article (`--prune`), runs `hcsync plan` and
`hcsync apply` as whole processes and prints the requests each sent (the emulator's
journal), its wall time and its CPU time — and beside them the same plan with
`--refresh`, the full read every plan made before (the center, the categories and
every draft). After each apply the plan must be empty. Target: at most 5 requests
each for the edit's plan and apply. The set-up of 10,000 articles takes minutes.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from saved_plan_calls import PER_CATEGORY, build, edit
from tables import print_table

from hcsync.emulator.control_client import EmulatorControl

HCSYNC = str(Path(sys.executable).with_name("hcsync"))
TARGET_EDIT = 5
NEW = "---\ntitle: A brand-new article\n---\n\nWritten today, in a category of 500.\n"


@contextmanager
def emulator(profile: str) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = ["emulator", "--port", str(port), "--rate-limit", "off", "--profile", profile]
    process = subprocess.Popen([HCSYNC, *args], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def run(control: EmulatorControl, *argv: str) -> tuple[int, float, float]:
    """`hcsync ARGV` as a process: (requests it sent, wall seconds, CPU seconds)."""
    mark = len(control.journal())
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([HCSYNC, *argv], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode in (0, 2), f"{argv}: {done.stderr}"
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return len(control.journal()) - mark, wall, cpu


def change(root: Path, case: str, articles: int) -> list[str]:
    """Make one change in the tree; the options its plan and apply take."""
    if case == "edit":
        edit(root, articles // 2, "within a minute or two")
        return []
    if case == "new":
        (root / "category-0" / "brand-new.md").write_text(NEW)
        return []
    n = articles // 3
    (root / f"category-{n // PER_CATEGORY}" / f"article-{n}.md").unlink()
    return ["--prune"]


def measure(root: Path, control: EmulatorControl, articles: int) -> list[tuple[str, ...]]:
    rows = []
    for case in ("edit", "new", "delete"):
        options = change(root, case, articles)
        full, _, _ = run(control, "plan", str(root), "--refresh", *options)
        plan = run(control, "plan", str(root), *options)
        apply = run(control, "apply", str(root), "--yes", *options)
        empty, _, _ = run(control, "plan", str(root), "--detailed-exitcode", "--refresh", *options)
        target = f"≤ {TARGET_EDIT}" if case == "edit" else "–"
        rows.append(
            (
                f"{articles:,}",
                case,
                str(full),
                str(plan[0]),
                str(apply[0]),
                target,
                f"{plan[1]:.2f} / {plan[2]:.2f}",
                f"{apply[1]:.2f} / {apply[2]:.2f}",
            )
        )
        assert empty > 0  # the full read that checked the plan after was empty
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--profile", choices=("documented", "extended"), default="documented")
    args = parser.parse_args()
    rows = []
    for articles in args.sizes:
        with tempfile.TemporaryDirectory() as tmp, emulator(args.profile) as url:
            os.environ.update(HC_API_URL=url, HC_CENTER_ID="demo", HC_API_KEY="demo-key")
            control = EmulatorControl(url)
            root = build(Path(tmp) / "tree", articles)
            started = time.perf_counter()
            setup = subprocess.run(
                [HCSYNC, "apply", str(root), "--yes", "--concurrency", "16"],
                capture_output=True,
                text=True,
                check=False,
            )
            assert setup.returncode == 0, setup.stderr
            took = time.perf_counter() - started
            print(f"{articles:,} articles set up in {took:.0f} s", file=sys.stderr)
            rows += measure(root, control, articles)
            shutil.rmtree(root)
            control.close()
    header = (
        "articles",
        "change",
        "full read (before)",
        "plan requests",
        "apply requests",
        "target",
        "plan wall / CPU s",
        "apply wall / CPU s",
    )
    print(f"profile: {args.profile}")
    print_table(header, rows)


if __name__ == "__main__":
    main()
