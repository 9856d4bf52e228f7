"""Driving a running emulator's control API (/_emulator/) from tests and benchmarks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

MUTATING = frozenset({"POST", "PATCH", "PUT", "DELETE"})


class EmulatorControl:
    def __init__(self, url: str) -> None:
        self.url = url
        # The control API takes JSON only (a cross-site form cannot send it).
        headers = {"Content-Type": "application/json"}
        self._http = httpx.Client(base_url=f"{url}/_emulator", timeout=10, headers=headers)

    def reset(self, config: Mapping[str, Any] | None = None) -> None:
        self._http.post("/reset", json=config).raise_for_status()

    def journal(self) -> list[dict[str, Any]]:
        response = self._http.get("/journal")
        response.raise_for_status()
        entries: list[dict[str, Any]] = response.json()["entries"]
        return entries

    def mutations(self, since: int = 0) -> list[dict[str, Any]]:
        """Journal entries from position `since` on that could change state."""
        return [e for e in self.journal()[since:] if e["method"] in MUTATING]

    def add_fault(self, **fault: Any) -> None:
        self._http.post("/faults", json=fault).raise_for_status()

    def clear_faults(self) -> None:
        self._http.delete("/faults").raise_for_status()

    def inbound(self, **message: Any) -> dict[str, Any]:
        """Simulate a message arriving; `from_` is sent as `from`. Answers the ids."""
        if "from_" in message:
            message["from"] = message.pop("from_")
        response = self._http.post("/inbound", json=message)
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        return answer

    def outbox(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every email the API sent, oldest first (`kind`: reply or mention)."""
        response = self._http.get("/outbox", params={"kind": kind} if kind else None)
        response.raise_for_status()
        emails: list[dict[str, Any]] = response.json()["emails"]
        return emails

    def close(self) -> None:
        self._http.close()
