"""Translation staleness end to end: check, plan, status and reviewed on the emulator.

Staleness is local knowledge (the tree and hcsync.lock): the journal shows that
none of it costs a request.
"""

from __future__ import annotations

import json
import subprocess

from tests.e2e.conftest import Site
from tests.helpers import Result, article

WELCOME = "getting-started/welcome.md"
WELCOME_DE = "getting-started/welcome.de.md"
WELCOME_FR = "getting-started/welcome.fr.md"


def applied(site: Site) -> Site:
    result = site.apply()
    assert result.code == 0, result.out + result.err
    return site


def offline(site: Site, *args: str) -> Result:
    """Run a command that must not reach the help center at all."""
    before = len(site.control.journal())
    result = site.hcsync(*args)
    assert len(site.control.journal()) == before, f"{args} sent requests"
    return result


def stale(site: Site) -> list[str]:
    result = offline(site, "status", str(site.root), "--format", "json")
    assert result.code == 0, result.err
    return [s["path"] for s in json.loads(result.out)["stale"]]


def hc080(site: Site) -> list[str]:
    result = offline(site, "check", str(site.root), "--format", "json")
    assert result.code == 0, result.out  # a warning, not an error
    return [p["path"] for p in json.loads(result.out) if p["code"] == "HC080"]


def test_a_root_edit_leaves_its_translations_stale_until_edited_or_reviewed(example: Site) -> None:
    applied(example)
    assert stale(example) == [] and hc080(example) == []
    example.plan()
    reads = len(example.control.journal()[example.mark :])

    example.edit(WELCOME, "# Welcome", "# Welcome aboard")
    assert stale(example) == [WELCOME_DE, WELCOME_FR]
    assert [p.split("/")[-1] for p in hc080(example)] == ["welcome.de.md", "welcome.fr.md"]
    hook = offline(example, "check", str(example.root / WELCOME_DE), "--format", "json")
    assert [p["code"] for p in json.loads(hook.out)] == ["HC080"]  # pre-commit, one file
    plan = example.plan()
    # the edited page's draft (plans read what changed), and no request for staleness
    assert len(example.control.journal()[example.mark :]) == reads + 1
    assert f"note: translation {WELCOME_DE} [de] is stale: 1 root edit behind" in plan.out
    lines = plan.out.splitlines()
    update = next(i for i, line in enumerate(lines) if "update_draft" in line and WELCOME in line)
    assert lines[update + 1].startswith("    note: translation")  # beside the root's update
    markdown = example.plan("--format", "markdown").out
    assert "**Stale translations**" in markdown
    assert f"- `{WELCOME_FR}` [fr] behind `{WELCOME}`" in markdown
    assert json.loads(example.plan("--format", "json").out)["stale"][0]["path"] == WELCOME_DE

    applied(example)  # the root's update; the translations stay as they were
    assert example.calls() == [("PATCH", "articles/{id}/draft"), ("POST", "articles/{id}/publish")]
    text = offline(example, "status", str(example.root))
    assert f"{WELCOME_DE} [de]: {WELCOME} changed, 1 root edit behind since" in text.out
    assert "(today)" in text.out and "2 stale translations." in text.err
    german = offline(example, "status", str(example.root), "--language", "de")
    assert german.out.splitlines()[0].startswith(f"{WELCOME_DE} [de]")
    assert "1 stale translation." in german.err

    example.edit(WELCOME_DE, "# Willkommen", "# Herzlich willkommen")
    assert stale(example) == [WELCOME_FR]
    applied(example)
    assert ("PATCH", "articles/{id}/translations/de/draft") in example.calls()
    assert stale(example) == [WELCOME_FR]

    result = offline(example, "reviewed", str(example.root / WELCOME_FR))
    assert (
        result.code == 0 and f"{WELCOME_FR}: reviewed against the current {WELCOME}" in result.err
    )
    assert stale(example) == [] and hc080(example) == []
    applied(example)
    assert example.calls() == []  # reviewing changed only the lock


def test_a_moved_root_keeps_its_translations_tracked(example: Site) -> None:
    applied(example)
    example.edit("billing/plans-and-pricing.md", "## Change a plan", "## Change your plan")
    applied(example)
    assert stale(example) == ["billing/plans-and-pricing.de.md"]
    for old, new in [("plans-and-pricing", "pricing"), ("plans-and-pricing.de", "pricing.de")]:
        (example.root / f"billing/{old}.md").rename(example.root / f"billing/{new}.md")
    example.edit("account/delete-your-account.md", "plans-and-pricing.md", "pricing.md")
    assert stale(example) == ["billing/pricing.de.md"]  # before apply: found by its slug
    applied(example)
    assert ("POST", "articles") not in example.calls()  # renamed, not re-created
    assert stale(example) == ["billing/pricing.de.md"]
    assert offline(example, "reviewed", str(example.root / "billing/pricing.de.md")).code == 0
    assert stale(example) == []


