"""How long `hcsync preview` takes: a static build, and a saved file reaching the open page.

    python benchmarks/preview_speed.py [--articles 1000] [--edits 10] [--repeat 3]

Static: `hcsync preview TREE --build OUT` as a new process on content-example and
on a synthetic tree (`synthetic.py`: a third of the articles translated into two
languages, an image in every fourth), wall and CPU seconds (median of --repeat).
Live: `hcsync preview TREE --port 0` as a new process, the article page open in
headless Chromium (Debian's, /usr/bin/chromium or HCSYNC_CHROMIUM, through
Playwright); a line is appended to the article's file and the time until the
page shows it is measured in the browser, --edits times (median and slowest).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import build
from tables import print_table

REPO = Path(__file__).resolve().parents[1]
HCSYNC = (sys.executable, "-m", "hcsync.cli")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def static_build(root: Path, out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one `hcsync preview --build` process."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [*HCSYNC, "preview", str(root), "--build", str(out)], check=True, capture_output=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def live_reload(root: Path, article: str, edits: int) -> list[float]:
    """Seconds from each save to the open page showing it, measured in the browser."""
    server = subprocess.Popen(
        [*HCSYNC, "preview", str(root), "--port", "0"], stderr=subprocess.PIPE, text=True
    )
    try:
        assert server.stderr is not None
        found = re.search(r"at (http://\S+/)", server.stderr.readline())
        assert found, "the server did not say where it listens"
        with sync_playwright() as playwright:
            executable = os.environ.get("HCSYNC_CHROMIUM", "/usr/bin/chromium")
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(found.group(1) + article[:-3] + ".html")
            file = root / article
            times = []
            for n in range(edits):
                text = file.read_text(encoding="utf-8")
                started = time.perf_counter()
                file.write_text(text + f"\nMeasured edit {n}.\n", encoding="utf-8")
                page.get_by_text(f"Measured edit {n}.").wait_for(timeout=30_000)
                times.append(time.perf_counter() - started)
                time.sleep(0.3)  # a writer does not save ten times a second
            browser.close()
        return times
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        example = base / "example"
        shutil.copytree(REPO / "content-example", example, ignore=shutil.ignore_patterns(".hcsync"))
        synthetic = build(base / "synthetic", args.articles)
        trees = [
            ("content-example", example, "billing/invoices.md"),
            (f"synthetic, {args.articles:,} articles", synthetic, "category-0/sub-0/a1.md"),
        ]
        rows = []
        for name, root, article in trees:
            pages = sum(1 for _ in root.rglob("*.md"))
            runs = [static_build(root, base / "out") for _ in range(args.repeat)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            reloads = live_reload(root, article, args.edits)
            rows.append(
                [
                    name,
                    f"{pages:,}",
                    f"{wall:.2f}",
                    f"{cpu:.2f}",
                    f"{statistics.median(reloads):.2f}",
                    f"{max(reloads):.2f}",
                ]
            )
    header = ["tree", "pages", "build wall s", "build CPU s", "save→page median s", "slowest s"]
    print_table(header, rows)


if __name__ == "__main__":
    main()
