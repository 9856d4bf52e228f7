"""Every curl example of the seeds (both halves) works against the emulator."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hcsync.api import HelpCenterClient
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.inbox_samples import SEED_CONVERSATION, SEED_MESSAGE
from tests.conftest import TEST_CONFIG, make_client
from tests.contract.conftest import BOB

EXAMPLES = Path(__file__).with_name("seed_curl_examples.txt")
CONVERSATION_EXAMPLES = Path(__file__).with_name("seed_curl_examples_conversations.txt")
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def examples(path: Path = EXAMPLES) -> list[str]:
    lines = path.read_text().splitlines()
    text = "\n".join(line for line in lines if not line.startswith("#"))
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
    run_all(examples(), replacements)
    assert client.get_translation(article.id, "de").title == "Translated Title"
    assert client.count_drafts() == 3


def run_all(commands: list[str], replacements: dict[str, str]) -> None:
    for example in commands:
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


def test_there_are_fifteen_conversation_examples() -> None:
    assert len(examples(CONVERSATION_EXAMPLES)) == 15


def test_each_conversation_example_succeeds_on_the_demo_samples(
    control: EmulatorControl, emulator_url: str
) -> None:
    """The demo center's samples carry the seeds' own ids (message, Message-ID, user)."""
    demo = TEST_CONFIG["centers"][0] | {"sample_conversations": True}
    control.reset(TEST_CONFIG | {"centers": [demo, *TEST_CONFIG["centers"][1:]]})
    replacements = {
        "https://api.help.center": emulator_url,
        "$HC_API_KEY": "demo-key",
        "$HC_CENTER_ID": "demo",
        "CONVERSATION_ID": SEED_CONVERSATION,
        "CONV_ID": SEED_CONVERSATION,
        "MESSAGE_ID": SEED_MESSAGE,
        "USER_ID": BOB,
    }
    run_all(examples(CONVERSATION_EXAMPLES), replacements)
    with make_client(emulator_url) as client:
        thread = client.get_conversation(SEED_CONVERSATION)
    assert [e["html"] for e in control.outbox("reply")] == [
        "<p>Hi Jane,</p><p>Thanks for reaching out...</p>"
    ] * 2  # the draft sent, then the direct reply
    assert thread.draft is None and thread.status.value == "pending"
    assert thread.assignee is not None and thread.assignee.id == BOB
    assert [u.name for u in thread.discussion[0].mentions or ()] == ["Alice Wong"]
    assert len(thread.discussion) == 3
