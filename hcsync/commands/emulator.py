"""`hcsync emulator`: load the config, say what is served, run uvicorn."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hcsync import output
from hcsync.errors import FatalError


def run_emulator(
    host: str,
    port: int,
    db: Path | None,
    config_file: Path | None,
    rate_limit_off: bool,
    profile: str | None = None,
) -> None:
    try:
        from hcsync.emulator.config import DEMO, ConfigInvalid, Profile, RateLimit, load_config
        from hcsync.emulator.server import serve
    except ImportError as exc:
        raise FatalError(
            f"the emulator needs its extra ({exc.name} is missing): pip install 'hcsync[emulator]'"
        ) from None
    try:
        config = load_config(config_file) if config_file else DEMO
    except ConfigInvalid as exc:
        raise FatalError(f"{exc}; fix the file or leave out --config") from None
    if rate_limit_off:
        config = replace(config, rate_limit=RateLimit(enabled=False))
    if profile is not None:
        config = replace(config, profile=Profile(profile))
    url = f"http://{host}:{port}"
    if host not in ("127.0.0.1", "localhost", "::1"):
        output.warn(
            f"--host {host} exposes the emulator beyond this machine: anyone who reaches it "
            "can use its keys and reset it; use --host 127.0.0.1 unless that is a sandbox"
        )
    where = f"SQLite {db}" if db else "in memory"
    output.info(f"hcsync emulator serving {url} ({where}, profile {config.profile})")
    for center in config.centers:
        languages = ", ".join(center.additional_languages) or "none"
        output.info(
            f"  center {center.id!r}: {center.domain}, default {center.default_language}, "
            f"additional {languages}"
        )
    for key in config.keys:
        output.info(f"  key for {key.center!r}: {key.key} ({len(key.scopes)} scopes)")
    if config.keys:
        first = config.keys[0]
        output.info(f"  export HC_API_URL={url} HC_CENTER_ID={first.center} HC_API_KEY={first.key}")
    serve(config, host, port, db)
