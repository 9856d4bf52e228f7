"""The pre-commit hook through the real `pre-commit` tool, in a repository with a README.

The hook definition is the repository's own `.pre-commit-hooks.yaml`, run as a
`repo: local` hook with this checkout's `hcsync` (so nothing is installed).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import article, make_tree, run

REPO = Path(__file__).resolve().parents[2]
HCSYNC = Path(sys.executable).parent / "hcsync"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """git's answer, stdout and stderr (where the hooks write) in one `stdout`."""
    return subprocess.run(
        ["git", *args],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


def commit(repo: Path, message: str) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "-A")
    return git(repo, "commit", "-m", message)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    for key, value in {"NAME": "Writer", "EMAIL": "writer@example.com"}.items():
        monkeypatch.setenv(f"GIT_AUTHOR_{key}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{key}", value)
    repo = tmp_path / "repo"
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook = {**hook, "language": "system", "entry": hook["entry"].replace("hcsync", str(HCSYNC))}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    make_tree(
        repo,
        {
            "README.md": "# Our docs\n\nSee content/.\n",
            ".gitignore": ".hcsync/\n",
            ".pre-commit-config.yaml": yaml.safe_dump(config),
            "content/hcsync.yml": "default_language: en\n",
            "content/guides/start.md": article("Start", "Read [setup](setup.md#install).\n"),
            "content/guides/setup.md": article("Setup", "## Install\n\nRun it.\n"),
        },
        config=None,
    )
    assert git(repo, "init", "-q").returncode == 0
    installed = subprocess.run(
        [str(PRE_COMMIT), "install"], cwd=repo, capture_output=True, text=True, check=False
    )
    assert installed.returncode == 0, installed.stderr
    first = commit(repo, "first")
    assert first.returncode == 0, first.stdout
    return repo


def test_a_readme_outside_the_content_root_passes(repo: Path) -> None:
    (repo / "README.md").write_text("# Our docs\n\nNow with more words.\n")
    result = commit(repo, "readme")
    assert result.returncode == 0, result.stdout
    assert "hcsync check" in result.stdout and "Passed" in result.stdout
    assert (repo / "content/.hcsync/check-cache.json").is_file()  # ignored by git


def test_renaming_a_linked_heading_fails_the_commit(repo: Path) -> None:
    setup = repo / "content/guides/setup.md"
    setup.write_text(setup.read_text().replace("## Install", "## Installation"))
    result = commit(repo, "rename heading")
    assert result.returncode == 1
    assert "guides/start.md:5:14: HC041 anchor '#install' does not exist in guides/setup.md" in (
        result.stdout
    )


def test_deleting_a_linked_article_fails_the_commit(repo: Path) -> None:
    git(repo, "rm", "-q", "content/guides/setup.md")
    result = commit(repo, "delete")
    assert result.returncode == 1
    assert "guides/start.md:5:14: HC040 link 'setup.md#install'" in result.stdout


def test_renaming_a_linked_article_fails_until_the_link_follows(repo: Path) -> None:
    git(repo, "mv", "content/guides/setup.md", "content/guides/install.md")
    assert commit(repo, "rename").returncode == 1
    start = repo / "content/guides/start.md"
    start.write_text(start.read_text().replace("setup.md", "install.md"))
    result = commit(repo, "rename and relink")
    assert result.returncode == 0, result.stdout


def test_the_readme_files_pattern_selects_the_content_files() -> None:
    readme = (REPO / "docs" / "check.md").read_text()
    snippet = readme.split("# .pre-commit-config.yaml\n", 1)[1].split("```", 1)[0]
    [hook] = yaml.safe_load(snippet)["repos"][0]["hooks"]
    pattern = re.compile(hook["files"])
    chosen = [
        path
        for path in (
            "README.md",
            "content/hcsync.yml",
            "content/guides/start.md",
            "content/guides/_category.yml",
            "content/_snippets/contact.md",
            "content/guides/img/shot.png",
            "docs/other.md",
        )
        if pattern.search(path)
    ]
    assert chosen == [
        "content/hcsync.yml",
        "content/guides/start.md",
        "content/guides/_category.yml",
        "content/_snippets/contact.md",
    ]


