"""The `inbox` fixture: conversations made by mail arriving, raw HTTP, the outbox."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.inbox_config import DEMO_USERS

ALICE, BOB, SMITH = (u.id for u in DEMO_USERS)
JANE = {"name": "Jane Doe", "address": "jane@example.com"}
SUPPORT = {"name": "Demo Support", "address": "help@demo.example"}


class Inbox:
    """The demo center's inbox over real HTTP: API calls, inbound mail, outbox."""

    def __init__(self, url: str, control: EmulatorControl) -> None:
        self.url, self.control = url, control

    def call(
        self, method: str, path: str, key: str = "demo-key", center: str = "demo", **kw: Any
    ) -> httpx.Response:
        """`path` is under /v0/centers/<center>, e.g. "/conversations"."""
        headers = {"Authorization": f"Bearer {key}"}
        url = f"{self.url}/v0/centers/{center}{path}"
        return httpx.request(method, url, headers=headers, timeout=10, **kw)

    def ok(self, method: str, path: str, **kw: Any) -> Any:
        response = self.call(method, path, **kw)
        assert response.status_code == 200, response.text
        return response.json()

    def mail(self, **fields: Any) -> tuple[str, str]:
        """An email from Jane (unless `from_` says otherwise): (conversation id, message id)."""
        message = {"center_id": "demo", "from_": JANE, "subject": "Help", "html": "<p>Hi</p>"}
        answer = self.control.inbound(**(message | fields))
        return answer["conversation"]["id"], answer["message"]["id"]

    def chat(self, channel: str = "widget", **fields: Any) -> str:
        """A widget or website conversation (no email envelope); its id."""
        message = {"center_id": "demo", "channel": channel, "from_": {"name": "Visitor"}}
        return str(self.control.inbound(**(message | fields))["conversation"]["id"])

    def conversation(self, conversation_id: str) -> Any:
        return self.ok("GET", f"/conversations/{conversation_id}")

    def emails(self, kind: str = "reply") -> list[dict[str, Any]]:
        return self.control.outbox(kind)


def assert_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


@pytest.fixture
def inbox(emulator_url: str, control: EmulatorControl) -> Inbox:
    return Inbox(emulator_url, control)
