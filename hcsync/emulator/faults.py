"""Faults injected through the control API, and the request journal.

A fault matches requests by method and path pattern (shell-style, `*` matches
within and across segments) and fires on the n-th matching call, `times` times:

    {"method": "POST", "path": "/v0/centers/*/articles", "nth": 1, "times": 1,
     "action": "status", "status": 500}

Actions: `status` answers with that status and an error body (nothing is changed);
`latency` waits `latency_ms` and then serves normally; `drop_before` drops the
connection without changing anything; `drop_after` makes the change and then drops
the connection, so the client never learns that it succeeded; `answer` answers `status`
with `body` (text, or `body_hex` for bytes that are not UTF-8) sent `repeat` times,
`drip_ms` apart — a broken, hostile, huge or slow answer — and changes nothing.
"""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

ACTIONS = ("status", "latency", "drop_before", "drop_after", "answer")


@dataclass
class Fault:
    path: str
    action: str
    method: str = "*"
    nth: int = 1
    times: int = 1
    status: int = 500
    code: str = "injected_fault"
    latency_ms: int = 0
    body: str = ""
    body_hex: str = ""
    content_type: str = "application/json"
    repeat: int = 1
    drip_ms: int = 0
    seen: int = field(default=0)
    fired: int = field(default=0)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Fault:
        action = data.get("action", "status")
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {', '.join(ACTIONS)}")
        return cls(
            path=str(data["path"]),
            action=action,
            method=str(data.get("method", "*")).upper(),
            nth=int(data.get("nth", 1)),
            times=int(data.get("times", 1)),
            status=int(data.get("status", 500)),
            code=str(data.get("code", "injected_fault")),
            latency_ms=int(data.get("latency_ms", 0)),
            body=str(data.get("body", "")),
            body_hex=str(data.get("body_hex", "")),
            content_type=str(data.get("content_type", "application/json")),
            repeat=int(data.get("repeat", 1)),
            drip_ms=int(data.get("drip_ms", 0)),
        )

    @property
    def body_bytes(self) -> bytes:
        return bytes.fromhex(self.body_hex) if self.body_hex else self.body.encode()

    def matches(self, method: str, path: str) -> bool:
        return self.method in ("*", method) and fnmatch.fnmatchcase(path, self.path)


class FaultSet:
    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self.faults.append(fault)

    def clear(self) -> None:
        self.faults.clear()

    def pick(self, method: str, path: str) -> Fault | None:
        """The fault that fires for this request, if any (counting the match)."""
        chosen = None
        for fault in self.faults:
            if not fault.matches(method, path):
                continue
            fault.seen += 1
            due = fault.seen >= fault.nth and fault.fired < fault.times
            if due and chosen is None:
                fault.fired += 1
                chosen = fault
        return chosen

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.faults]


@dataclass
class JournalEntry:
    method: str
    path: str
    query: str
    status: int | None = None
    fault: str | None = None
    at: float = 0.0  # Unix time when it arrived (its rate-limit token is taken just after)
    answered_at: float | None = None  # when its answer started


class Journal:
    def __init__(self) -> None:
        self.entries: list[JournalEntry] = []

    def start(self, method: str, path: str, query: str) -> JournalEntry:
        entry = JournalEntry(method, path, query, at=time.time())
        self.entries.append(entry)
        return entry

    def clear(self) -> None:
        self.entries.clear()

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(e) for e in self.entries]
