"""The rendered HTML of content-example (and a page using every feature) is pinned.

A dependency upgrade that changes the HTML would republish every article it
touches; here it fails a test instead. After checking a change is intended:

    .venv/bin/python -m tests.local.test_golden_html --write
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hcsync.local.loader import load_site
from hcsync.local.render import render

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
FEATURES = GOLDEN / "features.md"


def rendered() -> dict[str, str]:
    """Golden file name → the HTML rendered now."""
    site = load_site(REPO / "content-example")
    pages = [page for a in site.articles for page in (a, *a.translations.values())]
    html = {f"content-example/{p.path.removesuffix('.md')}.html": render(p.body) for p in pages}
    html["features.html"] = render(FEATURES.read_text(encoding="utf-8"))
    return html


CURRENT = rendered()


@pytest.mark.parametrize("name", sorted(CURRENT))
def test_rendered_html_matches_the_golden_file(name: str) -> None:
    golden = GOLDEN / name
    assert golden.exists(), (
        f"no golden file {name}: run python -m tests.local.test_golden_html --write"
    )
    assert CURRENT[name] == golden.read_text(encoding="utf-8"), (
        f"{name}: the HTML changed; every article affected would be republished. "
        "If intended: python -m tests.local.test_golden_html --write"
    )


def test_no_stale_golden_files() -> None:
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.html")}
    assert on_disk == set(CURRENT)


def test_explicit_heading_ids_win() -> None:
    html = CURRENT["features.html"]
    assert '<h2 id="install">Installation</h2>' in html
    assert '<h3 id="custom-id" class="wide">Custom id and class</h3>' in html
    assert 'id="setup-on-linux"' in html and 'id="setup-on-linux-1"' in html


def write() -> None:
    for name, html in CURRENT.items():
        path = GOLDEN / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    print(f"wrote {len(CURRENT)} golden files under {GOLDEN}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.local.test_golden_html --write")
    write()
