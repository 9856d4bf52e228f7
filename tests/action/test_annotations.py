"""`check --format github`: no file name or message can forge or break an annotation."""

from __future__ import annotations

from pathlib import Path

import pytest

from hcsync.report import escape_data, escape_property, github_command
from tests.helpers import article, make_tree, run


def test_hostile_file_name_stays_one_annotation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "a\n::error file=README.md,line=1::forged%0A, x: y.md"
    make_tree(tmp_path, {"c/" + name: article(body="[broken](nowhere.md)\n")})
    monkeypatch.chdir(tmp_path)
    result = run(capsys, "check", "--format", "github")
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == 1, lines  # the newline in the name did not start a second command
    line = lines[0]
    # the control character is shown escaped (\\x0a), then every field escaped for GitHub
    assert line.startswith(
        "::error file=c/a\\x0a%3A%3Aerror file=README.md%2Cline=1%3A%3Aforged%250A%2C x%3A y.md,"
    )
    assert ",title=HC001::" in line and "control character U+000A" in line


def test_escaping_follows_githubs_rules() -> None:
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("C:\\dir,x\n%") == "C%3A\\dir%2Cx%0A%25"
    command = github_command("warning", escape_data("m\n::error::x"), {"file": "a,b:c", "line": 3})
    assert command == "::warning file=a%2Cb%3Ac,line=3::m%0A::error::x"
    assert "\n" not in command


def test_an_annotation_keeps_no_raw_escape_sequence() -> None:
    message = escape_data("title \x1b]0;owned\x07 and \x1b[2J\x9b1m")

    assert message == "title \\x1b]0;owned\\x07 and \\x1b[2J\\x9b1m"
    assert github_command("error", message).isprintable()
