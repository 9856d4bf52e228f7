"""Does a first import's plan grow with the tree, not faster?

    python benchmarks/first_import_plan.py [--sizes 1000 3000]

For each size, a synthetic tree with an image in every article (a third translated)
is planned into an empty emulator (rate limit off) by an `hcsync plan` process, as
users run it; printed: seconds, milliseconds per article, and the growth per
article against the smallest size (1.00: linear). PYTHONPATH may point the
process at another checkout, to compare.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import build
from tables import print_table

from hcsync.emulator.config import DEMO, RateLimit
from hcsync.emulator.server import BackgroundServer

RUN_HCSYNC = "import sys; from hcsync.cli import main; sys.exit(main(sys.argv[1:]))"


def plan_seconds(tree: Path, url: str) -> float:
    env = os.environ | {"HC_API_URL": url, "HC_CENTER_ID": "demo", "HC_API_KEY": "demo-key"}
    argv = [sys.executable, "-c", RUN_HCSYNC, "plan", str(tree), "--format", "json"]
    started = time.monotonic()
    result = subprocess.run(argv, env=env, capture_output=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"plan failed: {result.stderr.decode()[-500:]}")
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    args = parser.parse_args()
    config = DEMO.__class__(DEMO.centers, DEMO.keys, RateLimit(enabled=False))
    rows, first = [], None
    with tempfile.TemporaryDirectory() as tmp, BackgroundServer(config) as url:
        for size in args.sizes:
            tree = build(Path(tmp) / f"tree-{size}", size, image_every=1)
            seconds = plan_seconds(tree, url)
            per = seconds / size * 1000
            first = first or per
            rows.append((str(size), f"{seconds:.1f}", f"{per:.2f}", f"{per / first:.2f}"))
    print_table(("articles", "plan s", "ms per article", "growth per article"), rows)


if __name__ == "__main__":
    main()
