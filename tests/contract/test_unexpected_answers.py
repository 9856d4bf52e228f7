"""Broken or hostile answers: one `UnexpectedAnswer` naming the endpoint, within bounds.

The emulator's `answer` fault plays the server (a body, sent in pieces, slowly if
asked); each case must end in one line that says which endpoint answered what, never
a traceback, never a hang, never an answer read whole into memory.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hcsync.api import HelpCenterClient, UnexpectedAnswer
from hcsync.api.settings import ApiSettings, Secret
from hcsync.emulator.control_client import EmulatorControl
from tests.helpers import run

DRAFTS = "/v0/centers/*/articles/drafts"
DRAFT = {"id": "a1", "title": "T", "status": "unpublished"}


def _page(*items: Any, has_more: bool = False) -> str:
    return json.dumps({"object": "list", "data": list(items), "has_more": has_more})


DEEP = "<div>" * 100_000 + "x" + "</div>" * 100_000
CASES: dict[str, tuple[dict[str, Any], str]] = {
    "a list, not an object": ({"body": "[1, 2]"}, "wrong shape"),
    "data not a list": ({"body": '{"data": {"id": "a1"}}'}, "wrong shape"),
    "an item not an object": ({"body": _page("a1")}, "wrong shape"),
    "an id that is a number": ({"body": _page({**DRAFT, "id": 7})}, "wrong shape"),
    "a title that is a list": ({"body": _page({**DRAFT, "title": ["T"]})}, "wrong shape"),
    "missing id": ({"body": _page({"title": "T", "status": "published"})}, "missing field"),
    "unknown status": ({"body": _page({**DRAFT, "status": "archived"})}, "unknown value"),
    "204 where a list is due": ({"status": 204}, "wrong shape"),
    "not JSON": ({"body": "<html>oops</html>", "content_type": "text/html"}, "not JSON"),
    "invalid UTF-8": ({"body_hex": "7b2264617461223a205b5d2c20ff7d"}, "not UTF-8"),
    "JSON nested 100,000 deep": ({"body": "[" * 100_000 + "]" * 100_000}, "nested too deeply"),
    "HTML nested 100,000 deep": (
        {"body": _page({**DRAFT, "content": {"html": DEEP, "text": "x"}})},
        "HTML nested deeper",
    ),
    "a cursor that repeats": ({"body": _page(DRAFT, has_more=True), "times": 99}, "cursor repeats"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_broken_list_answer_is_one_error_naming_the_endpoint(
    client: HelpCenterClient, control: EmulatorControl, case: str
) -> None:
    fault, what = CASES[case]
    control.add_fault(method="GET", path=DRAFTS, action="answer", **{"status": 200} | fault)
    started = time.monotonic()
    with pytest.raises(UnexpectedAnswer) as caught:
        list(client.list_drafts(content=True))
    assert time.monotonic() - started < 30
    message = str(caught.value)
    assert "GET /v0/centers/demo/articles/drafts" in message and what in message
    assert "\n" not in message


def test_an_extra_field_is_ignored(client: HelpCenterClient, control: EmulatorControl) -> None:
    body = _page({**DRAFT, "colour": "blue", "status": "published"})
    control.add_fault(method="GET", path=DRAFTS, action="answer", status=200, body=body)
    assert [d.id for d in client.list_drafts()] == ["a1"]


def test_a_slow_answer_is_given_up_in_bounded_time(
    client: HelpCenterClient, control: EmulatorControl
) -> None:
    client.answer_seconds = 1.0  # a trickle: each piece well within the read timeout
    control.add_fault(
        method="GET", path=DRAFTS, action="answer", status=200, body=" ", repeat=50, drip_ms=200
    )
    started = time.monotonic()
    with pytest.raises(UnexpectedAnswer, match="still arriving after 1 s"):
        list(client.list_drafts())
    assert time.monotonic() - started < 5


def test_a_huge_answer_is_refused_without_reading_it_whole(
    client: HelpCenterClient, control: EmulatorControl
) -> None:
    client.max_answer_bytes = 2**20
    chunk = " " * 65_536
    control.add_fault(
        method="GET", path=DRAFTS, action="answer", status=200, body=chunk, repeat=10_000
    )  # 655 MB if read whole
    with pytest.raises(UnexpectedAnswer, match="larger than 1 MB"):
        list(client.list_drafts())


@pytest.fixture
def endless() -> Iterator[HelpCenterClient]:
    """A server whose drafts list always has more, each page with new ids."""
    pages = iter(range(10**9))

    def answer(request: httpx.Request) -> httpx.Response:
        n = next(pages)
        return httpx.Response(200, json={"data": [DRAFT | {"id": f"a{n}"}], "has_more": True})

    settings = ApiSettings(api_url="http://127.0.0.1:9", center_id="demo", api_key=Secret("k"))
    client = HelpCenterClient(settings, transport=httpx.MockTransport(answer))
    client.max_pages = 5
    yield client
    client.close()


def test_an_endless_has_more_stops_at_the_page_bound(endless: HelpCenterClient) -> None:
    with pytest.raises(UnexpectedAnswer, match="has_more still true after 5 pages"):
        list(endless.list_drafts())
    assert endless.requests_sent == 5


@pytest.mark.parametrize("case", list(CASES))
def test_the_cli_says_one_line_and_exits_1(
    control: EmulatorControl,
    emulator_url: str,
    tmp_path: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    case: str,
) -> None:
    monkeypatch.setenv("HC_API_URL", emulator_url)
    monkeypatch.setenv("HC_CENTER_ID", "demo")
    monkeypatch.setenv("HC_API_KEY", "demo-key")
    (tmp_path / "hcsync.yml").write_text("center_id: demo\n")
    fault, what = CASES[case]
    control.add_fault(method="GET", path=DRAFTS, action="answer", **{"status": 200} | fault)
    started = time.monotonic()
    result = run(capsys, "plan", str(tmp_path))
    assert time.monotonic() - started < 30
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1 and "articles/drafts" in lines[0] and what in lines[0], result.err
    assert "Traceback" not in result.err and "demo-key" not in result.err
