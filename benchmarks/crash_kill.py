"""Crash safety: kill `hcsync apply`, lose its answers, throw its lock away, race it.

    python benchmarks/crash_kill.py [--runs 5] [--seed N] [--modes kill,lost-lock,drop-after,race]
                                    [--profile extended|documented] [--latency-ms 30]

Each run copies content-example/ into a fresh center of an emulator on a free
loopback port (latency injected through the control API on every /v0 call), runs
`hcsync apply --yes` as a subprocess and breaks it, then runs apply once more to
completion and checks: no duplicate article (same title in a category of the same name),
category (same name under the same parent) or translation; the lock parses; the
next `hcsync plan --detailed-exitcode` exits 0. Modes:

- kill:       SIGKILL at a random point (after the k-th write started, plus a random
              part of the latency), the lock kept as the killed run left it;
- lost-lock:  the same kill, then the lock restored to what it was before the
              run (deleted if there was none): a failed CI job that never commits;
- drop-after: no kill; one write of one kind (category, image, article, metadata,
              draft, publish, translation draft/metadata/publish) is committed and
              its connection dropped ("commit then drop"), the lock kept;
- race:       two applies of two checkouts started at the same moment on one center.

Half the kill runs break an apply of edits (a synced center, every page edited)
instead of a first apply. It prints the seed and one row per mode; a run fails if
it ends with any duplicate, an unreadable lock or a non-empty plan.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crash_checks import Tally
from crash_runs import MODES, Harness

from hcsync.emulator.config import DEMO, RateLimit
from hcsync.emulator.server import BackgroundServer

HEADER = ("mode", "runs", "failed runs", "duplicates", "unparsable locks", "non-empty plans")


def run_modes(
    runs: dict[str, int], seed: int, profile: str, latency_ms: int, workdir: Path
) -> tuple[list[Tally], list[str]]:
    """Run `runs[mode]` trials of each mode against one emulator.

    Returns one tally per mode, and the failures of the applies that nothing broke
    (the reference applies, the apply before the edits).
    """
    config = DEMO.__class__(DEMO.centers, DEMO.keys, RateLimit(enabled=False))
    with BackgroundServer(config) as url:
        harness = Harness(url, profile, latency_ms, workdir, random.Random(seed))
        try:
            tallies = [harness.run_mode(mode, count) for mode, count in runs.items()]
            return tallies, harness.findings
        finally:
            harness.close()


def table(tallies: list[Tally], findings: list[str], seed: int, profile: str) -> str:
    rows = [HEADER] + [t.row() for t in tallies]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(HEADER))]
    lines = [f"crash safety, profile {profile}, seed {seed}"]
    lines += ["  ".join(str(c).rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines += [f"  {t.mode}: {note}" for t in tallies for note in t.notes]
    lines += [f"  also: {finding}" for finding in findings]
    return "\n".join(lines)


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per mode (default 5)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated modes")
    parser.add_argument("--profile", choices=("extended", "documented"), default="extended")
    parser.add_argument("--latency-ms", type=int, default=30, help="latency per /v0 call")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    modes = [m for m in args.modes.split(",") if m]
    unknown = sorted(set(modes) - set(MODES))
    if unknown:
        parser.error(f"unknown mode {unknown[0]!r}; modes: {', '.join(MODES)}")
    print(f"seed {seed}", flush=True)
    with tempfile.TemporaryDirectory(prefix="crash-kill-") as tmp:
        runs = dict.fromkeys(modes, args.runs)
        tallies, findings = run_modes(runs, seed, args.profile, args.latency_ms, Path(tmp))
    print(table(tallies, findings, seed, args.profile))
    return 1 if any(t.failed for t in tallies) else 0


if __name__ == "__main__":
    sys.exit(main())
