"""Bad inputs fail the job with a message; they are never read as "changes"."""

from __future__ import annotations

import pytest

from hcsync.emulator.control_client import EmulatorControl
from tests.action.conftest import GitHub


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"command": "deploy"}, "input command: 'deploy' is not one of plan, apply, check"),
        ({"on-drift": "refuse"}, "input on-drift: 'refuse' is not one of fail, skip, overwrite"),
        ({"prune": "yes"}, "input prune: 'yes' is not true or false"),
        ({"comment": "maybe"}, "input comment: 'maybe' is not true or false"),
        ({"refresh": "always"}, "input refresh: 'always' is not true or false"),
    ],
)
def test_bad_input_fails_with_a_message(
    github: GitHub, control: EmulatorControl, inputs: dict[str, str], message: str
) -> None:
    run = github.pull_request_job(github.main_sha(), inputs=inputs)
    assert not run.ok
    assert f"::error title=hcsync::{message}" in run.log
    assert run.outputs["changes"] == ""
    assert control.journal() == [] and github.api.requests == []


def test_bad_input_on_merge_commits_nothing(github: GitHub, control: EmulatorControl) -> None:
    before = github.main_log()
    run = github.push_job(github.main_sha(), inputs={"on-drift": "refuse"})
    assert not run.ok and "input on-drift: 'refuse'" in run.log
    assert control.journal() == [] and github.main_log() == before
