"""The engine's CPU as users run it: a no-op `hcsync plan` process against a bare render.

    python benchmarks/engine_speed.py [--sizes 1000 10000] [--repeat 3] [--profile DIR]
                                      [--latency-ms 200] [--no-concurrency]

Part 1. For each size, a synthetic tree (`synthetic.py`: a third of the articles
translated into German and French, each translation in its own words, an image in
every fourth article, two links each) is applied into `hcsync emulator` (a process
of its own, its rate limit off), so the tree's lock matches the help center. Then,
each a process of its own, its CPU (user + system, all threads, from `os.wait4`):

- bare render: a minimal script (`bare_render.py`) that reads every Markdown file,
  parses its front matter with PyYAML and renders the body with markdown-it-py —
  the least work any tool does with these files, its interpreter's start included;
- cold: `hcsync plan DIR` with no parse cache (a fresh clone, CI), start-up,
  lock, reading the help center, printing included;
- warm: the same with `.hcsync/parse-cache.json` from an earlier plan;
- one edit, cold: a pull request's plan in CI, one page edited, no parse cache.

Median of `--repeat` runs; the ratios are the medians' (targets at 10,000
articles: cold ≤ 1.2×, warm ≤ 0.3×). The no-op plans must find nothing to do.
`--profile DIR` writes a cProfile of one cold and one warm plan per size.

Part 2. 60 independent metadata updates with a latency injected on every write,
applied with `--concurrency 1` and with the default, timed; the journal counts the
answers that were 429.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import child_output, emulator, hcsync_env
from synthetic import build
from tables import markdown_table, print_table

from hcsync.emulator.control_client import EmulatorControl

# High enough that the client never waits for the bucket; the headers still come.
NO_RATE_LIMIT = {"rate_limit": {"per_minute": 10_000_000, "burst": 1_000_000}}
BARE = Path(__file__).resolve().parent / "bare_render.py"
PROFILE = (
    "import cProfile, sys; from hcsync.cli import main; "
    "cProfile.run('main(sys.argv[2:])', sys.argv[1])"
)


def plan(env: dict[str, str], root: Path, profile: Path | None = None, changes: int = 0) -> float:
    """One `hcsync plan ROOT` process (or profiled, into PROFILE); its CPU seconds. It must
    find nothing to do (`changes` 0) or something (2)."""
    hcsync = ["-c", PROFILE, str(profile)] if profile else ["-m", "hcsync.cli"]
    argv = [sys.executable, *hcsync]
    status, cpu, out, err = child_output(env, [*argv, "plan", "--detailed-exitcode", str(root)])
    if status != changes:
        raise SystemExit(f"the plan should exit {changes}, not {status}: {out[-300:]}{err}")
    return cpu


def forget_cache(root: Path) -> None:
    (root / ".hcsync" / "parse-cache.json").unlink(missing_ok=True)


def bare(root: Path) -> float:
    status, cpu, _, err = child_output(dict(os.environ), [sys.executable, str(BARE), str(root)])
    if status != 0:
        raise SystemExit(f"bare render failed: {err[-300:]}")
    return cpu


def synced_tree(env: dict[str, str], workdir: Path, size: int) -> Path:
    """The synthetic tree of `size` articles, applied into an empty center."""
    EmulatorControl(env["HC_API_URL"]).reset(NO_RATE_LIMIT)
    root = build(workdir / f"tree-{size}", size, languages=("de", "fr"))
    started = time.monotonic()
    argv = [sys.executable, "-m", "hcsync.cli", "apply", "--yes", str(root)]
    status, _, _, err = child_output(env, argv)
    if status != 0:
        raise SystemExit(f"apply failed: {err[-500:]}")
    print(f"({size:,} articles applied in {time.monotonic() - started:.0f} s)", flush=True)
    return root


def median_cpu(work: Callable[[], float], repeat: int) -> float:
    return statistics.median(work() for _ in range(repeat))


def plan_row(url: str, root: Path, size: int, repeat: int, profile: Path | None) -> list[str]:
    env = hcsync_env(url)
    journal = EmulatorControl(url)
    files = len(list(root.rglob("*.md")))

    def cold() -> float:
        forget_cache(root)
        return plan(env, root)

    bare_s = median_cpu(lambda: bare(root), repeat)
    mark = len(journal.journal())
    cold_s = median_cpu(cold, repeat)
    requests = (len(journal.journal()) - mark) // repeat
    plan(env, root)  # leaves the parse cache
    warm_s = median_cpu(lambda: plan(env, root), repeat)
    page = root / "category-0" / "sub-0" / "a1.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nOne more line.\n", encoding="utf-8")

    def one_edit() -> float:  # a pull request's plan in CI: one page edited, no cache
        forget_cache(root)
        return plan(env, root, changes=2)

    edit_s = median_cpu(one_edit, repeat)
    page.write_text(text, encoding="utf-8")
    if profile is not None:
        profile.mkdir(parents=True, exist_ok=True)
        plan(env, root, profile / f"plan-{size}-warm.prof")
        forget_cache(root)
        plan(env, root, profile / f"plan-{size}-cold.prof")
    return [
        f"{size:,}",
        f"{files:,}",
        f"{bare_s:.2f}",
        f"{cold_s:.2f}",
        f"{cold_s / bare_s:.2f}×",
        f"{warm_s:.2f}",
        f"{warm_s / bare_s:.2f}×",
        f"{cold_s / size * 1000:.2f}",
        str(requests),
        f"{edit_s:.2f} ({edit_s / bare_s:.2f}×)",
    ]


PLAN_HEADER = (
    "articles",
    "files",
    "bare render s",
    "cold plan s",
    "cold ratio",
    "warm plan s",
    "warm ratio",
    "cold ms/article",
    "plan requests",
    "one edit, cold s",
)


def concurrency_rows(url: str, latency_ms: int, workdir: Path) -> list[list[str]]:
    control = EmulatorControl(url)
    env = hcsync_env(url)
    rows = []
    for width in (1, 4):
        control.reset({"rate_limit": {"per_minute": 6000, "burst": 200}})
        root = workdir / f"w{width}"
        _write_tree(root, "one")
        _hcsync(env, "apply", "--yes", str(root))
        _write_tree(root, "two")
        control.add_fault(
            method="PATCH", path="/v0/*", action="latency", latency_ms=latency_ms, times=10**6
        )
        mark = len(control.journal())
        start = time.monotonic()
        _hcsync(env, "apply", "--yes", "--concurrency", str(width), str(root))
        seconds = time.monotonic() - start
        entries = control.journal()[mark:]
        refused = sum(e["status"] == 429 for e in entries)
        rows.append([str(width), f"{len(entries)}", f"{seconds:.1f}", str(refused)])
        control.clear_faults()
    return rows


def _write_tree(root: Path, seo: str) -> None:
    (root / "guides").mkdir(parents=True, exist_ok=True)
    (root / "hcsync.yml").write_text("center_id: demo\ndefault_language: en\n")
    for i in range(60):
        text = f"---\ntitle: Page {i}\nseo: {{title: 'Page {i} {seo}'}}\n---\n\nText {i}.\n"
        (root / "guides" / f"p{i}.md").write_text(text)


def _hcsync(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "hcsync.cli", *args], env=env, check=True, capture_output=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each process (median)")
    parser.add_argument("--profile", type=Path, help="cProfile one cold and one warm plan here")
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--no-concurrency", action="store_true", help="skip part 2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="engine-speed-") as tmp:
        rows = []
        with emulator() as url:
            for size in args.sizes:
                root = synced_tree(hcsync_env(url), Path(tmp), size)
                rows.append(plan_row(url, root, size, args.repeat, args.profile))
                print_table(PLAN_HEADER, rows[-1:])
        print()
        markdown_table(PLAN_HEADER, rows)
        if not args.no_concurrency:
            with emulator() as url:
                applying = ("concurrency", "requests", "apply s", "answers 429")
                print()
                markdown_table(applying, concurrency_rows(url, args.latency_ms, Path(tmp)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
