"""Bad input gives one clear line naming the file, a non-zero exit, never a traceback."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.helpers import PNG, article, make_tree, run

SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT"


def one_problem(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    files: Mapping[str, str | bytes],
    where: str,
    words: str,
) -> None:
    root = make_tree(tmp_path / "content", {"c/ok.md": article(title="Fine"), **files})
    result = run(capsys, "check", str(root))
    assert result.code == 1
    lines = result.out.strip().splitlines()
    assert len(lines) == 1, result.out
    assert lines[0].startswith(f"{root}/{where}")
    assert words in lines[0]
    assert "Traceback" not in result.out + result.err


def test_invalid_yaml_front_matter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_problem(
        tmp_path,
        capsys,
        {"c/a.md": "---\ntitle: [oops\n---\nbody"},
        "c/a.md:",
        "HC002 invalid YAML front matter",
    )


def test_front_matter_not_a_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_problem(
        tmp_path, capsys, {"c/a.md": "---\n- a\n- b\n---\nbody"}, "c/a.md:2:", "must be a mapping"
    )


def test_file_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_problem(
        tmp_path,
        capsys,
        {"c/a.md": "---\ntitle: Caf\xe9\n---\n".encode("latin-1")},
        "c/a.md:1:",
        "not UTF-8",
    )


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_problem(tmp_path, capsys, {"c/a.md": ""}, "c/a.md:1:", "is empty")


def test_huge_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_problem(
        tmp_path,
        capsys,
        {"c/a.md": article(body="x" * (3 * 1024 * 1024))},
        "c/a.md:1:",
        "split the article",
    )


def test_directory_named_like_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "content"
    (root / "c" / "weird.md").mkdir(parents=True)
    one_problem(tmp_path, capsys, {}, "c/weird.md:1:", "directory named like a Markdown file")


def test_symlink_out_of_the_root_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(article(title=SECRET, body=SECRET))
    root = make_tree(tmp_path / "content", {"c/ok.md": article()})
    os.symlink(outside, root / "c" / "link.md")
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert (
        "c/link.md:1:1: HC001 link.md is a link that leads outside the content root" in result.out
    )
    assert SECRET not in result.out + result.err


def test_image_path_escaping_the_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_problem(
        tmp_path, capsys, {"c/a.md": article(body="![x](../../etc/passwd)\n")}, "c/a.md:", "HC051"
    )


def test_image_symlink_out_of_the_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "secret.png").write_bytes(PNG)
    root = make_tree(tmp_path / "content", {"c/a.md": article(body="![x](p.png)\n")})
    os.symlink(tmp_path / "secret.png", root / "c" / "p.png")
    result = run(capsys, "check", str(root))
    assert "HC051 image 'p.png' is outside the content root" in result.out


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ("languages: [de\n", "not valid YAML"),
        ("- a\n", "must be a mapping"),
        ("langauges: [de]\n", "unknown setting 'langauges'"),
        ("layout: nested\n", "layout must be one of suffix, directories"),
        ("languages: [Deutsch]\n", "is not a language code"),
    ],
)
def test_broken_hcsync_yml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str, words: str
) -> None:
    root = make_tree(tmp_path, {"c/a.md": article()}, config)
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith(f"error: {root}/hcsync.yml: ")
    assert words in result.err and result.err.count("\n") == 1


def test_no_hcsync_yml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree(tmp_path, {"c/a.md": article()}, config=None)
    result = run(capsys, "check", str(tmp_path))
    assert result.code == 1
    assert "no hcsync.yml" in result.err and "hcsync init" in result.err


def test_unpublished_changes_needs_a_published_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {"c/held.md": article(status="draft", unpublished_changes="true")}
    one_problem(tmp_path, capsys, files, "c/held.md:4", "unpublished_changes only applies")


def test_unpublished_changes_is_read_on_roots_and_translations(tmp_path: Path) -> None:
    from hcsync.local.loader import load_site

    root = make_tree(
        tmp_path / "content",
        {
            "c/held.md": article(status="published", unpublished_changes="true"),
            "c/held.de.md": article(unpublished_changes="true"),
            "c/plain.md": article(),
        },
    )
    site = load_site(root)
    assert not site.problems
    held, plain = site.articles
    assert held.unpublished_changes and held.translations["de"].unpublished_changes
    assert not plain.unpublished_changes
