"""The control API under /_emulator/: reset, journal, faults. Never under /v0."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from hcsync.emulator.config import ConfigInvalid, config_from_mapping
from hcsync.emulator.errors import invalid
from hcsync.emulator.faults import Fault
from hcsync.emulator.inbox_samples import seed_samples
from hcsync.emulator.state import state_of


async def reset(request: Request) -> JSONResponse:
    """Forget all content, the journal and the faults; optionally take a new config."""
    state = state_of(request)
    raw = await request.body()
    if raw.strip():
        try:
            state.reconfigure(config_from_mapping(await request.json(), "reset body"))
        except (ConfigInvalid, ValueError) as exc:
            raise invalid("invalid_config", str(exc)) from None
    state.store.clear()
    state.journal.clear()
    state.slugs.clear()
    state.faults.clear()
    state.limiter.clear()
    for center in state.config.centers:
        seed_samples(state.store, center)
    return JSONResponse({"ok": True})


async def journal(request: Request) -> JSONResponse:
    return JSONResponse({"entries": state_of(request).journal.to_json()})


async def list_faults(request: Request) -> JSONResponse:
    return JSONResponse({"faults": state_of(request).faults.to_json()})


async def add_fault(request: Request) -> JSONResponse:
    try:
        fault = Fault.from_json(await request.json())
    except (KeyError, TypeError, ValueError) as exc:
        raise invalid("invalid_fault", f"Bad fault: {exc}") from None
    state_of(request).faults.add(fault)
    return JSONResponse({"faults": state_of(request).faults.to_json()}, status_code=201)


async def clear_faults(request: Request) -> JSONResponse:
    state_of(request).faults.clear()
    return JSONResponse({"faults": []})


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})