# -- the same entry point without pre-commit: caches, snippets, no files ----------


def test_results_are_the_same_cold_and_warm(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(
        tmp_path,
        {
            "c/a.md": article("A", "[b](b.md#two) [c](c.md#three)\n"),
            "c/b.md": article("B", "## One\n"),
            "c/c.md": article("C", "## Three\n[a](a.md)\n"),
        },
    )
    named = str(root / "c/b.md")
    cold = run(capsys, "check", "--hook", named)
    warm = run(capsys, "check", "--hook", named)
    assert cold == warm
    assert cold.code == 1 and "c/a.md:5:5: HC041 anchor '#two' does not exist in c/b.md" in cold.out
    assert cold.out.count("HC041") == 1  # '#three' in c.md is found
    (root / "c/c.md").write_text(article("C", "## Four\n"))  # changed since the cache
    assert "anchor '#three' does not exist in c/c.md" in run(capsys, "check", named).out


def test_a_changed_snippet_checks_the_articles_including_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(
        tmp_path,
        {
            "_snippets/note.md": "Ask {{ team }}.\n",
            "c/a.md": article("A", 'Intro.\n\n{% include "note.md" %}\n'),
            "c/b.md": article("B", "No snippet.\n"),
        },
    )
    result = run(capsys, "check", "--hook", str(root / "_snippets/note.md"))
    assert result.code == 1
    assert [line.split(" ")[1] for line in result.out.splitlines()] == ["HC090"]
    assert "c/a.md:7:1: HC090 undefined variable 'team' (in _snippets/note.md)" in result.out


def test_hook_without_files_finds_the_root_below_and_checks_deleted_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, {"README.md": "# Repo\n"}, config=None)
    root = make_tree(tmp_path / "docs", {"c/a.md": article("A", "[gone](gone.md)\n")})
    monkeypatch.chdir(tmp_path)
    result = run(capsys, "check", "--hook")
    assert result.code == 1 and "docs/c/a.md:5:8: HC040 link 'gone.md'" in result.out
    (root / "c/a.md").write_text(article("A", "Fine.\n"))
    assert run(capsys, "check", "--hook").code == 0
    assert run(capsys, "check", "--hook", "README.md").code == 0


def test_anchors_made_by_variables_follow_hcsync_yml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(
        tmp_path,
        {
            "c/a.md": article("A", "[setup](b.md#acme-setup)\n"),
            "c/b.md": article("B", "## {{ product }} setup\n"),
        },
        config="variables: {product: Acme}\n",
    )
    named = str(root / "c/a.md")
    assert run(capsys, "check", "--hook", named).code == 0  # b.md's anchors now cached
    (root / "hcsync.yml").write_text("variables: {product: Globex}\n")
    result = run(capsys, "check", "--hook", named)
    assert "HC041 anchor '#acme-setup' does not exist in c/b.md" in result.out


def test_a_slug_clash_is_reported_on_the_changed_file_wherever_it_sorts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path, {"c/a.md": article(slug="x"), "c/b.md": article(slug="x")})
    for changed, other in (("c/a.md", "c/b.md"), ("c/b.md", "c/a.md")):
        result = run(capsys, "check", "--hook", str(root / changed))
        assert result.code == 1
        assert f"{changed}:2:1: HC011 slug 'x' is also used by {other}" in result.out


def test_cold_facts_read_crlf_and_quoted_front_matter_as_yaml_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(
        tmp_path,
        {
            "c/a.md": "---\r\ntitle: A\r\nslug: 'same'\r\n---\r\n\r\n[b](b.md)\r\n",
            "c/b.md": article(slug='"same"  # quoted, with a comment'),
            "c/c.md": article(slug="other", id="65f1a2b3c4d5e6f708091011"),
            "c/d.md": article(id="65f1a2b3c4d5e6f708091011"),
        },
    )
    result = run(capsys, "check", "--hook", str(root / "c/b.md"), str(root / "c/d.md"))
    assert "c/b.md:2:1: HC011 slug 'same' is also used by c/a.md" in result.out
    assert "c/d.md:2:1: HC012 id '65f1a2b3c4d5e6f708091011' is also used by c/c.md" in result.out
