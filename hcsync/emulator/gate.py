"""The gate in front of /v0: journal, injected faults, rate limit, commit, and the
answers of writes the documentation shows none for (`server.writes`, behaviour.py);
and in front of the control API (/_emulator/): loopback callers only.

A raw ASGI middleware, because dropping a connection on purpose needs control
of the response stream that higher-level middleware does not give.

The control API resets state (and wipes a `--db` file), so a web page open in the
same browser must not reach it: a cross-site form or `fetch` can POST only
`text/plain`, form or multipart bodies without a preflight, and a DNS-rebound page
sends its own host name. So a control request needs a loopback `Host`, and a
changing one `Content-Type: application/json`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import MutableMapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hcsync.emulator.behaviour import Writes, rewritten, undocumented_write
from hcsync.emulator.errors import error_response
from hcsync.emulator.faults import Fault, JournalEntry
from hcsync.emulator.state import EmulatorState, bearer_token
from hcsync.hosts import is_loopback

_DROP_LOG = "ASGI callable returned without completing response."


class _QuietDrops(logging.Filter):
    """uvicorn logs every deliberately dropped response as an error; hide those."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != _DROP_LOG


logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


CONTROL = "/_emulator/"
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


def control_refusal(scope: Scope) -> tuple[int, str, str] | None:
    """(status, code, message) refusing a control request from outside loopback."""
    headers = dict(scope["headers"])
    host = _host_name(headers.get(b"host", b"").decode("latin-1"))
    if not is_loopback(host):
        return 403, "control_not_local", "The control API answers only a loopback Host"
    kind = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
    if scope["method"] not in _READS and kind != "application/json":
        return 415, "control_needs_json", "The control API takes Content-Type: application/json"
    return None


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[1:].split("]")[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Gate:
    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(CONTROL):
            refused = control_refusal(scope)
            if refused is not None:
                await error_response(*refused)(scope, receive, send)
                return
        if scope["type"] != "http" or not scope["path"].startswith("/v0"):
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        entry = self.state.journal.start(method, path, scope["query_string"].decode("latin-1"))
        fault = self.state.faults.pick(method, path)
        if fault is not None:
            entry.fault = fault.action
            if fault.latency_ms:
                # Read the request first: a client that dies during the wait has still sent
                # it, so the change happens and only the answer is lost, as on a real server.
                buffered = await _buffered(receive)
                if buffered is None:
                    return  # the client left before its request was complete: nothing to do
                receive = buffered
            await asyncio.sleep(fault.latency_ms / 1000)
        allowed, rate_headers = self._rate(scope)
        if not allowed:
            await self._reply(scope, receive, send, entry, 429, "rate_limited", rate_headers)
        elif fault is not None and fault.action == "status":
            await self._reply(scope, receive, send, entry, fault.status, fault.code, rate_headers)
        elif fault is not None and fault.action == "drop_before":
            await _drop(send)
        elif fault is not None and fault.action == "answer":
            await _answer(send, entry, fault)
        else:
            await self._serve(scope, receive, send, entry, fault, rate_headers)

    def _rate(self, scope: Scope) -> tuple[bool, dict[str, str]]:
        headers = dict(scope["headers"])
        token = bearer_token(headers.get(b"authorization", b"").decode("latin-1"))
        if self.state.config.key(token) is None:
            return True, {}  # the route answers 401; unknown keys have no bucket
        return self.state.limiter.take(token)

    async def _serve(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        entry: JournalEntry,
        fault: Fault | None,
        rate_headers: dict[str, str],
    ) -> None:
        dropping = fault is not None and fault.action == "drop_after"
        writes = self.state.config.server.writes
        if writes is not Writes.RESOURCE and undocumented_write(scope["method"], scope["path"]):
            send = _answering(send, writes)

        async def send_through(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                _add_headers(message, rate_headers)
            if not dropping:
                await send(message)

        try:
            await self.app(scope, receive, send_through)
        finally:
            self.state.store.commit()
        if dropping:
            await _drop(send)

    async def _reply(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        entry: JournalEntry,
        status: int,
        code: str,
        rate_headers: dict[str, str],
    ) -> None:
        message = (
            "Too many requests: wait until X-RateLimit-Reset"
            if status == 429
            else f"Injected fault: {status}"
        )
        response = error_response(status, code, message)
        response.headers.update(rate_headers)
        entry.status = status
        await response(scope, receive, send)


def _add_headers(message: MutableMapping[str, Any], headers: dict[str, str]) -> None:
    extra = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    message["headers"] = [*message.get("headers", []), *extra]


async def _buffered(receive: Receive) -> Receive | None:
    """The whole request body, read now and handed on as one message (None: client gone)."""
    body, more = b"", True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            return None
        body += message.get("body", b"")
        more = message.get("more_body", False)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _answering(send: Send, writes: Writes) -> Send:
    """`send`, with a success answer replaced by what this server answers instead."""
    start: MutableMapping[str, Any] = {}
    body = b""

    async def rewrite(message: Message) -> None:
        nonlocal body
        if message["type"] == "http.response.start":
            start.update(message)
            return
        body += message.get("body", b"")
        if message.get("more_body", False):
            return
        status = start["status"]
        if 200 <= status < 300:
            status, body = rewritten(writes, body)
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        if not body:
            headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return rewrite


async def _answer(send: Send, entry: JournalEntry, fault: Fault) -> None:
    """Answer what the fault says, byte for byte, in pieces `latency_ms` apart (a slow or
    hostile server); nothing is changed."""
    entry.status = fault.status
    headers = [(b"content-type", fault.content_type.encode())]
    if fault.repeat <= 1:
        headers.append((b"content-length", str(len(fault.body_bytes)).encode()))
    await send({"type": "http.response.start", "status": fault.status, "headers": headers})
    for _ in range(max(1, fault.repeat)):
        await send({"type": "http.response.body", "body": fault.body_bytes, "more_body": True})
        if fault.drip_ms:
            await asyncio.sleep(fault.drip_ms / 1000)
    await send({"type": "http.response.body", "body": b""})


async def _drop(send: Send) -> None:
    """Start a response and stop half-way: uvicorn then closes the connection."""
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]}
    )
    await send({"type": "http.response.body", "body": b"", "more_body": True})
