"""What a server that answers differently where the documentation is silent costs.

    python benchmarks/server_behaviours.py [--synthetic 150]

Applies content-example/ and a synthetic tree (a third translated into de and fr)
into an empty emulator on the `documented` profile, once per server behaviour
(docs/emulator.md, `server:`), then plans again; prints the requests apply sent,
the extra ones against the documented answers (read-backs, lease polls), the
follow-up plan's exit code, the articles created twice and the leases left.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import build
from tables import print_table, quietly

from hcsync.api import HelpCenterClient
from hcsync.api.settings import ApiSettings, Secret
from hcsync.emulator.config import DEMO
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer
from hcsync.plan.lease import is_lease

REPO = Path(__file__).resolve().parent.parent
BEHAVIOURS: dict[str, dict[str, Any]] = {
    "documented answers": {},
    "envelope writes": {"writes": "envelope"},
    "bare writes": {"writes": "bare"},
    "204 writes": {"writes": "empty"},
    "lists lag 3 s": {"list_lag_ms": 3000},
    "unique slugs": {"slugs": "unique"},
}
CONFIG: dict[str, Any] = {
    "centers": [{"id": "demo", "domain": "demo.help.center", "additional_languages": ["de", "fr"]}],
    "rate_limit": "off",
    "profile": "documented",
}


def measure(tree: Path, server: dict[str, Any], control: EmulatorControl, url: str) -> list[str]:
    control.reset(CONFIG | {"server": server})
    root = tree.parent / f"run-{time.monotonic_ns()}"
    shutil.copytree(tree, root)
    assert quietly("apply", str(root), "--yes") == 0, server
    applied = len(control.journal())
    plan = quietly("plan", str(root), "--detailed-exitcode")
    time.sleep(server.get("list_lag_ms", 0) / 1000 + 0.2)  # then count what lists show
    settings = ApiSettings(api_url=url, center_id="demo", api_key=Secret("demo-key"))
    with HelpCenterClient(settings) as client:
        drafts = list(client.list_drafts())
    titles = Counter((d.title, d.category_id) for d in drafts if not is_lease(d))
    twice = sum(n - 1 for n in titles.values())
    return [str(applied), str(plan), str(twice), str(sum(1 for d in drafts if is_lease(d)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=150)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, BackgroundServer(DEMO) as url:
        os.environ.update(HC_API_URL=url, HC_CENTER_ID="demo", HC_API_KEY="demo-key")
        control = EmulatorControl(url)
        example = Path(tmp) / "example"
        shutil.copytree(
            REPO / "content-example",
            example,
            ignore=shutil.ignore_patterns(".hcsync", "hcsync.lock"),
        )
        synthetic = build(Path(tmp) / "synthetic", args.synthetic)
        (synthetic / "hcsync.yml").write_text(
            "center_id: demo\n" + (synthetic / "hcsync.yml").read_text()
        )
        for name, tree in (
            ("content-example", example),
            (f"synthetic {args.synthetic}", synthetic),
        ):
            base = None
            for behaviour, server in BEHAVIOURS.items():
                row = measure(tree, server, control, url)
                base = base if base is not None else int(row[0])
                rows.append([name, behaviour, row[0], f"+{int(row[0]) - base}", *row[1:]])
    header = (
        "tree",
        "server",
        "apply requests",
        "extra",
        "plan exit",
        "created twice",
        "leases left",
    )
    print_table(header, rows)


if __name__ == "__main__":
    main()
