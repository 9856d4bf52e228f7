"""How many requests does a pull take, next to the fewest the API allows?

    python benchmarks/pull_calls.py [--synthetic 1000]

Applies content-example/, the real Arduino corpus (if ../shared/corpus is there)
and a synthetic tree into an empty emulator, pulls each into an empty folder,
pulls again (nothing changed), and prints the API requests (the emulator's
journal), the CDN downloads (the pull's own count), their minimums, and the
seconds the first pull took.

The minimum: the center (1), the categories (1), the drafts with their content
(⌈N/100⌉ pages), each translation draft once, each distinct image once.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import build
from tables import print_table, quietly

from hcsync.api import ApiSettings, HelpCenterClient
from hcsync.emulator.config import DEMO, RateLimit
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer
from hcsync.local.images import image_digests
from hcsync.local.loader import load_site
from hcsync.sync.pull import PullOptions, PullReport, pull

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "arduino-help-center" / "content"


def measure(name: str, root: Path, target: Path, control: EmulatorControl) -> tuple[str, ...]:
    control.reset()
    assert quietly("apply", str(root), "--yes") == 0, name
    mark = len(control.journal())
    started = time.perf_counter()
    first = run_pull(target)
    seconds = time.perf_counter() - started
    api = len(control.journal()) - mark
    again = len(control.journal())
    second = run_pull(target)
    site = load_site(root)
    translations = sum(len(a.translations) for a in site.articles)
    least = 2 + math.ceil(max(len(site.articles), 1) / 100) + translations
    return (
        name,
        str(len(site.articles)),
        str(api),
        str(least),
        str(first.downloads),
        str(len(set(image_digests(site).values()))),
        f"{len(control.journal()) - again}+{second.downloads}",
        f"{seconds:.1f}",
    )


def run_pull(target: Path) -> PullReport:
    with HelpCenterClient(ApiSettings.from_env()) as client:
        report = pull(target, client, PullOptions())
    assert not report.plan.conflicts and not report.plan.inexact, report
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=1000)
    args = parser.parse_args()
    config = DEMO.__class__(DEMO.centers, DEMO.keys, RateLimit(enabled=False))
    rows = []
    with tempfile.TemporaryDirectory() as tmp, BackgroundServer(config) as url:
        os.environ.update(HC_API_URL=url, HC_CENTER_ID="demo", HC_API_KEY="demo-key")
        control = EmulatorControl(url)
        example = Path(tmp) / "example"
        shutil.copytree(
            REPO / "content-example", example, ignore=shutil.ignore_patterns("hcsync.lock")
        )
        rows.append(measure("content-example", example, Path(tmp) / "p1", control))
        if CORPUS.is_dir():
            corpus = Path(tmp) / "corpus"
            shutil.copytree(CORPUS, corpus)
            (corpus / "hcsync.yml").write_text(
                "center_id: demo\ndefault_language: en\nignore_keys: [draft, id]\n"
            )
            rows.append(measure("arduino corpus", corpus, Path(tmp) / "p2", control))
        synthetic = build(Path(tmp) / "synthetic", args.synthetic, languages=("de", "fr"))
        rows.append(measure(f"synthetic {args.synthetic}", synthetic, Path(tmp) / "p3", control))
    header = (
        "tree",
        "articles",
        "API reads",
        "API minimum",
        "CDN gets",
        "distinct images",
        "pull again (API+CDN)",
        "seconds",
    )
    print_table(header, rows)


if __name__ == "__main__":
    main()
