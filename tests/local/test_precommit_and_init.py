"""Pre-commit mode (named files, resolved against the whole tree) and `hcsync init`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers import article, make_tree, run

REPO = Path(__file__).resolve().parents[2]


def test_named_files_report_only_themselves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(
        tmp_path / "content",
        {
            "c/a.md": article(body="[b](b.md#two)\n"),
            "c/b.md": article(body="## Two\n![](missing.png)\n"),
        },
    )
    os.chdir(tmp_path)
    named = run(capsys, "check", "content/c/a.md", "README.md")
    assert named.code == 0, named.out
    assert named.err.strip() == "All good: 1 files checked."
    other = run(capsys, "check", "content/c/b.md")
    assert other.code == 1
    assert other.out.startswith("content/c/b.md:")


def test_named_file_duplicates_resolved_against_whole_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path, {"c/a.md": article(slug="x"), "c/b.md": article(slug="x")})
    result = run(capsys, "check", str(root / "c" / "b.md"))
    assert result.code == 1 and "HC011 slug 'x' is also used by c/a.md" in result.out


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    [hook] = hooks
    assert hook["id"] == "hcsync-check" and hook["entry"] == "hcsync check --hook"
    assert hook["always_run"]  # a commit that only deletes an article is checked too
    assert hook["language"] == "python" and hook["files"]


def test_init_infers_suffix_languages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree(
        tmp_path, {"c/a.md": article(), "c/a.de.md": article(), "c/b.fr.md": article()}, config=None
    )
    result = run(capsys, "init", str(tmp_path), "--center-id", "acme")
    assert result.code == 0
    config = yaml.safe_load((tmp_path / "hcsync.yml").read_text())
    assert config == {
        "center_id": "acme",
        "default_language": "en",
        "languages": ["de", "fr"],
        "layout": "suffix",
        "status": "published",
    }
    assert (
        run(capsys, "check", str(tmp_path)).code == 1
    )  # b.fr.md has no root: init does not hide it
    assert run(capsys, "init", str(tmp_path)).code == 1


def test_init_infers_directory_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree(
        tmp_path,
        {"en/c/a.md": article(), "de/c/a.md": article(), "es/c/a.md": article()},
        config=None,
    )
    assert run(capsys, "init", str(tmp_path)).code == 0
    config = yaml.safe_load((tmp_path / "hcsync.yml").read_text())
    assert (config["layout"], config["default_language"], config["languages"]) == (
        "directories",
        "en",
        ["de", "es"],
    )
    assert run(capsys, "check", "--strict", str(tmp_path)).code == 0


def test_content_example_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = shutil.copytree(REPO / "content-example", tmp_path / "content-example")
    result = run(capsys, "check", "--strict", str(copy))
    assert result.code == 0, result.out
    assert "19 files checked" in result.err


def test_formats_json_and_github(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    root = make_tree(tmp_path, {"c/a.md": article(body="[x](nope.md)\n")})
    [item] = json.loads(run(capsys, "check", "--format", "json", str(root)).out)
    assert item == {
        "path": f"{root}/c/a.md",
        "line": 5,
        "col": 5,
        "code": "HC040",
        "severity": "error",
        "message": item["message"],
    }
    github = run(capsys, "check", "--format", "github", str(root)).out
    assert github.startswith(f"::error file={root}/c/a.md,line=5,col=5,title=HC040::link 'nope.md'")


def test_copy_of_a_tree_checks_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(REPO / "content-example", tmp_path / "copy")
    assert run(capsys, "check", "--strict", str(tmp_path / "copy")).code == 0
