"""Building real content trees in tmp_path and running the real CLI on them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple, TypeVar

import pytest

from hcsync.cli import main

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CONFIG = "default_language: en\nlanguages: [de, fr]\n"


class Result(NamedTuple):
    code: int
    out: str
    err: str


def make_tree(root: Path, files: Mapping[str, str | bytes], config: str | None = CONFIG) -> Path:
    if config is not None:
        files = {"hcsync.yml": config, **files}
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def article(title: str = "A title", body: str = "Body.\n", **meta: str) -> str:
    lines = [f"title: {title}"] if title else []
    lines += [f"{k}: {v}" for k, v in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    code = main(list(argv))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


T = TypeVar("T")


def answered(value: T | None) -> T:
    """A write's answer, which the emulator gives (hcsync itself never relies on one)."""
    assert value is not None, "the server answered no resource"
    return value
