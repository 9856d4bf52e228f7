"""`python -m hcsync.action run|commit-lock|preview`: the steps action.yml runs."""

from __future__ import annotations

import os
import sys

from hcsync.action import lock, preview, run

STEPS = {"run": run.main, "commit-lock": lock.main, "preview": preview.main}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in STEPS:
        print(f"usage: python -m hcsync.action {'|'.join(STEPS)}", file=sys.stderr)
        return 2
    try:
        return STEPS[argv[0]](os.environ)
    except KeyboardInterrupt:  # the run was cancelled: GitHub sends SIGINT first
        print("hcsync: cancelled", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
