"""The engine's cost: a no-op plan against a bare render, and apply with concurrency.

    python benchmarks/engine_speed.py [--sizes 1000 10000 20000] [--latency-ms 200]

Part 1 (in process, no network): for each size, a synthetic tree of articles
(with links and a translation on every fifth) written to disk, and the help
center and lock as a successful apply leaves them (as the planner tests build
them). Then the CPU of: one bare markdown-it render of every page (our
markdown-it with its plugins, nothing else); a no-op plan as `hcsync plan` does
it — load the tree, check it, plan — with no parse cache (cold: a fresh clone or
CI) and with `.hcsync/parse-cache.json` from an earlier plan (warm); and a
first-import plan (empty center, no lock, cold). Median of 3, in one run.

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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hcsync.cli import collect_garbage_rarely
from hcsync.local.images import image_digests
from hcsync.local.model import LocalSite
from hcsync.local.parsecache import ParseCache, kept_on_disk
from hcsync.local.render import markdown
from hcsync.plan.lock import Lock
from hcsync.plan.model import Plan
from hcsync.plan.planner import make_plan
from hcsync.plan.snapshot import RemoteSite
from hcsync.sync.engine import load_checked
from tests.plan.builders import CENTER, synced

BODY = (
    "## Overview\n\nThis guide explains **how** to do the thing, step by step.\n\n"
    "1. Open the *settings* page.\n2. Choose a plan.\n3. Save.\n\n"
    "| Plan | Price |\n|---|---|\n| Basic | 5 |\n| Pro | 9 |\n\n"
    "> [!NOTE]\n> Changes apply at once.\n\n```python\nprint('hello')\n```\n"
)


def write_tree(root: Path, size: int) -> None:
    """`size` articles in 20 categories; each links to the one before; every fifth in German."""
    root.mkdir(parents=True)
    (root / "hcsync.yml").write_text("center_id: demo\ndefault_language: en\nlanguages: [de]\n")
    for c in range(20):
        (root / f"c{c}").mkdir()
        (root / f"c{c}" / "_category.yml").write_text(f"name: C{c}\n")
    for i in range(size):
        link = f"\n\nSee [the previous guide](../c{(i - 1) % 20}/p{i - 1}.md)." if i else ""
        page = root / f"c{i % 20}" / f"p{i}.md"
        page.write_text(f"---\ntitle: Guide number {i}\nslug: p{i}\n---\n\n{BODY}{link}\n")
        if i % 5 == 0:
            text = f"---\ntitle: Anleitung {i}\nslug: a{i}\n---\n\n{BODY}\n"
            page.with_suffix(".de.md").write_text(text)


def cpu(work: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def plan_command(
    root: Path, remote: RemoteSite, lock: Lock, parses: ParseCache | None = None
) -> Plan:
    """What `hcsync plan` computes once the help center is read (each run parses afresh,
    as a new process does: its own cache)."""
    site = load_checked(root, parses)
    return make_plan(site, dict(image_digests(site)), remote, lock)


def warm_plan(root: Path, remote: RemoteSite, lock: Lock) -> Plan:
    with kept_on_disk(root) as parses:
        return plan_command(root, remote, lock, parses)


def planner_rows(sizes: list[int], workdir: Path) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for size in sizes:
        root = workdir / f"tree-{size}"
        write_tree(root, size)
        site = load_checked(root)
        remote, lock = synced(site)
        if plan_command(root, remote, lock).has_changes:
            raise SystemExit("the synced help center should need no change")
        warm_plan(root, remote, lock)  # writes the parse cache
        bare = cpu(lambda site=site: _bare_render(site))
        cold = cpu(lambda root=root, remote=remote, lock=lock: plan_command(root, remote, lock))
        warm = cpu(lambda root=root, remote=remote, lock=lock: warm_plan(root, remote, lock))
        empty = RemoteSite(CENTER, (), {})
        first = cpu(lambda root=root, empty=empty: plan_command(root, empty, Lock()))
        rows.append(
            (
                f"{size:,}",
                f"{bare:.1f}",
                f"{cold:.1f}",
                f"{cold / bare:.2f}×",
                f"{warm:.1f}",
                f"{warm / bare:.2f}×",
                f"{first / cold:.2f}×",
                f"{cold / size * 1000:.2f}",
            )
        )
    return rows


def _bare_render(site: LocalSite) -> None:
    md = markdown()
    for article in site.articles:
        for page in (article, *article.translations.values()):
            md.render(page.body)


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
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 20000])
    parser.add_argument("--latency-ms", type=int, default=200)
    args = parser.parse_args()
    collect_garbage_rarely()  # as `hcsync` does: for the bare render too
    planner = (
        "articles", "bare render s", "cold plan s", "cold ratio", "warm plan s", "warm ratio",
        "first import vs cold", "cold ms/article",
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as workdir:
        print(table(planner, planner_rows(args.sizes, Path(workdir))), flush=True)
    print()
    applying = ("concurrency", "requests", "apply s", "answers 429")
    print(table(applying, concurrency_rows(args.latency_ms)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
