"""For random trees and random edits: after apply, the next plan is empty and the
emulator holds exactly the tree (titles, text, status, translations, live links)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hcsync.api import HelpCenterClient
from hcsync.emulator.control_client import EmulatorControl
from hcsync.local.loader import load_site
from hcsync.local.render import render
from tests.conftest import TEST_CONFIG, make_client
from tests.helpers import PNG, run

WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "setup", "billing", "reset", "sync"])
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@st.composite
def articles(draw: st.DrawFn, name: str) -> dict[str, object]:
    return {
        "name": name,
        "folder": draw(st.sampled_from(["guides", "billing", "guides/setup"])),
        "title": draw(TEXT).title(),
        "body": draw(TEXT),
        "status": draw(st.sampled_from(["published", "published", "draft"])),
        "link": draw(st.booleans()),
        "image": draw(st.sampled_from([None, "a", "b"])),
        "german": draw(st.one_of(st.none(), TEXT)),
    }


EDITS = st.sampled_from(["body", "title", "status", "german", "image-bytes", "add", "link"])


def write_tree(root: Path, items: list[dict[str, object]], image_bytes: dict[str, bytes]) -> None:
    if root.exists():
        for child in root.iterdir():
            if child.name != "hcsync.lock":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    root.mkdir(parents=True, exist_ok=True)
    (root / "hcsync.yml").write_text("center_id: demo\ndefault_language: en\nlanguages: [de]\n")
    (root / "img").mkdir()
    for key, data in image_bytes.items():
        (root / "img" / f"{key}.png").write_bytes(data)
    paths = [f"{a['folder']}/{a['name']}.md" for a in items]
    for index, item in enumerate(items):
        folder = root / str(item["folder"])
        folder.mkdir(parents=True, exist_ok=True)
        up = "../" * str(item["folder"]).count("/") + "../"
        body = [str(item["body"])]
        if item["image"]:
            body.append(f"![Picture {item['image']}]({up}img/{item['image']}.png)")
        if item["link"] and len(items) > 1:
            body.append(f"See [next]({up}{paths[(index + 1) % len(items)]}).")
        text = "\n\n".join(body)
        front = f"---\ntitle: {json.dumps(item['title'])}\nstatus: {item['status']}\n---\n\n"
        (folder / f"{item['name']}.md").write_text(front + text + "\n")
        if item["german"]:
            (folder / f"{item['name']}.de.md").write_text(
                f"---\ntitle: {json.dumps('DE ' + str(item['title']))}\n---\n\n{item['german']} {text}\n"
            )


def edit(
    items: list[dict[str, object]], images: dict[str, bytes], kind: str, pick: int, text: str
) -> None:
    item = items[pick % len(items)]
    if kind == "add":
        items.append({**item, "name": f"n{len(items)}", "title": text.title(), "folder": "billing"})
    elif kind == "status":
        item["status"] = "draft" if item["status"] == "published" else "published"
    elif kind == "image-bytes":
        images["a"] = images["a"] + b"x"
    elif kind == "german":
        item["german"] = None if item["german"] else text
    elif kind == "link":
        item["link"] = not item["link"]
    else:
        item[kind] = text.title() if kind == "title" else text


def text_of(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def assert_matches(root: Path, client: HelpCenterClient) -> None:
    site = load_site(root)
    ids = {
        path: entry["id"]
        for path, entry in json.loads((root / "hcsync.lock").read_text())["articles"].items()
    }
    drafts = {d.id: d for d in client.list_drafts(content=True)}
    assert len(drafts) == len(site.articles)
    for article in site.articles:
        draft = drafts[ids[article.path]]
        assert draft.title == article.title, article.path
        expected = "unpublished" if article.status == "draft" else "published"
        assert draft.status == expected, article.path
        assert text_of(draft.content.html if draft.content else "") == text_of(
            render(article.body)
        ), article.path
        assert ".md" not in (draft.content.html if draft.content else "")
        # Both profiles list the published translations (the extended one lists all).
        live = {code for code, page in article.translations.items() if page.status == "published"}
        if article.status == "published":
            assert set(draft.translations) >= live, article.path


@settings(
    max_examples=int(os.environ.get("HCSYNC_PROPERTY_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=st.lists(st.integers(0, 10**6), min_size=1, max_size=4).flatmap(
        lambda seeds: st.tuples(*[articles(f"a{i}") for i in range(len(seeds))])
    ),
    edits=st.lists(st.tuples(EDITS, st.integers(0, 10), TEXT), min_size=1, max_size=3),
)
def test_after_apply_the_plan_is_empty_and_the_center_matches(
    first: tuple[dict[str, object], ...],
    edits: list[tuple[str, int, str]],
    emulator_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    profile: str,
) -> None:
    control = EmulatorControl(emulator_url)
    control.reset(TEST_CONFIG | {"profile": profile})
    monkeypatch.setenv("HC_API_URL", emulator_url)
    monkeypatch.setenv("HC_CENTER_ID", "demo")
    monkeypatch.setenv("HC_API_KEY", "demo-key")
    items = [dict(item) for item in first]
    titles = [str(i["title"]) for i in items]
    if len(set(titles)) != len(titles):
        for n, item in enumerate(items):
            item["title"] = f"{item['title']} {n}"
    images = {"a": PNG, "b": PNG + b"b"}
    with tempfile.TemporaryDirectory() as tmp, make_client(emulator_url) as client:
        root = Path(tmp) / "content"
        for step in [None, *edits]:
            if step is not None:
                edit(items, images, *step)
                for n, item in enumerate(items):
                    item["title"] = f"{str(item['title']).rsplit(' #', 1)[0]} #{n}"
            write_tree(root, items, images)
            result = run(capsys, "apply", str(root), "--yes")
            assert result.code == 0, result.out + result.err
            again = run(capsys, "plan", str(root), "--detailed-exitcode")
            assert again.code == 0, again.out
            assert_matches(root, client)
    control.close()
