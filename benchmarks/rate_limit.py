"""Does apply run at the rate limit, and never over it?

    python benchmarks/rate_limit.py [--articles 90] [--shapes 100/200,1200/1,600/10]

For each bucket shape (requests per minute / burst) and each concurrency (the
default 4, and 1), a first import of a synthetic tree runs as users run it (an
`hcsync apply` process) against the emulator enforcing that limit. Printed: the
requests sent, the answers 429, the time from the first request to the last (as
the emulator's journal timestamps them on arrival), and beside it the minimum the
limit allows for that many requests ((requests - burst) / refill rate), with their
ratio. The process's start-up (before its first request) and its end (from the last
request to its exit: the answer, the lock, the summary) are shown apart: no limit
makes them shorter or longer. Also printed: the emulator's median serving time (from
a request's arrival to its answer), and the time beyond the refill interval that
the gaps between arrivals add up to, for those of more than two intervals (the client
busy between two requests: planning, or a loaded machine) and for the rest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import build
from tables import print_table

from hcsync.emulator.config import DEMO
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer

# The installed `hcsync` command; PYTHONPATH may point it at another checkout (before/after).
RUN_HCSYNC = "import sys; from hcsync.cli import main; sys.exit(main(sys.argv[1:]))"


def first_request_at(control: EmulatorControl, done: threading.Event, seen: list[float]) -> None:
    """Poll the journal until the first request shows in it; note when."""
    while not done.is_set():
        if control.journal():
            seen.append(time.monotonic())
            return
        time.sleep(0.005)


def run(
    tree: Path, url: str, control: EmulatorControl, per_minute: int, burst: int, workers: int
) -> tuple[str, ...]:
    control.reset({"rate_limit": {"per_minute": per_minute, "burst": burst}})
    (tree / "hcsync.lock").unlink(missing_ok=True)
    env = os.environ | {"HC_API_URL": url, "HC_CENTER_ID": "demo", "HC_API_KEY": "demo-key"}
    done, seen = threading.Event(), []
    watcher = threading.Thread(target=first_request_at, args=(control, done, seen))
    watcher.start()
    started = time.monotonic()
    argv = [
        sys.executable,
        "-c",
        RUN_HCSYNC,
        "apply",
        str(tree),
        "--yes",
        "--concurrency",
        str(workers),
    ]
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    ended, ended_wall = time.monotonic(), time.time()
    done.set()
    watcher.join()
    failed = result.returncode != 0  # e.g. still refused after every wait (a row says so)
    journal = control.journal()
    statuses = [entry["status"] for entry in journal]
    refused = statuses.count(429)
    sent = len(statuses) - refused
    interval = 60 / per_minute
    least = max(0, sent - burst) * interval
    arrivals = [entry["at"] for entry in journal]
    paced = arrivals[-1] - arrivals[0]
    serving = [e["answered_at"] - e["at"] for e in journal if e["answered_at"]]
    gaps = [later - earlier - interval for earlier, later in pairwise(arrivals)]
    return (
        f"{per_minute}/min burst {burst}",
        str(workers),
        str(sent),
        str(refused),
        f"{(seen[0] if seen else ended) - started:.2f}",
        f"{paced:.2f}",
        f"{least:.2f}",
        f"{paced / least:.3f}" if least else "-",
        f"{ended_wall - arrivals[-1]:.2f}",
        f"{statistics.median(serving) * 1000:.1f}",
        f"{sum(g for g in gaps if g > interval):.2f}",
        f"{sum(g for g in gaps if 0 < g <= interval):.2f}",
        result.stderr.strip().splitlines()[-1][:60] if failed else "ok",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=90)
    parser.add_argument("--shapes", default="100/200,1200/1,600/10")
    parser.add_argument("--concurrency", default="4,1")
    args = parser.parse_args()
    shapes = [tuple(int(n) for n in shape.split("/")) for shape in args.shapes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, BackgroundServer(DEMO) as url:
        control = EmulatorControl(url)
        tree = build(Path(tmp) / "tree", args.articles, languages=())
        for per_minute, burst in shapes:
            for workers in (int(n) for n in args.concurrency.split(",")):
                rows.append(run(tree, url, control, per_minute, burst, workers))
    print_table(HEADER, rows)


HEADER = (
    "limit",
    "concurrency",
    "requests",
    "429",
    "start-up s",
    "first to last request s",
    "minimum s",
    "ratio",
    "end s",
    "serving ms",
    "long gaps s",
    "other gaps s",
    "apply",
)


if __name__ == "__main__":
    main()
