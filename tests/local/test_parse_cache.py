"""One parse per page: URLs written into the rendered template, and parses kept on disk."""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from hcsync.local.loader import load_site
from hcsync.local.parsecache import CACHE_PATH, ParseCache, kept_on_disk
from hcsync.local.render import ParsedPage, Ref, render
from tests.helpers import run

BODY = (
    "[a](a.md) and ![shot](img/i.png)\n\n"
    "<p><a class=x href='b.md'>b</a> <img src=c.png alt=c></p>\n\n"
    "[out](https://example.org/?q=1&r=2)\n"
)


def test_each_url_is_asked_in_order_escaped_in_markdown_and_quoted_in_raw_html() -> None:
    asked: list[tuple[str, str, bool]] = []

    def rewrite(ref: Ref) -> str | None:
        asked.append((ref.kind, ref.target, ref.in_html))
        return None if ref.target.startswith("https:") else f"https://cdn/{ref.target}?v=1&w=2"

    html = render(BODY, rewrite)

    assert asked == [
        ("link", "a.md", False),
        ("image", "img/i.png", False),
        ("link", "b.md", True),
        ("image", "c.png", True),
        ("link", "https://example.org/?q=1&r=2", False),
    ]
    assert '<a href="https://cdn/a.md?v=1&amp;w=2">a</a>' in html
    assert '<img src="https://cdn/img/i.png?v=1&amp;w=2" alt="shot" />' in html
    assert '<a class=x href="https://cdn/b.md?v=1&w=2">b</a>' in html
    assert '<img src="https://cdn/c.png?v=1&w=2" alt=c>' in html
    assert '<a href="https://example.org/?q=1&amp;r=2">out</a>' in html  # kept as written


def test_nothing_rewritten_renders_as_markdown_it_does() -> None:
    html = render(BODY)
    assert '<a href="a.md">a</a>' in html
    assert "<a class=x href='b.md'>b</a> <img src=c.png alt=c>" in html


def test_a_nul_in_the_page_cannot_pose_as_a_url_slot() -> None:
    html = render("a\x000\x00 [x](x.md)\n", lambda ref: "https://new/x")
    assert "\x00" not in html
    assert html.count("https://new/x") == 1
    assert "a\ufffd0\ufffd" in html


def test_a_parse_read_from_the_file_serves_plans_but_never_what_apply_renders(
    tmp_path: Path,
) -> None:
    body = "# Title\n\nSee [b](b.md).\n"
    with kept_on_disk(tmp_path) as parses:
        real = parses.parsed(body)
    cache = tmp_path / CACHE_PATH
    data = json.loads(cache.read_text())
    [entry] = data["pages"].values()
    entry[3] = entry[3].replace("Title", "Forged")  # the template as a commit could change it
    cache.write_text(json.dumps(data))

    with kept_on_disk(tmp_path) as parses:
        assert "Forged" in parses.parsed(body).template.html  # what a warm plan uses
    assert ParseCache().parsed(body) == real  # apply's cache, in memory: the Markdown parsed


FORGED = "<p>Forged</p>\n"
_NUMBER_TARGET = ["link", 5, 1, None, False, 1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: "not json",
        lambda data: json.dumps({**data, "renderer": "another version"}),
        lambda data: json.dumps({**data, "pages": {k: [1] for k in data["pages"]}}),
        lambda data: json.dumps(
            {**data, "pages": {k: [[[]], [], [], FORGED, [[]]] for k in data["pages"]}}
        ),
        lambda data: json.dumps(
            {**data, "pages": {k: [[_NUMBER_TARGET], [], [], FORGED, []] for k in data["pages"]}}
        ),
    ],
    ids=["not-json", "other-renderer", "short-entry", "bad-refs", "wrong-types"],
)
def test_a_damaged_or_foreign_cache_file_is_parsed_afresh(
    tmp_path: Path, damage: Callable[[dict[str, Any]], str]
) -> None:
    body = "Some *text*.\n"
    with kept_on_disk(tmp_path) as parses:
        parses.parsed(body)
    cache = tmp_path / CACHE_PATH
    cache.write_text(damage(json.loads(cache.read_text())))
    with kept_on_disk(tmp_path) as parses:
        assert parses.parsed(body).template.html == "<p>Some <em>text</em>.</p>\n"


