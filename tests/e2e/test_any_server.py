"""Any plausible server: hcsync converges where the API documentation shows no answer.

Each test runs on the `documented` profile once per server behaviour (the emulator's
`server:` settings, docs/emulator.md): write answers that are an envelope, a bare
acknowledgement or 204; lists that lag writes by seconds; a server that never gives a
slug twice; `X-RateLimit-Reset` as Unix milliseconds, seconds to wait or an HTTP date
(with answers 429 to wait out). One profile, not behaviours × profiles: the profiles
are run elsewhere.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import build
from hcsync.api import HelpCenterClient
from hcsync.api.pacing import MAX_WAIT
from hcsync.emulator.control_client import EmulatorControl
from hcsync.local.loader import load_site
from hcsync.plan.desired import slugify
from hcsync.plan.lease import is_lease
from hcsync.sync.lockfile import read_lock
from tests.conftest import TEST_CONFIG
from tests.e2e.conftest import Site
from tests.e2e.test_lost_lock_writes import UNKNOWABLE

LAG = {"list_lag_ms": 3000}
BEHAVIOURS: dict[str, dict[str, Any]] = {
    "envelope-writes": {"writes": "envelope"},
    "bare-writes": {"writes": "bare"},
    "204-writes": {"writes": "empty"},
    "list-lag": LAG,
    "unique-slugs": {"slugs": "unique"},
    **{
        f"reset-{name}": {"rate_reset": name}
        for name in ("unix-milliseconds", "seconds", "http-date")
    },
}
# With a reset format: a limit the suite can reach, and answers 429 to the first
# publishes, which apply must wait out as the header says and send again.
RATE = {"rate_limit": {"per_minute": 6000, "burst": 20}}
REFUSED_PUBLISHES = 2


@pytest.fixture(params=list(BEHAVIOURS))
def behaviour(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def control(emulator_url: str, behaviour: str) -> Iterator[EmulatorControl]:
    ctl = EmulatorControl(emulator_url)
    limited = behaviour.startswith("reset-")
    config = TEST_CONFIG | {"profile": "documented", "server": BEHAVIOURS[behaviour]}
    ctl.reset(config | (RATE if limited else {}))
    if limited:
        publish = "/v0/centers/*/articles/*/publish"
        ctl.add_fault(method="POST", path=publish, action="status", status=429, times=2)
    yield ctl
    ctl.close()


def drafts(site: Site) -> tuple[Counter[tuple[str, str | None]], int]:
    """(title, category) → how many drafts, and how many leases are left."""
    every = list(site.client.list_drafts())
    articles = Counter((d.title, d.category_id) for d in every if not is_lease(d))
    return articles, sum(1 for d in every if is_lease(d))


def settled(site: Site, behaviour: str) -> None:
    """With lagging lists, what a list shows is judged once the lag is over."""
    if behaviour == "list-lag":
        time.sleep(3.2)


def take_slugs(client: HelpCenterClient, root: Path) -> None:
    """Give every slug the tree will ask for to another article first, then delete it:
    a server that never gives a slug twice must then choose other ones."""
    site = load_site(root)
    for article in site.articles:
        made = client.create_article(article.title, html="<p>x</p>")
        client.update_metadata(made.id, slug=article.slug or slugify(article.title))
        client.publish(made.id)
        client.delete_article(made.id)


def converges_after_one_apply(site: Site, behaviour: str, expected: int) -> None:
    if behaviour == "unique-slugs":
        take_slugs(site.client, site.root)
    started = time.monotonic()
    first = site.apply()
    took = time.monotonic() - started
    assert first.code == 0, first.err[-3000:]
    assert "Traceback" not in first.out + first.err
    if behaviour.startswith("reset-"):  # each wait is a second at most: none misread
        assert took < MAX_WAIT - 5, f"apply took {took:.0f} s"
    plan = site.plan("--detailed-exitcode")
    assert plan.code == 0, plan.out[-3000:] + plan.err[-2000:]
    settled(site, behaviour)
    articles, leases = drafts(site)
    assert (sum(articles.values()), max(articles.values()), leases) == (expected, 1, 0)
    assert site.plan("--refresh", "--detailed-exitcode").code == 0
    if behaviour.startswith("reset-"):  # the refusals were met and waited out (and maybe
        refused = [e for e in site.control.journal() if e["status"] == 429]  # the limit's)
        assert len(refused) >= REFUSED_PUBLISHES


def test_content_example_converges_after_one_apply(example: Site, behaviour: str) -> None:
    converges_after_one_apply(example, behaviour, 12)


@pytest.mark.parametrize("behaviour", ["unique-slugs"], indirect=True)
def test_server_chosen_slugs_are_said_once_and_used_in_links(example: Site, behaviour: str) -> None:
    take_slugs(example.client, example.root)
    result = example.apply()
    assert result.code == 0, result.err[-3000:]
    told = Counter(line for line in told_slugs(result.out + result.err))
    published = [d for d in example.client.list_drafts(content=True) if d.url]
    assert len(published) == 11 and all(d.slug and d.slug.endswith("-2") for d in published)
    assert sorted(told.values()) == [1] * 12  # every article's, the draft's too: once each
    assert_links_use(published, {d.url for d in published if d.url})
    again = example.plan("--detailed-exitcode")
    assert again.code == 0, again.out[-3000:]
    assert not told_slugs(again.out + again.err)


@pytest.mark.parametrize("behaviour", ["unique-slugs"], indirect=True)
def test_with_the_lock_lost_server_chosen_slugs_are_said_once_and_not_sent_again(
    example: Site, behaviour: str
) -> None:
    """Nothing but what the documented API never shows (UNKNOWABLE) is sent: no slug, no
    page again for its links, no publish."""
    take_slugs(example.client, example.root)
    assert example.apply().code == 0
    (example.root / "hcsync.lock").unlink()
    result = example.apply()
    assert result.code == 0, result.err[-3000:]
    assert Counter(example.calls()) == UNKNOWABLE["content-example"]
    assert sorted(Counter(told_slugs(result.out + result.err)).values()) == [1] * 12
    again = example.plan("--detailed-exitcode")
    assert again.code == 0, again.out[-3000:]
    assert not told_slugs(again.out + again.err)


def told_slugs(output: str) -> list[str]:
    return [line for line in output.splitlines() if "the help center stored slug" in line]


def assert_links_use(published: list[Any], urls: set[str]) -> None:
    """Every link between articles is a URL the server made (none with the slug asked for)."""
    links = re.findall(r'href="(https://demo\.help\.center/[^"#]*)', _html(published))
    articles = [link for link in links if "/article/" in link and "/de/" not in link]
    assert articles, "content-example links to other articles"
    assert set(articles) <= urls


def _html(drafts: list[Any]) -> str:
    return " ".join(d.content.html for d in drafts if d.content)


def test_150_articles_with_translations_converge_after_one_apply(
    site_factory: Any, behaviour: str
) -> None:
    site: Site = site_factory(None)
    build(site.root, 150)
    config = (site.root / "hcsync.yml").read_text()
    (site.root / "hcsync.yml").write_text("center_id: demo\n" + config)
    converges_after_one_apply(site, behaviour, 150)


def _apply_process(root: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "hcsync.cli", "apply", "--yes", *extra, str(root)]
    return subprocess.Popen(
        command, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.mark.parametrize("behaviour", ["list-lag"], indirect=True)
def test_two_applies_started_together_under_list_lag_create_nothing_twice(
    example: Site, behaviour: str, tmp_path: Path
) -> None:
    other = tmp_path / "second-checkout"
    shutil.copytree(example.root, other)
    both = [_apply_process(root, "--lease-wait", "300") for root in (example.root, other)]
    results = [(p.wait(timeout=600), p.stderr.read().decode() if p.stderr else "") for p in both]
    assert [code for code, _ in results] == [0, 0], results
    assert not any("Traceback" in err for _, err in results)
    settled(example, behaviour)
    articles, leases = drafts(example)
    assert (sum(articles.values()), max(articles.values()), leases) == (12, 1, 0)
    assert example.plan("--detailed-exitcode").code == 0
    example.root = other
    assert example.plan("--detailed-exitcode").code == 0


@pytest.mark.parametrize("behaviour", ["bare-writes"], indirect=True)
def test_a_killed_apply_then_an_apply_leaves_no_lease(example: Site, behaviour: str) -> None:
    example.control.add_fault(
        method="PATCH",
        path="/v0/centers/*/articles/*/metadata",
        action="latency",
        latency_ms=60_000,
    )
    killed = _apply_process(example.root)
    deadline = time.monotonic() + 60
    while not any(is_lease(d) for d in example.client.list_drafts(status="unpublished")):
        assert time.monotonic() < deadline and killed.poll() is None
        time.sleep(0.2)
    time.sleep(1.0)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    example.control.clear_faults()
    assert drafts(example)[1] == 1  # the killed apply's lease is still there
    result = example.apply()
    assert result.code == 0, result.err[-3000:]
    articles, leases = drafts(example)
    assert (sum(articles.values()), max(articles.values()), leases) == (12, 1, 0)


@pytest.mark.parametrize("behaviour", ["list-lag"], indirect=True)
def test_the_lease_never_blocks_pruning_the_category_it_lives_in(
    site_factory: Any, behaviour: str
) -> None:
    site: Site = site_factory(None)
    site.write("hcsync.yml", "center_id: demo\ndefault_language: en\n")
    for folder in ("alpha", "beta"):
        site.write(f"{folder}/_category.yml", f"name: {folder.title()}\n")
        site.write(f"{folder}/page.md", f"---\ntitle: {folder.title()} page\n---\n\nText.\n")
    assert site.apply().code == 0
    first = site.client.list_categories()[0]  # where a lease is created
    shutil.rmtree(site.root / first.name.lower())
    other = "beta" if first.name == "Alpha" else "alpha"
    site.write(f"{other}/new.md", "---\ntitle: A new page\n---\n\nNew.\n")
    result = site.apply("--prune", "--force")  # creates (so takes the lease) and prunes
    assert result.code == 0, result.err[-3000:]
    assert first.id not in {c.id for c in site.client.list_categories()}
    settled(site, behaviour)
    assert drafts(site)[1] == 0
    assert site.plan("--prune", "--detailed-exitcode").code == 0


@pytest.mark.parametrize("behaviour", ["list-lag"], indirect=True)
def test_an_apply_that_ended_before_a_lagging_list_showed_our_lease_is_not_made_twice(
    example: Site, behaviour: str
) -> None:
    """Another apply held the lease before ours and ended while the list did not show ours
    yet: the articles it made are newer than our lease, so the list that shows our lease
    does not show them. Ours must find them (a second lease, listed later), not make
    them again."""
    page = example.root / "billing" / "update-payment-method.md"
    text = page.read_text()
    page.unlink()
    assert example.apply().code == 0
    page.write_text(text)
    billing = read_lock(example.root).categories["billing"].id
    mark = len(example.control.journal())
    ours = _apply_process(example.root)
    _wait_for_a_lease(example.control, mark)
    time.sleep(1.5)  # within the lag: the first list showing our lease will not show it
    example.client.create_article(
        "Update your payment method", html="<p>x</p>", category_id=billing
    )
    assert ours.wait(timeout=120) == 0, ours.stderr.read().decode() if ours.stderr else ""
    settled(example, behaviour)
    articles, leases = drafts(example)
    assert (articles[("Update your payment method", billing)], leases) == (1, 0)


def _wait_for_a_lease(control: EmulatorControl, since: int) -> None:
    """Until the apply started after `since` creates its lease (its first article create)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        made = [e for e in control.journal()[since:] if e["method"] == "POST"]
        if any(e["path"].endswith("/articles") for e in made):
            return
        time.sleep(0.05)
    raise AssertionError("the apply never created its lease")
