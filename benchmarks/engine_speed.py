"""The engine's cost: planner CPU against a bare render, and apply with concurrency.

    python benchmarks/engine_speed.py [--sizes 1000 10000] [--latency-ms 200]

Part 1 (in process, no network): for each size, a synthetic tree of articles
(with links and a translation on every fifth), the help center and lock as a
successful apply leaves them (as the planner tests build them), then the CPU of
one bare markdown-it render of every page, a no-op plan, and a first-import
plan (empty center, no lock). Ratios are measured in one run, median of 3.

Part 2 (the emulator on loopback): 60 independent metadata updates with a
latency injected on every write, applied with `--concurrency 1` and with the
default, timed; the journal counts the answers that were 429.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hcsync.local.model import LocalSite
from hcsync.local.render import render
from hcsync.plan.lock import Lock
from hcsync.plan.snapshot import RemoteSite
from tests.plan.builders import CENTER, page, plan, site, synced, translation

BODY = (
    "## Overview\n\nThis guide explains **how** to do the thing, step by step.\n\n"
    "1. Open the *settings* page.\n2. Choose a plan.\n3. Save.\n\n"
    "| Plan | Price |\n|---|---|\n| Basic | 5 |\n| Pro | 9 |\n\n"
    "> [!NOTE]\n> Changes apply at once.\n\n```python\nprint('hello')\n```\n"
)


def tree(size: int) -> LocalSite:
    articles = []
    for i in range(size):
        folder = f"c{i % 20}"
        link = f"\n\nSee [the previous guide](../c{(i - 1) % 20}/p{i - 1}.md)." if i else ""
        article = page(f"{folder}/p{i}.md", f"Guide number {i}", BODY + link, slug=f"p{i}")
        if i % 5 == 0:
            de = translation(f"{folder}/p{i}.de.md", "de", f"Anleitung {i}", BODY, f"a{i}")
            article = replace(article, translations={"de": de})
        articles.append(article)
    return site(*articles, categories=tuple(f"c{i}" for i in range(20)))


def cpu(work: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()  # type: ignore[operator]
        times.append(time.process_time() - start)
    return statistics.median(times)


def planner_rows(sizes: list[int]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for size in sizes:
        local = tree(size)
        remote, lock = synced(local)
        empty = RemoteSite(CENTER, (), {})
        pages = [p for a in local.articles for p in (a, *a.translations.values())]
        bare = cpu(lambda pages=pages: [render(p.body) for p in pages])
        noop = cpu(lambda local=local, remote=remote, lock=lock: plan(local, remote, lock))
        first = cpu(lambda local=local, empty=empty: plan(local, empty, Lock()))
        per_article = noop / size * 1000
        rows.append(
            (
                f"{size:,}",
                f"{bare:.1f}",
                f"{noop:.1f}",
                f"{noop / bare:.2f}×",
                f"{first:.1f}",
                f"{first / noop:.2f}×",
                f"{per_article:.2f}",
            )
        )
    return rows


def concurrency_rows(latency_ms: int) -> list[tuple[str, ...]]:
    from hcsync.emulator.config import DEMO, RateLimit
    from hcsync.emulator.control_client import EmulatorControl
    from hcsync.emulator.server import BackgroundServer

    config = DEMO.__class__(DEMO.centers, DEMO.keys, RateLimit(per_minute=6000, burst=200))
    rows: list[tuple[str, ...]] = []
    with BackgroundServer(config) as url, tempfile.TemporaryDirectory() as tmp:
        control = EmulatorControl(url)
        env = dict(os.environ, HC_API_URL=url, HC_CENTER_ID="demo", HC_API_KEY="demo-key")
        for width in (1, 4):
            control.reset({"rate_limit": {"per_minute": 6000, "burst": 200}})
            root = Path(tmp) / f"w{width}"
            _write_tree(root, "one")
            _hcsync(env, "apply", "--yes", str(root))
            _write_tree(root, "two")
            control.add_fault(
                method="PATCH", path="/v0/*", action="latency", latency_ms=latency_ms, times=10**6
            )
            mark = len(control.journal())
            start = time.monotonic()
            _hcsync(env, "apply", "--yes", "--concurrency", str(width), str(root))
            seconds = time.monotonic() - start
            entries = control.journal()[mark:]
            refused = sum(e["status"] == 429 for e in entries)
            rows.append((str(width), f"{len(entries)}", f"{seconds:.1f}", str(refused)))
            control.clear_faults()
    return rows


def _write_tree(root: Path, seo: str) -> None:
    (root / "guides").mkdir(parents=True, exist_ok=True)
    (root / "hcsync.yml").write_text("center_id: demo\ndefault_language: en\n")
    for i in range(60):
        text = f"---\ntitle: Page {i}\nseo: {{title: 'Page {i} {seo}'}}\n---\n\nText {i}.\n"
        (root / "guides" / f"p{i}.md").write_text(text)


def _hcsync(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "hcsync.cli", *args], env=env, check=True, capture_output=True
    )


def table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--latency-ms", type=int, default=200)
    args = parser.parse_args()
    planner = ("articles", "render s", "no-op plan s", "ratio", "import s", "vs no-op", "ms/art")
    print(table(planner, planner_rows(args.sizes)))
    print()
    applying = ("concurrency", "requests", "apply s", "answers 429")
    print(table(applying, concurrency_rows(args.latency_ms)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
