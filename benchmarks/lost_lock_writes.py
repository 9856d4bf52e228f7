"""What an apply sends when the lock is lost and the help center already holds the tree.

    python benchmarks/lost_lock_writes.py

Applies content-example/ (with one page of HTML a sanitiser rewrites) and the shared
Arduino corpus into an empty emulator, deletes hcsync.lock, applies again and counts
the writes that second apply sends, on both profiles. `extended` shows every field
hcsync writes; `documented` shows what the API documentation shows, which leaves some
fields unknowable without the lock (docs/sync.md, "What plan reads and what it trusts").
Then the CPU the canonical comparison takes on the corpus: each page as rendered and as
the emulator's sanitiser stores it (best of 3).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tables import print_table, quietly

from hcsync.emulator.config import DEMO
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer
from hcsync.local.loader import load_site
from hcsync.local.render import render
from hcsync.plan.canonical import canonical_html
from hcsync.sanitize import sanitize

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "arduino-help-center" / "content"
CENTER: dict[str, Any] = {"id": "demo", "domain": "demo.help.center"}
SANITISED = """---
title: What a sanitiser changes
---

<table><tr><td>a cell left open<td>and the next one</table>

<div id="box">a div with an id</div>
"""


def trees(tmp: Path) -> dict[str, Path]:
    example = tmp / "content-example"
    shutil.copytree(REPO / "content-example", example, ignore=shutil.ignore_patterns(".hcsync"))
    (example / "hcsync.lock").unlink(missing_ok=True)
    (example / "billing" / "sanitised.md").write_text(SANITISED)
    found = {"content-example": example}
    if CORPUS.is_dir():
        corpus = tmp / "corpus"
        shutil.copytree(CORPUS, corpus)
        (corpus / "hcsync.yml").write_text(
            "center_id: demo\ndefault_language: en\nignore_keys: [draft, id]\n"
        )
        found["corpus"] = corpus
    return found


def writes_after_lost_lock(tree: Path, profile: str, control: EmulatorControl) -> Counter[str]:
    languages = ["de", "fr"] if tree.name == "content-example" else []
    center = CENTER | {"additional_languages": languages}
    control.reset({"centers": [center], "rate_limit": "off", "profile": profile})
    root = tree.parent / f"{tree.name}-{profile}"
    shutil.copytree(tree, root)
    assert quietly("apply", str(root), "--yes") == 0
    (root / "hcsync.lock").unlink()
    start = len(control.journal())
    assert quietly("apply", str(root), "--yes") == 0
    return Counter(f"{e['method']} {e['path'].split('/', 4)[-1]}" for e in control.mutations(start))


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp, BackgroundServer(DEMO) as url:
        os.environ.update(HC_API_URL=url, HC_CENTER_ID="demo", HC_API_KEY="demo-key")
        control = EmulatorControl(url)
        found = trees(Path(tmp))
        for name, tree in found.items():
            for profile in ("extended", "documented"):
                sent = writes_after_lost_lock(tree, profile, control)
                kinds = Counter(_kind(call) for call in sent.elements())
                detail = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "-"
                rows.append([name, profile, str(sum(sent.values())), detail])
        print_table(("tree", "profile", "writes", "what"), rows)
        if "corpus" in found:
            print()
            canonical_cpu(found["corpus"])


def canonical_cpu(corpus: Path) -> None:
    pages = [render(article.body) for article in load_site(corpus).articles]
    both = pages + [sanitize(html) for html in pages]
    best = min(_cpu(both) for _ in range(3))
    differ = sum(canonical_html(a) != canonical_html(sanitize(a)) for a in pages)
    row = [str(len(both)), f"{best:.3f}", f"{best / len(both) * 1000:.2f}", str(differ)]
    print_table(
        ("canonical forms", "CPU s", "ms each", "pages unequal to their stored HTML"), [row]
    )


def _cpu(pages: list[str]) -> float:
    start = time.process_time()
    for html in pages:
        canonical_html(html)
    return time.process_time() - start


def _kind(call: str) -> str:
    """`PATCH articles/ID/translations/de/metadata` → `translation metadata`."""
    method, path = call.split(" ", 1)
    parts = path.split("/")
    if "categories" in parts:
        return "category"
    if "translations" in parts:
        return f"translation {parts[-1]}"
    return parts[-1] if method != "PATCH" or parts[-1] in ("draft", "metadata") else path


if __name__ == "__main__":
    main()
