"""The one sanitiser for names from the server."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hcsync.local.names import MAX_STEM, Namer, safe_file_name, safe_name


def test_path_tricks_become_plain_names() -> None:
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("..") == "untitled"
    assert safe_name("/absolute") == "absolute"
    assert safe_name("a\\b\x00c\x1fd") == "a-b-c-d"


def test_reserved_device_names_are_changed() -> None:
    assert [safe_name(n) for n in ("CON", "nul", "Com1", "LPT9")] == [
        "con-x",
        "nul-x",
        "com1-x",
        "lpt9-x",
    ]
    assert safe_file_name("NUL.png") == "nul-x.png"


def test_unicode_is_normalised_and_folded() -> None:
    assert safe_name("Über Größe") == safe_name("U\u0308ber Größe") == "uber-groe"


def test_length_is_bounded() -> None:
    assert len(safe_name("word " * 100)) <= MAX_STEM


def test_collisions_are_case_insensitive_and_deterministic() -> None:
    names = Namer(frozenset({"Report.md"}))
    assert [names.claim("report", ".md"), names.claim("report", ".md")] == ["report-2", "report-3"]
    again = Namer(frozenset({"Report.md"}))
    assert again.claim("report", ".md") == "report-2"


@given(st.text())
def test_any_text_gives_a_safe_stem(text: str) -> None:
    stem = safe_name(text)
    assert stem and stem.isascii() and len(stem) <= MAX_STEM + 2
    assert all(c.isalnum() or c == "-" for c in stem)
    assert ".." not in stem and "/" not in stem
