"""`make demo`: start the bundled emulator and run hcsync against content-example/.

Everything happens on loopback; the emulator stops when the demo ends.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hcsync.emulator.config import DEMO
from hcsync.emulator.server import BackgroundServer

ROOT = Path(__file__).resolve().parent.parent
STEPS: list[list[str]] = [
    ["check", "content-example"],
]


def main() -> int:
    with BackgroundServer(DEMO) as url:
        env = os.environ | {"HC_API_URL": url, "HC_CENTER_ID": "demo", "HC_API_KEY": "demo-key"}
        print(f"# emulator on {url} (center demo, key demo-key)", flush=True)
        for step in STEPS:
            print(f"\n$ hcsync {' '.join(step)}", flush=True)
            code = subprocess.call([sys.executable, "-m", "hcsync.cli", *step], cwd=ROOT, env=env)
            if code not in (0, 2):
                return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
