"""Every curl example of the seeds' knowledge-base half works against the emulator."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hcsync.api import HelpCenterClient

EXAMPLES = Path(__file__).with_name("seed_curl_examples.txt")
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def examples() -> list[str]:
    text = "\n".join(line for line in EXAMPLES.read_text().splitlines() if not line.startswith("#"))
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def test_there_are_nineteen_examples() -> None:
    assert len(examples()) == 19


def test_each_example_succeeds_in_order(
    client: HelpCenterClient, emulator_url: str, tmp_path: Path
) -> None:
    if subprocess.run(["which", "curl"], capture_output=True).returncode != 0:
        pytest.fail("curl is needed for this test: apt-get install curl")
    category = client.create_category("Getting Started")[0].id
    article = client.create_article("Welcome", html="<p>getting started</p>", category_id=category)
    client.publish(article.id)
    image = tmp_path / "image.jpg"
    image.write_bytes(JPEG)
    replacements = {
        "https://api.help.center": emulator_url,
        "YOUR_API_KEY": "demo-key",
        "$HC_API_KEY": "demo-key",
        "YOUR_CENTER_ID": "demo",
        "$HC_CENTER_ID": "demo",
        "ARTICLE_ID": article.id,
        '"getting-started"': f'"{category}"',
        "CATEGORY_ID": category,
        "CAT_ID": category,
        "SEARCH_TERM": "welcome",
        "LANGUAGE": "de",
        "/path/to/image.jpg": str(image),
    }
    for example in examples():
        command = example
        for old, new in replacements.items():
            command = command.replace(old, new)
        result = subprocess.run(
            ["bash", "-c", command + " -s -o /dev/null -w '%{http_code}'"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.stdout in {"200", "201", "204"}, (example, result.stdout, result.stderr)
    assert client.get_translation(article.id, "de").title == "Translated Title"
    assert client.count_drafts() == 3
