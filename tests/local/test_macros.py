"""Snippets and variables, through `hcsync check` and the expansion function itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from hcsync.local.loader import load_site
from hcsync.local.macros import expand
from hcsync.local.render import render
from tests.helpers import article, make_tree, run

CONFIG = """default_language: en
languages: [de]
variables:
  product: Acme Cloud
  version: {major: 3}
variables_by_language:
  de: {product: Acme Wolke}
"""


def tree(root: Path, files: dict[str, str | bytes]) -> Path:
    return make_tree(root, files, config=CONFIG)


def test_variables_and_snippets_expand_outside_code(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "_snippets/contact.md": "Write to **{{ product }}** support.\n",
            "c/a.md": article(
                body=(
                    "Welcome to {{ product }} {{ version.major }}.\n\n"
                    '{% include "contact.md" %}\n\n'
                    "Type `{{ product }}` literally.\n\n"
                    '```\n{{ product }} {% include "contact.md" %}\n```\n'
                )
            ),
            "c/a.de.md": article(body='{% include "contact.md" %}\n'),
        },
    )
    site = load_site(root)
    [page] = site.articles
    html = render(page.body)
    assert "<p>Welcome to Acme Cloud 3.</p>" in html
    assert "<p>Write to <strong>Acme Cloud</strong> support.</p>" in html
    assert "<code>{{ product }}</code>" in html
    assert "<pre><code>{{ product }} {% include &quot;contact.md&quot; %}\n</code></pre>" in html
    assert "Write to <strong>Acme Wolke</strong>" in render(page.translations["de"].body)
    assert [p.path for p in site.articles] == ["c/a.md"]  # _snippets/ is not a category


def test_undefined_variable_and_missing_snippet_are_errors_with_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tree(
        tmp_path,
        {
            "_snippets/steps.md": "1. Open {{ app_name }}\n2. Sign in\n",
            "c/a.md": article(
                body='Intro for {{ produkt }}.\n\n{% include "steps.md" %}\n\n{% include "nope.md" %}\n'
            ),
        },
    )
    result = run(capsys, "check", str(root))
    assert result.code == 1
    lines = [line.removeprefix(f"{root}/") for line in result.out.splitlines()]
    assert lines == [
        "c/a.md:5:11: HC090 undefined variable 'produkt': define it under variables: in hcsync.yml",
        "c/a.md:7:1: HC090 undefined variable 'app_name' (in _snippets/steps.md): define it under variables: in hcsync.yml",
        "c/a.md:9:1: HC091 snippet _snippets/nope.md does not exist; create it or fix the name",
    ]


def test_problems_after_a_long_snippet_keep_their_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tree(
        tmp_path,
        {
            "_snippets/long.md": "One.\n\nTwo.\n\nThree [bad](missing.md).\n",
            "c/a.md": article(body='{% include "long.md" %}\n\n[broken](gone.md)\n'),
        },
    )
    result = run(capsys, "check", str(root))
    located = [line.removeprefix(f"{root}/").split(" ")[0:2] for line in result.out.splitlines()]
    # the first is on the include line (the snippet's own column), the second on its own line
    assert located == [["c/a.md:5:13:", "HC040"], ["c/a.md:7:10:", "HC040"]]


def test_snippets_cannot_leave_their_folder_or_include_themselves() -> None:
    snippets = {"_snippets/loop.md": '{% include "loop.md" %}'}
    found = expand('{% include "../hcsync.yml" %}\n{% include "loop.md" %}', {}, snippets.get)
    assert [(p.line, p.code) for p in found.problems] == [(1, "HC091"), (2, "HC091")]
    assert "outside _snippets/" in found.problems[0].message
    assert "includes itself" in found.problems[1].message


def test_included_lines_keep_the_indentation_of_the_include() -> None:
    found = expand('1. Step\n\n   {% include "s.md" %}\n', {}, {"_snippets/s.md": "- a\n- b\n"}.get)
    assert found.body == "1. Step\n\n   - a\n   - b\n"
    assert found.source.lines == (1, 2, 3, 3, 4)


def test_a_body_without_macros_is_left_alone() -> None:
    body = "Plain {text} with {braces}.\n"
    assert expand(body, {}, lambda path: None).body == body


def test_bad_variables_setting_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path, {"c/a.md": article()}, config="variables: [a, b]\n")
    result = run(capsys, "check", str(root))
    assert result.code == 1 and "variables must map names to values" in result.err


def test_fences_inside_list_items_are_code_too() -> None:
    body = "1. Run:\n\n    ```sh\n    echo {{ product }}\n    ```\n\n2. {{ product }}\n"
    found = expand(body, {"product": "Acme"}, lambda path: None)
    assert found.body == body.replace("2. {{ product }}", "2. Acme")
