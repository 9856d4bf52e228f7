"""Commit `hcsync.lock` back to the branch, even after a failed apply, racing other jobs.

The lock commit is rebuilt on the branch's newest commit before each push
(fetch, then a commit whose parent is the fetched tip and whose tree is that
tip's with our lock), so a push rejected because another merge or another job's
lock got there first is simply tried again. The job that ran last applied the
newest tree, so its lock wins. The working tree is never touched.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from hcsync.action.github import annotate
from hcsync.action.inputs import InputError, read_inputs
from hcsync.sync.lockfile import JOURNAL_NAME, read_lock, write_lock

ATTEMPTS = 5
MESSAGE = "hcsync: update hcsync.lock [skip ci]"
AUTHOR = {
    "GIT_AUTHOR_NAME": "hcsync",
    "GIT_AUTHOR_EMAIL": "hcsync@users.noreply.github.com",
    "GIT_COMMITTER_NAME": "hcsync",
    "GIT_COMMITTER_EMAIL": "hcsync@users.noreply.github.com",
}
REJECTED = ("non-fast-forward", "fetch first", "failed to update ref", "cannot lock ref")


class GitFailed(Exception):
    pass


def main(env: Mapping[str, str]) -> int:
    try:
        inputs = read_inputs(env)
    except InputError as exc:
        annotate("error", str(exc))
        return 1
    branch = env.get("GITHUB_REF_NAME", "")
    if not env.get("GITHUB_REF", "").startswith("refs/heads/") or not branch:
        annotate("notice", "hcsync.lock is committed back only on a push to a branch")
        return 0
    _fold_journal(inputs.content)
    lock = (inputs.content / "hcsync.lock").as_posix()
    if not Path(lock).exists() or not _git("status", "--porcelain", "--", lock):
        print("hcsync: hcsync.lock unchanged, nothing to commit", flush=True)
        return 0
    try:
        return _push_lock(lock, branch)
    except GitFailed as exc:
        annotate(
            "error",
            f"could not push hcsync.lock to {branch}: {exc}. A protected branch needs a token "
            "allowed to push (see the README), or commit-lock: false and a pull request",
        )
        return 1


def _fold_journal(content: Path) -> None:
    """A killed apply leaves its last operations in hcsync.lock.journal: keep them too."""
    if (content / JOURNAL_NAME).exists():
        write_lock(content, read_lock(content))


def _push_lock(lock: str, branch: str) -> int:
    blob = _git("hash-object", "-w", "--", lock)
    prefix = _git("rev-parse", "--show-prefix")
    path = prefix + lock
    for attempt in range(1, ATTEMPTS + 1):
        _git("fetch", "--quiet", "origin", f"refs/heads/{branch}")
        tip = _git("rev-parse", "FETCH_HEAD")
        if _blob_at(tip, path) == blob:
            print(f"hcsync: {branch} already has this hcsync.lock", flush=True)
            return 0
        commit = _commit_on(tip, path, blob)
        pushed = subprocess.run(
            ["git", "push", "--quiet", "origin", f"{commit}:refs/heads/{branch}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if pushed.returncode == 0:
            print(f"hcsync: committed hcsync.lock to {branch} ({commit[:12]})", flush=True)
            return 0
        if not any(reason in pushed.stderr for reason in REJECTED):
            raise GitFailed(
                pushed.stderr.strip().splitlines()[-1] if pushed.stderr else "push failed"
            )
        print(
            f"hcsync: {branch} moved on; rebuilding the lock commit (attempt {attempt})", flush=True
        )
        time.sleep(attempt * 0.5)
    raise GitFailed(f"the branch kept moving ({ATTEMPTS} attempts)")


def _commit_on(parent: str, path: str, blob: str) -> str:
    """A commit with parent's tree plus our lock, built in a scratch index."""
    with tempfile.TemporaryDirectory() as scratch:
        index = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        _git("read-tree", parent, env=index)
        _git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=index)
        tree = _git("write-tree", env=index)
    return _git("commit-tree", tree, "-p", parent, "-m", MESSAGE, env=AUTHOR)


def _blob_at(commit: str, path: str) -> str | None:
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{commit}:{path}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() if found.returncode == 0 else None


def _git(*args: str, env: Mapping[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    if done.returncode != 0:
        raise GitFailed(f"git {args[0]}: {done.stderr.strip() or done.returncode}")
    return done.stdout.strip()
