"""What a pull costs, next to the apply of the same tree: API requests and CPU seconds.

    python benchmarks/pull_cost.py [--sizes 1000 6000]

For each size: a synthetic tree (no translations) is applied into an empty
emulator; then a first pull into an empty folder; then three dashboard edits
(a sentence each, published) and a pull of them into the pulled tree. Each
command runs as users run it, as its own `hcsync` process; CPU is that
process's user + system time. Requests are the emulator's journal. The least
a first pull can send is a plan's reads: 2 + ⌈articles/100⌉.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import build
from tables import print_table

from hcsync.api import ApiSettings, HelpCenterClient
from hcsync.emulator.config import DEMO, RateLimit
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer

HCSYNC = Path(sys.executable).parent / "hcsync"


def timed(*argv: str) -> float:
    """Run `hcsync ARGV` as its own process; its CPU seconds (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([str(HCSYNC), *argv], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def counted(control: EmulatorControl, *argv: str) -> tuple[int, float]:
    mark = len(control.journal())
    seconds = timed(*argv)
    return len(control.journal()) - mark, seconds


def three_edits() -> None:
    with HelpCenterClient(ApiSettings.from_env()) as client:
        for draft in list(client.list_drafts(content=True))[:3]:
            html = (draft.content.html if draft.content else "") + "<p>Edited in the dashboard.</p>"
            client.update_draft(draft.id, html=html)
            client.publish(draft.id)


def measure(size: int, tmp: Path, control: EmulatorControl) -> list[str]:
    control.reset()
    tree = build(tmp / f"tree-{size}", size, languages=())
    apply = counted(control, "apply", str(tree), "--yes")
    target = tmp / f"pulled-{size}"
    first = counted(control, "pull", str(target))
    three_edits()
    again = counted(control, "pull", str(target))
    least = 2 + math.ceil(size / 100)
    return [
        str(size),
        f"{apply[0]} / {apply[1]:.1f}",
        f"{first[0]} / {first[1]:.1f}",
        str(least),
        f"{again[0]} / {again[1]:.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 6000])
    args = parser.parse_args()
    config = DEMO.__class__(DEMO.centers, DEMO.keys, RateLimit(enabled=False))
    rows = []
    with tempfile.TemporaryDirectory() as tmp, BackgroundServer(config) as url:
        os.environ.update(HC_API_URL=url, HC_CENTER_ID="demo", HC_API_KEY="demo-key")
        control = EmulatorControl(url)
        rows = [measure(size, Path(tmp), control) for size in args.sizes]
    header = (
        "articles",
        "apply (requests / CPU s)",
        "first pull",
        "plan's reads",
        "pull of 3 edits",
    )
    print_table(header, rows)


if __name__ == "__main__":
    main()
