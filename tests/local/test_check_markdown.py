"""`hcsync check` on real-world Markdown: anchors, root-absolute paths, positions, rule selection."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.helpers import PNG, article, make_tree, run

# article() puts the body on file line 5: "---", "title: …", "---", "", body


def check(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    files: Mapping[str, str | bytes],
    config: str | None = None,
) -> list[str]:
    root = make_tree(tmp_path / "content", files, **({"config": config} if config else {}))
    result = run(capsys, "check", str(root))
    return [line.removeprefix(f"{root}/") for line in result.out.splitlines()]


def test_non_ascii_anchors_compare_decoded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nfd = unicodedata.normalize("NFD", "café")
    body = f"## Café\n\n[a](#café) [b](#caf%C3%A9) [c](#{nfd}) [d](b.md#straße)\n"
    files = {"c/a.md": article(body=body), "c/b.md": article("B", body="## Straße\n")}
    assert check(tmp_path, capsys, files) == []


def test_missing_anchor_has_the_links_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "## Here\n\nFirst line,\nthen [x](#here) and [y](#élan).\n"
    assert check(tmp_path, capsys, {"c/a.md": article(body=body)}) == [
        "c/a.md:8:25: HC041 anchor '#élan' does not exist in this page"
    ]


def test_placeholder_link_is_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(tmp_path, capsys, {"c/a.md": article(body="Click [here](#).\n")}) == [
        "c/a.md:5:14: HC043 (warning) link '#' is a placeholder that leads nowhere: link a page or remove the link"
    ]


def test_self_links_are_fine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "## Top\n\n[me](a.md) [top](a.md#top) [root](/c/a.md#top)\n"
    assert check(tmp_path, capsys, {"c/a.md": article(body=body)}) == []


def test_root_absolute_links_and_images_resolve_against_the_content_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = '![a](/guides/img/a.png) <img src="/images/x.png" alt="x"> [b](/guides/b.md)\n'
    good: dict[str, str | bytes] = {
        "guides/a.md": article(body=body),
        "guides/b.md": article("B"),
        "guides/img/a.png": PNG,
        "images/x.png": PNG,
    }
    assert check(tmp_path / "good", capsys, good) == []
    bad = "![a](/guides/img/none.png) [c](/guides/c.md) [out](/../secret.md)\n"
    assert check(tmp_path / "bad", capsys, {"guides/a.md": article(body=bad)}) == [
        "guides/a.md:5:6: HC050 image '/guides/img/none.png' does not exist",
        "guides/a.md:5:32: HC040 link '/guides/c.md' is not an article of the tree (a path starting with / is read from the content root); link to a .md article or use a full URL",
        "guides/a.md:5:52: HC042 link '/../secret.md' leads outside the content root",
    ]


def test_seo_warnings_point_at_the_seo_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    block = "---\ntitle: A\nseo:\n  title: Short\n  description: Also short\n---\nBody\n"
    flow = "---\ntitle: B\nstatus: draft\nseo: {title: Short}\n---\nBody\n"
    lines = check(tmp_path, capsys, {"c/a.md": block, "c/b.md": flow})
    assert [line.split(" ")[0] + " " + line.split(" ")[1] for line in lines] == [
        "c/a.md:4:1: HC070",
        "c/a.md:5:1: HC071",
        "c/b.md:4:1: HC070",
    ]


def test_alt_text_empty_in_html_is_decorative(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = '<img src="i.png" alt="">\n\n<img src="i.png">\n\n![](i.png)\n'
    lines = check(tmp_path, capsys, {"c/a.md": article(body=body), "c/i.png": PNG})
    assert [line.split(": ")[0] for line in lines] == ["c/a.md:7:11", "c/a.md:9:5"]
    assert all("HC054" in line for line in lines)


@pytest.mark.parametrize(
    ("html", "position", "effect"),
    [
        (
            '<td style="color:red">x</td>',
            "5:5",
            "<td style>: the server removes the style; the text stays visible, unstyled",
        ),
        (
            '<p style="display: none">secret</p>',
            "5:4",
            "<p style>: the server removes the style, so this hidden text becomes visible",
        ),
        (
            "<div hidden>secret</div>",
            "5:6",
            "<div hidden>: the server removes `hidden`, so this hidden content becomes visible",
        ),
        (
            '<img src="i.png" alt="x" style="float:left">',
            "5:26",
            "<img style>: the server removes the style; the image shows unstyled (width and height stay)",
        ),
        (
            "<script>track()</script>",
            "5:1",
            "<script>: the server removes it with everything inside; it has no effect",
        ),
        (
            '<iframe src="https://x.test"></iframe>',
            "5:1",
            "<iframe>: the server removes it; the embedded content does not appear",
        ),
        (
            '<button onclick="go()">Go</button>',
            "5:1",
            "<button>: the server removes it; the form control does not appear (text inside stays)",
        ),
        (
            '<span onclick="go()">Go</span>',
            "5:7",
            "<span onclick>: the server removes the onclick handler; it does nothing on the help center",
        ),
    ],
)
def test_sanitiser_warnings_say_what_happens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], html: str, position: str, effect: str
) -> None:
    assert check(tmp_path, capsys, {"c/a.md": article(body=html + "\n"), "c/i.png": PNG}) == [
        f"c/a.md:{position}: HC060 (warning) {effect}"
    ]


NOISY: dict[str, str | bytes] = {
    "c/a.md": article(body='<img src="i.png">\n\n[x](#)\n'),
    "legacy/b.md": article("B", body='<img src="../c/i.png">\n<p style="color:red">x</p>\n'),
    "c/i.png": PNG,
}


def test_rules_can_be_ignored_everywhere_or_per_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = 'default_language: en\ncheck:\n  ignore: [HC043]\n  per-path: {"legacy/**": [HC054, HC060]}\n'
    assert check(tmp_path, capsys, NOISY, config) == [
        "c/a.md:5:11: HC054 (warning) image 'i.png' has no alt text; describe it for screen readers (or alt=\"\" if it is decorative)"
    ]


def test_an_inline_comment_silences_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = '<!-- hcsync: ignore HC054 -->\n<img src="i.png">\n\n<img src="i.png"> <!-- hcsync: ignore -->\n\n<img src="i.png">\n'
    lines = check(tmp_path, capsys, {"c/a.md": article(body=body), "c/i.png": PNG})
    assert [line.split(": ")[0] for line in lines] == ["c/a.md:10:11"]


def test_bad_rule_selection_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(
        tmp_path, {"c/a.md": article()}, "default_language: en\ncheck: {ignore: [E501]}\n"
    )
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert "'E501' is not a check code (like HC054)" in result.err


def test_directories_translation_links_fall_back_to_the_default_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "default_language: en\nlanguages: [de]\nlayout: directories\n"
    files = {
        "en/c/a.md": article("A", body="[b](b.md)\n"),
        "en/c/b.md": article("B"),
        "de/c/a.md": article(
            "A de", body="[b](b.md) [b#](b.md#top) [a](a.md)\n\n[none](none.md)\n"
        ),
        "en/c/_category.yml": "name: C\n",
    }
    files["en/c/b.md"] = article("B", body="## Top\n")
    assert check(tmp_path, capsys, files, config) == [
        "de/c/a.md:7:8: HC040 link 'none.md' is not an article of the tree; link to a .md article or use a full URL"
    ]


def test_a_yaml_comment_silences_a_front_matter_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "---\ntitle: A\nseo: {title: Short}  # hcsync: ignore HC070\n---\nBody\n"
    other = "---\ntitle: B\nseo: {title: Short}  # hcsync: ignore HC071\n---\nBody\n"
    lines = check(tmp_path, capsys, {"c/a.md": text, "c/b.md": other})
    assert [line.split(" ")[0:2] for line in lines] == [["c/b.md:3:1:", "HC070"]]
