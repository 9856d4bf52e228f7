"""How many API calls does a sync take, next to the fewest the API allows?

    python benchmarks/sync_calls.py [--synthetic 1000]

Applies content-example/, the real Arduino corpus (if ../shared/corpus is there)
and a synthetic tree into an empty emulator, then plans again, and prints:
requests sent by apply, requests per article, the API minimum for the same
work, reads of the follow-up plan, and how long that many requests take at the
documented limit of 100 requests per minute (200 burst).

The minimum: per category 1 create; per distinct image 1 upload; per article
1 create (title, HTML, category, SEO together) + 1 publish + 1 metadata call if
it sets a slug or subtitle (create cannot carry them); per translation 1 draft
+ 1 publish (if published) + 1 metadata call if it sets a slug or SEO; plus 3
reads to plan (center, categories, drafts per 100).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import build
from tables import print_table

from hcsync.cli import main as hcsync
from hcsync.emulator.config import DEMO, RateLimit
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer
from hcsync.local.images import image_digests
from hcsync.local.loader import load_site

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "arduino-help-center" / "content"


def minimum(root: Path) -> int:
    site = load_site(root)
    calls = len(site.categories) + len(set(image_digests(site).values()))
    for article in site.articles:
        calls += 1 + (article.status == "published") + bool(article.slug or article.subtitle)
        for t in article.translations.values():
            calls += 1 + (t.status == "published" and article.status == "published")
            calls += bool(t.slug or t.seo.title or t.seo.description)
    return calls + 2 + math.ceil(max(len(site.articles), 1) / 100)


def measure(name: str, root: Path, control: EmulatorControl) -> tuple[str, ...]:
    control.reset()
    with open(os.devnull, "w") as quiet:
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = quiet
        try:
            assert hcsync(["apply", str(root), "--yes"]) == 0, name
            applied = len(control.journal())
            assert hcsync(["plan", str(root), "--detailed-exitcode"]) == 0, name
        finally:
            sys.stdout, sys.stderr = stdout, stderr
    plan_reads = len(control.journal()) - applied
    articles = len(load_site(root).articles)
    least = minimum(root)
    at_limit = max(0.0, (applied - 200) / 100)  # minutes beyond the 200-request burst
    return (
        name,
        str(articles),
        str(applied),
        f"{applied / articles:.2f}",
        str(least),
        f"{applied / least:.2f}",
        str(plan_reads),
        f"{at_limit:.1f}",
    )


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
            REPO / "content-example",
            example,
            ignore=shutil.ignore_patterns(".hcsync", "hcsync.lock"),
        )
        rows.append(measure("content-example", example, control))
        if CORPUS.is_dir():
            corpus = Path(tmp) / "corpus"
            shutil.copytree(CORPUS, corpus)
            (corpus / "hcsync.yml").write_text(
                "center_id: demo\ndefault_language: en\nignore_keys: [draft, id]\n"
            )
            rows.append(measure("arduino corpus", corpus, control))
        synthetic = build(Path(tmp) / "synthetic", args.synthetic, languages=("de", "fr"))
        rows.append(measure(f"synthetic {args.synthetic}", synthetic, control))
    header = (
        "tree",
        "articles",
        "apply calls",
        "per article",
        "API minimum",
        "ratio",
        "plan after",
        "minutes at 100/min",
    )
    print_table(header, rows)


if __name__ == "__main__":
    main()
