"""Images judged by their content: active SVG content is a warning, polyglots an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import PNG, article, make_tree, run

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{}</svg>\n'


def _check(tmp_path: Path, capsys: pytest.CaptureFixture[str], image: str, data: bytes) -> str:
    body = f"![A picture](img/{image})\n"
    root = make_tree(tmp_path, {"c/a.md": article("A", body), f"c/img/{image}": data})
    result = run(capsys, "check", "--strict", str(root))
    return f"{result.code}|{result.out}"


@pytest.mark.parametrize(
    ("inner", "shown"),
    [
        ("<script>fetch('//x')</script>", "<script"),
        ('<rect onload="alert(1)"/>', "onload="),
        ('<a href="javascript:alert(1)"><rect/></a>', "javascript:"),
        ('<a xlink:href="JavaScript :alert(1)"/>', "JavaScript :"),
    ],
)
def test_an_svg_with_active_content_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], inner: str, shown: str
) -> None:
    found = _check(tmp_path, capsys, "x.svg", SVG.format(inner).encode())

    assert found.startswith("1|")  # --strict: a warning fails
    assert f"HC055 (warning) image 'img/x.svg' is an SVG with active content ({shown}" in found


def test_an_svg_with_active_content_does_not_stop_check_without_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = SVG.format("<script>1</script>").encode()
    root = make_tree(tmp_path, {"c/a.md": article("A", "![A](img/x.svg)\n"), "c/img/x.svg": data})

    result = run(capsys, "check", str(root))

    assert result.code == 0 and "HC055" in result.out


def test_a_plain_svg_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = SVG.format('<rect width="10" height="10" fill="#0a0"/>').encode()

    assert _check(tmp_path, capsys, "x.svg", data) == "0|"


@pytest.mark.parametrize(
    "payload", [b"<script>alert(1)</script>", b"<html><body>hi", b"<?php system($_GET[0]); ?>"]
)
def test_a_png_that_is_also_a_web_page_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], payload: bytes
) -> None:
    found = _check(tmp_path, capsys, "x.png", PNG + payload + b"\x00" * 32)

    assert found.startswith("1|")
    assert "HC053 image 'img/x.png' is a image/png that also holds" in found
    assert "(a polyglot)" in found


def test_a_plain_png_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _check(tmp_path, capsys, "x.png", PNG) == "0|"
