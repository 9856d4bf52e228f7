"""Template syntax is opt-in: real pages write `{{ … }}` and `{% … %}` as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from hcsync.local.loader import load_site
from hcsync.local.render import render
from tests.helpers import article, make_tree, run

# What real trees write in prose, meaning none of it for hcsync.
HUGO = "{{< note >}}Back up first.{{< /note >}}\n\n{{% tip %}}Use **bold**.{{% /tip %}}\n"
LIQUID = "{% if cloud %}\n\nCloud only.\n\n{% endif %}\n"
CMS = "Hello {{accountName}}, your plan is {{ plan.name }}.\n"


def page_html(root: Path) -> str:
    [page] = load_site(root).articles
    return render(page.body)


def test_a_tree_without_variables_or_snippets_publishes_template_syntax_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path, {"c/a.md": article(body=HUGO + "\n" + LIQUID + "\n" + CMS)})
    result = run(capsys, "check", str(root))
    assert (result.code, result.out) == (0, "")
    html = page_html(root)
    assert "<p>{{&lt; note &gt;}}Back up first.{{&lt; /note &gt;}}</p>" in html
    assert "<p>{{% tip %}}Use <strong>bold</strong>.{{% /tip %}}</p>" in html
    assert "<p>{% if cloud %}</p>\n<p>Cloud only.</p>\n<p>{% endif %}</p>" in html
    assert "<p>Hello {{accountName}}, your plan is {{ plan.name }}.</p>" in html


def test_no_whole_line_in_braces_is_dropped_unless_it_is_attributes() -> None:
    html = render("{% raw %}\n\n{ braces }\n\n{.a} {.b}\n\n{#intro .lead}\nText.\n")
    assert html == (
        "<p>{% raw %}</p>\n<p>{ braces }</p>\n<p>{.a} {.b}</p>\n"
        '<p id="intro" class="lead">Text.</p>\n'
    )


def test_with_variables_unsupported_constructs_are_errors_at_their_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        "Use {{ product | upper }} today.\n\n"  # file line 5
        "{# a note for editors #}\n\n"
        "{% if cloud %}\n\n"
        "{{< note >}}\n\n"
        "Fine: {{ product }} and `{{ product | upper }}` in code.\n"
    )
    root = make_tree(
        tmp_path, {"c/a.md": article(body=body)}, config="variables: {product: Acme}\n"
    )
    result = run(capsys, "check", str(root))
    assert result.code == 1
    found = [line.removeprefix(f"{root}/").split(" ", 2)[:2] for line in result.out.splitlines()]
    assert found == [
        ["c/a.md:5:5:", "HC092"],
        ["c/a.md:7:1:", "HC092"],
        ["c/a.md:9:1:", "HC092"],
        ["c/a.md:11:1:", "HC092"],
    ]
    assert "'{{ product | upper }}' is template syntax hcsync does not support" in result.out
    assert "wrap it in {% raw %}…{% endraw %}" in result.out
    assert "Fine: Acme and <code>{{ product | upper }}</code>" in page_html(root)


def test_raw_publishes_literal_text_inline_and_around_a_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        "Dear {% raw %}{{accountName}}{% endraw %}, welcome to {{ product }}.\n\n"
        "{% raw %}\n"
        "{{< note >}} and {% if cloud %} stay.\n"
        "{% endraw %}\n\n"
        "{{ product }} again.\n"
    )
    root = make_tree(
        tmp_path, {"c/a.md": article(body=body)}, config="variables: {product: Acme}\n"
    )
    result = run(capsys, "check", str(root))
    assert (result.code, result.out) == (0, "")
    assert page_html(root) == (
        "<p>Dear {{accountName}}, welcome to Acme.</p>\n"
        "<p>{{&lt; note &gt;}} and {% if cloud %} stay.</p>\n"
        "<p>Acme again.</p>\n"
    )


def test_a_raw_never_closed_is_an_error_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(
        tmp_path,
        {"c/a.md": article(body="Text.\n\n{% raw %}\n{{ x }}\n")},
        config="templates: true\n",
    )
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert result.out.removeprefix(f"{root}/") == (
        "c/a.md:7:1: HC092 {% raw %} is never closed: end it with {% endraw %}\n"
    )


def test_a_snippets_folder_opts_in_and_templates_false_opts_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {"_snippets/s.md": "Shared.\n", "c/a.md": article(body=CMS)}
    root = make_tree(tmp_path / "in", files, config="default_language: en\n")
    result = run(capsys, "check", str(root))
    assert result.code == 1 and "HC090 undefined variable 'accountName'" in result.out

    off = "variables: {product: Acme}\ntemplates: false\n"
    root = make_tree(tmp_path / "off", files, config=off)
    result = run(capsys, "check", str(root))
    assert (result.code, result.out) == (0, "")
    assert "Hello {{accountName}}" in page_html(root)


def test_templates_must_be_true_or_false(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path, {"c/a.md": article()}, config="templates: yes please\n")
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert "hcsync.yml: templates must be true or false, not 'yes please'" in result.err
