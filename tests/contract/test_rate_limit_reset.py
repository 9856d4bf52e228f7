"""`X-RateLimit-Reset` in every format a server may use, through the client, against a
small loopback server that refuses (429) as told and then answers; and the round trip
the pacer sees."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hcsync.api import ApiSettings, HelpCenterClient, Secret, StillRateLimited
from hcsync.api.pacing import MAX_WAIT, RateLimiter
from tests.conftest import FAST_RETRY

# How a server may name a reset `seconds` from now.
Format = Callable[[float], str]
FORMATS: dict[str, Format] = {
    "unix-seconds": lambda s: str(round(time.time() + s)),
    "unix-milliseconds": lambda s: str(round((time.time() + s) * 1000)),
    "seconds-to-wait": lambda s: str(round(s)),
    "http-date": lambda s: formatdate(time.time() + s, usegmt=True),
}


class RefusingServer:
    """Answers GET /v0/centers/demo: `refusals` times 429 (reset `ahead` s away), then 200;
    each body `slow_body` seconds after its headers."""

    def __init__(self, reset: Format, ahead: float, refusals: int, slow_body: float = 0) -> None:
        self.reset, self.ahead, self.refusals = reset, ahead, refusals
        self.slow_body = slow_body
        self.statuses: list[int] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                refuse = len(server.statuses) < server.refusals
                status = 429 if refuse else 200
                server.statuses.append(status)
                body = (
                    {
                        "error": {
                            "type": "rate_limit_error",
                            "code": "rate_limited",
                            "message": "Slow",
                        }
                    }
                    if refuse
                    else {"id": "demo", "name": "Demo"}
                )
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-RateLimit-Limit", "100")
                self.send_header("X-RateLimit-Remaining", "0" if refuse else "99")
                self.send_header("X-RateLimit-Reset", server.reset(server.ahead))
                self.end_headers()
                self.wfile.flush()
                time.sleep(server.slow_body)
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"

    def __enter__(self) -> RefusingServer:
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def waits() -> list[float]:
    return []


class FakeTime:
    """Clocks that move only when the client sleeps; each sleep is recorded."""

    def __init__(self, waits: list[float]) -> None:
        self.waits, self.slept = waits, 0.0

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.slept += seconds

    def monotonic(self) -> float:
        return time.monotonic() + self.slept

    def wall(self) -> float:
        return time.time() + self.slept


def client_for(url: str, waits: list[float]) -> HelpCenterClient:
    """A client whose waits are recorded, not slept."""
    fake = FakeTime(waits)
    limiter = RateLimiter(clock=fake.monotonic, sleep=fake.sleep, wall=fake.wall)
    settings = ApiSettings(api_url=url, center_id="demo", api_key=Secret("demo-key"))
    return HelpCenterClient(settings, retry=FAST_RETRY, sleep=fake.sleep, limiter=limiter)


def reset_waits(waits: list[float]) -> list[float]:
    """The waits for a reset (the pacer's few-millisecond waits left out)."""
    return [w for w in waits if w > 1]


@pytest.mark.parametrize("name", list(FORMATS))
def test_refused_twice_the_client_waits_until_the_reset_whatever_its_format(
    name: str, waits: list[float]
) -> None:
    # The first refusal waits one token (0.6 s at 100/minute): a token bucket has one
    # by then. Refused again, the client waits for the reset the server named.
    with (
        RefusingServer(FORMATS[name], ahead=30, refusals=2) as server,
        client_for(server.url, waits) as client,
    ):
        assert client.get_center().id == "demo"
    assert server.statuses == [429, 429, 200]
    # abs=3: the server names a wall-clock instant (a date: whole seconds), and a loaded
    # machine may take a second or two between its answer and the client reading it
    assert reset_waits(waits) == [pytest.approx(30, abs=3)]
    assert 0.6 <= sum(w for w in waits if w <= 1) <= 1.0


@pytest.mark.parametrize("name", list(FORMATS))
def test_no_single_wait_is_longer_than_the_cap(name: str, waits: list[float]) -> None:
    ten_years = 10 * 365 * 86400.0
    with (
        RefusingServer(FORMATS[name], ahead=ten_years, refusals=2) as server,
        client_for(server.url, waits) as client,
    ):
        assert client.get_center().id == "demo"
    assert max(waits) == pytest.approx(MAX_WAIT)


def test_a_server_that_keeps_refusing_is_one_clear_error(waits: list[float]) -> None:
    with (
        RefusingServer(FORMATS["seconds-to-wait"], ahead=5, refusals=1000) as server,
        client_for(server.url, waits) as client,
        pytest.raises(StillRateLimited) as error,
    ):
        client.get_center()
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("GET /v0/centers/demo: 429 rate_limited: still refused after")
    assert "demo-key" not in message
    assert len(server.statuses) == FAST_RETRY.max_rate_limit_waits + 1
    assert sum(waits) <= FAST_RETRY.max_rate_limit_waits * (MAX_WAIT + 0.1)


def test_an_unreadable_reset_waits_for_the_next_token_only(waits: list[float]) -> None:
    with (
        RefusingServer(lambda _: "whenever", ahead=0, refusals=1) as server,
        client_for(server.url, waits) as client,
    ):
        assert client.get_center().id == "demo"
    assert server.statuses == [429, 200]
    assert 0 < sum(waits) <= 1.0  # one token at 100/minute (0.6 s), not a made-up minute


def test_the_pacer_times_a_round_trip_to_the_answers_headers_not_its_body(
    waits: list[float],
) -> None:
    # A body slow to read is no sign that the request reached the server late: counted,
    # a tight bucket's next request would wait for it.
    with (
        RefusingServer(FORMATS["seconds-to-wait"], ahead=0, refusals=0, slow_body=0.3) as server,
        client_for(server.url, waits) as client,
    ):
        assert client.get_center().id == "demo"
        assert client.limiter.bucket.round_trips[-1] < 0.2