def test_directories_layout(site_factory: object) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", "center_id: demo\nlayout: directories\nlanguages: [de]\n")
    site.write("en/guide/intro.md", article("Intro", "Hello.\n"))
    site.write("de/guide/intro.md", article("Einführung", "Hallo.\n"))
    applied(site)
    site.edit("en/guide/intro.md", "Hello.", "Hello there.")
    assert stale(site) == ["de/guide/intro.md"]
    for language in ("en", "de"):  # moved into another category
        (site.root / f"{language}/start").mkdir()
        (site.root / f"{language}/guide/intro.md").rename(site.root / f"{language}/start/intro.md")
    applied(site)
    assert ("POST", "articles") not in site.calls()
    assert stale(site) == ["de/start/intro.md"]
    assert offline(site, "reviewed", str(site.root / "de/start/intro.md")).code == 0
    assert stale(site) == []
    site.edit("en/start/intro.md", "Hello there.", "Hello again.")
    assert stale(site) == ["de/start/intro.md"]
    site.edit("de/start/intro.md", "Hallo.", "Hallo zusammen.")
    assert stale(site) == []


def git(site: Site, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run(["git", "-C", str(site.root), *identity, *args], check=True, capture_output=True)


def test_status_diff_shows_what_changed_in_the_root_since(example: Site) -> None:
    git(example, "init", "-q")
    applied(example)
    git(example, "add", "-A")
    git(example, "commit", "-qm", "first apply")
    example.edit(WELCOME, "# Welcome", "# Welcome aboard")
    git(example, "commit", "-qam", "root edit")
    example.edit(WELCOME, "# Welcome aboard", "# Welcome on board")  # not even committed
    result = offline(example, "status", str(example.root), "--diff")
    assert "\n    -# Welcome to Acme Notes\n    +# Welcome on board to Acme Notes\n" in result.out
    as_json = json.loads(
        offline(example, "status", str(example.root), "--diff", "--format", "json").out
    )
    assert "+# Welcome on board" in as_json["stale"][0]["diff"]


def test_status_diff_follows_a_renamed_root_through_git_history(example: Site) -> None:
    git(example, "init", "-q")
    applied(example)
    git(example, "add", "-A")
    git(example, "commit", "-qm", "first apply")
    for old, new in [("welcome", "hello"), ("welcome.de", "hello.de"), ("welcome.fr", "hello.fr")]:
        git(example, "mv", f"getting-started/{old}.md", f"getting-started/{new}.md")
    example.edit("getting-started/hello.md", "# Welcome", "# Hello")
    git(example, "commit", "-qam", "rename and edit")
    applied(example)
    result = offline(example, "status", str(example.root), "--diff")
    assert "getting-started/hello.de.md [de]: getting-started/hello.md changed" in result.out
    assert "\n    -# Welcome to Acme Notes\n    +# Hello to Acme Notes\n" in result.out


def test_status_diff_without_the_version_in_git_says_so(example: Site) -> None:
    applied(example)
    example.edit(WELCOME, "# Welcome", "# Welcome aboard")
    result = offline(example, "status", str(example.root), "--diff")
    assert "not in Git history" in result.out


def test_reviewed_refuses_what_is_not_a_translation(example: Site) -> None:
    applied(example)
    result = offline(example, "reviewed", str(example.root / WELCOME))
    assert result.code == 1
    assert f"{WELCOME}: not a translation of the tree" in result.err


def test_a_lock_from_before_staleness_tracking_starts_tracking_at_the_next_apply(
    example: Site,
) -> None:
    applied(example)
    lock_file = example.root / "hcsync.lock"
    data = json.loads(lock_file.read_text())
    for entry in data["articles"].values():  # (a field at its default is left out)
        entry.pop("v", None)  # the root's versions
        for page in entry.get("translations", {}).values():
            page.pop("base", None)  # what each translation was written against
    lock_file.write_text(json.dumps(data))
    example.edit(WELCOME, "# Welcome", "# Welcome aboard")
    assert stale(example) == [] and hc080(example) == []  # no record: counts as current
    applied(example)  # records every translation against the root as it is now
    assert stale(example) == []
    example.edit(WELCOME, "# Welcome aboard", "# Welcome on board")
    assert stale(example) == [WELCOME_DE, WELCOME_FR]


def test_an_unreadable_lock_is_a_warning_of_check_not_a_crash(example: Site) -> None:
    applied(example)
    (example.root / "hcsync.lock").write_text("{not json")
    result = offline(example, "check", str(example.root))
    assert result.code == 0
    assert "hcsync.lock:1:1: HC080 (warning) staleness not checked:" in result.out
    status = offline(example, "status", str(example.root))
    assert status.code == 1 and "unreadable lock" in status.err
