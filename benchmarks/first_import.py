"""A first import at the minimum: time per article flat, fewest follow-ups, every request counted.

    python benchmarks/first_import.py [--sizes 3000 10000 30000] [--apply-up-to 10000]
                                      [--profiles-at 1000] [--chain 400]

The emulator runs in a process of its own (rate limit off); every `hcsync` a process.

1. For each size, a synthetic tree (`synthetic.py`: a third translated into two
   languages, an image in every fourth article, two links to siblings each) is planned
   into an empty center, and applied where size ≤ `--apply-up-to`: CPU seconds of the
   process, ms per article and its growth against the smallest size (1.00: linear; an
   O(n²) step shows as growth with the size), and for the apply the requests the
   emulator's journal counts beside the "N in all" that apply's summary says (the lease
   and its checks included: they must be equal), the follow-up draft updates (link
   cycles) and the drafts read back.
2. The same apply on each emulator profile (`--profiles-at` articles, and a chain of
   `--chain` articles each linking to the one before and the one after, translated):
   requests on `documented` against `extended`. Target: within 2 %.
3. Link cycles: the chain's follow-ups against the minimum (every pair of neighbours
   is a cycle: ⌊n/2⌋ articles must be completed after their neighbours exist).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import child_output, emulator, hcsync_env
from synthetic import build
from tables import markdown_table, print_table

from hcsync.emulator.control_client import EmulatorControl

NO_RATE_LIMIT = {"per_minute": 10_000_000, "burst": 1_000_000}
IN_ALL = re.compile(r"; (\d+) in all\)")
DRAFT_EDIT = re.compile(r"/articles/[^/]+(/translations/[^/]+)?/draft$")


class Run(NamedTuple):
    cpu: float
    wall: float
    requests: int  # the journal's
    said: int  # apply's "N in all"
    follow_ups: int  # root draft edits after the create (link cycles)
    read_backs: int  # drafts read during apply


def hcsync(url: str, *args: str) -> tuple[float, float, str]:
    started = time.monotonic()
    argv = [sys.executable, "-m", "hcsync.cli", *args]
    status, cpu, out, err = child_output(hcsync_env(url), argv)
    if status not in (0, 2):
        raise SystemExit(f"hcsync {args[0]} failed (exit {status}): {err[-500:]}")
    return cpu, time.monotonic() - started, out + err


def first_import(url: str, root: Path, profile: str, apply: bool) -> Run:
    control = EmulatorControl(url)
    control.reset({"rate_limit": NO_RATE_LIMIT, "profile": profile})
    (root / "hcsync.lock").unlink(missing_ok=True)  # an earlier run's: into an empty center
    if not apply:
        cpu, wall, _ = hcsync(url, "plan", str(root))
        return Run(cpu, wall, len(control.journal()), 0, 0, 0)
    cpu, wall, said = hcsync(url, "apply", "--yes", str(root))
    journal = control.journal()
    again = hcsync(url, "plan", "--detailed-exitcode", str(root))[2]
    if "No changes" not in again:
        raise SystemExit(f"the plan after a first import should be empty: {again[-500:]}")
    control.close()
    return Run(cpu, wall, len(journal), _said(said), *_counts(journal))


def _said(output: str) -> int:
    found = IN_ALL.search(output)
    return int(found[1]) if found else -1


def _counts(journal: list[dict[str, Any]]) -> tuple[int, int]:
    edits = [e for e in journal if e["method"] == "PATCH" and DRAFT_EDIT.search(e["path"])]
    root_edits = [e for e in edits if "/translations/" not in e["path"]]
    reads = [e for e in journal if e["method"] == "GET" and DRAFT_EDIT.search(e["path"])]
    return len(root_edits), len(reads)


def chain(root: Path, n: int) -> Path:
    """n articles, each linking to the one before and the one after, each translated."""
    (root / "guide").mkdir(parents=True)
    (root / "hcsync.yml").write_text("default_language: en\nlanguages: [de]\n")
    (root / "guide" / "_category.yml").write_text("name: Guide\n")
    for i in range(n):
        near = [f"[step {j}](s{j}.md)" for j in (i - 1, i + 1) if 0 <= j < n]
        for suffix, title, words in (("", "Step", "See"), (".de", "Schritt", "Siehe")):
            text = f"---\ntitle: {title} {i}\n---\n\n{words} {' and '.join(near)}.\n"
            (root / "guide" / f"s{i}{suffix}.md").write_text(text)
    return root


def size_rows(url: str, work: Path, sizes: list[int], apply_up_to: int) -> list[list[str]]:
    rows, first = [], None
    for size in sizes:
        root = build(work / f"tree-{size}", size, languages=("de", "fr"))
        plan = first_import(url, root, "extended", apply=False)
        applied = first_import(url, root, "extended", True) if size <= apply_up_to else None
        per = plan.cpu / size * 1000
        first = first or (per, applied.cpu / size * 1000 if applied else None)
        row = [f"{size:,}", f"{plan.cpu:.1f}", f"{per:.2f}", f"{per / first[0]:.2f}"]
        if applied is None or first[1] is None:
            row += ["–"] * 6
        else:
            apply_per = applied.cpu / size * 1000
            row += [
                f"{applied.cpu:.1f}",
                f"{apply_per:.2f}",
                f"{apply_per / first[1]:.2f}",
                f"{applied.requests:,} / {applied.said:,}",
                f"{applied.follow_ups:,}",
                f"{applied.read_backs:,}",
            ]
        rows.append(row)
        print_table(SIZE_HEADER, rows[-1:])
    return rows


SIZE_HEADER = (
    "articles",
    "plan CPU s",
    "plan ms/article",
    "growth",
    "apply CPU s",
    "apply ms/article",
    "growth",
    "requests: journal / summary",
    "follow-ups",
    "read-backs",
)


def profile_rows(url: str, work: Path, articles: int, links: int) -> list[list[str]]:
    rows = []
    trees = (
        (f"synthetic {articles:,}", build(work / "profiles", articles, languages=("de", "fr"))),
        (f"chain {links:,}", chain(work / "chain", links)),
    )
    for name, root in trees:
        runs = {p: first_import(url, root, p, apply=True) for p in ("extended", "documented")}
        ext, doc = runs["extended"], runs["documented"]
        minimum = links // 2 if name.startswith("chain") else None
        rows.append(
            [
                name,
                f"{ext.requests:,}",
                f"{doc.requests:,}",
                f"{doc.requests / ext.requests:.3f}",
                f"{ext.follow_ups:,} / {doc.follow_ups:,}",
                "–" if minimum is None else f"{minimum:,}",
                f"{ext.read_backs} / {doc.read_backs}",
                "yes" if ext.said == ext.requests and doc.said == doc.requests else "NO",
            ]
        )
        print_table(PROFILE_HEADER, rows[-1:])
    return rows


PROFILE_HEADER = (
    "tree",
    "extended requests",
    "documented requests",
    "documented / extended",
    "follow-ups ext / doc",
    "minimum",
    "read-backs ext / doc",
    "summary counts all",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 10000, 30000])
    parser.add_argument("--apply-up-to", type=int, default=10000)
    parser.add_argument("--profiles-at", type=int, default=1000)
    parser.add_argument("--chain", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="first-import-") as tmp, emulator() as url:
        work = Path(tmp)
        profiles = profile_rows(url, work, args.profiles_at, args.chain)
        sizes = size_rows(url, work, args.sizes, args.apply_up_to)
    print()
    markdown_table(PROFILE_HEADER, profiles)
    print()
    markdown_table(SIZE_HEADER, sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
