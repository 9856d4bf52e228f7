"""Everything one running emulator holds, shared by the routes through `app.state`."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request

from hcsync.emulator.behaviour import SlugBook
from hcsync.emulator.config import CenterConfig, EmulatorConfig, KeyConfig
from hcsync.emulator.errors import ApiError
from hcsync.emulator.faults import FaultSet, Journal
from hcsync.emulator.ratelimit import RateLimiter
from hcsync.emulator.store import Store


@dataclass
class EmulatorState:
    config: EmulatorConfig
    store: Store
    limiter: RateLimiter
    faults: FaultSet = field(default_factory=FaultSet)
    journal: Journal = field(default_factory=Journal)
    slugs: SlugBook = field(default_factory=SlugBook)

    def reconfigure(self, config: EmulatorConfig) -> None:
        self.config = config
        self.limiter = RateLimiter(config.rate_limit, reset=config.server.rate_reset)


def state_of(request: Request) -> EmulatorState:
    state: EmulatorState = request.app.state.emulator
    return state


def bearer_token(authorization: str) -> str:
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def authorize(request: Request, scope: str) -> CenterConfig:
    """The center this request may act on with `scope`, or the API's error."""
    config = state_of(request).config
    key = _key(request, config)
    center_id = request.path_params["center_id"]
    center = config.center(center_id)
    if center is None or key.center != center_id:
        raise ApiError(404, "not_found", f"Center '{center_id}' not found")
    if center.blocked:
        raise ApiError(403, "center_blocked", "This center is blocked")
    if scope not in key.scopes:
        raise ApiError(403, "insufficient_scope", f"You do not have the '{scope}' scope")
    return center


def _key(request: Request, config: EmulatorConfig) -> KeyConfig:
    token = bearer_token(request.headers.get("authorization", ""))
    if not token:
        raise ApiError(401, "invalid_api_key", "No API key provided: send Authorization: Bearer")
    key = config.key(token)
    if key is None:
        raise ApiError(401, "invalid_api_key", "Invalid API key provided")
    return key
