"""The README's conversations example runs as is against a fresh `hcsync emulator`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from hcsync.emulator.config import DEMO
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer

README = (Path(__file__).resolve().parents[2] / "docs" / "client.md").read_text()


def example() -> str:
    section = README.split("# The conversations client", 1)[1].split("\n# ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 1
    return str(blocks[0])


def test_the_readme_example_reads_drafts_previews_and_sends_once() -> None:
    with BackgroundServer(DEMO) as url:
        env = os.environ | {"HC_API_URL": url, "HC_CENTER_ID": "demo", "HC_API_KEY": "demo-key"}
        result = subprocess.run(
            [sys.executable, "-c", example()], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert "Re : Re: Issue with checkout" in result.stdout
        control = EmulatorControl(url)
        [reply] = control.outbox("reply")
        assert reply["to"] == [{"name": "Jane Doe", "address": "jane@example.com"}]
        assert reply["html"] == "<p>Hi Jane, your refund is on its way.</p>"
        assert [e["to"][0]["address"] for e in control.outbox("mention")] == [
            "alice@demo.help.center"
        ]