def test_check_keeps_the_parses_of_the_tree_and_forgets_old_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "hcsync.yml").write_text("center_id: demo\ndefault_language: en\n")
    (tmp_path / "guides").mkdir()
    (tmp_path / "guides" / "_category.yml").write_text("name: Guides\n")
    page = tmp_path / "guides" / "a.md"
    for text in ("One.", "Two."):
        page.write_text(f"---\ntitle: A page\n---\n\n{text}\n")
        assert run(capsys, "check", str(tmp_path)).code == 0
        pages = json.loads((tmp_path / CACHE_PATH).read_text())["pages"]
        assert [entry[3] for entry in pages.values()] == [f"<p>{text}</p>\n"]
    assert (tmp_path / ".hcsync" / ".gitignore").read_text().endswith("*\n")  # never committed


def test_in_ci_no_cache_file_is_read_or_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    (tmp_path / "hcsync.yml").write_text("center_id: demo\ndefault_language: en\n")
    (tmp_path / "guides").mkdir()
    (tmp_path / "guides" / "_category.yml").write_text("name: Guides\n")
    (tmp_path / "guides" / "a.md").write_text("---\ntitle: A page\n---\n\nText.\n")
    assert run(capsys, "check", str(tmp_path)).code == 0
    assert not (tmp_path / CACHE_PATH).exists()


def test_front_matter_kept_only_when_json_says_the_same(tmp_path: Path) -> None:
    def load(raw: str) -> Any:
        return parses.front_matter(raw, lambda: yaml.safe_load(raw))

    plain, dated = "title: A\ntags: [x, 1, true]\n", "title: B\ndate: 2026-11-23\n"
    with kept_on_disk(tmp_path) as parses:
        assert load(plain) == {"title": "A", "tags": ["x", 1, True]}
        assert load(dated)["date"] == datetime.date(2026, 11, 23)
    stored = json.loads((tmp_path / CACHE_PATH).read_text())["yaml"]
    assert list(stored.values()) == [{"mapping": {"title": "A", "tags": ["x", 1, True]}}]

    cache = tmp_path / CACHE_PATH
    data = json.loads(cache.read_text())
    data["yaml"] = dict.fromkeys(data["yaml"], "not a mapping")
    cache.write_text(json.dumps(data))
    with kept_on_disk(tmp_path) as parses:
        assert load(plain) == {"title": "A", "tags": ["x", 1, True]}  # damaged: loaded again
        assert load(dated)["date"] == datetime.date(2026, 11, 23)


def test_a_damaged_entry_is_replaced_even_when_this_process_parsed_the_page(
    tmp_path: Path,
) -> None:
    body = "Parsed *here* first.\n"
    with kept_on_disk(tmp_path) as parses:
        parses.parsed(body)
    cache = tmp_path / CACHE_PATH
    data = json.loads(cache.read_text())
    data["pages"] = {digest: [1] for digest in data["pages"]}
    cache.write_text(json.dumps(data))
    with kept_on_disk(tmp_path) as parses:
        parses.parsed(body)
    [entry] = json.loads(cache.read_text())["pages"].values()
    assert entry[3] == "<p>Parsed <em>here</em> first.</p>\n"


def test_two_caches_share_no_entry() -> None:
    body = "Shared *body*.\n"
    one, other = ParseCache(), ParseCache()
    first = one.parsed(body)
    assert one.parsed(body) is first  # parsed once per cache
    assert other.parsed(body) is not first  # the other cache parses it itself
    assert other.parsed(body) == first


def test_threads_parsing_through_one_cache_get_the_same_pages() -> None:
    bodies = [f"# Page {i}\n\nSee [next](p{i + 1}.md) and ![shot](s{i}.png).\n" for i in range(40)]
    parses = ParseCache()
    start = threading.Barrier(8)

    def parse_all(offset: int) -> list[ParsedPage]:
        start.wait()  # all at once
        order = bodies[offset:] + bodies[:offset]
        return sorted((parses.parsed(b) for b in order), key=lambda p: p.template.html)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(parse_all, range(0, 40, 5)))
    first = results[0]
    assert len({p.template.html for p in first}) == 40
    for found in results[1:]:
        assert all(a is b for a, b in zip(found, first, strict=True))  # one parse per body


def test_a_site_carries_the_cache_its_loader_was_given(tmp_path: Path) -> None:
    (tmp_path / "hcsync.yml").write_text("center_id: demo\ndefault_language: en\n")
    (tmp_path / "guides").mkdir()
    (tmp_path / "guides" / "_category.yml").write_text("name: Guides\n")
    (tmp_path / "guides" / "a.md").write_text("---\ntitle: A page\n---\n\nText.\n")
    given = ParseCache()
    assert load_site(tmp_path, parses=given).parses is given
    assert load_site(tmp_path).parses is not given  # by default, a cache of its own
