"""`hcsync preview --build` as a user runs it, and the live server over real HTTP on loopback."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers import PNG, article, make_tree, run
from tests.preview.conftest import Served

TREE: dict[str, str | bytes] = {
    "guides/_category.yml": "name: Guides\n",
    "guides/one.md": article("One", "To [two](two.md).\n\n![Shot](img/shot.png)\n"),
    "guides/two.md": article("Two", "Two.\n"),
    "guides/img/shot.png": PNG,
}


def test_build_writes_every_page_with_relative_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = make_tree(tmp_path / "tree", TREE), tmp_path / "site"
    result = run(capsys, "preview", str(root), "--build", str(out))
    assert result.code == 0, result.err
    assert "Built 4 pages and 1 images" in result.err + result.out
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == [
        ".hcsync-preview",
        "guides/_category.html",
        "guides/img/shot.png",
        "guides/one.html",
        "guides/two.html",
        "index.html",
    ]
    for page in out.rglob("*.html"):
        for url in re.findall(r'(?:href|src)="([^"#]+)', page.read_text(encoding="utf-8")):
            assert (page.parent / url).resolve().is_file(), (page, url)  # relative, and there


def test_a_new_build_drops_pages_of_deleted_files_and_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = make_tree(tmp_path / "tree", TREE), tmp_path / "site"
    assert run(capsys, "preview", str(root), "--build", str(out)).code == 0
    (root / "guides/two.md").unlink()
    (out / "guides/mine.txt").write_text("the user's", encoding="utf-8")
    assert run(capsys, "preview", str(root), "--build", str(out)).code == 0
    assert not (out / "guides/two.html").exists()
    assert (out / "guides/mine.txt").read_text(encoding="utf-8") == "the user's"


@pytest.mark.parametrize("target", ["nonempty", "tree", "."])
def test_build_refuses_a_folder_it_would_clobber(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    root = make_tree(tmp_path / "tree", TREE)
    (tmp_path / "nonempty").mkdir()
    (tmp_path / "nonempty/notes.txt").write_text("keep", encoding="utf-8")
    result = run(capsys, "preview", str(root), "--build", str(tmp_path / target))
    assert result.code == 1
    assert (
        len(result.err.strip().splitlines()) == 1 and "give --build an empty folder" in result.err
    )
    assert (tmp_path / "nonempty/notes.txt").read_text(encoding="utf-8") == "keep"


def test_preview_of_a_folder_without_settings_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "preview", str(tmp_path), "--build", str(tmp_path / "out"))
    assert result.code == 1 and "hcsync.yml: not found; run `hcsync init" in result.err


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    s = Served(make_tree(tmp_path / "tree", TREE))
    yield s
    s.close()


def test_pages_and_images_over_http(served: Served) -> None:
    assert "Guides" in served.http.get("/").text
    assert served.http.get("/guides/").status_code == 200  # a category's folder
    image = served.http.get("/guides/img/shot.png")
    assert image.content == PNG and image.headers["content-type"] == "image/png"
    for path in ("/hcsync.yml", "/guides/one.md", "/../../etc/passwd", "/guides/gone.html"):
        answer = served.http.get(path)
        assert answer.status_code == 404 and "Not found" in answer.text
    assert "EventSource" in served.http.get("/guides/one.html").text


def version_of(page: str) -> int:
    found = re.search(r"events\?since=(\d+)", page)
    assert found is not None
    return int(found.group(1))


def test_a_saved_file_tells_open_pages_to_reload(served: Served) -> None:
    since = version_of(served.http.get("/guides/one.html").text)
    with served.http.stream("GET", f"/__hcsync/events?since={since}") as events:
        lines = events.iter_lines()
        assert next(lines) == "retry: 500"
        started = time.monotonic()
        (served.root / "guides/three.md").write_text(article("Three", "New.\n"), encoding="utf-8")
        assert next(line for line in lines if line) == "event: reload"
        assert time.monotonic() - started < 3
    assert 'href="three.html">Three' in served.http.get("/guides/_category.html").text


def test_an_event_missed_between_page_and_listener_is_not_lost(served: Served) -> None:
    since = version_of(served.http.get("/").text)
    served.live.reload()  # a change lands before the page starts listening
    with served.http.stream("GET", f"/__hcsync/events?since={since}") as events:
        assert [line for line in events.iter_lines() if line][:2] == ["retry: 500", "event: reload"]


def test_a_broken_settings_file_shows_why_and_recovers(served: Served) -> None:
    settings = served.root / "hcsync.yml"
    good = settings.read_text(encoding="utf-8")
    settings.write_text("languages: [\n", encoding="utf-8")
    served.live.reload()
    answer = served.http.get("/guides/one.html")
    assert answer.status_code == 503 and "not valid YAML" in answer.text
    settings.write_text(good, encoding="utf-8")
    served.live.reload()
    assert served.http.get("/guides/one.html").status_code == 200


def test_the_command_serves_until_ctrl_c(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "tree", TREE)
    server = subprocess.Popen(
        [sys.executable, "-m", "hcsync.cli", "preview", str(root), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stderr is not None
    try:
        found = re.search(r"at (http://127\.0\.0\.1:\d+/)", server.stderr.readline())
        assert found is not None
        assert "Guides" in httpx.get(found.group(1), timeout=10).text
        server.send_signal(signal.SIGINT)
        assert server.wait(10) == 0
        assert "Preview stopped" in server.stderr.read()
    finally:
        server.kill()
        server.wait()


def test_a_port_in_use_is_one_line_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path / "tree", TREE)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = run(capsys, "preview", str(root), "--port", port)
    assert result.code == 1
    assert result.err.strip().count("\n") == 0
    assert f"--port {port}: cannot listen there" in result.err and "--port 0" in result.err


def test_a_page_of_another_site_cannot_read_the_preview(served: Served) -> None:
    """DNS rebinding: another name pointed at 127.0.0.1 is refused; loopback names serve."""
    rebound = served.http.get("/guides/one.html", headers={"Host": "attacker.example:80"})
    assert rebound.status_code == 421 and "Guides" not in rebound.text
    assert served.http.get("/", headers={"Host": "localhost"}).status_code == 200
