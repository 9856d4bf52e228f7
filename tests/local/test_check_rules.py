"""Each `hcsync check` rule: one tree that breaks it, one that passes, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import PNG, article, make_tree, run

OK_SEO = "{title: " + "T" * 55 + ", description: " + "D" * 155 + "}"
ID_A, ID_B = "65f1a2b3c4d5e6f708091011", "65f1a2b3c4d5e6f708091020"  # Help.Center ids
CASES: list[tuple[str, dict[str, str | bytes], dict[str, str | bytes]]] = [
    ("HC003", {"c/a.md": article(title="")}, {"c/a.md": article()}),
    ("HC003", {"c/a.md": "---\ntitle: '  '\n---\nx"}, {"c/a.md": "---\ntitle: x\n---\nx"}),
    ("HC004", {"c/a.md": article(titel="x")}, {"c/a.md": article(subtitle="x")}),
    ("HC004", {"c/a.md": article(seo="{titel: x}")}, {"c/a.md": article(seo=OK_SEO)}),
    ("HC005", {"c/a.md": article(status="live")}, {"c/a.md": article(status="draft")}),
    ("HC010", {"c/a.md": article(slug="Not_A Slug")}, {"c/a.md": article(slug="a-slug")}),
    (
        "HC011",
        {"c/a.md": article(slug="same"), "c/b.md": article(slug="same")},
        {"c/a.md": article(slug="one"), "c/b.md": article(slug="two")},
    ),
    (
        "HC012",
        {"c/a.md": article(id=ID_A), "c/b.md": article(id=ID_A)},
        {"c/a.md": article(id=ID_A), "c/b.md": article("B", id=ID_B)},
    ),
    ("HC013", {"c/a.md": article(id="12345")}, {"c/a.md": article(id=ID_A)}),
    ("HC013", {"c/a.md": article(id="3BHM289568gcSwk2O80Asu")}, {"c/a.md": article(id=ID_B)}),
    (
        "HC020",
        {"c/a.md": article(), "c/a.it.md": article()},
        {"c/a.md": article(), "c/a.de.md": article()},
    ),
    (
        "HC020",
        {"c/_category.yml": "name: C\ntranslations: {it: {name: I}}\n", "c/a.md": article()},
        {"c/_category.yml": "name: C\ntranslations: {de: {name: D}}\n", "c/a.md": article()},
    ),
    ("HC021", {"c/a.de.md": article()}, {"c/a.de.md": article(), "c/a.md": article()}),
    ("HC030", {"c/s/deep/a.md": article()}, {"c/s/a.md": article()}),
    (
        "HC031",
        {"c/_category.yml": "name: [x\n", "c/a.md": article()},
        {"c/_category.yml": "name: x\n", "c/a.md": article()},
    ),
    ("HC032", {"a.md": article()}, {"c/a.md": article()}),
    (
        "HC040",
        {"c/a.md": article(body="[b](b.md)\n")},
        {"c/a.md": article(body="[b](b.md)\n"), "c/b.md": article("B")},
    ),
    (
        "HC040",
        {"c/a.md": article(body="[pdf](guide.pdf)\n"), "c/guide.pdf": b"%PDF"},
        {"c/a.md": article(body="[pdf](https://x.test/guide.pdf)\n")},
    ),
    (
        "HC041",
        {"c/a.md": article(body="[b](b.md#nope)\n"), "c/b.md": article(body="## Yes\n")},
        {"c/a.md": article(body="[b](b.md#yes)\n"), "c/b.md": article("B", body="## Yes\n")},
    ),
    (
        "HC041",
        {"c/a.md": article(body="[x](#nope)\n## Here\n")},
        {"c/a.md": article(body="[x](#here)\n## Here\n")},
    ),
    (
        "HC042",
        {"c/a.md": article(body="[x](../../outside.md)\n")},
        {"c/a.md": article(body="[x](../c/a.md)\n")},
    ),
    (
        "HC050",
        {"c/a.md": article(body="![pic](img/missing.png)\n")},
        {"c/a.md": article(body="![pic](img/p.png)\n"), "c/img/p.png": PNG},
    ),
    (
        "HC050",
        {"c/a.md": article(body='<img src="img/missing.png" alt="x">\n')},
        {"c/a.md": article(body='<img src="img/p.png" alt="x">\n'), "c/img/p.png": PNG},
    ),
    (
        "HC051",
        {"c/a.md": article(body="![pic](../../../../etc/passwd)\n")},
        {"c/a.md": article(body="![pic](../c/p.png)\n"), "c/p.png": PNG},
    ),
    (
        "HC052",
        {"c/a.md": article(body="![pic](p.png)\n"), "c/p.png": PNG + b"\0" * (10 * 1024 * 1024)},
        {"c/a.md": article(body="![pic](p.png)\n"), "c/p.png": PNG},
    ),
    (
        "HC053",
        {"c/a.md": article(body="![pic](p.png)\n"), "c/p.png": b"not an image"},
        {"c/a.md": article(body="![pic](p.png)\n"), "c/p.png": PNG},
    ),
    (
        "HC054",
        {"c/a.md": article(body="![](p.png)\n"), "c/p.png": PNG},
        {"c/a.md": article(body="![A chart](p.png)\n"), "c/p.png": PNG},
    ),
    (
        "HC054",
        {"c/a.md": article(body='<img src="p.png">\n'), "c/p.png": PNG},
        {"c/a.md": article(body='<img src="p.png" alt="A">\n'), "c/p.png": PNG},
    ),
    (
        "HC060",
        {"c/a.md": article(body="<script>x()</script>\n")},
        {"c/a.md": article(body="<div>ok</div>\n")},
    ),
    (
        "HC060",
        {"c/a.md": article(body='<p onclick="x()">hi</p>\n')},
        {"c/a.md": article(body='<p title="x">hi</p>\n')},
    ),
    (
        "HC060",
        {"c/a.md": article(body='<td style="x">1</td>\n')},
        {"c/a.md": article(body="<td>1</td>\n")},
    ),
    ("HC070", {"c/a.md": article(seo="{title: short}")}, {"c/a.md": article(seo=OK_SEO)}),
    ("HC071", {"c/a.md": article(seo="{description: short}")}, {"c/a.md": article(seo=OK_SEO)}),
]


@pytest.mark.parametrize(
    ("code", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rule_fails_bad_tree_and_passes_good_one(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    code: str,
    bad: dict[str, str | bytes],
    good: dict[str, str | bytes],
) -> None:
    bad_root = make_tree(tmp_path / "bad" / "content", bad)
    result = run(capsys, "check", str(bad_root))
    assert f" {code} " in result.out, result.out + result.err
    good_root = make_tree(tmp_path / "good" / "content", good)
    result = run(capsys, "check", "--strict", str(good_root))
    assert result.code == 0, result.out
    assert result.out == ""


def test_warnings_pass_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tree(tmp_path, {"c/a.md": article(body="![](p.png)\n"), "c/p.png": PNG})
    assert run(capsys, "check", str(root)).code == 0
    strict = run(capsys, "check", "--strict", str(root))
    assert strict.code == 1
    assert "Found 0 errors and 1 warning" in strict.err


def test_errors_exit_1_with_location_and_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path, {"c/a.md": article(body="Intro\n\n[b](b.md)\n")})
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert (
        result.out.strip()
        == f"{root}/c/a.md:7:5: HC040 link 'b.md' is not an article of the tree; link to a .md article or use a full URL"
    )
    assert "Found 1 error and 0 warnings in 1 files checked." in result.err


def test_unknown_key_suggests_the_right_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path, {"c/a.md": article(draft="true"), "c/b.md": article(titel="x")})
    out = run(capsys, "check", str(root)).out
    assert "unknown key 'draft'; did you mean 'status: draft'?" in out
    assert "unknown key 'titel'; did you mean 'title'?" in out


def test_ignore_keys_accepts_another_tools_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(
        tmp_path, {"c/a.md": article(draft="false", id="123")}, "ignore_keys: [draft, id]\n"
    )
    assert run(capsys, "check", "--strict", str(root)).code == 0


def test_heading_attribute_anchor_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "## Return an item {#request}\n\n[x](#request)\n"
    root = make_tree(tmp_path, {"c/a.md": article(body=body)})
    assert run(capsys, "check", "--strict", str(root)).code == 0


def test_directory_layout_translations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files: dict[str, str | bytes] = {
        "en/c/a.md": article(body="[b](b.md)\n"),
        "en/c/b.md": article(),
        "de/c/a.md": article(body="[b](b.md)\n"),
        "de/c/orphan.md": article(),
    }
    root = make_tree(tmp_path, files, "layout: directories\nlanguages: [de]\n")
    result = run(capsys, "check", str(root))
    assert result.out.count("HC021") == 1
    assert "de/c/orphan.md" in result.out


def test_dead_in_page_anchor_in_raw_html_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As pulled pages keep it: footnote links whose target ids the server stripped."""
    body = '<p>Text<sup><a href="#fn1" id="fnref1">[1]</a></sup></p>\n'
    root = make_tree(tmp_path, {"c/a.md": article(body=body)})
    result = run(capsys, "check", str(root))
    assert result.code == 0
    assert "HC041 (warning) anchor '#fn1' does not exist in this page" in result.out
    assert "Found 0 errors and 1 warning" in result.err
