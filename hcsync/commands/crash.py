"""The crash log: what an unexpected error leaves for a bug report, as pre-commit does it.

One file, rewritten at each crash, in the user's cache folder (never in the content
tree): versions, the command line and the traceback, with the API key taken out.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import traceback
from importlib import metadata
from pathlib import Path

from hcsync import __version__

DEPENDENCIES = (
    "httpx",
    "click",
    "pyyaml",
    "python-frontmatter",
    "markdown-it-py",
    "mdit-py-plugins",
    "beautifulsoup4",
    "markdownify",
)
BEARER = re.compile(r"(?i)(bearer\s+)\S+")
USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/\s@]+@")  # https://user:pass@host


def crash_log_path() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "hcsync" / "crash.log"


def redact(text: str) -> str:
    """The key out of any text: its value wherever it stands, any bearer token, and the
    credentials of a URL (`HC_API_URL` may hold `user:password@`)."""
    key = os.environ.get("HC_API_KEY", "")
    if len(key) >= 4:
        text = text.replace(key, "***")
    return USERINFO.sub(r"\1***@", BEARER.sub(r"\1***", text))


def write_crash_log(exc: BaseException, argv: list[str]) -> Path:
    """Write the log; raises OSError when the cache folder cannot be written."""
    path = crash_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(redact(_report(exc, argv)), encoding="utf-8")
    return path


def _report(exc: BaseException, argv: list[str]) -> str:
    lines = [
        "### hcsync crash log",
        f"hcsync: {__version__}",
        f"python: {sys.version.split()[0]} ({sys.executable})",
        f"platform: {platform.platform()}",
        f"command: hcsync {' '.join(argv)}",
        *(f"{name}: {_version(name)}" for name in DEPENDENCIES),
        "",
        "### traceback",
        "".join(traceback.format_exception(exc)),
    ]
    return "\n".join(lines)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"
