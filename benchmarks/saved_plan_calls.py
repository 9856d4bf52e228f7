"""How many requests do `plan -o` and `apply plan.json` of one edit take in a big center?

    python benchmarks/saved_plan_calls.py [--articles 10000]

For each emulator profile: applies a tree of N published articles (20 categories)
into an empty center (the emulator's rate limit off for this set-up only), edits
one article, then counts the API requests (the emulator's journal) of
`hcsync plan -o plan.json` and of `hcsync apply plan.json`, checks that the plan
after is empty, and — for comparison — the requests of `hcsync apply DIR` of one
more edit (which plans again). Prints a Markdown table; the target is 110
requests for plan + apply. Takes a few minutes (the set-up sends 2N requests).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tables import quietly

from hcsync.emulator.config import DEMO
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer

TARGET = 110
PER_CATEGORY = 500
BODY = (
    "Open **Settings** and choose the option you need. The change applies to every device "
    "signed in to your account, usually within a minute.\n\n## Steps\n\n- one\n- two\n"
)


def build(root: Path, articles: int) -> Path:
    root.mkdir(parents=True)
    (root / "hcsync.yml").write_text("default_language: en\n")
    for n in range(articles):
        folder = root / f"category-{n // PER_CATEGORY}"
        if not folder.exists():
            folder.mkdir()
            (folder / "_category.yml").write_text(f"name: Category {n // PER_CATEGORY}\n")
        (folder / f"article-{n}.md").write_text(f"---\ntitle: Article {n}\n---\n\n{BODY}")
    return root


def edit(root: Path, n: int, words: str) -> None:
    path = root / f"category-{n // PER_CATEGORY}" / f"article-{n}.md"
    path.write_text(path.read_text().replace("usually within a minute", words))


def counted(control: EmulatorControl, *argv: str) -> int:
    mark = len(control.journal())
    assert quietly(*argv) == 0, argv
    return len(control.journal()) - mark


def measure(profile: str, tree: Path, work: Path, control: EmulatorControl) -> tuple[str, ...]:
    control.reset({"profile": profile, "rate_limit": "off"})
    root = work / profile
    shutil.copytree(tree, root)
    started = time.perf_counter()
    assert quietly("apply", str(root), "--yes", "--concurrency", "16") == 0, "set-up"
    print(f"{profile}: set up in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    articles = sum(1 for _ in root.rglob("article-*.md"))
    edit(root, articles // 2, "within a minute or two")
    plan_file = work / f"{profile}.json"
    planned = counted(control, "plan", str(root), "-o", str(plan_file))
    applied = counted(control, "apply", str(plan_file), "--yes")
    assert quietly("plan", str(root), "--detailed-exitcode") == 0, "the plan after is not empty"
    edit(root, articles // 3, "within a minute or so")
    replanned = counted(control, "apply", str(root), "--yes")
    total = planned + applied
    verdict = "met" if total <= TARGET else "missed"
    return (
        profile,
        f"{articles:,}",
        str(planned),
        str(applied),
        f"**{total}**",
        f"≤ {TARGET} ({verdict})",
        str(replanned),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, BackgroundServer(DEMO) as url:
        os.environ.update(HC_API_URL=url, HC_CENTER_ID="demo", HC_API_KEY="demo-key")
        control = EmulatorControl(url)
        tree = build(Path(tmp) / "tree", args.articles)
        for profile in ("extended", "documented"):
            rows.append(measure(profile, tree, Path(tmp), control))
    header = (
        "profile",
        "articles",
        "`plan -o` requests",
        "`apply plan.json` requests",
        "total",
        "target",
        "`apply DIR` (plans again)",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
