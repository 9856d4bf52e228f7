"""Snippets are confined to `_snippets/` by their real path; includes are bounded."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.helpers import article, make_tree, run

SECRET = "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA=="
GIT_CONFIG = f'[http "https://github.com/"]\n\textraheader = {SECRET}\n'


def _tree(root: Path, files: dict[str, str | bytes]) -> Path:
    return make_tree(root, {".git/config": GIT_CONFIG, **files})


def _everything_written(root: Path) -> str:
    texts = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink() and ".git" not in path.parts:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


def test_a_snippet_linked_to_git_config_is_refused_and_its_content_appears_nowhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _tree(tmp_path, {"c/a.md": article("A", '{% include "leak.md" %}\n')})
    (root / "_snippets").mkdir()
    (root / "_snippets" / "leak.md").symlink_to("../.git/config")

    result = run(capsys, "check", str(root))

    assert result.code == 1
    assert "HC091 snippet _snippets/leak.md is a link leading out of _snippets/" in result.out
    assert "extraheader" not in result.out + result.err
    assert SECRET not in _everything_written(root)  # .hcsync/parse-cache.json included
    assert (root / ".hcsync").exists(), "the check left its caches"


def test_a_link_out_of_snippets_is_refused_even_inside_the_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _tree(
        tmp_path, {"c/a.md": article("A", '{% include "page.md" %}\n'), "c/b.md": article("B")}
    )
    (root / "_snippets").mkdir()
    (root / "_snippets" / "page.md").symlink_to("../c/b.md")

    result = run(capsys, "check", str(root))

    assert result.code == 1 and "is a link leading out of _snippets/" in result.out


def test_a_link_within_snippets_is_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _tree(
        tmp_path,
        {"c/a.md": article("A", '{% include "alias.md" %}\n'), "_snippets/real.md": "Shared.\n"},
    )
    (root / "_snippets" / "alias.md").symlink_to("real.md")

    assert run(capsys, "check", str(root)).code == 0


def test_snippets_linked_to_the_filesystem_root_is_never_walked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _tree(tmp_path, {"c/a.md": article("A", '{% include "etc/hostname" %}\n')})
    (root / "_snippets").symlink_to("/")
    started = time.monotonic()

    result = run(capsys, "check", str(root))

    assert time.monotonic() - started < 5
    assert result.code == 1
    assert "_snippets is a link that leads outside the content root" in result.out
    assert "HC091 snippet _snippets/etc/hostname _snippets/ is a link leading out" in result.out


@pytest.mark.parametrize("hook", [False, True])
def test_a_dangling_link_in_snippets_is_one_line_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hook: bool
) -> None:
    root = _tree(tmp_path, {"c/a.md": article("A", '{% include "gone.md" %}\n')})
    (root / "_snippets").mkdir()
    (root / "_snippets" / "gone.md").symlink_to("nowhere.md")
    args = ["check", "--hook", str(root / "c/a.md")] if hook else ["check", str(root)]

    result = run(capsys, *args)

    assert result.code == 1, result.err
    assert "snippet _snippets/gone.md is a broken link; replace it with the file" in result.out
    assert "crash" not in result.err


def test_an_unused_dangling_snippet_link_does_not_crash_the_hook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _tree(tmp_path, {"c/a.md": article("A")})
    (root / "_snippets").mkdir()
    (root / "_snippets" / "gone.md").symlink_to("nowhere.md")

    assert run(capsys, "check", "--hook", str(root / "c/a.md")).code == 0
    assert run(capsys, "check", str(root)).code == 0


def _bomb() -> dict[str, str | bytes]:
    """Nine 10-line snippets, each including the next ten times: 10⁹ lines if expanded."""
    files: dict[str, str | bytes] = {}
    for level in range(1, 10):
        text = [f"Line {n} of snippet {level}." for n in range(10)]
        if level < 9:
            text += [f'{{% include "s{level + 1}.md" %}}'] * 10
        files[f"_snippets/s{level}.md"] = "\n\n".join(text) + "\n"
    return files


def test_an_include_bomb_is_an_error_in_bounded_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _tree(tmp_path, {"c/a.md": article("A", '{% include "s1.md" %}\n'), **_bomb()})
    started = time.monotonic()

    result = run(capsys, "check", str(root))

    assert time.monotonic() - started < 10
    assert result.code == 1
    assert "HC091 the page includes more than 200 snippets" in result.out


def test_a_snippet_over_the_page_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = ("word " * 20 + "\n") * 30_000  # 3 MB
    root = _tree(
        tmp_path, {"c/a.md": article("A", '{% include "big.md" %}\n'), "_snippets/big.md": big}
    )

    result = run(capsys, "check", str(root))

    assert result.code == 1
    assert "HC091 snippet _snippets/big.md is 2958 KB; a snippet, like a page, is at most 2 MB" in (
        result.out
    )


def test_a_page_expanding_past_the_page_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    part = ("word " * 20 + "\n") * 15_000  # 1.5 MB: each alone is fine
    body = '{% include "p.md" %}\n\n{% include "p.md" %}\n'
    root = _tree(tmp_path, {"c/a.md": article("A", body), "_snippets/p.md": part})

    result = run(capsys, "check", str(root))

    assert result.code == 1
    assert "HC091 the page with its snippets expands to more than 2 MB" in result.out


def test_a_fifo_snippet_is_not_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path, {"c/a.md": article("A", '{% include "pipe.md" %}\n')})
    (root / "_snippets").mkdir()
    os.mkfifo(root / "_snippets" / "pipe.md")

    result = run(capsys, "check", str(root))

    assert result.code == 1 and "snippet _snippets/pipe.md does not exist" in result.out
