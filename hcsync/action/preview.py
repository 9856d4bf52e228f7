"""`python -m hcsync.action preview`: build the static preview of a pull request's tree.

Opt-in (`preview: true`). On pull requests only, it writes the site into
RUNNER_TEMP and sets `built` and `path` (the Action's `preview-path` output, which
the user's workflow uploads as the `hcsync-preview` artifact), and the plan comment
links to the run's artifacts. A failed
build is a warning, never a failed job: the plan still runs (and `check` there
reports the tree's problems).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from hcsync.action.github import Runner, annotate
from hcsync.action.inputs import InputError, read_inputs

ARTIFACT = "hcsync-preview"


def main(env: Mapping[str, str]) -> int:
    runner = Runner(env)
    try:
        inputs = read_inputs(env)
    except InputError as exc:
        annotate("error", str(exc))
        return 1
    if not inputs.preview or runner.pull_request_number() is None:
        runner.set_output("built", "false")
        return 0
    out = Path(env.get("RUNNER_TEMP") or ".") / ARTIFACT
    args = [sys.executable, "-m", "hcsync.cli", "preview", str(inputs.content), "--build", str(out)]
    if subprocess.run(args, check=False).returncode != 0:
        annotate("warning", "hcsync preview --build failed (see the log); no preview uploaded")
        runner.set_output("built", "false")
        return 0
    runner.set_output("built", "true")
    runner.set_output("path", str(out))
    return 0


def comment_line(runner: Runner, artifact_url: str) -> str:
    """The plan comment's link to the uploaded preview."""
    url = artifact_url or f"{runner.run_url()}#artifacts"
    return (
        f"\n\n🔎 **[Preview of the pages]({url})** as readers will see them: the "
        f"`{ARTIFACT}` artifact of this run (download, unzip, open `index.html`)."
    )
