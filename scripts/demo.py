"""`make demo`: the main job on the bundled emulator and content-example/.

Starts the emulator on a free loopback port, copies content-example/ to a
temporary folder (so the repository is never written to), then runs
check → plan → apply → plan, as a docs team would on merge, and ends with
`hcsync questions`: what the demo center's customers asked (its sample inbox,
`hcsync/emulator/inbox_demo.yml`) and which articles answer it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hcsync.emulator.config import DEMO
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer

ROOT = Path(__file__).resolve().parent.parent


def hcsync(env: dict[str, str], *args: str) -> int:
    print(f"\n$ hcsync {' '.join(args)}", flush=True)
    return subprocess.call([sys.executable, "-m", "hcsync.cli", *args], env=env)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, BackgroundServer(DEMO) as url:
        content = Path(tmp) / "content"
        shutil.copytree(
            ROOT / "content-example",
            content,
            ignore=shutil.ignore_patterns(".hcsync", "hcsync.lock"),
        )
        env = os.environ | {"HC_API_URL": url, "HC_CENTER_ID": "demo", "HC_API_KEY": "demo-key"}
        print(f"# emulator on {url} (center demo, key demo-key); content copied to {content}")
        steps = [
            ("check", str(content)),
            ("plan", str(content), "--detailed-exitcode"),
            ("apply", str(content), "--yes"),
            ("plan", str(content), "--detailed-exitcode"),
            ("questions", str(content)),
        ]
        for step in steps:
            code = hcsync(env, *step)
            if code not in (0, 2):
                return code
        journal = EmulatorControl(url).journal()  # questions' reads included
        writes = sum(e["method"] != "GET" for e in journal)
        print(
            f"\n# {len(journal)} API requests in all, {writes} of them changes; the help center now matches the tree."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
