"""How large is hcsync.lock, and what does a one-article apply change in it?

    python benchmarks/lock_size.py [--articles 1000,10000]

For each size, a synthetic tree (a third of the articles translated into German and
French, an image in every fourth) is imported by `hcsync apply` (a whole process)
into the emulator without a rate limit; printed: the lock's bytes and bytes per
article. Then the tree is committed to Git, one article is edited and applied again,
and `git diff --numstat` on the lock shows how many lines that apply changed.
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
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer
from hcsync.sync.lockfile import LOCK_NAME

HEADER = ("articles", "pages", "lock bytes", "bytes/article", "import s", "one-article apply")


def hcsync(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "hcsync.cli", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"hcsync {args[0]} failed: {result.stderr.strip()[-300:]}")


def git(root: Path, *args: str) -> str:
    command = ["git", "-C", str(root), "-c", "user.name=b", "-c", "user.email=b@b", *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def measure(url: str, control: EmulatorControl, articles: int, workdir: Path) -> tuple[str, ...]:
    control.reset({"rate_limit": "off"})
    root = build(workdir / f"tree-{articles}", articles)
    env = os.environ | {"HC_API_URL": url, "HC_CENTER_ID": "demo", "HC_API_KEY": "demo-key"}
    started = time.monotonic()
    hcsync(env, "apply", str(root), "--yes")
    seconds = time.monotonic() - started
    size = (root / LOCK_NAME).stat().st_size
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "import")
    page = root / "category-0" / "sub-0" / "a1.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    hcsync(env, "apply", str(root), "--yes")
    added, removed, _ = git(root, "diff", "--numstat", "--", LOCK_NAME).split("\t")
    pages = len(list(root.rglob("*.md")))
    return (
        str(articles),
        str(pages),
        str(size),
        f"{size / articles:.0f}",
        f"{seconds:.0f}",
        f"+{added} -{removed} lines",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", default="1000,10000")
    args = parser.parse_args()
    config = DEMO.__class__(DEMO.centers, DEMO.keys, RateLimit(enabled=False))
    with tempfile.TemporaryDirectory() as tmp, BackgroundServer(config) as url:
        control = EmulatorControl(url)
        rows = [measure(url, control, int(n), Path(tmp)) for n in args.articles.split(",")]
    print_table(HEADER, rows)


if __name__ == "__main__":
    main()
