"""A copy of a content tree wired to the session emulator through the environment.

Every end-to-end test runs against the emulator's `documented` profile (only what
the API documentation shows: what hcsync may rely on). A test also runs against the
`extended` profile when the two differ for it: it names `profile` (its numbers differ
by profile), it is marked `both_profiles`, or its module is one of the convergence
suites below, where the extended answers send hcsync down other paths (a write
answered with the resource is not read back). Test ids: `[documented]`, `[extended]`.
"""

from __future__ import annotations

import inspect
import shutil
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from hcsync.api import HelpCenterClient
from hcsync.emulator.control_client import EmulatorControl
from hcsync.sync.lease import PROBE_ID
from tests.conftest import TEST_CONFIG, make_client
from tests.helpers import Result, run

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "content-example"


class Site:
    """A content root plus ways to run hcsync on it and count what reached the emulator."""

    def __init__(
        self,
        root: Path,
        control: EmulatorControl,
        capsys: pytest.CaptureFixture[str],
        client: HelpCenterClient,
    ) -> None:
        self.root, self.control, self.capsys, self.client = root, control, capsys, client
        self.mark = 0

    def hcsync(self, *args: str) -> Result:
        self.mark = len(self.control.journal())
        return run(self.capsys, *args)

    def plan(self, *extra: str) -> Result:
        return self.hcsync("plan", str(self.root), *extra)

    def apply(self, *extra: str) -> Result:
        return self.hcsync("apply", str(self.root), "--yes", *extra)

    def calls(self) -> list[tuple[str, str]]:
        """The mutating requests of the last command, the apply lease's left out.

        (method, path with ids shortened). A lease is a POST /articles answered by a
        look at the unpublished drafts, and deleted by the command's last DELETE; it is
        preceded by a DELETE of an id no article has (may the key delete?).
        """
        entries = [
            e for e in self.control.journal()[self.mark :] if not e["path"].endswith(PROBE_ID)
        ]
        leases = [
            i
            for i, (e, after) in enumerate(pairwise(entries))
            if (e["method"], _shape(e["path"])) == ("POST", "articles")
            and "status=unpublished" in (after.get("query") or "")
        ]
        deletes = [i for i, e in enumerate(entries) if e["method"] == "DELETE"][-len(leases) :]
        skip = set(leases) | (set(deletes) if leases else set())
        return [
            (e["method"], _shape(e["path"]))
            for i, e in enumerate(entries)
            if e["method"] != "GET" and i not in skip
        ]

    def lease_taken(self) -> bool:
        entries = self.control.journal()[self.mark :]
        return any("status=unpublished" in (e.get("query") or "") for e in entries)

    def write(self, rel: str, text: str | bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(
            text, encoding="utf-8"
        )

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _shape(path: str) -> str:
    parts = path.split("/")[4:]  # drop /v0/centers/demo
    return "/".join("{id}" if len(p) >= 20 or p.startswith("cat_") else p for p in parts)


BOTH_PROFILES_MODULES = frozenset(
    {"test_converges_once", "test_corpus_apply", "test_pull", "test_corpus_pull"}
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "profile" not in metafunc.fixturenames:
        return
    both = (
        "profile" in inspect.signature(metafunc.function).parameters
        or metafunc.definition.get_closest_marker("both_profiles") is not None
        or metafunc.module.__name__.rsplit(".", 1)[-1] in BOTH_PROFILES_MODULES
    )
    metafunc.parametrize("profile", ["extended", "documented"] if both else ["documented"])


@pytest.fixture
def control(emulator_url: str, profile: str) -> Iterator[EmulatorControl]:
    ctl = EmulatorControl(emulator_url)
    ctl.reset(TEST_CONFIG | {"profile": profile})
    yield ctl
    ctl.close()


@pytest.fixture
def site_factory(
    tmp_path: Path,
    control: EmulatorControl,
    emulator_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[object]:
    monkeypatch.setenv("HC_API_URL", emulator_url)
    monkeypatch.setenv("HC_CENTER_ID", "demo")
    monkeypatch.setenv("HC_API_KEY", "demo-key")
    clients = []

    def make(source: Path | None = EXAMPLE, name: str = "content") -> Site:
        root = tmp_path / name
        if source is not None:
            shutil.copytree(source, root, ignore=shutil.ignore_patterns(".hcsync"))
        else:
            root.mkdir()
        client = make_client(emulator_url)
        clients.append(client)
        return Site(root, control, capsys, client)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def example(site_factory: object) -> Site:
    return site_factory()  # type: ignore[operator,no-any-return]
