"""What does `hcsync apply` cost the machine it runs on, per operation?

    python benchmarks/apply_cpu.py [--sizes 100 1000 5000] [--repeat 3] [--profile DIR]

For each size: a synthetic tree (`synthetic.py`: a third of the articles
translated into two languages, an image in every fourth, two links each, a
category per 500 articles with ten subcategories), applied into an empty help
center, then an edit of every tenth article applied. The emulator runs in a
process of its own (its CPU is not counted), with the rate limit raised so that
pacing does not stretch the run.

Each apply is a child process, `hcsync apply --yes` run by this script's
`--child` mode (the CLI's own `main`, nothing changed but a mark): its CPU, user
+ system, all threads, comes from `os.wait4`; the operations and requests from
its line "Applied N operations in M requests". The child also reports the CPU
its process spent from the moment the operations start (`Executor` created) to
the end of the command: divided by the operations, that is the CPU per
operation, the lock's start and its fold at the end included (they cost the
lock's size once per apply). The rest is fixed: the interpreter's start and
exit, loading the tree, reading the help center, planning, printing the plan.
Median of `--repeat` runs; `--once-above N` runs larger sizes once.

With `--profile DIR`, one more run of each size runs under cProfile (every
thread, CPU time; not timed) and the functions with the most own time are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import child, emulator, hcsync_env
from synthetic import build
from tables import print_table

from hcsync.emulator.control_client import EmulatorControl

APPLIED = re.compile(r"Applied (\d+) operations in (\d+) requests")
MARK = "cpu-of-the-operations"
# High enough that the client never waits for the bucket; the headers still come.
RATE_LIMIT = {"rate_limit": {"per_minute": 10_000_000, "burst": 1_000_000}}


@dataclass(frozen=True)
class Run:
    operations: int
    requests: int
    cpu: float  # the whole apply
    fixed: float  # all but the operations: start, load, read, plan, exit


def apply(env: dict[str, str], root: Path, profile: Path | None = None) -> Run:
    extra = ("--profile", str(profile)) if profile else ()
    status, cpu, lines = child(env, __file__, "--child", *extra, "apply", "--yes", str(root))
    found = [m for m in map(APPLIED.search, lines) if m]
    marks = [float(line.split()[1]) for line in lines if line.startswith(MARK)]
    if status != 0 or not found or not marks:
        raise RuntimeError(f"apply: exit {status}: {lines[-3:]}")
    return Run(int(found[-1][1]), int(found[-1][2]), cpu, cpu - marks[0])


def edit_every_tenth(root: Path) -> None:
    for n, path in enumerate(sorted(root.rglob("a*.md"), key=_number)):
        if path.name.count(".") == 1 and _number(path) % 10 == 0:
            path.write_text(path.read_text(encoding="utf-8") + f"\nEdited once ({n}).\n")


def _number(path: Path) -> int:
    return int(path.name.split(".")[0][1:])


def measure(url: str, source: Path, work: Path, profile: Path | None) -> tuple[Run, Run]:
    """A first import of `source` into an empty center, then one edit per ten articles."""
    EmulatorControl(url).reset(RATE_LIMIT)
    root = work / "tree"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(source, root)
    env = hcsync_env(url)
    first = apply(env, root, profile and profile.with_suffix(".import.prof"))
    edit_every_tenth(root)
    edits = apply(env, root, profile and profile.with_suffix(".edits.prof"))
    status, _, lines = child(env, "-m", "hcsync.cli", "plan", "--detailed-exitcode", str(root))
    if status != 0:
        raise RuntimeError(f"the plan after apply is not empty: exit {status}: {lines[-3:]}")
    return first, edits


def row(kind: str, articles: int, runs: list[Run], note: str) -> tuple[str, ...]:
    operations = runs[0].operations
    cpu = statistics.median(r.cpu for r in runs)
    fixed = statistics.median(r.fixed for r in runs)
    per_op = statistics.median((r.cpu - r.fixed) / r.operations for r in runs)
    return (
        f"{articles:,}",
        kind,
        f"{operations:,}",
        f"{runs[0].requests:,}",
        f"{cpu:.1f}",
        f"{fixed:.1f}",
        f"{cpu / operations * 1000:.2f}",
        f"{per_op * 1000:.2f}",
        note,
    )


def show_profile(path: Path, limit: int) -> None:
    print(f"\n{path.name}: own time, top {limit}")
    stats = pstats.Stats(str(path), stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(limit)


def run_child(argv: list[str]) -> int:
    """`hcsync ARGS` in this process; printed last, the CPU from the operations' start on.

    With `--profile FILE` first: every thread under cProfile, merged into FILE.
    """
    from hcsync.cli import main as hcsync
    from hcsync.sync import apply as executing

    profile_to = argv[1] if argv[:1] == ["--profile"] else None
    argv = argv[2:] if profile_to else argv
    marks: list[float] = []
    start = executing.Executor.__init__

    def marked(self: executing.Executor, *args: Any, **kwargs: Any) -> None:
        marks.append(time.process_time())
        start(self, *args, **kwargs)

    executing.Executor.__init__ = marked  # type: ignore[method-assign]
    status = profiled(profile_to, lambda: hcsync(argv)) if profile_to else hcsync(argv)
    if marks:
        print(f"{MARK} {time.process_time() - marks[0]:.6f}", file=sys.stderr)
    return status


def profiled(out: str, work: Callable[[], int]) -> int:
    profiles = [cProfile.Profile(time.thread_time)]  # CPU, not wall: threads wait
    run = threading.Thread.run

    def run_profiled(thread: threading.Thread) -> None:
        profile = cProfile.Profile(time.thread_time)
        profiles.append(profile)
        profile.runcall(run, thread)

    threading.Thread.run = run_profiled  # type: ignore[method-assign, assignment]
    profiles[0].enable()
    try:
        return work()
    finally:
        profiles[0].disable()
        stats = pstats.Stats(profiles[0])
        for profile in profiles[1:]:
            stats.add(profile)
        stats.dump_stats(out)


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        return run_child(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (median)")
    parser.add_argument("--once-above", type=int, default=10**9, help="run larger sizes once")
    parser.add_argument("--profile", type=Path, help="also profile one run per size into DIR")
    parser.add_argument("--top", type=int, default=25, help="profile lines shown")
    args = parser.parse_args()
    rows = []
    with emulator() as url, tempfile.TemporaryDirectory(prefix="apply-cpu-") as tmp:
        for size in args.sizes:
            source = build(Path(tmp) / f"source-{size}", size, languages=("de", "fr"))
            repeat = 1 if size > args.once_above else args.repeat
            runs = [measure(url, source, Path(tmp), None) for _ in range(repeat)]
            note = f"median of {repeat}" if repeat > 1 else "one run"
            rows.append(row("first import", size, [r[0] for r in runs], note))
            rows.append(row("edit 10 %", size, [r[1] for r in runs], note))
            print_table(HEADER, rows[-2:])
            if args.profile is not None:
                args.profile.mkdir(parents=True, exist_ok=True)
                measure(url, source, Path(tmp), args.profile / f"apply-{size}")
    print()
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for cells in rows:
        print("| " + " | ".join(cells) + " |")
    if args.profile is not None:
        for size in args.sizes:
            for kind in ("import", "edits"):
                show_profile(args.profile / f"apply-{size}.{kind}.prof", args.top)
    return 0


HEADER = (
    "articles",
    "apply",
    "operations",
    "requests",
    "client CPU s",
    "fixed s",
    "ms/op (all)",
    "ms/op beyond fixed",
    "runs",
)

if __name__ == "__main__":
    sys.exit(main())
